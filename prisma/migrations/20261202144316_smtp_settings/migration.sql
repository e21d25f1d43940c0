-- CreateTable
CREATE TABLE "SmtpSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "secure" BOOLEAN NOT NULL,
    "user" TEXT,
    "password" TEXT,
    "fromAddress" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

