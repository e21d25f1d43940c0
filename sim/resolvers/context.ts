// What every resolver gets: the simulator's state, the shop the access token
// was issued for, the app calling, and the scopes its token carries.
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
