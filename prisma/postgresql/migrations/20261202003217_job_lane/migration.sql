-- DropIndex
DROP INDEX "Job_shop_status_id_idx";

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "lane" TEXT NOT NULL DEFAULT 'events';

-- CreateIndex
CREATE INDEX "Job_shop_lane_status_id_idx" ON "Job"("shop", "lane", "status", "id");

-- Compliance and uninstall deliveries go to the priority lane, so they never
-- wait behind the shop's retrying events (docs/decisions/003-job-backends.md).
CREATE OR REPLACE FUNCTION "WebhookEvent_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "Job" ("shop", "name", "payload", "maxAttempts", "runAt", "createdAt", "lane")
    VALUES (NEW."shop", 'webhook', json_build_object('webhookId', NEW."webhookId")::text, 8, NEW."receivedAt", NEW."receivedAt",
        CASE WHEN NEW."topic" IN ('app/uninstalled', 'customers/redact', 'customers/data_request', 'shop/redact') THEN 'priority' ELSE 'events' END);
    RETURN NULL;
END;
$$;
