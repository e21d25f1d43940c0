// The customer's order status page, through the shop's app proxy
// (/apps/backorders/orders/<id>?token=… on the online store): Shopify signs
// each request, and the email's token says which order it may show.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import { cancelNotice, messagePageHtml, statusPageHtml, type Notice } from "~/notifications/status-html";
import { acceptNewDate, cancelWaitingItems, checkLink, isRefusal, orderStatus } from "~/notifications/status-page.server";
import { notifications } from "~/server/notifications.server";
import { storeGateway } from "~/shopify.server";
import { proxyRequest } from "~/server/app-proxy.server";

const intent = z.object({ intent: z.enum(["accept", "cancel"], { error: "intent: must be accept or cancel" }) });

/** The signed request's shop and liquid helper, and the order the token allows; or the page that refuses. */
async function opened(request: Request, order: string | undefined) {
  const { liquid, shop, token } = await proxyRequest(request);
  const claims = checkLink(notifications.linkKey, shop, token, order ?? "");
  if (isRefusal(claims)) return { refusal: liquid(messagePageHtml("This link cannot be used", claims.message), { status: claims.status }) };
  return { liquid, shop, order: claims.orderId };
}

async function page(request: Request, order: string | undefined, notice: Notice | null, confirm: "accept" | "cancel" | null) {
  const open = await opened(request, order);
  if ("refusal" in open) return open.refusal;
  const view = await orderStatus(db, open.shop, open.order);
  if (isRefusal(view)) return open.liquid(messagePageHtml("Order not found", view.message), { status: view.status });
  return open.liquid(statusPageHtml(view, notice, confirm));
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const asked = new URL(request.url).searchParams.get("do");
  return page(request, params.order, null, asked === "accept" || asked === "cancel" ? asked : null);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const open = await opened(request, params.order);
  if ("refusal" in open) return open.refusal;
  const parsed = intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return open.liquid(messagePageHtml("Nothing was changed", parsed.error.issues[0].message), { status: 400 });
  if (parsed.data.intent === "accept") {
    const accepted = await acceptNewDate(db, open.shop, open.order);
    const notice: Notice = accepted
      ? { tone: "success", text: "Thank you: you accepted the new date. We will tell you if it changes." }
      : { tone: "info", text: "There is no new date to accept." };
    return page(request, params.order, notice, null);
  }
  const outcome = await cancelWaitingItems(db, await storeGateway(open.shop), open.shop, open.order, "customer");
  return page(request, params.order, cancelNotice(outcome), null);
};
