import type { Db } from "~/db/client.server";

export function recordAudit(db: Pick<Db, "auditEvent">, shop: string, type: string, subject?: string, data: object = {}) {
  return db.auditEvent.create({ data: { shop, type, subject, data: JSON.stringify(data) } });
}
