-- CreateIndex
CREATE INDEX "VariantSetting_shop_productTitle_variantId_idx" ON "VariantSetting"("shop", "productTitle", "variantId");

