import type { Db } from "~/db/client.server";
import { jsonObject } from "~/db/codecs";
import { currentTrigger } from "./context.server";
import { triggerColumn } from "./trigger";

/** Records a decision, with what set it off (see context.server.ts). */
export function recordAudit(db: Pick<Db, "auditEvent">, shop: string, type: string, subject?: string, data: Record<string, unknown> = {}) {
  const trigger = currentTrigger();
  return db.auditEvent.create({
    data: { shop, type, subject, data: jsonObject.encode(data), trigger: trigger && triggerColumn.encode(trigger) },
  });
}
