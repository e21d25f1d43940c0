-- AlterTable (ADD COLUMN rather than a table rebuild, so migrations of other
-- branches that add columns to the same tables merge without losing any)
ALTER TABLE "Shop" ADD COLUMN "storeReadDone" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Shop" ADD COLUMN "storeReadTotal" INTEGER;
ALTER TABLE "Shop" ADD COLUMN "storeReadAt" DATETIME;

ALTER TABLE "OrderSnapshot" ADD COLUMN "orderedAt" DATETIME;
ALTER TABLE "OrderSnapshot" ADD COLUMN "lineCount" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "BackorderLine" ADD COLUMN "backorderedOn" TEXT;
ALTER TABLE "BackorderLine" ADD COLUMN "waitedUnits" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "BackorderLine" ADD COLUMN "unitPriceCents" INTEGER;
ALTER TABLE "BackorderLine" ADD COLUMN "resolvedAt" DATETIME;
ALTER TABLE "BackorderLine" ADD COLUMN "resolvedOn" TEXT;
ALTER TABLE "BackorderLine" ADD COLUMN "waitHours" INTEGER;
ALTER TABLE "BackorderLine" ADD COLUMN "releasedOnTime" BOOLEAN;

-- CreateIndex
CREATE INDEX "OrderSnapshot_shop_orderedAt_lineCount_idx" ON "OrderSnapshot"("shop", "orderedAt", "lineCount");
CREATE INDEX "BackorderLine_shop_state_createdAt_idx" ON "BackorderLine"("shop", "state", "createdAt");
CREATE INDEX "BackorderLine_shop_state_backordered_waitedUnits_unitPriceCents_idx" ON "BackorderLine"("shop", "state", "backordered", "waitedUnits", "unitPriceCents");
CREATE INDEX "BackorderLine_shop_backorderedOn_state_waitedUnits_idx" ON "BackorderLine"("shop", "backorderedOn", "state", "waitedUnits");
CREATE INDEX "BackorderLine_shop_promisedEta_idx" ON "BackorderLine"("shop", "promisedEta");
CREATE INDEX "BackorderLine_shop_resolvedOn_state_idx" ON "BackorderLine"("shop", "resolvedOn", "state");

-- Shops installed before this migration were read already; lines stored
-- before it waited for what they wait for now.
UPDATE "Shop" SET "storeReadAt" = "installedAt";
UPDATE "BackorderLine" SET "waitedUnits" = "backordered";
