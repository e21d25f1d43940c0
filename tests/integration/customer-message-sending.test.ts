// The customer-email job, on a real database and a real SMTP server: a
// message is sent once however often its job runs, a transient refusal is
// retried until the last attempt and then shown as failed, a permanent one
// fails at once, and an unsubscribed customer or a switched-off kind is
// skipped, with each outcome in the audit trail; a delay notice asks for a
// second delay's consent only while its day has not passed.
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messageLinesColumn } from "~/notifications/message-lines";
import { setMessageOn } from "~/notifications/messages-on.server";
import { SEND_ATTEMPTS } from "~/notifications/outbox.server";
import { sendCustomerMessage, TransientSendError, type NotificationContext } from "~/notifications/send.server";
import { unsubscribe } from "~/notifications/status-page.server";
import { tokenCipher } from "~/shopify/token-cipher.server";
import { TEST_SHOP } from "../support/constants";
import { useFreshDatabase } from "../support/databases";
import { PASSWORD, startSmtpServer, USER } from "../support/smtp-server";

const database = useFreshDatabase();
type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;
let accepting: Smtp;
let greylisting: Smtp;
let refusing: Smtp;

const contextFor = (smtp: Smtp): NotificationContext => ({
  db: database.db,
  cipher: tokenCipher(Buffer.alloc(32, 7)),
  fallback: { host: "127.0.0.1", port: smtp.port, secure: false, user: USER, password: PASSWORD, from: "orders@maison-verte.example" },
  linkKey: Buffer.alloc(32, 9),
});

let next = 0;
async function pendingMessage(recipient: string | null = "camille@example.com", kind = "on_its_way") {
  next += 1;
  return database.db.customerMessage.create({
    data: {
      shop: TEST_SHOP,
      orderId: "gid://shopify/Order/42",
      orderName: "#1042",
      kind,
      dedupeKey: `${kind}:test:${next}`,
      lines: messageLinesColumn.encode([
        {
          lineItemId: "gid://shopify/LineItem/1",
          locationId: "gid://shopify/Location/1",
          title: "Stoneware mug",
          quantity: 2,
          date: null,
          placeInLine: null,
        },
      ]),
      recipient,
      locale: "fr-CA",
      customerFirstName: "Camille",
    },
  });
}

const reload = (id: number) => database.db.customerMessage.findFirstOrThrow({ where: { id, shop: TEST_SHOP } });
const audits = (type: string) => database.db.auditEvent.count({ where: { shop: TEST_SHOP, type } });

beforeAll(async () => {
  [accepting, greylisting, refusing] = await Promise.all([
    startSmtpServer(),
    startSmtpServer({ refuseWith: 451 }),
    startSmtpServer({ refuseWith: 550 }),
  ]);
  await database.db.shop.create({ data: { shop: TEST_SHOP, name: "Maison Verte", storefrontUrl: "https://maison-verte.example.com" } });
});

afterAll(() => Promise.all([accepting, greylisting, refusing].map((smtp) => smtp?.close())));

beforeEach(() => setMessageOn(database.db, TEST_SHOP, { kind: "on_its_way", on: true }));

describe("the customer-email job", () => {
  it("sends the message once, in the customer's language, however often the job runs", async () => {
    const message = await pendingMessage();
    const before = accepting.received.length;
    await sendCustomerMessage(contextFor(accepting), TEST_SHOP, message.id, 1);
    await sendCustomerMessage(contextFor(accepting), TEST_SHOP, message.id, 2);
    expect(accepting.received.length - before).toBe(1);
    const mail = await simpleParser(accepting.received[before].raw);
    expect(mail.subject).toBe("#1042 : vos articles sont en route");
    expect(mail.text).toContain("Bonjour Camille,");
    expect(mail.text).toContain("2 × Stoneware mug");
    expect(mail.html).toContain('href="https://maison-verte.example.com/apps/backorders/orders/42?token=');
    expect(await reload(message.id)).toMatchObject({ status: "SENT", lastError: null });
  });

  it("retries a transient refusal until the last attempt, then shows it as failed with the server's answer", async () => {
    const message = await pendingMessage();
    for (let attempt = 1; attempt < SEND_ATTEMPTS; attempt++) {
      await expect(sendCustomerMessage(contextFor(greylisting), TEST_SHOP, message.id, attempt)).rejects.toBeInstanceOf(TransientSendError);
      expect(await reload(message.id)).toMatchObject({ status: "PENDING", attempts: attempt });
    }
    await sendCustomerMessage(contextFor(greylisting), TEST_SHOP, message.id, SEND_ATTEMPTS);
    const failed = await reload(message.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.lastError).toMatch(/451/);
    expect(failed.lastError).toContain(`after ${SEND_ATTEMPTS} attempts`);
    expect(await audits("email.failed")).toBeGreaterThanOrEqual(1);
  });

  it("fails at once when the server refuses the message for good", async () => {
    const message = await pendingMessage();
    await sendCustomerMessage(contextFor(refusing), TEST_SHOP, message.id, 1);
    expect(await reload(message.id)).toMatchObject({ status: "FAILED", attempts: 0 });
  });

  it("asks for a second delay's consent by its day while it is due, and no more once that day has passed", async () => {
    await database.db.backorderLine.create({
      data: {
        shop: TEST_SHOP,
        orderId: "gid://shopify/Order/42",
        lineItemId: "gid://shopify/LineItem/1",
        locationId: "gid://shopify/Location/1",
        inventoryItemId: "gid://shopify/InventoryItem/1",
        quantity: 2,
        allocated: 0,
        backordered: 2,
        state: "backordered",
        delayNotices: 2,
        consentDueOn: "2030-04-30",
      },
    });
    const before = accepting.received.length;
    const onTheDay = await pendingMessage("camille@example.com", "date_moved");
    await sendCustomerMessage(contextFor(accepting), TEST_SHOP, onTheDay.id, 1, new Date("2030-04-30T12:00:00Z"));
    const dayAfter = await pendingMessage("camille@example.com", "date_moved");
    await sendCustomerMessage(contextFor(accepting), TEST_SHOP, dayAfter.id, 1, new Date("2030-05-01T12:00:00Z"));
    const [asked, notAsked] = await Promise.all(accepting.received.slice(before).map((mail) => simpleParser(mail.raw)));
    expect(asked.text).toContain("nous avons besoin de votre réponse d'ici le 30 avril 2030");
    expect(notAsked.text).not.toContain("nous avons besoin de votre réponse");
    const sent = await database.db.auditEvent.findMany({
      where: { shop: TEST_SHOP, type: "email.sent", data: { contains: '"kind":"date_moved"' } },
      orderBy: { id: "asc" },
    });
    expect(sent.map((event) => JSON.parse(event.data).consentDueOn)).toEqual(["2030-04-30", null]);
  });

  it("skips a customer who unsubscribed, an order without an email, and a kind switched off", async () => {
    const before = accepting.received.length;
    await unsubscribe(database.db, TEST_SHOP, "Gone@Example.com");
    const unsubscribed = await pendingMessage("gone@example.com");
    const noAddress = await pendingMessage(null);
    await sendCustomerMessage(contextFor(accepting), TEST_SHOP, unsubscribed.id, 1);
    await sendCustomerMessage(contextFor(accepting), TEST_SHOP, noAddress.id, 1);
    await setMessageOn(database.db, TEST_SHOP, { kind: "on_its_way", on: false });
    const switchedOff = await pendingMessage();
    await sendCustomerMessage(contextFor(accepting), TEST_SHOP, switchedOff.id, 1);
    expect(accepting.received.length).toBe(before);
    expect((await reload(unsubscribed.id)).lastError).toBe("the customer unsubscribed");
    expect((await reload(noAddress.id)).lastError).toBe("the order has no email address");
    expect((await reload(switchedOff.id)).lastError).toBe("this kind of message is switched off");
    expect(await audits("email.skipped")).toBe(3);
  });
});
