// Projections by GraphQL type name. The schema's types refer to each other
// in cycles; the area modules do not import each other: each registers the
// projections of its types here when it loads, and projects the records of
// other areas through `project`. root.ts imports every area module, so all
// are registered before the first request.
import type { Customer } from "../state/customers";
import type { FulfillmentOrder } from "../state/fulfillment-orders";
import type { FulfillmentHold } from "../state/holds";
import type { InventoryItem, InventoryLevel } from "../state/inventory";
import type { Location } from "../state/locations";
import type { CalculatedLine, OrderEdit } from "../state/order-edits";
import type { LineItem, Order } from "../state/orders";
import type { Refund, Transaction } from "../state/payments";
import type { Product, Variant } from "../state/products";
import type { App, ShopState } from "../state/shops";
import type { Obj, SimContext } from "./context";

/** The record each GraphQL type is projected from. */
export interface Records {
  Product: Product;
  ProductVariant: Variant;
  InventoryItem: InventoryItem;
  InventoryLevel: InventoryLevel;
  Location: Location;
  Customer: Customer;
  Order: Order;
  LineItem: { order: Order; line: LineItem };
  CalculatedOrder: OrderEdit;
  CalculatedLineItem: { edit: OrderEdit; line: CalculatedLine };
  Refund: { order: Order; refund: Refund };
  OrderTransaction: { order: Order; transaction: Transaction };
  FulfillmentOrder: FulfillmentOrder;
  FulfillmentHold: FulfillmentHold;
  Shop: ShopState;
  App: App;
}

export type TypeName = keyof Records;
export type Projection<T extends TypeName> = (ctx: SimContext, record: Records[T]) => Obj;
type Projections = { [T in TypeName]?: Projection<T> };

const registered: Projections = {};

/** Called by each area module, when it loads, with the projections of its types. */
export function register(projections: Projections): void {
  Object.assign(registered, projections);
}

/** The projection of `record` as a `type`, whichever area module registered it. */
export function project<T extends TypeName>(type: T, ctx: SimContext, record: Records[T]): Obj {
  const projection: Projection<T> | undefined = registered[type];
  if (!projection) throw new Error(`No projection is registered for ${type}: resolvers/root.ts must import the module that registers it`);
  return projection(ctx, record);
}
