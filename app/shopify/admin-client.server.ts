import { config } from "~/config.server";
import { shopifyFetch } from "./fetch.server";
import { AdminGraphQLClient } from "./graphql-client.server";

/** The fetch of every Admin API call: Shopify, or the simulator when configured. */
export const storeFetch = shopifyFetch(config.SHOPIFY_SIMULATOR_URL);

/** The cost-aware Admin GraphQL client for one shop's offline access token. */
export function adminClient(shop: string, accessToken: string) {
  return new AdminGraphQLClient({ shop, accessToken, fetch: storeFetch });
}
