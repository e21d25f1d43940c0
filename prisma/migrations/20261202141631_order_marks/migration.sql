-- Plain ALTERs: rebuilding the tables would gain nothing (the columns' order
-- does not matter to Prisma).
ALTER TABLE "Shop" ADD COLUMN "orderTag" TEXT NOT NULL DEFAULT 'backordered';

ALTER TABLE "OrderSnapshot" ADD COLUMN "markedTag" TEXT;
ALTER TABLE "OrderSnapshot" ADD COLUMN "markedValue" TEXT;
ALTER TABLE "OrderSnapshot" ADD COLUMN "marked" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "OrderSnapshot" ADD COLUMN "markedUpdatedAt" DATETIME;

CREATE INDEX "OrderSnapshot_shop_marked_idx" ON "OrderSnapshot"("shop", "marked");
