-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "email" TEXT;
ALTER TABLE "Shop" ADD COLUMN "storefrontUrl" TEXT;

-- CreateTable
CREATE TABLE "CustomerMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailUnsubscribe" (
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "email")
);

-- AlterTable (added in place: rebuilding BackorderLine would drop its WaitingStock triggers)
ALTER TABLE "BackorderLine" ADD COLUMN "delayNotices" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "BackorderLine" ADD COLUMN "consentDueOn" TEXT;
ALTER TABLE "BackorderLine" ADD COLUMN "consentedEta" TEXT;
ALTER TABLE "BackorderLine" ADD COLUMN "consentedAt" DATETIME;

-- AlterTable
ALTER TABLE "NotificationSettings" ADD COLUMN "unansweredDelay" TEXT NOT NULL DEFAULT 'list';
ALTER TABLE "NotificationSettings" ADD COLUMN "digestOn" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "NotificationSettings" ADD COLUMN "digestHoldDays" INTEGER NOT NULL DEFAULT 14;
ALTER TABLE "NotificationSettings" ADD COLUMN "logoUrl" TEXT;

-- CreateIndex
CREATE INDEX "CustomerMessage_shop_orderId_idx" ON "CustomerMessage"("shop", "orderId");

-- CreateIndex
CREATE INDEX "CustomerMessage_shop_status_idx" ON "CustomerMessage"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerMessage_shop_dedupeKey_key" ON "CustomerMessage"("shop", "dedupeKey");

