// Customers are told, end to end: the built app against the simulated store,
// sending through a real SMTP server (smtp-server) read back as a mail client
// would (mailparser), and the customer's status page reached from an email's
// link through the simulated storefront's app proxy, signed as Shopify signs.
// An order goes on backorder and the confirmation arrives; the merchant
// moves the incoming stock's date and the delay notice arrives; the customer
// accepts the new date; another customer cancels, and the store's order
// loses the items with a refund the cancelled email names; a cancel sent
// twice removes and refunds once; a customer who cancels the waiting units
// of a line partly in stock is told they were cancelled, not that they are on
// their way; an order the merchant cancels without a refund is told no refund; the stock is received and "on its way" arrives;
// each once. Links that were altered, expired, or name another order are
// refused and change nothing. A customer who follows the unsubscribe link
// gets no more: the next email shows as not sent. A French customer's status
// page is in French, as their emails are.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestReconcile } from "~/engine/requests.server";
import { moveSupply, recordSupply } from "~/engine/supply.server";
import { linkKeyFor, signLink } from "~/notifications/links";
import { signedProxyQuery } from "../../sim/storefront/app-proxy";
import { launchChromium } from "../support/browser";
import { TEST_SECRET, TEST_SHOP } from "../support/constants";
import { followLink, link, recipient, tamper } from "../support/customer-mail";
import { root } from "../support/databases";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { appSmtpEnv, startSmtpServer } from "../support/smtp-server";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let stack: TestStack;
let browser: Browser | undefined;
const artifacts = join(root, "test-results", "e2e");

beforeAll(async () => {
  smtp = await startSmtpServer();
  stack = await startTestStack(
    {
      name: "Maison Verte",
      locations: [{ name: "Warehouse" }],
      products: [
        { title: "Stoneware mug", variants: [{ sku: "MUG", price: "18.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
        { title: "Linen towel", variants: [{ sku: "TOWEL", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] },
        { title: "Tea spoon", variants: [{ sku: "SPOON", price: "4.00", inventoryPolicy: "DENY", stock: { Warehouse: 10 } }] },
        { title: "Beeswax candle", variants: [{ sku: "CANDLE", price: "12.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 2 } }] },
        { title: "Oak coaster", variants: [{ sku: "COASTER", price: "6.00", inventoryPolicy: "CONTINUE", stock: { Warehouse: 1 } }] },
      ],
    },
    appSmtpEnv(smtp),
  );
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await smtp?.close();
});

const parsed = new Map<number, ParsedMail>();
async function mails(): Promise<ParsedMail[]> {
  for (let i = parsed.size; i < smtp.received.length; i++) parsed.set(i, await simpleParser(smtp.received[i].raw));
  return [...parsed.values()];
}

/** Waits for the app's jobs, then for `count` messages to `to` (at most 10 s more); returns them all. */
async function mailsTo(to: string, count: number) {
  await stack.settle();
  const deadline = Date.now() + 10_000;
  while ((await mails()).filter((m) => recipient(m) === to).length < count && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await mails()).filter((m) => recipient(m) === to);
}

const open = (url: string, form?: Record<string, string>) => followLink(stack.sim, TEST_SHOP, url, form);

/** The merchant records incoming stock for the warehouse. */
const incoming = (sku: string, quantity: number, expectedOn: string) =>
  recordSupply(stack.changes, TEST_SHOP, {
    inventoryItemId: stack.variant(sku).inventoryItemId,
    locationId: stack.location("Warehouse"),
    quantity,
    expectedOn,
  });

/** A customer orders from the warehouse. */
const orderOf = (email: string, firstName: string, lines: Array<{ sku: string; quantity: number }>) =>
  stack.sim.state.placeOrder(TEST_SHOP, { email, customer: { email, firstName }, lines, locationId: stack.location("Warehouse") });

const camille = "camille@example.com";
const noah = "noah@example.com";

describe("customer emails and the status page", () => {
  let camilleOrder: { id: string; name: string };

  it("sends one backorder confirmation for the order's waiting lines, with both parts, the date and working links", async () => {
    await incoming("MUG", 5, "2030-03-15");
    await stack.settle();
    camilleOrder = orderOf(camille, "Camille", [
      { sku: "MUG", quantity: 2 },
      { sku: "TOWEL", quantity: 1 },
      { sku: "SPOON", quantity: 3 },
    ]);
    const [mail, ...more] = await mailsTo(camille, 1);
    expect(more).toEqual([]);
    expect(mail.subject).toBe(`${camilleOrder.name}: some items are on backorder`);
    expect(mail.from?.value[0]).toMatchObject({ name: "Maison Verte", address: "orders@maison-verte.example" });
    // One message for both waiting lines, none for the spoon in stock.
    expect(mail.text).toContain("Hi Camille,");
    expect(mail.text).toContain("2 × Stoneware mug");
    expect(mail.text).toContain("expected by March 15, 2030");
    expect(mail.text).toContain("1 × Linen towel: we will tell you the date as soon as we know it");
    expect(mail.text).not.toContain("Tea spoon");
    expect(mail.html).toContain("<li>2 × Stoneware mug");
    const storefront = stack.sim.storefrontUrl(TEST_SHOP);
    const status = link(mail, /See the status of your order/);
    expect(status).toMatch(new RegExp(`^${storefront}/apps/backorders/orders/${camilleOrder.id.split("/").pop()}\\?token=`));
    const unsubscribe = mail.headerLines.find((h) => h.key === "list-unsubscribe")?.line.replace(/\s+/g, "");
    expect(unsubscribe).toContain(`<${storefront}/apps/backorders/unsubscribe?token=`);

    // The link works: the status page, in the shop's theme, lists the waiting items.
    const page = await open(status);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>"); // the theme's layout around the app's page
    expect(page.body).toContain(`Order ${camilleOrder.name}`);
    expect(page.body).toMatch(/2 × Stoneware mug<\/td><td [^>]*>Waiting for stock, expected by March 15, 2030, number 1 in line/);

    const [message] = await stack.db.customerMessage.findMany({ where: { shop: TEST_SHOP } });
    expect(message).toMatchObject({ kind: "backorder_confirmation", status: "SENT", recipient: camille, orderId: camilleOrder.id });
  });

  it("sends the delay notice when the merchant moves the incoming stock's date; the customer accepts the new date", async () => {
    const supply = await stack.db.inboundSupply.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    await moveSupply(stack.changes, TEST_SHOP, supply.id, "2030-04-02");
    const received = await mailsTo(camille, 2);
    expect(received).toHaveLength(2);
    const notice = received[1];
    expect(notice.subject).toMatch(/: a new date for your backordered items$/);
    expect(notice.text).toContain("has moved from March 15, 2030 to April 2, 2030");
    expect(notice.text).toContain("2 × Stoneware mug");
    expect(notice.text).not.toContain("Linen towel");
    // Shopify Flow is told too, so a merchant's workflow can act on it.
    expect(stack.sim.state.shop(TEST_SHOP).flowTriggers.map((t) => [t.handle, t.payload])).toEqual([
      [
        "backorder-date-moved",
        {
          order_id: Number(camilleOrder.id.split("/").pop()),
          "Old date": "2030-03-15",
          "New date": "2030-04-02",
          Items: "2 × Stoneware mug",
        },
      ],
    ]);

    // Following the link shows the page with the button; only posting it accepts.
    const accept = link(notice, /I accept the new date/);
    expect((await open(accept)).body).toContain("Accept the new date");
    const mug = () =>
      stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, inventoryItemId: stack.variant("MUG").inventoryItemId } });
    expect(await mug()).toMatchObject({ delayNotices: 1, consentedEta: null });
    const answer = await open(accept, { intent: "accept" });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("you accepted the new date");
    expect(await mug()).toMatchObject({ consentedEta: "2030-04-02", consentDueOn: null });
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "customer.accepted_date", subject: camilleOrder.id } })).toBe(
      1,
    );
  });

  it("lets another customer cancel the waiting items: the store's order loses them with a refund, the hold goes, and the cancellation is emailed", async () => {
    const order = orderOf(noah, "Noah", [
      { sku: "MUG", quantity: 1 },
      { sku: "SPOON", quantity: 2 },
    ]);
    const [confirmation] = await mailsTo(noah, 1);
    const status = link(confirmation, /See the status of your order/);
    const answer = await open(status, { intent: "cancel" });
    expect(answer.body).toContain("The waiting items were cancelled and 18.00 USD refunded.");
    await stack.settle();

    const inStore = stack.sim.state.shop(TEST_SHOP).orders.get(order.id)!;
    const mugLine = inStore.lineItems.find((l) => stack.sim.state.shop(TEST_SHOP).variants.get(l.variantId)?.sku === "MUG")!;
    expect(mugLine.currentQuantity).toBe(0);
    expect(inStore.refunds).toHaveLength(1);
    expect(inStore.cancelledAt).toBeNull(); // the spoons still ship
    const line = await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: order.id } });
    expect(line.state).toBe("cancelled");
    const holds = await stack.db.appHold.findMany({
      where: { shop: TEST_SHOP, fulfillmentOrderId: { in: stack.fulfillmentOrdersOf(order.id).map((fo) => fo.id) } },
    });
    expect(holds.every((h) => h.status !== "ACTIVE")).toBe(true);
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "customer.cancelled_items", subject: order.id } })).toBe(1);

    const [, cancelled] = await mailsTo(noah, 2);
    expect(cancelled.subject).toBe(`${order.name}: items cancelled`);
    expect(cancelled.text).toContain(`These items from your order ${order.name} have been cancelled and refunded:`);
    expect(cancelled.text).toContain("1 × Stoneware mug");
    expect(cancelled.text).toContain("We refunded 18.00 USD to your original payment method.");
  });

  it("tells a customer whose order the merchant cancelled without a refund that the items were cancelled, and no more", async () => {
    const marc = "marc@example.com";
    const order = orderOf(marc, "Marc", [{ sku: "TOWEL", quantity: 1 }]);
    await mailsTo(marc, 1);
    stack.sim.state.cancelOrder(TEST_SHOP, { orderId: order.id, refund: false });
    const [, cancelled] = await mailsTo(marc, 2);
    expect(cancelled.subject).toBe(`${order.name}: items cancelled`);
    expect(cancelled.text).toContain(`These items from your order ${order.name} have been cancelled:`);
    expect(cancelled.text).toContain("1 × Linen towel");
    expect(cancelled.text).not.toMatch(/refund/i);
  });

  it("removes and refunds the waiting units once when the customer cancels twice before the store's change comes back", async () => {
    const lea = "lea@example.com";
    const order = orderOf(lea, "Léa", [{ sku: "CANDLE", quantity: 4 }]);
    const [confirmation] = await mailsTo(lea, 1);
    expect(confirmation.text).toContain("2 × Beeswax candle");
    const status = link(confirmation, /See the status of your order/);
    // The store's webhooks about the edit and its refund come late: the app still sees two units waiting when the second cancel arrives.
    stack.sim.webhooks.injectFaults([
      { kind: "delay", topic: "orders/edited", ms: 1000 },
      { kind: "delay", topic: "orders/updated", ms: 1000, count: 2 },
      { kind: "delay", topic: "inventory_levels/update", ms: 1000 },
    ]);
    const first = await open(status, { intent: "cancel" });
    const second = await open(status, { intent: "cancel" });
    expect(first.body).toContain("The waiting items were cancelled and 24.00 USD refunded.");
    expect(second.body).toContain("Your order changed a moment ago, so nothing was cancelled this time.");
    await stack.settle();
    expect(stack.sim.webhooks.deliveries.filter((d) => d.fault === "delay")).toHaveLength(4);

    const inStore = stack.sim.state.shop(TEST_SHOP).orders.get(order.id)!;
    expect(inStore.lineItems[0].currentQuantity).toBe(2); // the two in stock still ship
    expect(inStore.refunds).toHaveLength(1);
    expect(await stack.db.auditEvent.count({ where: { shop: TEST_SHOP, type: "customer.cancelled_items", subject: order.id } })).toBe(1);
    // Caught up, the app has nothing waiting to cancel.
    expect((await open(status, { intent: "cancel" })).body).toContain("No items are waiting any more");
  });

  it("tells a customer who cancels the waiting units of a line partly in stock that they were cancelled, not that they are on their way", async () => {
    const ines = "ines@example.com";
    const order = orderOf(ines, "Inès", [{ sku: "COASTER", quantity: 3 }]);
    const [confirmation] = await mailsTo(ines, 1);
    expect(confirmation.text).toContain("2 × Oak coaster");
    const answer = await open(link(confirmation, /See the status of your order/), { intent: "cancel" });
    expect(answer.body).toContain("The waiting items were cancelled and 12.00 USD refunded.");
    const [, cancelled, ...more] = await mailsTo(ines, 2);
    expect(more).toEqual([]);
    expect(cancelled.subject).toBe(`${order.name}: items cancelled`);
    expect(cancelled.text).toContain(`These items from your order ${order.name} have been cancelled and refunded:`);
    expect(cancelled.text).toContain("2 × Oak coaster");
    expect(cancelled.text).toContain("We refunded 12.00 USD to your original payment method.");
    // The coaster in stock still ships.
    expect(stack.sim.state.shop(TEST_SHOP).orders.get(order.id)!.lineItems[0].currentQuantity).toBe(1);
    const messages = await stack.db.customerMessage.findMany({ where: { shop: TEST_SHOP, orderId: order.id }, orderBy: { id: "asc" } });
    expect(messages.map((m) => m.kind)).toEqual(["backorder_confirmation", "cancelled"]);
  });

  it("refuses a link that was altered, has expired, or names another order, and a request not signed by the shop; nothing changes", async () => {
    const [confirmation] = await mailsTo(camille, 1);
    const status = new URL(link(confirmation, /See the status of your order/));
    const token = status.searchParams.get("token")!;
    const before = await stack.db.backorderLine.findMany({ where: { shop: TEST_SHOP }, orderBy: { id: "asc" } });

    const altered = await open(`${status.origin}${status.pathname}?token=${tamper(token)}`, { intent: "cancel" });
    expect(altered.status).toBe(403);
    expect(altered.body).toContain("This link is not valid");

    const noahOrder = (await stack.db.backorderLine.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: { not: camilleOrder.id } } }))
      .orderId;
    const otherOrder = await open(`${status.origin}/apps/backorders/orders/${noahOrder.split("/").pop()}?token=${token}`, {
      intent: "cancel",
    });
    expect(otherOrder.status).toBe(403);
    expect(otherOrder.body).toContain("This link is for another order.");

    const expiredToken = signLink(linkKeyFor(TEST_SECRET), {
      shop: TEST_SHOP,
      orderId: camilleOrder.id.split("/").pop()!,
      email: "",
      expiresAt: new Date(Date.now() - 1000),
    });
    const expired = await open(`${status.origin}${status.pathname}?token=${expiredToken}`, { intent: "cancel" });
    expect(expired.status).toBe(410);
    expect(expired.body).toContain("This link has expired");

    // Straight to the app, signed with another secret: not from the shop.
    const forged = signedProxyQuery(
      `token=${token}`,
      { shop: TEST_SHOP, loggedInCustomerId: "", pathPrefix: "/apps/backorders", timestamp: Math.floor(Date.now() / 1000) },
      "not-the-secret",
    );
    const direct = await fetch(`${stack.app.url}/proxy${status.pathname.replace("/apps/backorders", "")}?${forged}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "cancel" }),
    });
    expect(direct.status).toBe(401);
    expect(await direct.text()).toContain("signature does not match");

    expect(await stack.db.backorderLine.findMany({ where: { shop: TEST_SHOP }, orderBy: { id: "asc" } })).toEqual(before);
    expect(stack.sim.state.shop(TEST_SHOP).orders.get(camilleOrder.id)!.refunds).toEqual([]);
  });

  it("shows a person the delay notice and, from its link, the status page in the shop's theme", async () => {
    const notice = (await mailsTo(camille, 2))[1];
    mkdirSync(artifacts, { recursive: true });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    await page.setContent(notice.html || "");
    await expect(page.getByText("has moved from March 15, 2030 to April 2, 2030").isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "customer-email.png"), fullPage: true });

    await page.goto(link(notice, /See the status of your order/));
    await expect(page.getByRole("heading", { name: `Order ${camilleOrder.name}` }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Waiting for stock, expected by April 2, 2030").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Cancel the waiting items" }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "status-page.png"), fullPage: true });
  });

  it("sends 'on its way' when the stock is received, and nothing twice when the shop is planned again", async () => {
    stack.sim.state.receiveStock(TEST_SHOP, {
      inventoryItemId: stack.variant("MUG").inventoryItemId,
      locationId: stack.location("Warehouse"),
      quantity: 5,
    });
    const received = await mailsTo(camille, 3);
    expect(received).toHaveLength(3);
    expect(received[2].subject).toMatch(/: your backordered items are on their way$/);
    expect(received[2].text).toContain("2 × Stoneware mug");
    expect(stack.sim.state.shop(TEST_SHOP).flowTriggers.at(-1)).toMatchObject({
      handle: "backorder-released",
      payload: { order_id: Number(camilleOrder.id.split("/").pop()), Items: "2 × Stoneware mug" },
    });

    const sent = smtp.received.length;
    await requestReconcile(stack.db, TEST_SHOP, true);
    await stack.changes.jobs.notify(TEST_SHOP);
    await stack.settle();
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received).toHaveLength(sent);
    const messages = await stack.db.customerMessage.findMany({ where: { shop: TEST_SHOP, recipient: camille }, orderBy: { id: "asc" } });
    expect(messages.map((m) => [m.kind, m.status])).toEqual([
      ["backorder_confirmation", "SENT"],
      ["date_moved", "SENT"],
      ["on_its_way", "SENT"],
    ]);
  });

  it("stops the emails to a customer who follows the unsubscribe link, and shows the next one as not sent", async () => {
    const [, , onItsWay] = await mailsTo(camille, 3);
    const unsubscribe = link(onItsWay, /Unsubscribe from these emails/);
    expect(onItsWay.headerLines.find((h) => h.key === "list-unsubscribe")?.line.replace(/\s+/g, "")).toContain(`<${unsubscribe}>`);
    // Opening the link only asks; the button unsubscribes.
    const asked = await open(unsubscribe);
    expect(asked.status).toBe(200);
    expect(asked.body).toContain("Stop backorder emails from Maison Verte?");
    expect(await stack.db.emailUnsubscribe.count({ where: { shop: TEST_SHOP } })).toBe(0);
    const done = await open(unsubscribe, {});
    expect(done.body).toContain("You will get no more backorder emails from Maison Verte.");
    expect(await stack.db.emailUnsubscribe.findMany({ where: { shop: TEST_SHOP }, select: { email: true } })).toEqual([{ email: camille }]);

    // The towel she still waits for gets a date: the email is written, and not sent.
    await incoming("TOWEL", 3, "2030-05-01");
    await stack.settle();
    const next = await stack.db.customerMessage.findFirstOrThrow({
      where: { shop: TEST_SHOP, recipient: camille },
      orderBy: { id: "desc" },
    });
    expect(next).toMatchObject({ kind: "date_moved", newDate: "2030-05-01", status: "SKIPPED", lastError: "the customer unsubscribed" });
    expect((await mails()).filter((mail) => recipient(mail) === camille)).toHaveLength(3);
    const [skipped] = await stack.db.auditEvent.findMany({ where: { shop: TEST_SHOP, type: "email.skipped", subject: camilleOrder.id } });
    expect(JSON.parse(skipped.data)).toMatchObject({ kind: "date_moved", message: next.id, reason: "the customer unsubscribed" });
  });

  it("shows a French customer the status page in French, dates written as in France, as the French email; a refused link speaks the browser's language", async () => {
    const chloe = "chloe@example.com";
    const order = stack.sim.state.placeOrder(TEST_SHOP, {
      email: chloe,
      customer: { email: chloe, firstName: "Chloé" },
      customerLocale: "fr",
      lines: [{ sku: "TOWEL", quantity: 1 }],
      locationId: stack.location("Warehouse"),
    });
    const [confirmation] = await mailsTo(chloe, 1);
    expect(confirmation.subject).toBe(`${order.name} : certains articles sont en réapprovisionnement`);
    expect(confirmation.text).toContain("prévu pour le 1 mai 2030");

    const status = link(confirmation, /Voir le suivi de votre commande/);
    const page = await open(status);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div lang="fr"');
    expect(page.body).toContain(`<h1>Commande ${order.name}</h1>`);
    expect(page.body).toMatch(/1 × Linen towel<\/td><td [^>]*>En attente de stock, prévu pour le 1 mai 2030/);
    expect(page.body).toContain("Nous vous avons informé que ces articles étaient en réapprovisionnement");
    expect(page.body).toContain("Annuler les articles en attente</button>");
    expect((await open(status, { intent: "cancel" })).body).toContain("Les articles en attente ont été annulés");

    // A tampered link names no order to trust: the page speaks the browser's language.
    const { origin, pathname, searchParams } = new URL(status);
    const token = searchParams.get("token")!;
    const tampered = `${origin}${pathname}?token=${tamper(token)}`;
    const refused = await followLink(stack.sim, TEST_SHOP, tampered, undefined, "fr-FR,fr;q=0.9,en;q=0.8");
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("Ce lien n’est pas valide.");
    expect((await open(tampered)).body).toContain("This link is not valid.");
  });
});
