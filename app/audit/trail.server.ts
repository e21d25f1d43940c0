import type { Db } from "~/db/client.server";
import { jsonObject } from "~/db/codecs";

export function recordAudit(db: Pick<Db, "auditEvent">, shop: string, type: string, subject?: string, data: Record<string, unknown> = {}) {
  return db.auditEvent.create({ data: { shop, type, subject, data: jsonObject.encode(data) } });
}
