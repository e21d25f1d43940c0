// The one entry point: from the facts of a shop (stock, open orders, supply,
// the store's holds and policies, the lines stored last time) to the desired
// state and the commands that bring the store there. Each inventory item and
// location is planned on its own; only the variant-wide policy and the
// fulfillment-order holds look across them.
import { allocate, shippableStock } from "./allocation";
import { badgeCommands, type BadgeCommand } from "./badges";
import { policyCommand, type PolicyCommand } from "./caps";
import { shopToday, type CalendarDate } from "./dates";
import { collectDemand } from "./demand";
import { isOpen } from "./fulfillment-orders";
import { lineKey, stockKey } from "./keys";
import { groupBy } from "./group";
import type { Facts, InboundSupply, Order, ShopSettings, StoredLine, Variant } from "./facts";
import { holdCommands, spreadOverParts, type HoldCommand } from "./holds";
import { compareGids } from "./ids";
import { advanceLine, type AuditEvent, type LineOutcome } from "./lifecycle";
import { promise, type EtaSource } from "./promises";
import { holdsAnyOf } from "./scope";

export interface PlannedLine {
  /** The order's `LineItem` id; with the location, the line's identity. */
  lineItemId: string;
  orderId: string;
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  allocated: number;
  backordered: number;
  queuePosition: number | null;
  /** Null (with a null source) when nothing is backordered. */
  eta: CalendarDate | null;
  etaSource: EtaSource | null;
  /** One of its fulfillment orders carries this app's hold right now. */
  heldByApp: boolean;
  /** The merchant released our hold by hand: the line waits but is not held again. */
  releasedByMerchant: boolean;
}

export interface StockPlan {
  inventoryItemId: string;
  locationId: string;
  shippable: number;
  demand: number;
  allocated: number;
  backordered: number;
  supply: number;
  unpromisedSupply: number;
}

export interface Plan {
  today: CalendarDate;
  /** Per item and location (item id, then location id). */
  stock: StockPlan[];
  /** Grouped like `stock`, each group in priority order. */
  lines: PlannedLine[];
  /** Run in order (see `holdCommands`). */
  holdCommands: HoldCommand[];
  policyCommands: PolicyCommand[];
  /** Storefront badges that changed, given the policies after `policyCommands`. */
  badgeCommands: BadgeCommand[];
  /** The lines to store: new backorders and every stored line the facts speak about. */
  storedLines: StoredLine[];
  events: AuditEvent[];
}

/**
 * With `items`, the plan of an event that touched those inventory items: the
 * facts must hold every order with a line of them and what their plan needs
 * (see `narrowFacts`), and the plan speaks only of those items (stock,
 * policies, badges) and of the orders holding them (lines, holds, history).
 */
export function plan(facts: Facts, settings: ShopSettings, now: Date, items?: ReadonlySet<string>): Plan {
  const today = shopToday(now, settings.timeZone);
  const levels = new Map(facts.inventoryLevels.map((level) => [stockKey(level), level]));
  const variantByItem = new Map(facts.variants.map((variant) => [variant.inventoryItemId, variant]));
  const supplyByKey = groupBy(facts.supply, (s) => stockKey(s));
  const releasedByMerchant = new Set(facts.releasedByMerchant);
  const priority = { rule: settings.priorityRule, pins: settings.pins };

  const stock: StockPlan[] = [];
  const lines: PlannedLine[] = [];
  const toHold = new Map<string, number>();
  const releasedParts = new Set<string>();
  for (const group of collectDemand(facts.orders, settings)) {
    const key = stockKey(group);
    const shippable = shippableStock(levels.get(key));
    const allocations = allocate(shippable, group.lines, priority);
    const supply = supplyByKey.get(key) ?? [];
    supplyByKey.delete(key);
    const waiting = allocations.filter((allocation) => allocation.backordered > 0);
    const { promises, unpromised } = promise(waiting, supply, {
      today,
      handlingDays: settings.handlingDays,
      leadTimeDays: variantByItem.get(group.inventoryItemId)?.backorders?.leadTimeDays ?? null,
    });
    const promiseOf = new Map(promises.map((p) => [p.lineId, p]));
    const orderOf = new Map(group.lines.map((line) => [line.lineId, line.orderId]));
    const summary: StockPlan = {
      inventoryItemId: group.inventoryItemId,
      locationId: group.locationId,
      shippable,
      demand: 0,
      allocated: 0,
      backordered: 0,
      supply: total(supply),
      unpromisedSupply: unpromised,
    };
    for (const allocation of allocations) {
      const parts = group.parts.get(allocation.lineId)!;
      const released = releasedByMerchant.has(allocation.lineId);
      if (released) for (const part of parts) releasedParts.add(part.fulfillmentOrderLineItemId);
      if (allocation.backordered > 0 && !released) {
        for (const held of spreadOverParts(parts, allocation.backordered)) toHold.set(held.id, held.quantity);
      }
      const promised = promiseOf.get(allocation.lineId);
      lines.push({
        lineItemId: allocation.lineId,
        orderId: orderOf.get(allocation.lineId)!,
        inventoryItemId: group.inventoryItemId,
        locationId: group.locationId,
        quantity: allocation.allocated + allocation.backordered,
        allocated: allocation.allocated,
        backordered: allocation.backordered,
        queuePosition: allocation.queuePosition,
        eta: promised?.eta ?? null,
        etaSource: promised?.source ?? null,
        heldByApp: parts.some((part) => part.heldByApp),
        releasedByMerchant: released,
      });
      summary.demand += allocation.allocated + allocation.backordered;
      summary.allocated += allocation.allocated;
      summary.backordered += allocation.backordered;
    }
    stock.push(summary);
  }

  const inScope = items ? scopeOf(facts.orders, items) : { item: () => true, order: () => true, line: () => true };
  const openOrders = facts.orders
    .filter((order) => inScope.order(order.id))
    .map((order) => ({
      id: order.id,
      fulfillmentOrders: order.fulfillmentOrders.filter((fo) => isOpen(order, fo)),
    }));
  const advanced = advanceLines(facts, lines);
  const variants = facts.variants.filter((variant) => inScope.item(variant.inventoryItemId));
  const policies = policyCommands(variants, stock, supplyByKey);
  const policyOf = new Map(policies.map((command) => [command.variantId, command.inventoryPolicy]));
  return {
    today,
    stock: stock.filter((summary) => inScope.item(summary.inventoryItemId)),
    lines: lines.filter((line) => inScope.order(line.orderId)),
    holdCommands: holdCommands(openOrders, toHold, settings.fulfillmentMode, releasedParts),
    policyCommands: policies,
    badgeCommands: badgeCommands({
      variants,
      levels: facts.inventoryLevels,
      supply: facts.supply,
      claimed: stock.map((s) => ({
        inventoryItemId: s.inventoryItemId,
        locationId: s.locationId,
        allocated: s.allocated,
        promisedSupply: s.supply - s.unpromisedSupply,
      })),
      policyOf: (variant) => policyOf.get(variant.id) ?? variant.inventoryPolicy,
      today,
      handlingDays: settings.handlingDays,
    }),
    storedLines: advanced.storedLines.filter((line) => inScope.line(line.lineItemId)),
    events: advanced.events.filter((event) => inScope.line(event.lineItemId)),
  };
}

/** What a plan of `items` speaks of: the items, the orders holding one of them, and those orders' lines. */
function scopeOf(orders: readonly Order[], items: ReadonlySet<string>) {
  const touching = orders.filter((order) => holdsAnyOf(order, items));
  const orderIds = new Set(touching.map((order) => order.id));
  const lineIds = new Set(
    touching.flatMap((order) => order.fulfillmentOrders.flatMap((fo) => fo.lineItems.map((line) => line.lineItemId))),
  );
  return {
    item: (id: string) => items.has(id),
    order: (id: string) => orderIds.has(id),
    line: (lineItemId: string) => lineIds.has(lineItemId),
  };
}

function total(supply: readonly InboundSupply[]): number {
  return supply.reduce((sum, s) => sum + Math.max(0, s.quantity), 0);
}

/** Caps count the variant at every location: `inventoryPolicy` has no location. */
function policyCommands(
  variants: readonly Variant[],
  stock: readonly StockPlan[],
  supplyWithoutDemand: ReadonlyMap<string, InboundSupply[]>,
): PolicyCommand[] {
  const commands: PolicyCommand[] = [];
  const sorted = [...variants].sort((a, b) => compareGids(a.id, b.id));
  const stockByItem = groupBy(stock, (s) => s.inventoryItemId);
  for (const variant of sorted) {
    if (!variant.backorders) continue;
    const ofItem = stockByItem.get(variant.inventoryItemId) ?? [];
    let unpromisedSupply = ofItem.reduce((sum, s) => sum + s.unpromisedSupply, 0);
    for (const supply of supplyWithoutDemand.values()) {
      if (supply[0].inventoryItemId === variant.inventoryItemId) unpromisedSupply += total(supply);
    }
    const backorderedUnits = ofItem.reduce((sum, s) => sum + s.backordered, 0);
    const command = policyCommand(variant, { backorders: variant.backorders, backorderedUnits, unpromisedSupply });
    if (command) commands.push(command);
  }
  return commands;
}

function lineOutcome(line: PlannedLine): LineOutcome {
  if (line.backordered > 0) return { state: "backordered", eta: line.eta };
  return { state: line.heldByApp ? "allocated" : "released", eta: null };
}

/**
 * A stored line no longer waiting in an open fulfillment order has left:
 * cancelled with its order or fulfillment order, or when an edit removed it
 * (nothing left in its quantity); fulfilled when it sits in a closed
 * fulfillment order. Lines the facts do not mention are left as stored.
 */
function closedOutcomes(facts: Facts): Map<string, LineOutcome> {
  const outcomes = new Map<string, LineOutcome>();
  for (const order of facts.orders) {
    for (const fo of order.fulfillmentOrders) {
      for (const item of fo.lineItems) {
        const key = lineKey({ lineItemId: item.lineItemId, locationId: fo.assignedLocationId });
        if (order.cancelledAt !== null || fo.status === "CANCELLED" || (fo.status === "CLOSED" && item.totalQuantity === 0)) {
          if (!outcomes.has(key)) outcomes.set(key, { state: "cancelled" });
        } else if (fo.status === "CLOSED") {
          outcomes.set(key, { state: "fulfilled" });
        }
      }
    }
  }
  return outcomes;
}

function advanceLines(facts: Facts, lines: readonly PlannedLine[]): { storedLines: StoredLine[]; events: AuditEvent[] } {
  const stored = new Map(facts.storedLines.map((line) => [lineKey(line), line]));
  const storedLines: StoredLine[] = [];
  const events: AuditEvent[] = [];
  const record = (key: { lineItemId: string; locationId: string }, outcome: LineOutcome) => {
    const previous = stored.get(lineKey(key)) ?? null;
    stored.delete(lineKey(key));
    const advance = advanceLine(key, previous, outcome);
    if (advance.line) storedLines.push(advance.line);
    events.push(...advance.events);
  };
  for (const line of lines) record({ lineItemId: line.lineItemId, locationId: line.locationId }, lineOutcome(line));
  const closed = closedOutcomes(facts);
  const leftOver = [...stored.values()].sort((a, b) => compareGids(a.lineItemId, b.lineItemId) || compareGids(a.locationId, b.locationId));
  for (const line of leftOver) {
    const outcome = closed.get(lineKey(line));
    if (outcome) record(line, outcome);
  }
  return { storedLines, events };
}
