// What a customer does with an email the app sent: find a link by its words
// and follow it to the shop's storefront, where the simulator signs the
// request for the app proxy as Shopify does.
import type { ParsedMail } from "mailparser";
import type { Simulator } from "../../sim/server";
import { storefrontRequest } from "./storefront-request";

/** The address a message was sent to. */
export const recipient = (mail: ParsedMail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : "");

/** A link in a message's HTML, by the words it is written on. */
export function link(mail: ParsedMail, words: RegExp): string {
  const anchors = [...(mail.html || "").matchAll(/<a href="([^"]+)"[^>]*>([^<]*)</g)];
  const found = anchors.find(([, , text]) => words.test(text));
  if (!found) throw new Error(`no link ${words} in ${mail.subject}`);
  return found[1].replace(/&amp;/g, "&");
}

/**
 * Opens a link of the shop's storefront as the customer's browser would (a
 * GET, or a POST of `form`, from a browser set to `language` when given),
 * through the app proxy.
 */
export function followLink(sim: Simulator, shop: string, url: string, form?: Record<string, string>, language?: string) {
  const { pathname, search } = new URL(url);
  return storefrontRequest(sim, shop, `${pathname}${search}`, { form, language });
}

/** A link token with one character of its signature changed, so that it no longer verifies. */
export const tamper = (token: string) => `${token.slice(0, -3)}${token.at(-3) === "A" ? "B" : "A"}${token.slice(-2)}`;
