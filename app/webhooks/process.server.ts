import type { Db } from "~/db/client.server";
import { TerminalError, whileAccessHolds } from "~/jobs/errors";
import type { JobHandler } from "~/jobs/drain.server";
import { isInstalled } from "~/models/shop.server";

export const WEBHOOK_JOB = "webhook";
/** A delivery's job names it by its webhook id; the inbox's trigger writes it (see InboxWriter). */
export type WebhookJobPayload = { webhookId: string };

/** A stored delivery's JSON; a body that is not JSON will never become JSON. */
export function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (error) {
    // The parser quotes the body, whose control bytes a text column may refuse.
    // eslint-disable-next-line no-control-regex
    throw new TerminalError(`body is not valid JSON: ${(error as Error).message.replace(/[\u0000-\u001f]/g, "?")}`);
  }
}

export type WebhookContext = { db: Db; shop: string; eventId: number; receivedAt: Date };
export type TopicHandler = (payload: unknown, context: WebhookContext) => Promise<void>;

// Topics that matter whether or not the app is installed on the shop.
const ALWAYS = new Set(["app/uninstalled", "app/scopes_update", "customers/data_request", "customers/redact", "shop/redact"]);

/** The job that runs one recorded delivery through its topic's handler. */
export function webhookJob(db: Db, handlers: Record<string, TopicHandler>): JobHandler {
  return async (payload, { shop }) => {
    const { webhookId } = payload as WebhookJobPayload;
    const event = await db.webhookEvent.findUnique({ where: { shop_webhookId: { shop, webhookId } } });
    if (!event) throw new TerminalError(`webhook ${webhookId} is gone`);
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
    if (!ALWAYS.has(event.topic) && !(await isInstalled(db, shop))) {
      await ignore("the app is not installed on this shop");
      return;
    }
    // Shopify refuses the token of an app being uninstalled before its
    // app/uninstalled event, queued behind this one, is processed.
    if (!(await whileAccessHolds(() => handler(body, { db, shop, eventId: event.id, receivedAt: event.receivedAt })))) {
      await ignore("the app has no access to this shop (uninstalled, or its token refused); installing it again reconciles the shop in full");
      return;
    }
    // updateMany: shop/redact deletes the event itself.
    await db.webhookEvent.updateMany({
      where: { id: event.id, shop },
      data: { status: "PROCESSED", processedAt: new Date() },
    });
  };
}
