-- AlterTable
ALTER TABLE "VariantSetting" ADD COLUMN     "fetchedAt" TIMESTAMP(3);

