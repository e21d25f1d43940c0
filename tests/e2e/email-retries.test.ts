// A customer email the SMTP server keeps refusing for now (451), sent by the
// built app's own job runner: the runner tries it again with growing waits
// (the first shortened by JOBS_RETRY_SECONDS), and after the last attempt the
// message is failed, with the server's answer, on the Notifications page and
// in the order's Activity.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SEND_ATTEMPTS } from "~/notifications/outbox.server";
import { BROWSER_USER_AGENT } from "../../sim/app-process";
import { launchChromium } from "../support/browser";
import { TEST_SHOP } from "../support/constants";
import { startTestStack, type TestStack } from "../support/engine-harness";
import { appSmtpEnv, startSmtpServer } from "../support/smtp-server";

const FIRST_RETRY_MS = 100;
let stack: TestStack;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  smtp = await startSmtpServer({ refuseWith: 451 });
  stack = await startTestStack(
    {
      name: "Maison Verte",
      locations: [{ name: "Warehouse" }],
      products: [{ title: "Stoneware mug", variants: [{ sku: "MUG", inventoryPolicy: "CONTINUE", stock: { Warehouse: 0 } }] }],
    },
    { ...appSmtpEnv(smtp), JOBS_RETRY_SECONDS: String(FIRST_RETRY_MS / 1000) },
  );
  browser = await launchChromium();
  page = await browser.newPage({ userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await smtp?.close();
});

it("retries a refused email with growing waits, then shows it failed with the server's answer", async () => {
  const camille = "camille@example.com";
  const order = stack.sim.state.placeOrder(TEST_SHOP, {
    email: camille,
    lines: [{ sku: "MUG", quantity: 1 }],
    locationId: stack.location("Warehouse"),
  });
  await stack.settle();

  // Each attempt reached the server; each wait was at least half its doubling ceiling (the jitter's floor).
  const tries = smtp.refused.filter((r) => r.to === camille).map((r) => r.at);
  expect(tries).toHaveLength(SEND_ATTEMPTS);
  const waits = tries.slice(1).map((at, i) => at - tries[i]);
  waits.forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual((FIRST_RETRY_MS * 2 ** i) / 2));
  expect(smtp.received).toEqual([]);

  const message = await stack.db.customerMessage.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: order.id } });
  expect(message).toMatchObject({ kind: "backorder_confirmation", status: "FAILED", attempts: SEND_ATTEMPTS });
  expect(message.lastError).toContain("451");
  expect(message.lastError).toContain(`(after ${SEND_ATTEMPTS} attempts)`);
  const job = await stack.db.job.findFirstOrThrow({ where: { shop: TEST_SHOP, name: "customer-email.send" } });
  expect(job).toMatchObject({ status: "DONE", attempts: SEND_ATTEMPTS });

  await page.goto(stack.adminUrl);
  await page.getByRole("link", { name: "Notifications", exact: true }).click();
  await page.getByRole("heading", { name: "Latest emails" }).waitFor();
  await page.getByText(`${order.name}: Backorder confirmation`).waitFor();
  await page.getByText("Failed", { exact: true }).waitFor();
  await page.getByText(`(after ${SEND_ATTEMPTS} attempts)`, { exact: false }).waitFor();

  await page.getByRole("link", { name: "Activity", exact: true }).click();
  await page.getByText(`Could not send the backorder confirmation email for order ${order.name}`).waitFor();
});
