-- A received delivery's job is written by the same statement that records the
-- delivery, so the webhook route's write is one INSERT (no transaction) and
-- an answered delivery always has its job. Name and attempts must match
-- WEBHOOK_JOB and defaultRetryPolicy.maxAttempts (tests/integration/webhook-intake.test.ts).
CREATE FUNCTION "WebhookEvent_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "Job" ("shop", "name", "payload", "maxAttempts", "runAt", "createdAt")
    VALUES (NEW."shop", 'webhook', json_build_object('webhookId', NEW."webhookId")::text, 8, NEW."receivedAt", NEW."receivedAt");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "WebhookEvent_enqueue" AFTER INSERT ON "WebhookEvent"
FOR EACH ROW WHEN (NEW."status" = 'RECEIVED')
EXECUTE FUNCTION "WebhookEvent_enqueue"();
