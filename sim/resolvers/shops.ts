import type { App, ShopState } from "../state/shops";
import type { Obj, SimContext } from "./context";
import { metafieldFields } from "./metafields";
import { register } from "./projections";

function shopNode(ctx: SimContext, shop: ShopState): Obj {
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

function appNode(_ctx: SimContext, app: App): Obj {
  return { __typename: "App", id: app.id, apiKey: app.apiKey, title: app.title, handle: app.handle };
}

register({ Shop: shopNode, App: appNode });
