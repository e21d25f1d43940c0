// Unsubscribing from customer emails, through the shop's app proxy. A GET
// shows a button; a POST (the button, or a mail client's one-click
// List-Unsubscribe-Post) unsubscribes the address the token names. The page
// speaks the order's customer locale, as the emails do.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { refusalPageHtml, unsubscribePageHtml } from "~/notifications/status-html";
import { checkLink, isRefusal, pageLocale, shopNameOf, unsubscribe } from "~/notifications/status-page.server";
import { proxyRequest } from "~/server/app-proxy.server";
import { notifications } from "~/server/notifications.server";

async function opened(request: Request) {
  const { liquid, shop, token, locale } = await proxyRequest(request);
  const claims = checkLink(notifications.linkKey, shop, token, null);
  if (isRefusal(claims)) return { refusal: liquid(refusalPageHtml(claims, locale), { status: claims.status }) };
  return {
    liquid,
    shop,
    email: claims.email,
    shopName: await shopNameOf(db, shop),
    locale: await pageLocale(db, shop, claims.orderId, locale),
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const open = await opened(request);
  if ("refusal" in open) return open.refusal;
  return open.liquid(unsubscribePageHtml(open.shopName, open.locale, false));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const open = await opened(request);
  if ("refusal" in open) return open.refusal;
  await unsubscribe(db, open.shop, open.email);
  return open.liquid(unsubscribePageHtml(open.shopName, open.locale, true));
};
