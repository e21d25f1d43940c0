-- CreateIndex
CREATE INDEX "InventoryLevel_shop_locationId_idx" ON "InventoryLevel"("shop", "locationId");

-- CreateIndex
CREATE INDEX "VariantSetting_shop_vendor_idx" ON "VariantSetting"("shop", "vendor");

-- CreateIndex
CREATE INDEX "BackorderLine_planning_idx" ON "BackorderLine"("shop", "state", "inventoryItemId", "locationId", "backordered", "createdAt");

