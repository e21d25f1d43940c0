-- A repeat of an event stored before this key existed keeps its row, not its event id.
UPDATE "WebhookEvent" SET "eventId" = NULL
WHERE "eventId" IS NOT NULL
  AND "id" > (SELECT MIN(w."id") FROM "WebhookEvent" w WHERE w."shop" = "WebhookEvent"."shop" AND w."eventId" = "WebhookEvent"."eventId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_shop_eventId_key" ON "WebhookEvent"("shop", "eventId");
