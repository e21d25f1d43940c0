-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "backorderRateAlertPercent" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "safetyStockUnits" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "VariantSetting" ADD COLUMN     "imageUrl" TEXT,
ADD COLUMN     "productTitle" TEXT,
ADD COLUMN     "vendor" TEXT;

-- CreateTable
CREATE TABLE "Location" (
    "shop" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Location_pkey" PRIMARY KEY ("shop","locationId")
);

