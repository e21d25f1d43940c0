// The one webhook intake of the process: the Remix route (app/routes/webhooks.tsx,
// under `shopify app dev`) and the node:http handler scripts/start.mjs routes
// POST /webhooks to share its inbox writer, so their deliveries share batches.
import type { IncomingMessage, ServerResponse } from "node:http";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { receiveFetchWebhook } from "~/inbox/fetch-intake.server";
import type { Intake } from "~/inbox/intake.server";
import { receiveNodeWebhook } from "~/inbox/node-intake.server";
import { InboxWriter } from "~/inbox/writer.server";
import { jobs } from "~/jobs/dispatcher.server";
import { handledTopics } from "./handlers.server";

const intake: Intake = { inbox: new InboxWriter(db), jobs, secret: config.SHOPIFY_API_SECRET, handledTopics };

export const receiveWebhookRequest = (request: Request) => receiveFetchWebhook(intake, request);

export const handleWebhook = (req: IncomingMessage, res: ServerResponse) => receiveNodeWebhook(intake, req, res);
