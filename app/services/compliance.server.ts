import type { Db } from "~/db/client.server";
import { recordAudit } from "~/models/audit.server";
import { parseBody } from "~/webhooks/process.server";

export type CustomerRef = { id: number | string; email?: string | null; phone?: string | null };

// Fields of Shopify's payloads that hold a person's data. A `customer`
// object keeps only its id, so the redacted record can still be counted.
const PERSONAL_KEYS = new Set([
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "billing_address",
  "shipping_address",
  "default_address",
  "addresses",
  "client_details",
  "browser_ip",
  "note",
  "note_attributes",
  "destination",
]);

function walk(value: unknown, visit: (key: string, value: unknown) => boolean): boolean {
  if (Array.isArray(value)) return value.some((item) => walk(item, visit));
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, child]) => visit(key, child) || walk(child, visit));
  }
  return false;
}

/** Whether a payload is about this customer or one of the listed orders. */
export function mentionsCustomer(payload: unknown, customer: CustomerRef, orderIds: ReadonlyArray<number | string> = []) {
  const id = String(customer.id);
  const orders = new Set(orderIds.map(String));
  const personal = new Set([customer.email, customer.phone].filter((v): v is string => Boolean(v)));
  return walk(payload, (key, value) => {
    if (key === "customer" && value && typeof value === "object" && String((value as { id?: unknown }).id) === id) return true;
    if (key === "customer_id" && String(value) === id) return true;
    if (key === "order_id" && orders.has(String(value))) return true;
    return typeof value === "string" && personal.has(value);
  }) || (orders.size > 0 && orders.has(String((payload as { id?: unknown } | null)?.id)));
}

/** A copy of the payload without any personal field. */
export function redactPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      if (key === "customer" && child && typeof child === "object") return [key, { id: (child as { id?: unknown }).id ?? null }];
      if (PERSONAL_KEYS.has(key)) return [key, null];
      return [key, redactPersonalData(child)];
    }),
  );
}

/** The personal fields of a payload, as they are stored. */
export function personalFields(value: unknown): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  walk(value, (key, child) => {
    if ((PERSONAL_KEYS.has(key) || key === "customer") && child != null && !(key in found)) found[key] = child;
    return false;
  });
  return found;
}

const BATCH = 500;
const COMPLIANCE_TOPICS = new Set(["customers/data_request", "customers/redact", "shop/redact"]);

/** Every stored webhook body of the shop that mentions the customer, in id order. */
async function* eventsAbout(db: Db, shop: string, customer: CustomerRef, orderIds: ReadonlyArray<number | string>) {
  let after = 0;
  for (;;) {
    const events = await db.webhookEvent.findMany({
      where: { shop, id: { gt: after } },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (events.length === 0) return;
    after = events[events.length - 1].id;
    for (const event of events) {
      let payload: unknown;
      try {
        payload = parseBody(event.body);
      } catch {
        continue; // a dead letter that is not JSON cannot be matched to a customer
      }
      if (mentionsCustomer(payload, customer, orderIds)) yield { event, payload };
    }
  }
}

/** customers/redact: scrub every stored personal field of the customer. */
export async function redactCustomer(db: Db, shop: string, customer: CustomerRef, orderIds: ReadonlyArray<number | string>) {
  let redacted = 0;
  for await (const { event, payload } of eventsAbout(db, shop, customer, orderIds)) {
    await db.webhookEvent.updateMany({
      where: { id: event.id, shop },
      data: { body: new TextEncoder().encode(JSON.stringify(redactPersonalData(payload))) },
    });
    redacted += 1;
  }
  const reports = await db.dataRequest.deleteMany({ where: { shop, customerId: String(customer.id) } });
  await recordAudit(db, shop, "customer.redacted", `customer/${customer.id}`, {
    webhookEvents: redacted,
    dataRequests: reports.count,
  });
}

/** customers/data_request: assemble what is held about the customer for the merchant. */
export async function assembleCustomerData(
  db: Db,
  shop: string,
  customer: CustomerRef,
  orderIds: ReadonlyArray<number | string>,
  dataRequestId: string | null,
) {
  const records = [];
  for await (const { event, payload } of eventsAbout(db, shop, customer, orderIds)) {
    if (COMPLIANCE_TOPICS.has(event.topic)) continue; // the requests themselves, not data the app holds
    records.push({
      source: "webhook",
      topic: event.topic,
      receivedAt: event.receivedAt.toISOString(),
      fields: personalFields(payload),
    });
  }
  const report = { customer: { id: String(customer.id) }, orders: orderIds.map(String), records };
  const row = await db.dataRequest.create({
    data: { shop, customerId: String(customer.id), dataRequestId, report: JSON.stringify(report) },
  });
  await recordAudit(db, shop, "customer.data_requested", `customer/${customer.id}`, {
    dataRequest: row.id,
    records: records.length,
  });
  return row;
}

/** shop/redact: delete every row of the shop, in every table. */
export async function redactShop(db: Db, shop: string) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.webhookEvent.deleteMany({ where: { shop } }),
    db.job.deleteMany({ where: { shop } }),
    db.auditEvent.deleteMany({ where: { shop } }),
    db.dataRequest.deleteMany({ where: { shop } }),
    db.orderSnapshot.deleteMany({ where: { shop } }),
    db.inventoryLevel.deleteMany({ where: { shop } }),
    db.variantSetting.deleteMany({ where: { shop } }),
    db.inboundSupply.deleteMany({ where: { shop } }),
    db.backorderLine.deleteMany({ where: { shop } }),
    db.appHold.deleteMany({ where: { shop } }),
    db.dirtyKey.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { shop } }),
  ]);
}
