// Every Admin GraphQL document the app sends. Codegen types them
// (app/shopify/generated/admin.types.ts) and a contract test validates each
// against Shopify's Admin schema.
import { SHOP_DETAILS } from "./shop-details";

export const adminOperations = { SHOP_DETAILS };
