-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "currencyCode" TEXT,
ADD COLUMN     "ianaTimezone" TEXT,
ADD COLUMN     "name" TEXT;

