import type { Db } from "~/db/client.server";
import { recordAudit } from "~/audit/trail.server";
import { parseBody } from "~/inbox/payload";
import { orderSnapshotColumn } from "~/engine/codecs";
import {
  identifyingStrings,
  mentionsCustomer,
  personalFields,
  redactPersonalData,
  scrubText,
  stringifyJson,
  type CustomerRef,
} from "./personal-data";

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

/**
 * customers/redact: scrub every stored personal field of the customer. The
 * webhook bodies about them lose their personal fields; the engine's copies
 * of their orders lose the customer's tags, name and email; and free text the app wrote
 * (dead letters' bodies and errors, jobs' errors, audit details) loses every
 * name, address, email and phone number those bodies held.
 */
export async function redactCustomer(db: Db, shop: string, customer: CustomerRef, orderIds: ReadonlyArray<number | string>) {
  const strings = new Set([customer.email, customer.phone].filter((v): v is string => Boolean(v)));
  const orders = new Set(orderIds.map(String));
  let redacted = 0;
  for await (const { event, payload } of eventsAbout(db, shop, customer, orderIds)) {
    identifyingStrings(payload).forEach((s) => strings.add(s));
    if (event.topic.startsWith("orders/") && (payload as { id?: unknown }).id != null) orders.add(String((payload as { id: unknown }).id));
    await db.webhookEvent.updateMany({
      where: { id: event.id, shop },
      data: { body: new TextEncoder().encode(stringifyJson(redactPersonalData(payload))) },
    });
    redacted += 1;
  }
  const scrubbed = await scrubFreeText(db, shop, strings);
  await db.emailUnsubscribe.deleteMany({ where: { shop, email: { in: [...strings].map((s) => s.toLowerCase()) } } });
  await forgetCustomer(
    db,
    shop,
    [...orders].map((id) => `gid://shopify/Order/${id}`),
  );
  const reports = await db.dataRequest.deleteMany({ where: { shop, customerId: String(customer.id) } });
  await recordAudit(db, shop, "customer.redacted", `customer/${customer.id}`, {
    webhookEvents: redacted,
    freeText: scrubbed,
    dataRequests: reports.count,
  });
}

/** Replaces the strings wherever the app kept them in text it wrote itself; returns how many rows changed. */
async function scrubFreeText(db: Db, shop: string, strings: ReadonlySet<string>) {
  if (strings.size === 0) return 0;
  let changed = 0;
  const mentions = (column: string) => [...strings].map((s) => ({ [column]: { contains: s } }));
  for (const event of await db.webhookEvent.findMany({ where: { shop, OR: mentions("error") }, select: { id: true, error: true } })) {
    await db.webhookEvent.updateMany({ where: { id: event.id, shop }, data: { error: scrubText(event.error ?? "", strings) } });
    changed += 1;
  }
  // A dead letter that is not JSON cannot be redacted field by field: if it names the person, its body goes.
  for (const event of await db.webhookEvent.findMany({ where: { shop, status: "DEAD" }, select: { id: true, body: true } })) {
    const text = Buffer.from(event.body).toString("utf8");
    if (scrubText(text, strings) === text) continue;
    await db.webhookEvent.updateMany({
      where: { id: event.id, shop },
      data: { body: new TextEncoder().encode(scrubText(text, strings)) },
    });
    changed += 1;
  }
  for (const job of await db.job.findMany({ where: { shop, OR: mentions("lastError") }, select: { id: true, lastError: true } })) {
    await db.job.updateMany({ where: { id: job.id, shop }, data: { lastError: scrubText(job.lastError ?? "", strings) } });
    changed += 1;
  }
  for (const audit of await db.auditEvent.findMany({
    where: { shop, OR: [...mentions("data"), ...mentions("subject")] },
    select: { id: true, data: true, subject: true },
  })) {
    await db.auditEvent.updateMany({
      where: { id: audit.id, shop },
      data: { data: scrubText(audit.data, strings), subject: audit.subject && scrubText(audit.subject, strings) },
    });
    changed += 1;
  }
  return changed;
}

/**
 * The engine keeps each open order's customer tags (for the priority rule),
 * name (for the admin) and email and first name (to write to them); the
 * customer's orders lose them, and so do the customer emails kept as the
 * record of what was sent. The order's language is not about the person.
 */
async function forgetCustomer(db: Db, shop: string, orderIds: string[]) {
  await db.customerMessage.updateMany({ where: { shop, orderId: { in: orderIds } }, data: { recipient: null, customerFirstName: null } });
  for (const row of await db.orderSnapshot.findMany({ where: { shop, orderId: { in: orderIds } } })) {
    const snapshot = orderSnapshotColumn.decode(row.snapshot);
    await db.orderSnapshot.updateMany({
      where: { shop, orderId: row.orderId },
      data: {
        snapshot: orderSnapshotColumn.encode({ ...snapshot, customerTags: [], customerName: null, email: null, customerFirstName: null }),
      },
    });
  }
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
  // The emails the app sent about the customer's orders, as the record of them keeps them.
  const messages = await db.customerMessage.findMany({
    where: { shop, orderId: { in: orderIds.map((id) => `gid://shopify/Order/${id}`) } },
    orderBy: { id: "asc" },
  });
  for (const message of messages) {
    records.push({
      source: "customer email",
      topic: message.kind,
      receivedAt: (message.sentAt ?? message.createdAt).toISOString(),
      fields: { to: message.recipient, firstName: message.customerFirstName, status: message.status, order: message.orderName },
    });
  }
  const report = { customer: { id: String(customer.id) }, orders: orderIds.map(String), records };
  const row = await db.dataRequest.create({
    // Written without the call stack's depth limit: a field may nest deeply.
    data: { shop, customerId: String(customer.id), dataRequestId, report: stringifyJson(report) },
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
    db.orderItem.deleteMany({ where: { shop } }),
    db.location.deleteMany({ where: { shop } }),
    db.smtpSettings.deleteMany({ where: { shop } }),
    db.emailTemplate.deleteMany({ where: { shop } }),
    db.notificationSettings.deleteMany({ where: { shop } }),
    db.customerMessage.deleteMany({ where: { shop } }),
    db.emailUnsubscribe.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { shop } }),
  ]);
}
