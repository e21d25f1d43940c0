// The delay rules with a controlled clock, against the built app and the
// simulated store: the sweep sends the notice when a promised date passes
// and every 30 days a line waits with no date; a second delay asks for
// consent by the new date, in the email and on the status page, and is
// audited; unanswered, the line is listed for the merchant or, when the shop
// chose so, cancelled with a refund. The merchant's digest goes once a day.
// The notice's own cancel link cancels. Emails go through a real SMTP server.
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moveSupply, recordSupply } from "~/engine/supply.server";
import { sendDigest } from "~/notifications/digest.server";
import { sweepDelays, unansweredDelays } from "~/notifications/delay-rules.server";
import { linkKeyFor } from "~/notifications/links";
import { saveRules } from "~/notifications/rules.server";
import { tokenCipher } from "~/shopify/token-cipher.server";
import { TEST_SECRET, TEST_SHOP } from "../support/constants";
import { followLink, link, recipient } from "../support/customer-mail";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { appSmtpEnv, PASSWORD, startSmtpServer, USER } from "../support/smtp-server";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let stack: TestStack;
const smtpSettings = () => ({
  host: "127.0.0.1",
  port: smtp.port,
  secure: false,
  user: USER,
  password: PASSWORD,
  from: "orders@maison-verte.example",
});

beforeAll(async () => {
  smtp = await startSmtpServer();
  stack = await startTestStack(
    {
      name: "Maison Verte",
      email: "owner@maison-verte.example",
      locations: [{ name: "Warehouse" }],
      products: [
        { title: "Stoneware mug", variants: [{ sku: "MUG", price: "18.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
        { title: "Linen towel", variants: [{ sku: "TOWEL", price: "9.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
      ],
    },
    appSmtpEnv(smtp),
  );
});

afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

async function mails(): Promise<ParsedMail[]> {
  return Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
}

/** Waits for the app's jobs and for the SMTP server to hold `count` messages. */
async function settleMail(count: number) {
  await stack.settle();
  const deadline = Date.now() + 10_000;
  while (smtp.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return mails();
}

const open = (url: string, form?: Record<string, string>) => followLink(stack.sim, TEST_SHOP, url, form);
const sweep = (day: string) => sweepDelays(stack.db, stack.gateway, TEST_SHOP, new Date(`${day}T12:00:00Z`));
/** The audit details of the emails sent for an order, oldest first. */
const sentEmails = async (orderId: string) =>
  (await stack.db.auditEvent.findMany({ where: { shop: TEST_SHOP, type: "email.sent", subject: orderId }, orderBy: { id: "asc" } })).map(
    (event) => JSON.parse(event.data) as Record<string, unknown>,
  );
const mugLine = () =>
  stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, inventoryItemId: stack.variant("MUG").inventoryItemId } });

describe("the delay rules' daily sweep", () => {
  let mugOrder: { id: string; name: string };

  it("sends the delay notice once when the promised date passes", async () => {
    await recordSupply(stack.changes, TEST_SHOP, {
      inventoryItemId: stack.variant("MUG").inventoryItemId,
      locationId: stack.location("Warehouse"),
      quantity: 5,
      expectedOn: "2030-03-15",
    });
    await stack.settle();
    mugOrder = stack.sim.state.placeOrder(TEST_SHOP, {
      email: "ines@example.com",
      customer: { email: "ines@example.com", firstName: "Inès" },
      lines: [{ sku: "MUG", quantity: 1 }],
      locationId: stack.location("Warehouse"),
    });
    await settleMail(1);

    expect(await sweep("2030-03-15")).toEqual({ notices: 0, cancelled: 0, listed: 0 });
    expect(await sweep("2030-03-16")).toEqual({ notices: 1, cancelled: 0, listed: 0 });
    expect(await sweep("2030-03-17")).toEqual({ notices: 0, cancelled: 0, listed: 0 });
    const received = await settleMail(2);
    expect(received).toHaveLength(2);
    expect(received[1].subject).toBe(`${mugOrder.name}: a new date for your backordered items`);
    expect(received[1].text).toContain("has moved from March 15, 2030, and we do not have a new date yet");
    expect(received[1].text).toContain("cancel these items");
    // A first delay asks for no consent.
    expect(received[1].text).not.toContain("we need your answer");
    expect(await mugLine()).toMatchObject({ delayNotices: 1, consentDueOn: null });
    expect((await sentEmails(mugOrder.id)).at(-1)).toMatchObject({ kind: "date_moved", notice: "overdue", consentDueOn: null });
  });

  it("asks for consent after a second delay, and lists the line for the merchant when it does not come", async () => {
    const supply = await stack.db.inboundSupply.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    await moveSupply(stack.changes, TEST_SHOP, supply.id, "2030-04-30");
    const second = (await settleMail(3))[2];
    expect(await mugLine()).toMatchObject({ delayNotices: 2, consentDueOn: "2030-04-30", consentedEta: null });
    expect(second.text).toContain(
      "we need your answer by April 30, 2030: do you accept the new date, or do you want to cancel these items?",
    );
    expect(second.text).toContain("If we do not hear from you by then, we will review your order and contact you.");
    // The status page says the same, beside the two choices.
    const page = (await open(link(second, /See the status of your order/))).body;
    expect(page).toContain("we need your answer by April 30, 2030: accept the new date, or cancel the waiting items.");
    expect(page).toContain("If we do not hear from you by then, we will review your order and contact you.");
    expect(page).toContain("Accept the new date</button>");
    expect(page).toContain("Cancel the waiting items</button>");
    // Asking is audited, and the notice's audit row says it asked.
    const [asked] = await stack.db.auditEvent.findMany({
      where: { shop: TEST_SHOP, type: "delay.consent_requested", subject: mugOrder.id },
    });
    expect(JSON.parse(asked.data)).toEqual({ dueOn: "2030-04-30", lines: [(await mugLine()).lineItemId] });
    expect((await sentEmails(mugOrder.id)).at(-1)).toMatchObject({ kind: "date_moved", notice: "event", consentDueOn: "2030-04-30" });

    expect((await sweep("2030-04-30")).listed).toBe(0);
    expect((await sweep("2030-05-01")).listed).toBe(1);
    expect((await sweep("2030-05-02")).listed).toBe(0); // listed once
    const waiting = await unansweredDelays(stack.db, TEST_SHOP, new Date("2030-05-02T12:00:00Z"));
    expect(waiting.map((line) => [line.orderName, line.consentDueOn])).toEqual([[mugOrder.name, "2030-04-30"]]);
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "delay.unanswered", subject: mugOrder.id } })).toBe(1);
    expect(stack.sim.state.shop(TEST_SHOP).orders.get(mugOrder.id)!.cancelledAt).toBeNull();
  });

  it("cancels the unanswered order with a refund when the shop chose so", async () => {
    await saveRules(stack.db, TEST_SHOP, { unansweredDelay: "cancel", digestOn: false, digestHoldDays: 14, logoUrl: "" });
    expect((await sweep("2030-05-03")).cancelled).toBe(1);
    await stack.settle();
    const order = stack.sim.state.shop(TEST_SHOP).orders.get(mugOrder.id)!;
    expect(order.cancelledAt).not.toBeNull();
    expect(order.refunds).toHaveLength(1);
    expect((await mugLine()).state).toBe("cancelled");
    const [audit] = await stack.db.auditEvent.findMany({
      where: { shop: TEST_SHOP, type: "customer.cancelled_items", subject: mugOrder.id },
    });
    expect(JSON.parse(audit.data)).toMatchObject({ by: "delay rule", wholeOrder: true });
    // After the notice the sweep sent when April 30 passed.
    const cancelled = (await settleMail(5))[4];
    expect(cancelled.text).toContain(`These items from your order ${mugOrder.name} have been cancelled and refunded:`);
    expect(cancelled.text).toContain("The refund goes back to your original payment method.");
  });

  it("sends a notice every 30 days a line waits with no date", async () => {
    const order = stack.sim.state.placeOrder(TEST_SHOP, {
      email: "paul@example.com",
      lines: [{ sku: "TOWEL", quantity: 2 }],
      locationId: stack.location("Warehouse"),
    });
    await stack.settle();
    const line = await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: order.id } });
    expect(line.currentEta).toBeNull();
    const day = (days: number) => new Date(line.createdAt.getTime() + days * 86_400_000).toISOString().slice(0, 10);
    expect((await sweep(day(29))).notices).toBe(0);
    expect((await sweep(day(31))).notices).toBe(1);
    expect((await sweep(day(45))).notices).toBe(0);
    expect((await sweep(day(61))).notices).toBe(1);
    await stack.settle();
    const notices = await stack.db.customerMessage.findMany({ where: { shop: TEST_SHOP, orderId: order.id, kind: "date_moved" } });
    expect(notices.map((m) => [m.reason, m.status])).toEqual([
      ["waiting", "SENT"],
      ["waiting", "SENT"],
    ]);
    expect((await sentEmails(order.id)).filter((data) => data.kind === "date_moved").map((data) => data.notice)).toEqual([
      "waiting",
      "waiting",
    ]);
  });
});

describe("the merchant's daily digest", () => {
  it("goes to the shop's email once a day when on, with what needs a look", async () => {
    const context = { db: stack.db, cipher: tokenCipher(Buffer.alloc(32, 1)), fallback: smtpSettings(), linkKey: linkKeyFor(TEST_SECRET) };
    const now = new Date("2030-06-01T12:00:00Z");
    expect(await sendDigest(context, TEST_SHOP, now)).toBe("off");
    await saveRules(stack.db, TEST_SHOP, { unansweredDelay: "cancel", digestOn: true, digestHoldDays: 14, logoUrl: "" });
    const before = smtp.received.length;
    expect(await sendDigest(context, TEST_SHOP, now)).toBe("sent");
    expect(await sendDigest(context, TEST_SHOP, now)).toBe("already sent");
    expect(smtp.received.length).toBe(before + 1);
    const digest = (await mails()).at(-1)!;
    expect(digest.to && !Array.isArray(digest.to) ? digest.to.text : "").toBe("owner@maison-verte.example");
    expect(digest.subject).toMatch(/^Backorders to look at today: \d+$/);
    expect(digest.text).toContain("Held longer than 14 days");
    expect(digest.text).toContain("Linen towel");
  });
});

describe("the delay notice's cancel link", () => {
  it("asks first, then cancels the waiting items with a refund from the page it opens", async () => {
    const paul = "paul@example.com";
    const notice = (await mails()).filter((mail) => recipient(mail) === paul).at(-1)!;
    expect(notice.subject).toMatch(/: a new date for your backordered items$/);
    const cancel = link(notice, /cancel these items/);
    const { orderId } = await stack.db.customerMessage.findFirstOrThrow({ where: { shop: TEST_SHOP, recipient: paul } });
    const order = () => stack.sim.state.shop(TEST_SHOP).orders.get(orderId)!;

    // Following the link (as a mail scanner would) changes nothing: the page asks.
    const asked = await open(cancel);
    expect(asked.body).toContain("Cancel the items still waiting for stock?");
    expect(order().cancelledAt).toBeNull();

    const answer = await open(cancel, { intent: "cancel" });
    expect(answer.body).toContain("The waiting items were cancelled and refunded.");
    await stack.settle();
    expect(order().cancelledAt).not.toBeNull();
    expect(order().refunds).toHaveLength(1);
    const line = await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId } });
    expect(line.state).toBe("cancelled");
    const [audit] = await stack.db.auditEvent.findMany({ where: { shop: TEST_SHOP, type: "customer.cancelled_items", subject: orderId } });
    expect(JSON.parse(audit.data)).toMatchObject({ by: "customer", wholeOrder: true });
  });
});
