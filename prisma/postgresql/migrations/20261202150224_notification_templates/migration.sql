-- CreateTable
CREATE TABLE "EmailTemplate" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("shop","kind","language")
);

-- CreateTable
CREATE TABLE "NotificationSettings" (
    "shop" TEXT NOT NULL,
    "messagesOn" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationSettings_pkey" PRIMARY KEY ("shop")
);

