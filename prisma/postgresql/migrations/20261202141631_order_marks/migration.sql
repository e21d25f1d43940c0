-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "orderTag" TEXT NOT NULL DEFAULT 'backordered';

-- AlterTable
ALTER TABLE "OrderSnapshot" ADD COLUMN     "marked" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "markedTag" TEXT,
ADD COLUMN     "markedUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "markedValue" TEXT;

-- CreateIndex
CREATE INDEX "OrderSnapshot_shop_marked_idx" ON "OrderSnapshot"("shop", "marked");

