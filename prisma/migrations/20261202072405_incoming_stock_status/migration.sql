-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InboundSupply" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "expectedOn" TEXT NOT NULL,
    "reference" TEXT,
    "vendor" TEXT,
    "status" TEXT NOT NULL DEFAULT 'EXPECTED',
    "receivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_InboundSupply" ("createdAt", "expectedOn", "id", "inventoryItemId", "locationId", "quantity", "reference", "shop") SELECT "createdAt", "expectedOn", "id", "inventoryItemId", "locationId", "quantity", "reference", "shop" FROM "InboundSupply";
DROP TABLE "InboundSupply";
ALTER TABLE "new_InboundSupply" RENAME TO "InboundSupply";
CREATE INDEX "InboundSupply_shop_inventoryItemId_locationId_idx" ON "InboundSupply"("shop", "inventoryItemId", "locationId");
CREATE INDEX "InboundSupply_shop_status_expectedOn_idx" ON "InboundSupply"("shop", "status", "expectedOn");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

