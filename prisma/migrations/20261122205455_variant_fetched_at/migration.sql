-- AlterTable
ALTER TABLE "VariantSetting" ADD COLUMN "fetchedAt" DATETIME;

