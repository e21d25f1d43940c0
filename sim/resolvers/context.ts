// What every resolver gets: the simulator's state, the shop the access token
// was issued for, and the app calling.
import type { App, ShopState } from "../state/shops";
import type { SimState } from "../state/sim-state";

export interface SimContext {
  state: SimState;
  shop: ShopState;
  app: App;
}

/** A projection: GraphQL fields by name, each a value or a function of the field's arguments. */
export type Obj = Record<string, unknown>;
// Arguments were validated against the schema before a resolver runs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = Record<string, any>;
