// Shopify Flow triggers (extensions/backorder-date-moved, backorder-released):
// queued with the customer message they go with, in the same transaction,
// and sent by a job with flowTriggerReceive, so a merchant can add SMS, Slack
// or anything else through Flow. Flow refusing one (its workflow changed, a
// field it no longer knows) is recorded, not retried.
import { z } from "zod";
import { recordAudit } from "~/audit/trail.server";
import type { Db } from "~/db/client.server";
import { enqueue, type DbOrTx } from "~/jobs/queue.server";
import type { Gateway } from "~/shopify/gateway.server";
import { orderNumber } from "./links";
import type { MessageLine } from "./message-lines";

export const FLOW_TRIGGER_JOB = "flow.trigger";

const HANDLES = { date_moved: "backorder-date-moved", on_its_way: "backorder-released" } as const;

const jobPayload = z.object({ handle: z.string(), payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) });

const itemsText = (lines: MessageLine[]) => lines.map((line) => `${line.quantity} × ${line.title}`).join(", ");

/** Queues the trigger a message's kind has, if any. */
export async function queueFlowTrigger(
  tx: DbOrTx,
  shop: string,
  message: { kind: string; orderId: string; oldDate: string | null; newDate: string | null; lines: MessageLine[] },
) {
  if (message.kind !== "date_moved" && message.kind !== "on_its_way") return;
  const payload: Record<string, string | number> = { order_id: Number(orderNumber(message.orderId)), Items: itemsText(message.lines) };
  if (message.kind === "date_moved") {
    payload["Old date"] = message.oldDate ?? "";
    payload["New date"] = message.newDate ?? "";
  }
  await enqueue(tx, { shop, name: FLOW_TRIGGER_JOB, payload: { handle: HANDLES[message.kind], payload } });
}

export async function sendFlowTrigger(db: Db, gateway: Pick<Gateway, "sendFlowTrigger">, shop: string, job: unknown) {
  const { handle, payload } = jobPayload.parse(job);
  const result = await gateway.sendFlowTrigger({ handle, payload });
  const orderId = `gid://shopify/Order/${payload.order_id}`;
  if (result.type === "REJECTED") await recordAudit(db, shop, "flow.rejected", orderId, { handle, message: result.message });
  else await recordAudit(db, shop, "flow.sent", orderId, { handle });
}
