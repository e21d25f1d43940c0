-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "currencyCode" TEXT;
ALTER TABLE "Shop" ADD COLUMN "ianaTimezone" TEXT;
ALTER TABLE "Shop" ADD COLUMN "name" TEXT;

