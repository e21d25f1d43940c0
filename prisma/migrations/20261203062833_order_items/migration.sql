-- CreateTable
CREATE TABLE "OrderItem" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,

    PRIMARY KEY ("shop", "inventoryItemId", "locationId", "orderId")
);

-- CreateIndex
CREATE INDEX "OrderItem_shop_orderId_idx" ON "OrderItem"("shop", "orderId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");


-- The items and locations of the orders open now, from their snapshots.
INSERT OR IGNORE INTO "OrderItem" ("shop", "inventoryItemId", "locationId", "orderId")
SELECT s."shop", json_extract(l.value, '$.inventoryItemId'), json_extract(f.value, '$.locationId'), s."orderId"
FROM "OrderSnapshot" s, json_each(s."snapshot", '$.fulfillmentOrders') f, json_each(f.value, '$.lines') l
WHERE s."open" = 1;
