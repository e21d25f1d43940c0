-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "pins" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "priorityTag" TEXT NOT NULL DEFAULT 'priority';

-- CreateTable
CREATE TABLE "OrderSnapshot" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderSnapshot_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "available" INTEGER NOT NULL,
    "committed" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InventoryLevel_pkey" PRIMARY KEY ("shop","inventoryItemId","locationId")
);

-- CreateTable
CREATE TABLE "VariantSetting" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "sku" TEXT,
    "title" TEXT,
    "inventoryPolicy" TEXT NOT NULL,
    "backordersEnabled" BOOLEAN,
    "capKind" TEXT,
    "capUnits" INTEGER,
    "leadTimeDays" INTEGER,
    "message" TEXT,

    CONSTRAINT "VariantSetting_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "InboundSupply" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "expectedOn" TEXT NOT NULL,
    "reference" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundSupply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackorderLine" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL,
    "backordered" INTEGER NOT NULL,
    "queuePosition" INTEGER,
    "state" TEXT NOT NULL,
    "promisedEta" TEXT,
    "currentEta" TEXT,
    "etaSource" TEXT,
    "releasedByMerchant" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackorderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppHold" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "holdId" TEXT NOT NULL,
    "fulfillmentOrderId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "lineItemIds" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),

    CONSTRAINT "AppHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirtyKey" (
    "shop" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirtyKey_pkey" PRIMARY KEY ("shop","inventoryItemId","locationId")
);

-- CreateIndex
CREATE INDEX "OrderSnapshot_shop_open_idx" ON "OrderSnapshot"("shop", "open");

-- CreateIndex
CREATE INDEX "VariantSetting_shop_inventoryItemId_idx" ON "VariantSetting"("shop", "inventoryItemId");

-- CreateIndex
CREATE INDEX "InboundSupply_shop_inventoryItemId_locationId_idx" ON "InboundSupply"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_state_idx" ON "BackorderLine"("shop", "state");

-- CreateIndex
CREATE INDEX "BackorderLine_shop_inventoryItemId_locationId_idx" ON "BackorderLine"("shop", "inventoryItemId", "locationId");

-- CreateIndex
CREATE UNIQUE INDEX "BackorderLine_shop_lineItemId_locationId_key" ON "BackorderLine"("shop", "lineItemId", "locationId");

-- CreateIndex
CREATE INDEX "AppHold_shop_fulfillmentOrderId_idx" ON "AppHold"("shop", "fulfillmentOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "AppHold_shop_holdId_key" ON "AppHold"("shop", "holdId");

