import type { App } from "../state/shops";
import type { Obj, SimContext } from "./context";
import { metafieldFields } from "./metafields";

export function shopNode(ctx: SimContext): Obj {
  const shop = ctx.shop;
  return {
    __typename: "Shop",
    id: shop.id,
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    currencyCode: shop.currencyCode,
    ianaTimezone: "America/Toronto",
    timezoneAbbreviation: "EST",
    createdAt: shop.createdAt,
    updatedAt: shop.createdAt,
    ...metafieldFields(ctx, shop),
  };
}

export function appNode(app: App): Obj {
  return { __typename: "App", id: app.id, apiKey: app.apiKey, title: app.title, handle: app.handle };
}
