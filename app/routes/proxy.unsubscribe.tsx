// Unsubscribing from customer emails, through the shop's app proxy. A GET
// shows a button; a POST (the button, or a mail client's one-click
// List-Unsubscribe-Post) unsubscribes the address the token names.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { messagePageHtml, unsubscribePageHtml } from "~/notifications/status-html";
import { checkLink, isRefusal, shopNameOf, unsubscribe } from "~/notifications/status-page.server";
import { proxyRequest } from "~/server/app-proxy.server";
import { notifications } from "~/server/notifications.server";

async function opened(request: Request) {
  const { liquid, shop, token } = await proxyRequest(request);
  const claims = checkLink(notifications.linkKey, shop, token, null);
  if (isRefusal(claims) || !claims.email) {
    const message = isRefusal(claims) ? claims.message : "This link is not an unsubscribe link.";
    return { refusal: liquid(messagePageHtml("This link cannot be used", message), { status: isRefusal(claims) ? claims.status : 403 }) };
  }
  return { liquid, shop, email: claims.email, shopName: await shopNameOf(db, shop) };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const open = await opened(request);
  if ("refusal" in open) return open.refusal;
  return open.liquid(unsubscribePageHtml(open.shopName, false));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const open = await opened(request);
  if ("refusal" in open) return open.refusal;
  await unsubscribe(db, open.shop, open.email);
  return open.liquid(unsubscribePageHtml(open.shopName, true));
};
