-- AlterTable
ALTER TABLE "BackorderLine" ADD COLUMN     "customerName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "customerTags" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "lateOn" TEXT NOT NULL DEFAULT '9999-12-31',
ADD COLUMN     "orderName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "orderedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "productLabel" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sku" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "BackorderLine_queue_walk_idx" ON "BackorderLine"("shop", "state", "orderedAt", "id", "lateOn", "customerTags", "searchText");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_backordered_id_idx" ON "BackorderLine"("shop", "state", "backordered", "id");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_productLabel_id_idx" ON "BackorderLine"("shop", "state", "productLabel", "id");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_locationId_orderedAt_id_idx" ON "BackorderLine"("shop", "state", "locationId", "orderedAt", "id");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_inventoryItemId_idx" ON "BackorderLine"("shop", "state", "inventoryItemId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_releasedByMerchant_idx" ON "BackorderLine"("shop", "state", "releasedByMerchant");

