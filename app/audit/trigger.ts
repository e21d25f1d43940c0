// What set a decision off. Pure: the Activity page's descriptions and the
// audit trail's column share it; app/audit/context.server.ts carries it.
import { z } from "zod";
import { jsonColumn } from "~/db/codecs";

export const auditTrigger = z.discriminatedUnion("kind", [
  /** A store event: the webhook delivery whose job made the decision. */
  z.object({ kind: z.literal("webhook"), topic: z.string(), webhookId: z.string() }),
  /** The periodic full reconcile. */
  z.object({ kind: z.literal("schedule") }),
  /** A change the merchant made in the app. */
  z.object({ kind: z.literal("merchant") }),
  /** Installing (or opening a reinstalled) app: the full read of the store. */
  z.object({ kind: z.literal("install") }),
  /** The customer, from the status page an email linked to (the app proxy). */
  z.object({ kind: z.literal("customer") }),
  /** Any other background job, by its name. */
  z.object({ kind: z.literal("job"), name: z.string() }),
]);

export type AuditTrigger = z.infer<typeof auditTrigger>;

/** The audit trail's trigger column: an `auditTrigger` stored as JSON. */
export const triggerColumn = jsonColumn(auditTrigger);

/** Reads a stored trigger; one that does not parse (a newer kind) reads as unknown rather than failing the page. */
export function parseTrigger(value: unknown): AuditTrigger | null {
  const parsed = auditTrigger.safeParse(value);
  return parsed.success ? parsed.data : null;
}
