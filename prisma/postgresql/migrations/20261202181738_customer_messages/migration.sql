-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "email" TEXT,
ADD COLUMN     "storefrontUrl" TEXT;

-- AlterTable
ALTER TABLE "BackorderLine" ADD COLUMN     "consentDueOn" TEXT,
ADD COLUMN     "consentedAt" TIMESTAMP(3),
ADD COLUMN     "consentedEta" TEXT,
ADD COLUMN     "delayNotices" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "NotificationSettings" ADD COLUMN     "digestHoldDays" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "digestOn" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "logoUrl" TEXT,
ADD COLUMN     "unansweredDelay" TEXT NOT NULL DEFAULT 'list';

-- CreateTable
CREATE TABLE "CustomerMessage" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "oldDate" TEXT,
    "newDate" TEXT,
    "reason" TEXT NOT NULL DEFAULT 'event',
    "recipient" TEXT,
    "locale" TEXT,
    "customerFirstName" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailUnsubscribe" (
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailUnsubscribe_pkey" PRIMARY KEY ("shop","email")
);

-- CreateIndex
CREATE INDEX "CustomerMessage_shop_orderId_idx" ON "CustomerMessage"("shop", "orderId");

-- CreateIndex
CREATE INDEX "CustomerMessage_shop_status_idx" ON "CustomerMessage"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerMessage_shop_dedupeKey_key" ON "CustomerMessage"("shop", "dedupeKey");

