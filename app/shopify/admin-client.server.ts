import { GraphQLClient } from "graphql-request";
import { config } from "~/config.server";
import { API_VERSION } from "./api-version";
import { shopifyFetch } from "./fetch.server";

const fetchShopify = shopifyFetch(config.SHOPIFY_SIMULATOR_URL);

/** An Admin GraphQL client for one shop's offline access token. */
export function adminClient(shop: string, accessToken: string) {
  return new GraphQLClient(`https://${shop}/admin/api/${API_VERSION}/graphql.json`, {
    headers: { "X-Shopify-Access-Token": accessToken },
    fetch: fetchShopify,
  });
}
