-- CreateTable
CREATE TABLE "EmailTemplate" (
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "kind", "language")
);

-- CreateTable
CREATE TABLE "NotificationSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "messagesOn" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);

