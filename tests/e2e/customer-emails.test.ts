// Customers are told, end to end: the built app against the simulated store,
// sending through a real SMTP server (smtp-server) read back as a mail client
// would (mailparser). An order goes on backorder and the confirmation
// arrives; the merchant moves the incoming stock's date and the delay notice
// arrives; the stock is received and "on its way" arrives; each once.
import { simpleParser, type ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestReconcile } from "~/engine/requests.server";
import { moveSupply, recordSupply } from "~/engine/supply.server";
import { TEST_SHOP } from "../support/constants";
import { startStore, type Store } from "../support/engine-harness";
import { PASSWORD, startSmtpServer, USER } from "../support/smtp-server";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let store: Store;

beforeAll(async () => {
  smtp = await startSmtpServer();
  store = await startStore(
    {
      name: "Maison Verte",
      locations: [{ name: "Warehouse" }],
      products: [
        { title: "Stoneware mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
        { title: "Linen towel", variants: [{ sku: "TOWEL", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
        { title: "Tea spoon", variants: [{ sku: "SPOON", inventoryPolicy: "DENY", stock: { Warehouse: 10 } }] },
      ],
      customers: [{ firstName: "Camille", lastName: "Durand", email: "camille@example.com" }],
    },
    {
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: "false",
      SMTP_USER: USER,
      SMTP_PASSWORD: PASSWORD,
      SMTP_FROM: "orders@maison-verte.example",
    },
  );
});

afterAll(async () => {
  await store?.stop();
  await smtp?.close();
});

const mails = (): Promise<ParsedMail[]> => Promise.all(smtp.received.map((m) => simpleParser(m.raw)));

/** Waits for the app's jobs, then for the count of messages the SMTP server holds to reach `count`. */
async function settleMail(count: number) {
  await store.settle();
  const deadline = Date.now() + 10_000;
  while (smtp.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return mails();
}

describe("customer emails from the engine's events", () => {
  let orderId: string;

  it("sends one backorder confirmation for the order's waiting lines, with both parts, the date and working links", async () => {
    const warehouse = store.location("Warehouse");
    await recordSupply(store.changes, TEST_SHOP, {
      inventoryItemId: store.variant("MUG").inventoryItemId,
      locationId: warehouse,
      quantity: 5,
      expectedOn: "2030-03-15",
    });
    await store.settle();
    const order = store.sim.state.placeOrder(TEST_SHOP, {
      email: "camille@example.com",
      customer: { email: "camille@example.com", firstName: "Camille" },
      lines: [
        { sku: "MUG", quantity: 2 },
        { sku: "TOWEL", quantity: 1 },
        { sku: "SPOON", quantity: 3 },
      ],
      locationId: warehouse,
    });
    orderId = order.id;
    const [mail, ...more] = await settleMail(1);
    expect(more).toEqual([]);
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe("camille@example.com");
    expect(mail.subject).toBe(`${order.name}: some items are on backorder`);
    expect(mail.from?.value[0]).toMatchObject({ name: "Maison Verte", address: "orders@maison-verte.example" });
    // One message for both waiting lines, none for the spoon in stock.
    expect(mail.text).toContain("Hi Camille,");
    expect(mail.text).toContain("2 × Stoneware mug");
    expect(mail.text).toContain("expected by March 15, 2030");
    expect(mail.text).toContain("1 × Linen towel: we will tell you the date as soon as we know it");
    expect(mail.text).not.toContain("Tea spoon");
    expect(mail.html).toContain("<li>2 × Stoneware mug");
    const storefront = store.sim.storefrontUrl(TEST_SHOP);
    const statusLink = /href="([^"]+)"[^>]*>See the status of your order/.exec(mail.html || "")?.[1].replace(/&amp;/g, "&");
    expect(statusLink).toMatch(new RegExp(`^${storefront}/apps/backorders/orders/${order.id.split("/").pop()}\\?token=`));
    const unsubscribe = mail.headerLines.find((h) => h.key === "list-unsubscribe")?.line.replace(/\s+/g, "");
    expect(unsubscribe).toContain(`<${storefront}/apps/backorders/unsubscribe?token=`);

    const [message] = await store.db.customerMessage.findMany({ where: { shop: TEST_SHOP } });
    expect(message).toMatchObject({ kind: "backorder_confirmation", status: "SENT", recipient: "camille@example.com", orderId });
    expect(message.sentAt).not.toBeNull();
  });

  it("sends the delay notice when the merchant moves the incoming stock's date, with links to accept or cancel", async () => {
    const supply = await store.db.inboundSupply.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    await moveSupply(store.changes, TEST_SHOP, supply.id, "2030-04-02");
    const received = await settleMail(2);
    expect(received).toHaveLength(2);
    const notice = received[1];
    expect(notice.subject).toMatch(/: a new date for your backordered items$/);
    expect(notice.text).toContain("has moved from March 15, 2030 to April 2, 2030");
    expect(notice.text).toContain("2 × Stoneware mug");
    expect(notice.text).not.toContain("Linen towel");
    expect(notice.html).toMatch(/href="[^"]+&amp;do=accept"/);
    expect(notice.html).toMatch(/href="[^"]+&amp;do=cancel"/);
    const line = await store.db.backorderLine.findFirstOrThrow({
      where: { shop: TEST_SHOP, inventoryItemId: store.variant("MUG").inventoryItemId },
    });
    expect(line.delayNotices).toBe(1);
    expect(line.consentDueOn).toBeNull();
  });

  it("sends 'on its way' when the stock is received, and nothing twice when the shop is planned again", async () => {
    store.sim.state.receiveStock(TEST_SHOP, {
      inventoryItemId: store.variant("MUG").inventoryItemId,
      locationId: store.location("Warehouse"),
      quantity: 5,
    });
    const received = await settleMail(3);
    expect(received).toHaveLength(3);
    expect(received[2].subject).toMatch(/: your backordered items are on their way$/);
    expect(received[2].text).toContain("2 × Stoneware mug");

    await requestReconcile(store.db, TEST_SHOP, true);
    await store.changes.jobs.notify(TEST_SHOP);
    await settleMail(4);
    expect(smtp.received).toHaveLength(3);
    const kinds = await store.db.customerMessage.findMany({ where: { shop: TEST_SHOP }, orderBy: { id: "asc" } });
    expect(kinds.map((m) => [m.kind, m.status])).toEqual([
      ["backorder_confirmation", "SENT"],
      ["date_moved", "SENT"],
      ["on_its_way", "SENT"],
    ]);
  });
});
