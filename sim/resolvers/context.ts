// What every resolver gets: the simulator's state, the shop the access token
// was issued for, the app calling, and the scopes its token carries.
import { GraphQLError } from "graphql";
import type { App, ShopState } from "../state/shops";
import type { SimState } from "../state/sim-state";

export interface SimContext {
  state: SimState;
  shop: ShopState;
  app: App;
  /** The scopes of the access token the request came with, comma-separated. */
  scope: string;
}

/** A projection: GraphQL fields by name, each a value or a function of the field's arguments. */
export type Obj = Record<string, unknown>;
// Arguments were validated against the schema before a resolver runs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = Record<string, any>;

/** An amount as Shopify's MoneyBag: the simulator's shops sell in their own currency only. */
export const moneyBag = (amount: string, currencyCode: string) => ({
  shopMoney: { amount, currencyCode },
  presentmentMoney: { amount, currencyCode },
});

/** Shopify answers a field the token's scopes do not cover with a top-level ACCESS_DENIED. */
export function requireScope(ctx: SimContext, field: string, scope: string) {
  const granted = ctx.scope.split(",").map((s) => s.trim());
  if (granted.includes(scope)) return;
  throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: `\`${scope}\` access scope.`,
    },
  });
}
