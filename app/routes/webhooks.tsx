import type { ActionFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { receiveWebhook } from "~/inbox/intake.server";
import { InboxWriter } from "~/inbox/writer.server";
import { jobs } from "~/jobs/dispatcher.server";
import { handledTopics } from "~/server/handlers.server";
import { log } from "~/observability/log.server";

const inbox = new InboxWriter(db);

// Every subscription in shopify.app.toml points here: verify, record, answer.
export const action = async ({ request }: ActionFunctionArgs) => {
  try {
    const result = await receiveWebhook(inbox, jobs, config.SHOPIFY_API_SECRET, handledTopics, request);
    return new Response(result.outcome === "REJECTED" ? result.message : null, { status: result.status });
  } catch (error) {
    // The database is unreachable: Shopify retries a delivery that got no 2xx.
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const delivery = { shop: header("x-shopify-shop-domain"), topic: header("x-shopify-topic"), webhookId: header("x-shopify-webhook-id") };
    log.warn({ ...delivery, err: error }, "webhook intake failed");
    return new Response("temporarily unavailable", { status: 503, headers: { "Retry-After": "5" } });
  }
};
