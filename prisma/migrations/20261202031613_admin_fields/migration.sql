-- AlterTable
ALTER TABLE "VariantSetting" ADD COLUMN "imageUrl" TEXT;
ALTER TABLE "VariantSetting" ADD COLUMN "productTitle" TEXT;
ALTER TABLE "VariantSetting" ADD COLUMN "vendor" TEXT;

-- CreateTable
CREATE TABLE "Location" (
    "shop" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "locationId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "name" TEXT,
    "currencyCode" TEXT,
    "ianaTimezone" TEXT,
    "priorityRule" TEXT NOT NULL DEFAULT 'OLDEST_FIRST',
    "priorityTag" TEXT NOT NULL DEFAULT 'priority',
    "fulfillmentMode" TEXT NOT NULL DEFAULT 'SHIP_AVAILABLE',
    "handlingDays" INTEGER NOT NULL DEFAULT 0,
    "pins" TEXT NOT NULL DEFAULT '[]',
    "backorderRateAlertPercent" INTEGER NOT NULL DEFAULT 10,
    "safetyStockUnits" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("currencyCode", "fulfillmentMode", "handlingDays", "ianaTimezone", "installedAt", "name", "pins", "priorityRule", "priorityTag", "shop", "uninstalledAt", "updatedAt") SELECT "currencyCode", "fulfillmentMode", "handlingDays", "ianaTimezone", "installedAt", "name", "pins", "priorityRule", "priorityTag", "shop", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

