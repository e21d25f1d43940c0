-- CreateTable
CREATE TABLE "OrderItem" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,

    CONSTRAINT "OrderItem_pkey" PRIMARY KEY ("shop","inventoryItemId","locationId","orderId")
);

-- CreateIndex
CREATE INDEX "OrderItem_shop_orderId_idx" ON "OrderItem"("shop", "orderId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_orderId_idx" ON "BackorderLine"("shop", "orderId");


-- The items and locations of the orders open now, from their snapshots.
INSERT INTO "OrderItem" ("shop", "inventoryItemId", "locationId", "orderId")
SELECT DISTINCT s."shop", l.value ->> 'inventoryItemId', f.value ->> 'locationId', s."orderId"
FROM "OrderSnapshot" s,
  jsonb_array_elements(s."snapshot"::jsonb -> 'fulfillmentOrders') f,
  jsonb_array_elements(f.value -> 'lines') l
WHERE s."open";
