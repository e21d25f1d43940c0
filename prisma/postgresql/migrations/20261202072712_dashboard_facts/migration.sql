-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "storeReadAt" TIMESTAMP(3),
ADD COLUMN     "storeReadDone" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "storeReadTotal" INTEGER;

-- AlterTable
ALTER TABLE "OrderSnapshot" ADD COLUMN     "lineCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "orderedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "BackorderLine" ADD COLUMN     "backorderedOn" TEXT,
ADD COLUMN     "releasedOnTime" BOOLEAN,
ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedOn" TEXT,
ADD COLUMN     "unitPriceCents" INTEGER,
ADD COLUMN     "waitHours" INTEGER,
ADD COLUMN     "waitedUnits" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "OrderSnapshot_shop_orderedAt_lineCount_idx" ON "OrderSnapshot"("shop", "orderedAt", "lineCount");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_createdAt_idx" ON "BackorderLine"("shop", "state", "createdAt");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_backordered_waitedUnits_unitPriceCents_idx" ON "BackorderLine"("shop", "state", "backordered", "waitedUnits", "unitPriceCents");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_backorderedOn_state_waitedUnits_idx" ON "BackorderLine"("shop", "backorderedOn", "state", "waitedUnits");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_promisedEta_idx" ON "BackorderLine"("shop", "promisedEta");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_resolvedOn_state_idx" ON "BackorderLine"("shop", "resolvedOn", "state");


-- Shops installed before this migration were read already; lines stored
-- before it waited for what they wait for now.
UPDATE "Shop" SET "storeReadAt" = "installedAt";
UPDATE "BackorderLine" SET "waitedUnits" = "backordered";
