import { ApiVersion } from "@shopify/shopify-api";

// The one Admin API version of the app: the GraphQL client, codegen, the
// simulator and shopify.app.toml (checked by a test) all use it.
export const API_VERSION = ApiVersion.October26;
