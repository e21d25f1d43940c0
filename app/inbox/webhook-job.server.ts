import { z } from "zod";
import { withTrigger } from "~/audit/context.server";
import type { Db } from "~/db/client.server";
import { TerminalError, whileAccessHolds } from "~/errors";
import type { JobHandler } from "~/jobs/drain.server";
import type { Gateway } from "~/shopify/gateway.server";
import { isInstalled } from "~/shops/installation.server";
import { parseBody, type TopicHandler } from "./payload";
import { addLogContext } from "~/observability/log.server";

export const WEBHOOK_JOB = "webhook";
/** A delivery's job names it by its webhook id; the inbox's trigger writes it (see InboxWriter). */
const webhookJobPayload = z.object({ webhookId: z.string() });

// Topics that matter whether or not the app is installed on the shop.
const TOPICS_WITHOUT_INSTALLATION = new Set([
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
]);

type WebhookJobOptions = {
  db: Db;
  handlers: Record<string, TopicHandler>;
  /** Builds a shop's gateway when a handler asks for it. */
  gatewayFor: (shop: string) => Promise<Gateway>;
};

/** The job that runs one recorded delivery through its topic's handler. */
export function webhookJob({ db, handlers, gatewayFor }: WebhookJobOptions): JobHandler {
  return async (payload, { shop }) => {
    const { webhookId } = webhookJobPayload.parse(payload);
    addLogContext({ webhookId });
    const event = await db.webhookEvent.findUnique({ where: { shop_webhookId: { shop, webhookId } } });
    if (!event) throw new TerminalError(`webhook ${webhookId} is gone`);
    addLogContext({ topic: event.topic });
    if (event.status !== "RECEIVED") return;
    let body: unknown;
    try {
      body = parseBody(event.body);
    } catch (error) {
      // A replayed delivery that is still not JSON stays a dead letter.
      await db.webhookEvent.updateMany({ where: { id: event.id, shop }, data: { status: "DEAD", error: (error as Error).message } });
      return;
    }
    const handler = handlers[event.topic];
    if (!handler) throw new TerminalError(`no handler for topic ${event.topic}`);
    const ignore = (reason: string) =>
      db.webhookEvent.updateMany({ where: { id: event.id, shop }, data: { status: "IGNORED", error: reason, processedAt: new Date() } });
    // Before install (or after uninstall) there is nothing to act on: the
    // full reconcile at install reads the store as it is then.
    // Nor is its body kept: a shop that uninstalled the app, or asked to be
    // forgotten (shop/redact), gets no copy of its store kept here.
    if (!TOPICS_WITHOUT_INSTALLATION.has(event.topic) && !(await isInstalled(db, shop))) {
      await db.webhookEvent.updateMany({
        where: { id: event.id, shop },
        data: { status: "IGNORED", error: "the app is not installed on this shop", body: new Uint8Array(), processedAt: new Date() },
      });
      return;
    }
    // Shopify refuses the token of an app being uninstalled before its
    // app/uninstalled event, queued behind this one, is processed.
    const context = {
      db,
      shop,
      eventId: event.id,
      receivedAt: event.receivedAt,
      triggeredAt: event.triggeredAt,
      gateway: () => gatewayFor(shop),
    };
    const outcome: { ignored?: string } = {};
    // What the handler decides is recorded as set off by this delivery.
    const trigger = { kind: "webhook" as const, topic: event.topic, webhookId: event.webhookId };
    const held = await withTrigger(trigger, () => whileAccessHolds(async () => Object.assign(outcome, await handler(body, context))));
    if (!held) {
      await ignore(
        "the app has no access to this shop (uninstalled, or its token refused); installing it again reconciles the shop in full",
      );
      return;
    }
    if (outcome.ignored) {
      await ignore(outcome.ignored);
      return;
    }
    // updateMany: shop/redact deletes the event itself.
    await db.webhookEvent.updateMany({
      where: { id: event.id, shop },
      data: { status: "PROCESSED", processedAt: new Date() },
    });
  };
}
