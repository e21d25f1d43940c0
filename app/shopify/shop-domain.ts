/** A shop's myshopify.com domain, as Shopify names a shop in webhook headers and session tokens. */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
