// A simulated shop: every record of one Shopify store, and the apps that
// can be installed on it.
import type { Customer } from "./customers";
import type { FlowTriggerDefinition, FlowTriggerRun } from "./flow-triggers";
import type { Fulfillment } from "./fulfillments";
import type { FulfillmentOrder } from "./fulfillment-orders";
import { gid, type Gid } from "./ids";
import type { InventoryItem, InventoryLevel } from "./inventory";
import type { Location } from "./locations";
import type { Metafield } from "./metafields";
import type { OrderEdit } from "./order-edits";
import type { Order } from "./orders";
import type { Product, Variant } from "./products";
import type { SimState } from "./sim-state";

export interface App {
  id: Gid;
  apiKey: string;
  title: string;
  handle: string;
  /** The app's Shopify Flow triggers (its flow_trigger extensions), by handle. */
  flowTriggers: ReadonlyMap<string, FlowTriggerDefinition>;
}

export interface ShopState {
  domain: string;
  id: Gid;
  name: string;
  email: string;
  currencyCode: string;
  /** The storefront's language (Shopify's primary locale), as `<html lang>` says it. */
  locale: string;
  createdAt: string;
  nextOrderNumber: number;
  metafields: Metafield[];
  products: Map<Gid, Product>;
  variants: Map<Gid, Variant>;
  inventoryItems: Map<Gid, InventoryItem>;
  locations: Map<Gid, Location>;
  /** Keyed by `${itemId}|${locationId}`. */
  levels: Map<string, InventoryLevel>;
  customers: Map<Gid, Customer>;
  orders: Map<Gid, Order>;
  fulfillmentOrders: Map<Gid, FulfillmentOrder>;
  fulfillments: Map<Gid, Fulfillment>;
  /** Flow triggers the app sent that Flow accepted, oldest first. */
  flowTriggers: FlowTriggerRun[];
  /** Order edit sessions (calculated orders), by CalculatedOrder id. */
  orderEdits: Map<Gid, OrderEdit>;
  /** A slow store: Admin API requests (those of the named operations, or all) wait `ms` before they are answered. */
  apiLatency?: { ms: number; operations?: string[] };
}

export interface ShopInput {
  name?: string;
  email?: string;
  currencyCode?: string;
  locale?: string;
}

/** An empty shop; its name defaults to the domain's first label. */
export function newShop(state: SimState, domain: string, input: ShopInput): ShopState {
  return {
    domain,
    id: gid("Shop", state.nextId()),
    name: input.name ?? domain.replace(/\.myshopify\.com$/, ""),
    email: input.email ?? `owner@${domain}`,
    currencyCode: input.currencyCode ?? "USD",
    locale: input.locale ?? "en",
    createdAt: state.now(),
    nextOrderNumber: 1001,
    metafields: [],
    products: new Map(),
    variants: new Map(),
    inventoryItems: new Map(),
    locations: new Map(),
    levels: new Map(),
    customers: new Map(),
    orders: new Map(),
    fulfillmentOrders: new Map(),
    fulfillments: new Map(),
    flowTriggers: [],
    orderEdits: new Map(),
  };
}
