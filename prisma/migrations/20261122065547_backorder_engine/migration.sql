-- CreateTable
CREATE TABLE "OrderSnapshot" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "fetchedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId")
);

-- CreateTable
CREATE TABLE "VariantSetting" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "sku" TEXT,
    "title" TEXT,
    "inventoryPolicy" TEXT NOT NULL,
    "backordersEnabled" BOOLEAN,
    "capKind" TEXT,
    "capUnits" INTEGER,
    "leadTimeDays" INTEGER,
    "message" TEXT,

    PRIMARY KEY ("shop", "variantId")
);

-- CreateTable
CREATE TABLE "InboundSupply" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "expectedOn" TEXT NOT NULL,
    "reference" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BackorderLine" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL,
    "backordered" INTEGER NOT NULL,
    "queuePosition" INTEGER,
    "state" TEXT NOT NULL,
    "promisedEta" TEXT,
    "currentEta" TEXT,
    "etaSource" TEXT,
    "releasedByMerchant" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AppHold" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "holdId" TEXT NOT NULL,
    "fulfillmentOrderId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "lineItemIds" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DirtyKey" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "markedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId")
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
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("currencyCode", "fulfillmentMode", "handlingDays", "ianaTimezone", "installedAt", "name", "priorityRule", "shop", "uninstalledAt", "updatedAt") SELECT "currencyCode", "fulfillmentMode", "handlingDays", "ianaTimezone", "installedAt", "name", "priorityRule", "shop", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OrderSnapshot_shop_open_idx" ON "OrderSnapshot"("shop", "open");

-- CreateIndex
CREATE INDEX "VariantSetting_shop_inventoryItemId_idx" ON "VariantSetting"("shop", "inventoryItemId");

-- CreateIndex
CREATE INDEX "InboundSupply_shop_inventoryItemId_locationId_idx" ON "InboundSupply"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_idx" ON "BackorderLine"("shop", "state");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_locationId_key" ON "BackorderLine"("shop", "lineItemId", "locationId");

-- CreateIndex
CREATE INDEX "AppHold_shop_fulfillmentOrderId_idx" ON "AppHold"("shop", "fulfillmentOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "AppHold_shop_holdId_key" ON "AppHold"("shop", "holdId");

