import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhookRequest } from "~/server/webhooks.server";

// Every subscription in shopify.app.toml points here: verify, record, answer.
// In production scripts/start.mjs answers POST /webhooks before Remix, with
// the same checks (app/inbox/node-intake.server.ts); this route serves
// `shopify app dev` and any other method.
export const action = ({ request }: ActionFunctionArgs) => receiveWebhookRequest(request);

// Deliveries are POSTed: anything else is told so, not sent to an error page.
export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
