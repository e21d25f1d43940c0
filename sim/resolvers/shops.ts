import type { App, ShopState } from "../state/shops";
import { storefrontUrl } from "../storefront/storefront";
import type { Obj, SimContext } from "./context";
import { metafieldFields } from "./metafields";
import { register } from "./projections";

/** The online store's address: the simulated storefront when the server listens. */
function primaryDomain(ctx: SimContext, shop: ShopState): Obj {
  const url = ctx.state.storefrontPort === null ? `https://${shop.domain}` : storefrontUrl(shop.domain, ctx.state.storefrontPort);
  return {
    __typename: "Domain",
    id: `gid://shopify/Domain/${shop.id.split("/").pop()}`,
    host: new URL(url).host,
    url,
    sslEnabled: url.startsWith("https:"),
  };
}

function shopNode(ctx: SimContext, shop: ShopState): Obj {
  return {
    __typename: "Shop",
    id: shop.id,
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    primaryDomain: primaryDomain(ctx, shop),
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
