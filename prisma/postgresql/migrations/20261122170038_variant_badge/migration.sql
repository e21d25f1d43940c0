-- AlterTable
ALTER TABLE "VariantSetting" ADD COLUMN     "badge" TEXT;

