-- AlterTable
ALTER TABLE "InboundSupply" ADD COLUMN     "receivedAt" TIMESTAMP(3),
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'EXPECTED',
ADD COLUMN     "vendor" TEXT;

-- CreateIndex
CREATE INDEX "InboundSupply_shop_status_expectedOn_idx" ON "InboundSupply"("shop", "status", "expectedOn");

