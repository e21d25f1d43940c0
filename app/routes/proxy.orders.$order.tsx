// The customer's order status page, through the shop's app proxy
// (/apps/backorders/orders/<id>?token=… on the online store): Shopify signs
// each request, and the email's token says which order it may show. The page
// speaks the order's customer locale, as its emails do; a refused link, whose
// order is not trusted, the shopper's browser language.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import {
  acceptNotice,
  cancelNotice,
  notUnderstoodPageHtml,
  refusalPageHtml,
  statusPageHtml,
  type Notice,
} from "~/notifications/status-html";
import { acceptNewDate, cancelWaitingItems, checkLink, isRefusal, orderStatus, pageLocale } from "~/notifications/status-page.server";
import { notifications } from "~/server/notifications.server";
import { storeGateway } from "~/shopify.server";
import { proxyRequest } from "~/server/app-proxy.server";

const intent = z.object({ intent: z.enum(["accept", "cancel"]) });

/** The signed request's shop, liquid helper and page locale, and the order the token allows; or the page that refuses. */
async function opened(request: Request, order: string | undefined) {
  const { liquid, shop, token, locale } = await proxyRequest(request);
  const claims = checkLink(notifications.linkKey, shop, token, order ?? "");
  if (isRefusal(claims)) return { refusal: liquid(refusalPageHtml(claims, locale), { status: claims.status }) };
  return { liquid, shop, order: claims.orderId, locale: await pageLocale(db, shop, claims.orderId, locale) };
}

type Opened = Exclude<Awaited<ReturnType<typeof opened>>, { refusal: unknown }>;

async function page(open: Opened, notice: Notice | null, confirm: "accept" | "cancel" | null) {
  const view = await orderStatus(db, open.shop, open.order);
  if (isRefusal(view)) return open.liquid(refusalPageHtml(view, open.locale), { status: view.status });
  return open.liquid(statusPageHtml(view, open.locale, notice, confirm));
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const open = await opened(request, params.order);
  if ("refusal" in open) return open.refusal;
  const asked = new URL(request.url).searchParams.get("do");
  return page(open, null, asked === "accept" || asked === "cancel" ? asked : null);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const open = await opened(request, params.order);
  if ("refusal" in open) return open.refusal;
  const parsed = intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return open.liquid(notUnderstoodPageHtml(open.locale), { status: 400 });
  if (parsed.data.intent === "accept") {
    const accepted = await acceptNewDate(db, open.shop, open.order);
    return page(open, acceptNotice(accepted, open.locale), null);
  }
  const outcome = await cancelWaitingItems(db, await storeGateway(open.shop), open.shop, open.order, "customer");
  return page(open, cancelNotice(outcome, open.locale), null);
};
