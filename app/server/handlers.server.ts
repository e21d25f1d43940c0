// The top floor's lists: which handler runs each webhook topic and each job.
// Features export their handlers; only this module (and routes) gathers them.
import { withTrigger } from "~/audit/context.server";
import { complianceTopicHandlers } from "~/compliance/handlers.server";
import { db } from "~/db.server";
import { engineJobHandlers, engineTopicHandlers } from "~/engine/handlers.server";
import { whileAccessHolds } from "~/errors";
import type { TopicHandler } from "~/inbox/payload";
import { WEBHOOK_JOB, webhookJob } from "~/inbox/webhook-job.server";
import type { JobContext, JobHandler, JobHandlers } from "~/jobs/drain.server";
import { DELAY_SWEEP_JOB, sweepDelays } from "~/notifications/delay-rules.server";
import { DIGEST_JOB, sendDigest } from "~/notifications/digest.server";
import { FLOW_TRIGGER_JOB, sendFlowTrigger } from "~/notifications/flow.server";
import { CUSTOMER_EMAIL_JOB } from "~/notifications/outbox.server";
import { sendCustomerMessage } from "~/notifications/send.server";
import { storeGateway } from "~/shopify.server";
import { SHOP_SYNC_JOB, syncShopDetails } from "~/shops/details.server";
import { shopTopicHandlers } from "~/shops/handlers.server";
import { z } from "zod";
import { notifications } from "./notifications.server";

/** One handler per topic. */
export const topicHandlers: Record<string, TopicHandler> = {
  ...engineTopicHandlers,
  ...shopTopicHandlers,
  ...complianceTopicHandlers,
};

export const handledTopics: ReadonlySet<string> = new Set(Object.keys(topicHandlers));

/**
 * One handler per job name. Each runs with its job as the cause of what it
 * records, unless it names a closer one (a webhook job its delivery, a
 * reconcile what asked for it): a job never inherits the cause of whatever
 * woke the runner.
 */
export const jobHandlers: JobHandlers = Object.fromEntries(
  Object.entries({
    [WEBHOOK_JOB]: webhookJob({ db, handlers: topicHandlers, gatewayFor: storeGateway }),
    [SHOP_SYNC_JOB]: async (_payload: unknown, { shop }: JobContext) =>
      void (await whileAccessHolds(async () => syncShopDetails(db, await storeGateway(shop), shop))),
    ...engineJobHandlers(db, storeGateway),
    [CUSTOMER_EMAIL_JOB]: async (payload: unknown, { shop, attempt }: JobContext) =>
      sendCustomerMessage(notifications, shop, z.object({ messageId: z.number().int() }).parse(payload).messageId, attempt),
    [DELAY_SWEEP_JOB]: async (_payload: unknown, { shop }: JobContext) =>
      void (await whileAccessHolds(() => sweepDelays(db, () => storeGateway(shop), shop))),
    [FLOW_TRIGGER_JOB]: async (payload: unknown, { shop }: JobContext) =>
      void (await whileAccessHolds(async () => sendFlowTrigger(db, await storeGateway(shop), shop, payload))),
    [DIGEST_JOB]: async (_payload: unknown, { shop }: JobContext) => void (await sendDigest(notifications, shop)),
  } satisfies JobHandlers).map(([name, handler]): [string, JobHandler] => [
    name,
    (payload, context) => withTrigger({ kind: "job", name }, () => handler(payload, context)),
  ]),
);
