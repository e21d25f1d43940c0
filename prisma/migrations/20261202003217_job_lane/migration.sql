DROP TRIGGER "WebhookEvent_enqueue";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "lane" TEXT NOT NULL DEFAULT 'events'
);
INSERT INTO "new_Job" ("attempts", "createdAt", "finishedAt", "id", "lastError", "lockedUntil", "maxAttempts", "name", "payload", "runAt", "shop", "status") SELECT "attempts", "createdAt", "finishedAt", "id", "lastError", "lockedUntil", "maxAttempts", "name", "payload", "runAt", "shop", "status" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_shop_lane_status_id_idx" ON "Job"("shop", "lane", "status", "id");
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Compliance and uninstall deliveries go to the priority lane, so they never
-- wait behind the shop's retrying events (docs/decisions/003-job-backends.md).
-- (The trigger is dropped first: SQLite refuses to rename a table into the
-- name a trigger reads.)
CREATE TRIGGER "WebhookEvent_enqueue" AFTER INSERT ON "WebhookEvent"
WHEN NEW."status" = 'RECEIVED'
BEGIN
    INSERT INTO "Job" ("shop", "name", "payload", "maxAttempts", "runAt", "createdAt", "lane")
    VALUES (NEW."shop", 'webhook', json_object('webhookId', NEW."webhookId"), 8, NEW."receivedAt", NEW."receivedAt",
        CASE WHEN NEW."topic" IN ('app/uninstalled', 'customers/redact', 'customers/data_request', 'shop/redact') THEN 'priority' ELSE 'events' END);
END;
