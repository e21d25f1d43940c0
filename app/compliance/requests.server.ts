import type { Db } from "~/db/client.server";
import { jsonObject } from "~/db/codecs";
import { recordAudit } from "~/audit/trail.server";
import { parseBody } from "~/inbox/payload";
import { mentionsCustomer, personalFields, redactPersonalData, type CustomerRef } from "./personal-data";

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
    data: { shop, customerId: String(customer.id), dataRequestId, report: jsonObject.encode(report) },
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
