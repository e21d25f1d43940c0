-- AlterTable
ALTER TABLE "InventoryLevel" ADD COLUMN     "fetchedAt" TIMESTAMP(3);

