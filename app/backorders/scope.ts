// An event touches a few inventory items; planning only what it can change
// keeps its cost independent of the shop's size. The orders with a line of a
// touched item compete with each other, and their holds depend on every item
// they hold; the plan of those items needs every order that holds them. No
// other order's allocation can change (its items' facts are as they were).
import type { Facts, Order } from "./facts";

/** Whether the order holds a line of one of the items, in any of its fulfillment orders. */
export function holdsAnyOf(order: Order, items: ReadonlySet<string>): boolean {
  return order.fulfillmentOrders.some((fo) => fo.lineItems.some((line) => items.has(line.inventoryItemId)));
}

/** The items the orders hold lines of. */
function itemsOf(orders: readonly Order[]): Set<string> {
  return new Set(orders.flatMap((order) => order.fulfillmentOrders.flatMap((fo) => fo.lineItems.map((line) => line.inventoryItemId))));
}

/**
 * The items whose plan an event on `items` needs: those items, and every item
 * of the orders that hold one of them. The loader reads the facts of these
 * (`narrowFacts` says which, on facts already in memory).
 */
export function itemsToPlan(orders: readonly Order[], items: ReadonlySet<string>): Set<string> {
  return new Set([...items, ...itemsOf(orders.filter((order) => holdsAnyOf(order, items)))]);
}

/**
 * The part of the shop's facts that planning `items` needs: `plan(narrowFacts(f, items), s, now, items)`
 * equals `plan(f, s, now)` restricted to those items and the orders holding them.
 */
export function narrowFacts(facts: Facts, items: ReadonlySet<string>): Facts {
  const needed = itemsToPlan(facts.orders, items);
  const orders = facts.orders.filter((order) => holdsAnyOf(order, needed));
  const lineIds = new Set(orders.flatMap((order) => order.fulfillmentOrders.flatMap((fo) => fo.lineItems.map((line) => line.lineItemId))));
  return {
    orders,
    inventoryLevels: facts.inventoryLevels.filter((level) => needed.has(level.inventoryItemId)),
    variants: facts.variants.filter((variant) => needed.has(variant.inventoryItemId)),
    supply: facts.supply.filter((supply) => needed.has(supply.inventoryItemId)),
    releasedByMerchant: facts.releasedByMerchant.filter((id) => lineIds.has(id)),
    storedLines: facts.storedLines.filter((line) => lineIds.has(line.lineItemId)),
  };
}
