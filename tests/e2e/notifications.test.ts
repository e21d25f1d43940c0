import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { defaultTemplate } from "~/notifications/templates";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { launchChromium } from "../support/browser";
import { TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { root } from "../support/postgres";
import { PASSWORD, startSmtpServer, USER } from "../support/smtp-server";

// The Notifications page in Chromium, in the simulated admin, with a real
// SMTP server started here: the merchant enters the shop's server and saves
// it from the save bar, sends a test email that arrives, edits the backorder
// confirmation's subject and sees the preview follow, is refused with the
// line and column for bad Liquid, resets the template, and turns a message
// off. The app has no default server (no SMTP_* variables) in this store.
const artifacts = join(root, "test-results", "e2e");
let stack: TestStack;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  smtp = await startSmtpServer();
  stack = await startTestStack({ locations: [{ name: "Warehouse" }], products: [] });
  browser = await launchChromium();
  page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await smtp?.close();
});

async function openNotifications() {
  await page.goto(stack.adminUrl);
  await page.getByRole("link", { name: "Notifications", exact: true }).click();
  await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
}

const saveBar = () => page.locator("ui-save-bar[open]");
const previewSubject = () => page.getByTestId("preview-subject");
const previewBody = () => page.frameLocator('iframe[title="Email preview"]');

it("saves the shop's SMTP server with the password write-only, and a test email arrives through it", async () => {
  await openNotifications();
  await page.getByText("No email server is set up").waitFor();
  expect(await saveBar().count()).toBe(0);

  await page.getByLabel("SMTP host").fill("127.0.0.1");
  await page.getByLabel("Port").fill(String(smtp.port));
  await page.getByLabel("User name").fill(USER);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("From address").fill("not an address");
  await saveBar().getByRole("button", { name: "Save" }).click();
  // Refused at its field; nothing stored.
  await page.getByText("must be an email address, such as orders@example.com").waitFor();
  expect(await stack.db.smtpSettings.count()).toBe(0);

  await page.getByLabel("From address").fill("orders@maison-verte.example");
  await saveBar().getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").getByText("Email server saved").waitFor();
  const row = await stack.db.smtpSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  expect(row).toMatchObject({ host: "127.0.0.1", port: smtp.port, user: USER, fromAddress: "orders@maison-verte.example" });
  expect(row.password).not.toContain(PASSWORD);
  await expect.poll(() => saveBar().count()).toBe(0);

  // Opened again, the page says a password is set and never shows it.
  await openNotifications();
  await page.getByText("Set (stored encrypted)").waitFor();
  expect(await page.getByText("No email server is set up").count()).toBe(0);
  expect(await page.content()).not.toContain(PASSWORD);

  await page.getByLabel("Send a test email to").fill("camille@example.com");
  await page.getByRole("button", { name: "Send test email" }).click();
  await page.getByText("Sent to camille@example.com through your email server.", { exact: false }).waitFor();
  expect(smtp.received).toHaveLength(1);
  const [received] = smtp.received;
  expect(received.user).toBe(USER);
  expect(received.envelope.to).toEqual(["camille@example.com"]);
  const mail = await simpleParser(received.raw);
  expect(mail.subject).toMatch(/^Test email: #1042: some items are on backorder$/);
  expect(mail.from?.value).toEqual([{ address: "orders@maison-verte.example", name: expect.any(String) }]);
  expect(mail.html).toContain("Stoneware mug, blue");
  expect(mail.text).toContain("Stoneware mug, blue");
  await previewBody().getByText("Hi Camille,").waitFor();
  await page.screenshot({ path: join(artifacts, "notifications-email-server.png"), fullPage: true });
  expect(browserErrors).toEqual([]);
});

it("says the SMTP server's refusal in words when a test email cannot be sent", async () => {
  // The password replaced with a wrong one: the server refuses the login.
  await page.getByRole("button", { name: "Replace" }).click();
  await page.getByLabel("New password").fill("not-the-password");
  await saveBar().getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").getByText("Email server saved").waitFor();
  await page.getByLabel("Send a test email to").fill("camille@example.com");
  await page.getByRole("button", { name: "Send test email" }).click();
  await page.getByText("The test email was not sent").waitFor();
  expect(await page.getByText(`The SMTP server 127.0.0.1:${smtp.port} refused the user name or password`, { exact: false }).count()).toBe(
    1,
  );
  expect(smtp.received).toHaveLength(1);
  expect(browserErrors).toEqual([]);
});

it("edits the confirmation's subject with a live preview, refuses bad Liquid with its line and column, and resets to the default", async () => {
  await openNotifications();
  const original = defaultTemplate("backorder_confirmation", "en");
  await expect.poll(() => previewSubject().textContent()).toBe("#1042: some items are on backorder");
  expect(await page.getByLabel("Subject").inputValue()).toBe(original.subject);

  await page.getByLabel("Subject").fill("{{ order.name }}: {{ customer.first_name }}, your items are coming");
  await expect.poll(() => previewSubject().textContent()).toBe("#1042: Camille, your items are coming");
  // The rendered message carries the subject as its title.
  await expect
    .poll(() => page.locator('iframe[title="Email preview"]').getAttribute("srcdoc"))
    .toContain("<title>#1042: Camille, your items are coming</title>");
  await page.getByRole("button", { name: "Save template" }).click();
  await page.getByRole("status").getByText("Template saved").waitFor();
  const stored = await stack.db.emailTemplate.findUniqueOrThrow({
    where: { shop_kind_language: { shop: TEST_SHOP, kind: "backorder_confirmation", language: "en" } },
  });
  expect(stored).toMatchObject({ subject: "{{ order.name }}: {{ customer.first_name }}, your items are coming", body: original.body });

  await page.getByLabel("Body (HTML)").fill("<p>Hello</p>\n<p>{% if customer.first_name %}{{ customer.first_name }}</p>");
  // Unsaved, the edit keeps its template: another message cannot be picked until it is saved or discarded.
  expect(await page.getByLabel("Message").isDisabled()).toBe(true);
  await page.getByRole("button", { name: "Save template" }).click();
  const refusal = page.getByText("Not saved: the template has an error");
  await refusal.waitFor();
  expect(await page.getByText(/Body: line 2, column 4: tag \{% if customer\.first_name %\} not closed/).count()).toBe(1);
  await page.screenshot({ path: join(artifacts, "notifications-template-error.png"), fullPage: true });
  expect((await stack.db.emailTemplate.findFirstOrThrow({ where: { shop: TEST_SHOP } })).body).toBe(original.body);

  await page.getByRole("button", { name: "Reset to default" }).click();
  await page.getByRole("status").getByText("Template reset to default").waitFor();
  expect(await page.getByLabel("Message").isDisabled()).toBe(false);
  expect(await stack.db.emailTemplate.count({ where: { shop: TEST_SHOP } })).toBe(0);
  await expect.poll(() => page.getByLabel("Subject").inputValue()).toBe(original.subject);
  expect(await page.getByLabel("Body (HTML)").inputValue()).toBe(original.body);
  await expect.poll(() => previewSubject().textContent()).toBe("#1042: some items are on backorder");
  await previewBody().getByText("Thank you for your order #1042.", { exact: false }).waitFor();
  await page.screenshot({ path: join(artifacts, "notifications.png"), fullPage: true });
  expect(browserErrors).toEqual([]);
});

it("turns one kind of message off and keeps it off", async () => {
  await openNotifications();
  const onItsWay = page.getByRole("checkbox", { name: "On its way" });
  expect(await onItsWay.isChecked()).toBe(true);
  await onItsWay.uncheck();
  await page.getByRole("status").getByText("On its way: turned off").waitFor();
  const settings = await stack.db.notificationSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } });
  expect(JSON.parse(settings.messagesOn)).toMatchObject({ on_its_way: false, backorder_confirmation: true });

  await openNotifications();
  expect(await page.getByRole("checkbox", { name: "On its way" }).isChecked()).toBe(false);
  expect(await page.getByRole("checkbox", { name: "Backorder confirmation" }).isChecked()).toBe(true);
  expect(browserErrors).toEqual([]);
});
