-- AlterTable
ALTER TABLE "InventoryLevel" ADD COLUMN "fetchedAt" DATETIME;

