-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BackorderLine" (
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
    "backorderedOn" TEXT,
    "waitedUnits" INTEGER NOT NULL DEFAULT 0,
    "unitPriceCents" INTEGER,
    "resolvedAt" DATETIME,
    "resolvedOn" TEXT,
    "waitHours" INTEGER,
    "releasedOnTime" BOOLEAN,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "orderName" TEXT NOT NULL DEFAULT '',
    "orderedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "customerName" TEXT NOT NULL DEFAULT '',
    "customerTags" TEXT NOT NULL DEFAULT '',
    "sku" TEXT NOT NULL DEFAULT '',
    "productLabel" TEXT NOT NULL DEFAULT '',
    "searchText" TEXT NOT NULL DEFAULT '',
    "lateOn" TEXT NOT NULL DEFAULT '9999-12-31'
);
INSERT INTO "new_BackorderLine" ("allocated", "backordered", "backorderedOn", "createdAt", "currentEta", "etaSource", "id", "inventoryItemId", "lineItemId", "locationId", "orderId", "promisedEta", "quantity", "queuePosition", "releasedByMerchant", "releasedOnTime", "resolvedAt", "resolvedOn", "shop", "state", "unitPriceCents", "updatedAt", "waitHours", "waitedUnits") SELECT "allocated", "backordered", "backorderedOn", "createdAt", "currentEta", "etaSource", "id", "inventoryItemId", "lineItemId", "locationId", "orderId", "promisedEta", "quantity", "queuePosition", "releasedByMerchant", "releasedOnTime", "resolvedAt", "resolvedOn", "shop", "state", "unitPriceCents", "updatedAt", "waitHours", "waitedUnits" FROM "BackorderLine";
DROP TABLE "BackorderLine";
ALTER TABLE "new_BackorderLine" RENAME TO "BackorderLine";
CREATE INDEX "BackorderLine_shop_state_idx" ON "BackorderLine"("shop", "state");
CREATE INDEX "BackorderLine_shop_state_createdAt_idx" ON "BackorderLine"("shop", "state", "createdAt");
CREATE INDEX "BackorderLine_shop_state_backordered_waitedUnits_unitPriceCents_idx" ON "BackorderLine"("shop", "state", "backordered", "waitedUnits", "unitPriceCents");
CREATE INDEX "BackorderLine_shop_backorderedOn_state_waitedUnits_idx" ON "BackorderLine"("shop", "backorderedOn", "state", "waitedUnits");
CREATE INDEX "BackorderLine_shop_promisedEta_idx" ON "BackorderLine"("shop", "promisedEta");
CREATE INDEX "BackorderLine_shop_resolvedOn_state_idx" ON "BackorderLine"("shop", "resolvedOn", "state");
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId");
CREATE INDEX "BackorderLine_queue_walk_idx" ON "BackorderLine"("shop", "state", "orderedAt", "id", "lateOn", "customerTags", "searchText");
CREATE INDEX "BackorderLine_shop_state_backordered_id_idx" ON "BackorderLine"("shop", "state", "backordered", "id");
CREATE INDEX "BackorderLine_shop_state_productLabel_id_idx" ON "BackorderLine"("shop", "state", "productLabel", "id");
CREATE INDEX "BackorderLine_shop_state_locationId_orderedAt_id_idx" ON "BackorderLine"("shop", "state", "locationId", "orderedAt", "id");
CREATE INDEX "BackorderLine_shop_state_inventoryItemId_idx" ON "BackorderLine"("shop", "state", "inventoryItemId");
CREATE INDEX "BackorderLine_shop_state_releasedByMerchant_idx" ON "BackorderLine"("shop", "state", "releasedByMerchant");
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_locationId_key" ON "BackorderLine"("shop", "lineItemId", "locationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

