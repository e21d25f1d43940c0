// The one way the app talks to a store: typed reads that flatten Shopify's
// shapes into plain snapshots (./snapshots), and commands whose userErrors
// come back as result unions. Throttling, 5xx and network retries live in
// the transport (./client.server).
import { isOpenStatus, type InventoryPolicy } from "~/backorders";
import type {
  CancelOrderMutation,
  CancelOrderMutationVariables,
  DeleteMetafieldsMutation,
  DeleteMetafieldsMutationVariables,
  FlowTriggerReceiveMutation,
  FlowTriggerReceiveMutationVariables,
  FulfillmentOrderLinesQuery,
  FulfillmentOrderLinesQueryVariables,
  HoldFulfillmentOrderMutation,
  HoldFulfillmentOrderMutationVariables,
  InventoryLevelsAtLocationQuery,
  InventoryLevelsAtLocationQueryVariables,
  InventoryLevelsQuery,
  InventoryLevelsQueryVariables,
  OpenFulfillmentOrdersQuery,
  OpenFulfillmentOrdersQueryVariables,
  OpenOrdersCountQuery,
  OrderEditBeginMutation,
  OrderEditBeginMutationVariables,
  OrderEditCommitMutation,
  OrderEditCommitMutationVariables,
  OrderEditSetQuantityMutation,
  OrderEditSetQuantityMutationVariables,
  OrderForBackordersQuery,
  OrderForBackordersQueryVariables,
  ProductVariantsForBackordersQuery,
  ProductVariantsForBackordersQueryVariables,
  RefundCreateMutation,
  RefundCreateMutationVariables,
  ReleaseHoldMutation,
  ReleaseHoldMutationVariables,
  SetMetafieldsMutation,
  SetMetafieldsMutationVariables,
  SetVariantInventoryPolicyMutation,
  SetVariantInventoryPolicyMutationVariables,
  ShopDetailsQuery,
  TagsAddMutation,
  TagsAddMutationVariables,
  TagsRemoveMutation,
  TagsRemoveMutationVariables,
  ProductForAdminFragment,
  SearchProductsForAdminQuery,
  SearchProductsForAdminQueryVariables,
  VariantForBackordersQuery,
  VariantForBackordersQueryVariables,
} from "./generated/admin.types";
import { AdminApiError, AdminGraphQLClient, type AdminGraphQLClientOptions, type ClientStats } from "./client.server";
import { CANCEL_ORDER } from "./operations/cancel-order";
import { DELETE_METAFIELDS } from "./operations/delete-metafields";
import { FLOW_TRIGGER_RECEIVE } from "./operations/flow-trigger-receive";
import { FULFILLMENT_ORDER_LINES } from "./operations/fulfillment-order-lines";
import { HOLD_FULFILLMENT_ORDER } from "./operations/hold-fulfillment-order";
import { INVENTORY_LEVELS } from "./operations/inventory-levels";
import { INVENTORY_LEVELS_AT_LOCATION } from "./operations/inventory-levels-at-location";
import { OPEN_FULFILLMENT_ORDERS } from "./operations/open-fulfillment-orders";
import { OPEN_ORDERS_COUNT } from "./operations/open-orders-count";
import { ORDER_FOR_BACKORDERS } from "./operations/order-for-backorders";
import { PRODUCT_VARIANTS, VARIANT_FOR_BACKORDERS } from "./operations/product-variants";
import { RELEASE_HOLD } from "./operations/release-hold";
import { ORDER_EDIT_BEGIN, ORDER_EDIT_COMMIT, ORDER_EDIT_SET_QUANTITY, REFUND_CREATE } from "./operations/remove-line-items";
import { SEARCH_PRODUCTS } from "./operations/search-products";
import { SET_METAFIELDS } from "./operations/set-metafields";
import { SET_VARIANT_INVENTORY_POLICY } from "./operations/set-variant-inventory-policy";
import { SHOP_DETAILS } from "./operations/shop-details";
import { TAGS_ADD } from "./operations/tags-add";
import { TAGS_REMOVE } from "./operations/tags-remove";
import {
  flattenLines,
  levelSnapshot,
  orderHeader,
  type FulfillmentOrderNode,
  type FulfillmentOrderSnapshot,
  type InventoryLevelSnapshot,
  type LinePage,
  type LineSnapshot,
  type OrderSnapshot,
  type ShopDetails,
  type VariantSnapshot,
} from "./snapshots";

// ---- command inputs and results ----

export const MAX_HOLD_HANDLE_LENGTH = 64;

export type HoldLinesInput = {
  fulfillmentOrderId: string;
  /** The app's handle for this hold, unique per fulfillment order; at most 64 characters. */
  handle: string;
  reasonNotes: string;
  /** Fulfillment order line items and quantities to hold, or the whole fulfillment order. */
  lineItems: Array<{ id: string; quantity: number }> | "ALL";
};

export type HoldResult =
  | {
      type: "HELD";
      holdId: string;
      heldFulfillmentOrderId: string;
      remainingFulfillmentOrderId: string | null;
      /** The held fulfillment order and the one split off, as the store has them now. */
      fulfillmentOrders: FulfillmentOrderSnapshot[];
    }
  | { type: "ALREADY_HELD" }
  | { type: "NOT_SPLITTABLE" }
  | { type: "REJECTED"; code: string | null; message: string };

export type ReleaseResult = { type: "RELEASED" } | { type: "NOT_FOUND" } | { type: "REJECTED"; code: string | null; message: string };

export type PolicyResult = { type: "UPDATED" } | { type: "REJECTED"; code: string | null; message: string };

export type MetafieldEntry = {
  ownerId: string;
  /** `$app` or `$app:<name>` for the app-reserved namespace. */
  namespace: string;
  key: string;
  type: string;
  value: string;
};

export type MetafieldsResult =
  | { type: "SET"; count: number }
  /** Calls of 25 are atomic each: `written` entries (whole earlier calls) were stored before the rejected one. */
  | {
      type: "REJECTED";
      written: number;
      errors: Array<{ index: number | null; code: string | null; message: string; field: string[] | null }>;
    };

/** ACCESS_DENIED: the shop has not granted the scope the write needs (write_orders for an order's tags). */
export type TagsResult =
  /** `updatedAt`: the order's, as the write left it (the orders/updated it sends carries it). */
  | { type: "DONE"; updatedAt: string | null }
  | { type: "NOT_FOUND" }
  | { type: "ACCESS_DENIED"; message: string }
  | { type: "REJECTED"; message: string };

export type FlowTriggerInput = {
  /** A flow_trigger extension's handle. */
  handle: string;
  /** Each of the trigger's fields by its key; `order_id` (the numeric id) for an order reference. At most 50,000 bytes of JSON. */
  payload: Record<string, string | number | boolean>;
};

/** REJECTED: Flow refused the handle or payload (an app bug, not worth a retry); the message is Flow's. */
export type FlowTriggerResult = { type: "SENT" } | { type: "REJECTED"; message: string };
export type RemoveLineItemsInput = {
  orderId: string;
  /** Order lines (`gid://shopify/LineItem/N`) and how many of their units to remove. */
  lines: Array<{ lineItemId: string; remove: number }>;
  /** Shown on the order's timeline in the Shopify admin. */
  staffNote: string;
};

/**
 * REJECTED before the commit: nothing changed. REJECTED after it (the message
 * says so): the units are gone and the refund was refused, so the caller must
 * not remove them again.
 */
export type RemoveLineItemsResult =
  { type: "REMOVED"; refunded: { amount: string; currencyCode: string } | null } | { type: "REJECTED"; message: string };

export type CancelOrderResult = { type: "CANCELLED" } | { type: "REJECTED"; message: string };

type UserErrors = ReadonlyArray<{ message: string }> | null | undefined;

const joined = (errors: UserErrors) => (errors ?? []).map((e) => e.message).join("; ");

/** The number at the end of a GID: a calculated line shares its order line's. */
const gidNumber = (id: string) => /\/(\d+)$/.exec(id)?.[1];

export type MetafieldIdentifier = { ownerId: string; namespace: string; key: string };

export type DeleteMetafieldsResult =
  | { type: "DELETED"; count: number }
  | { type: "ACCESS_DENIED"; message: string }
  /** `written`: entries of whole earlier calls, deleted before the rejected one. */
  | { type: "REJECTED"; written: number; message: string };

export const METAFIELDS_PER_CALL = 25;

/** Runs a write whose scope the shop may not have granted: ACCESS_DENIED becomes the result `denied` makes, not a failed job. */
async function whenAccessDenied<T, D>(write: () => Promise<T>, denied: (message: string) => D): Promise<T | D> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof AdminApiError && error.errors.some((e) => e.extensions?.code === "ACCESS_DENIED")) return denied(error.message);
    throw error;
  }
}

const unlessAccessDenied = <T>(write: () => Promise<T>) =>
  whenAccessDenied(write, (message) => ({ type: "ACCESS_DENIED" as const, message }));

/** A customer's request the shop has not granted the scope for (write_order_edits, say) is refused like a userError. */
const rejectedUnlessAllowed = <T>(write: () => Promise<T>) =>
  whenAccessDenied(write, (message) => ({ type: "REJECTED" as const, message }));

type TagsPayload = {
  node?: { id: string; updatedAt?: string } | null;
  userErrors: ReadonlyArray<{ field?: string[] | null; message: string }>;
};

/** Shopify answers a tag write on an order it does not have with a userError on `id`. */
function tagsOutcome(payload: TagsPayload | null | undefined): TagsResult {
  const error = payload?.userErrors[0];
  if (!error) return { type: "DONE", updatedAt: payload?.node?.updatedAt ?? null };
  if (error.field?.includes("id") && /not (be )?found|does not exist/i.test(error.message)) return { type: "NOT_FOUND" };
  return { type: "REJECTED", message: error.message };
}
// Keeps InventoryLevels well under the 1000-point single query limit.
const INVENTORY_ITEMS_PER_CALL = 25;

/** The transport's options: the shop, its token, and the fetch to send with (Shopify's, or `shopifyFetch`'s to the simulator). */
export type GatewayOptions = AdminGraphQLClientOptions;

export type Gateway = ReturnType<typeof createGateway>;

export function createGateway(options: GatewayOptions) {
  const client = new AdminGraphQLClient(options);

  async function allLines(fulfillmentOrderId: string, page: LinePage): Promise<LineSnapshot[]> {
    const lines = flattenLines(page.nodes);
    let pageInfo = page.pageInfo;
    while (pageInfo.hasNextPage) {
      const { fulfillmentOrder } = await client.request<FulfillmentOrderLinesQuery, FulfillmentOrderLinesQueryVariables>(
        FULFILLMENT_ORDER_LINES,
        { id: fulfillmentOrderId, after: pageInfo.endCursor },
      );
      if (!fulfillmentOrder) break;
      lines.push(...flattenLines(fulfillmentOrder.lineItems.nodes));
      pageInfo = fulfillmentOrder.lineItems.pageInfo;
    }
    return lines;
  }

  async function fulfillmentOrderSnapshot(node: FulfillmentOrderNode): Promise<FulfillmentOrderSnapshot> {
    return {
      id: node.id,
      status: node.status,
      requestStatus: node.requestStatus,
      // A fulfillment order whose location was deleted has none; it cannot ship from stock.
      locationId: node.assignedLocation.location?.id ?? "",
      createdAt: node.createdAt,
      supportedActions: node.supportedActions.map((a) => a.action),
      holds: node.fulfillmentHolds.map((h) => ({ id: h.id, handle: h.handle ?? "", reason: h.reason, mine: h.heldByRequestingApp })),
      lines: await allLines(node.id, node.lineItems),
    };
  }

  return {
    /** Requests, waits, retries and query cost so far, for benchmarks. */
    stats: client.stats as Readonly<ClientStats>,

    /** The shop's name, currency and time zone (promised dates are in it). */
    async shopDetails(): Promise<ShopDetails> {
      const { shop } = await client.request<ShopDetailsQuery>(SHOP_DETAILS);
      const { primaryDomain, ...details } = shop;
      return { ...details, storefrontUrl: primaryDomain.url };
    },

    /** How many open orders the store has. */
    async openOrdersCount(): Promise<number> {
      const { ordersCount } = await client.request<OpenOrdersCountQuery>(OPEN_ORDERS_COUNT);
      return ordersCount?.count ?? 0;
    },

    /** The order with all its fulfillment orders, or null when the store has no such order. */
    async orderForBackorders(orderId: string): Promise<OrderSnapshot | null> {
      let snapshot: OrderSnapshot | null = null;
      let after: string | null = null;
      for (;;) {
        const { order }: OrderForBackordersQuery = await client.request<OrderForBackordersQuery, OrderForBackordersQueryVariables>(
          ORDER_FOR_BACKORDERS,
          { id: orderId, after },
        );
        if (!order) return snapshot;
        snapshot ??= orderHeader(order);
        for (const node of order.fulfillmentOrders.nodes) snapshot.fulfillmentOrders.push(await fulfillmentOrderSnapshot(node));
        if (!order.fulfillmentOrders.pageInfo.hasNextPage) return snapshot;
        after = order.fulfillmentOrders.pageInfo.endCursor;
      }
    },

    /**
     * Every order with an OPEN, ON_HOLD or IN_PROGRESS fulfillment order, with
     * those fulfillment orders, oldest order first. A split puts an order's
     * fulfillment orders far apart in id order, so the whole list is read
     * before the first order is given.
     */
    async *openOrders(onPage?: (ordersSoFar: number) => Promise<void>): AsyncGenerator<OrderSnapshot> {
      const orders = new Map<string, OrderSnapshot>();
      let after: string | null = null;
      for (;;) {
        const { fulfillmentOrders }: OpenFulfillmentOrdersQuery = await client.request<
          OpenFulfillmentOrdersQuery,
          OpenFulfillmentOrdersQueryVariables
        >(OPEN_FULFILLMENT_ORDERS, { after });
        for (const node of fulfillmentOrders.nodes) {
          if (!isOpenStatus(node.status)) continue;
          const { order } = node;
          let snapshot = orders.get(order.id);
          if (!snapshot) {
            snapshot = orderHeader(order);
            orders.set(order.id, snapshot);
          }
          snapshot.fulfillmentOrders.push(await fulfillmentOrderSnapshot(node));
        }
        await onPage?.(orders.size);
        if (!fulfillmentOrders.pageInfo.hasNextPage) break;
        after = fulfillmentOrders.pageInfo.endCursor;
      }
      yield* [...orders.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orderId.localeCompare(b.orderId));
    },

    /** `available`, `committed`, `on_hand` and `incoming` per item, at one location or at every location that stocks it. */
    async inventoryLevels(inventoryItemIds: string[], locationId?: string): Promise<InventoryLevelSnapshot[]> {
      const levels: InventoryLevelSnapshot[] = [];
      for (let i = 0; i < inventoryItemIds.length; i += INVENTORY_ITEMS_PER_CALL) {
        const ids = inventoryItemIds.slice(i, i + INVENTORY_ITEMS_PER_CALL);
        if (locationId) {
          const { nodes } = await client.request<InventoryLevelsAtLocationQuery, InventoryLevelsAtLocationQueryVariables>(
            INVENTORY_LEVELS_AT_LOCATION,
            { inventoryItemIds: ids, locationId },
          );
          for (const item of nodes) {
            if (item && "inventoryLevel" in item && item.inventoryLevel) levels.push(levelSnapshot(item.id, item.inventoryLevel));
          }
        } else {
          const { nodes } = await client.request<InventoryLevelsQuery, InventoryLevelsQueryVariables>(INVENTORY_LEVELS, {
            inventoryItemIds: ids,
          });
          for (const item of nodes) {
            if (item && "inventoryLevels" in item)
              for (const level of item.inventoryLevels.nodes) levels.push(levelSnapshot(item.id, level));
          }
        }
      }
      return levels;
    },

    /** Places the app's INVENTORY_OUT_OF_STOCK hold on some lines (Shopify splits the rest off) or on the whole fulfillment order. */
    async holdLines(input: HoldLinesInput): Promise<HoldResult> {
      if (input.handle.length === 0 || input.handle.length > MAX_HOLD_HANDLE_LENGTH) {
        throw new RangeError(`a hold handle has 1 to ${MAX_HOLD_HANDLE_LENGTH} characters, got ${input.handle.length}`);
      }
      const { fulfillmentOrderHold: result } = await client.request<HoldFulfillmentOrderMutation, HoldFulfillmentOrderMutationVariables>(
        HOLD_FULFILLMENT_ORDER,
        {
          id: input.fulfillmentOrderId,
          handle: input.handle,
          reasonNotes: input.reasonNotes,
          lineItems: input.lineItems === "ALL" ? null : input.lineItems,
        },
      );
      const error = result?.userErrors[0];
      if (error) {
        if (error.code === "DUPLICATE_FULFILLMENT_HOLD_HANDLE" || (error.code === "TAKEN" && error.field?.includes("handle")))
          return { type: "ALREADY_HELD" };
        if (error.code === "FULFILLMENT_ORDER_NOT_SPLITTABLE") return { type: "NOT_SPLITTABLE" };
        return { type: "REJECTED", code: error.code, message: error.message };
      }
      if (!result?.fulfillmentHold || !result.fulfillmentOrder)
        return { type: "REJECTED", code: null, message: "Shopify returned no hold and no error" };
      const fulfillmentOrders = [result.fulfillmentOrder, ...(result.remainingFulfillmentOrder ? [result.remainingFulfillmentOrder] : [])];
      return {
        type: "HELD",
        holdId: result.fulfillmentHold.id,
        heldFulfillmentOrderId: result.fulfillmentOrder.id,
        remainingFulfillmentOrderId: result.remainingFulfillmentOrder?.id ?? null,
        fulfillmentOrders: await Promise.all(fulfillmentOrders.map(fulfillmentOrderSnapshot)),
      };
    },

    /** Releases one hold by id: pass only the app's own. A hold already gone is NOT_FOUND. */
    async releaseHold(input: { fulfillmentOrderId: string; holdId: string }): Promise<ReleaseResult> {
      const { fulfillmentOrderReleaseHold: result } = await client.request<ReleaseHoldMutation, ReleaseHoldMutationVariables>(
        RELEASE_HOLD,
        { id: input.fulfillmentOrderId, holdIds: [input.holdId] },
      );
      const error = result?.userErrors[0];
      if (!error) return { type: "RELEASED" };
      if (error.code === "FULFILLMENT_ORDER_NOT_FOUND") return { type: "NOT_FOUND" };
      // No code, only this message, when the fulfillment order has no hold left (released by the merchant, say).
      if (error.code === null && /not on hold/i.test(error.message)) return { type: "NOT_FOUND" };
      return { type: "REJECTED", code: error.code, message: error.message };
    },

    /** A product's variants with their inventory policy as it is now; null when the product is gone. */
    async productVariants(productId: string): Promise<VariantSnapshot[] | null> {
      const { product } = await client.request<ProductVariantsForBackordersQuery, ProductVariantsForBackordersQueryVariables>(
        PRODUCT_VARIANTS,
        { id: productId },
      );
      if (!product) return null;
      return product.variants.nodes.map((v) => variantSnapshot(v, product));
    },

    /** The store's products whose title contains `text`, with their variants (at most 20 products). */
    async searchVariants(text: string): Promise<VariantSnapshot[]> {
      // Each word a prefix search on the title; characters of the search syntax are dropped.
      const words = text
        .replace(/[^\p{L}\p{N}\s'-]/gu, " ")
        .split(/\s+/)
        .filter(Boolean);
      if (words.length === 0) return [];
      const query = words.map((word) => `title:${word}*`).join(" ");
      const { products } = await client.request<SearchProductsForAdminQuery, SearchProductsForAdminQueryVariables>(SEARCH_PRODUCTS, {
        query,
        first: 20,
      });
      return products.nodes.flatMap((product) => product.variants.nodes.map((v) => variantSnapshot(v, product)));
    },

    /** One variant with its inventory policy as it is now; null when it is gone. */
    async productVariant(variantId: string): Promise<VariantSnapshot | null> {
      const { productVariant: v } = await client.request<VariantForBackordersQuery, VariantForBackordersQueryVariables>(
        VARIANT_FOR_BACKORDERS,
        { id: variantId },
      );
      return v ? variantSnapshot(v, v.product) : null;
    },

    /** Turns continue-selling on (CONTINUE) or off (DENY) for one variant. */
    async setInventoryPolicy(input: { productId: string; variantId: string; policy: InventoryPolicy }): Promise<PolicyResult> {
      const { productVariantsBulkUpdate: result } = await client.request<
        SetVariantInventoryPolicyMutation,
        SetVariantInventoryPolicyMutationVariables
      >(SET_VARIANT_INVENTORY_POLICY, {
        productId: input.productId,
        variants: [{ id: input.variantId, inventoryPolicy: input.policy }],
      });
      const error = result?.userErrors[0];
      if (error) return { type: "REJECTED", code: error.code, message: error.message };
      return { type: "UPDATED" };
    },

    /** Adds tags to an order; tags it already has stay as they are. */
    async addTags(orderId: string, tags: string[]): Promise<TagsResult> {
      return unlessAccessDenied(async () => {
        const { tagsAdd } = await client.request<TagsAddMutation, TagsAddMutationVariables>(TAGS_ADD, { id: orderId, tags });
        return tagsOutcome(tagsAdd);
      });
    },

    /** Removes tags from an order: pass only the app's own. */
    async removeTags(orderId: string, tags: string[]): Promise<TagsResult> {
      return unlessAccessDenied(async () => {
        const { tagsRemove } = await client.request<TagsRemoveMutation, TagsRemoveMutationVariables>(TAGS_REMOVE, { id: orderId, tags });
        return tagsOutcome(tagsRemove);
      });
    },

    /**
     * Removes units from an order's lines (restocked) by an order edit, then
     * refunds what the edit left owed. Shopify's order-editing guide says a
     * committed edit that lowers the total leaves the order overpaid, shown as
     * a negative `totalOutstandingSet`, and that the merchant refunds it with
     * refundCreate; so that is the amount refunded (it also counts anything
     * the order owed before), through the payment's gateway, as a REFUND of
     * its sale. Nothing is refunded when nothing is owed or nothing was paid.
     */
    async removeLineItems(input: RemoveLineItemsInput): Promise<RemoveLineItemsResult> {
      return rejectedUnlessAllowed(async (): Promise<RemoveLineItemsResult> => {
        const { orderEditBegin: begun } = await client.request<OrderEditBeginMutation, OrderEditBeginMutationVariables>(ORDER_EDIT_BEGIN, {
          id: input.orderId,
        });
        const calculated = begun?.calculatedOrder;
        if (!calculated) return { type: "REJECTED", message: joined(begun?.userErrors) || "Shopify began no order edit" };
        for (const line of input.lines) {
          const target = calculated.lineItems.nodes.find((node) => gidNumber(node.id) === gidNumber(line.lineItemId));
          if (!target) return { type: "REJECTED", message: `Line ${line.lineItemId} is not on the order` };
          if (line.remove <= 0 || line.remove > target.quantity) {
            return { type: "REJECTED", message: `Line ${line.lineItemId} has ${target.quantity} units; cannot remove ${line.remove}` };
          }
          const { orderEditSetQuantity: set } = await client.request<OrderEditSetQuantityMutation, OrderEditSetQuantityMutationVariables>(
            ORDER_EDIT_SET_QUANTITY,
            { id: calculated.id, lineItemId: target.id, quantity: target.quantity - line.remove },
          );
          if (!set || set.userErrors.length > 0) return { type: "REJECTED", message: joined(set?.userErrors) };
        }
        const { orderEditCommit: committed } = await client.request<OrderEditCommitMutation, OrderEditCommitMutationVariables>(
          ORDER_EDIT_COMMIT,
          { id: calculated.id, staffNote: input.staffNote },
        );
        const order = committed?.order;
        if (!order) return { type: "REJECTED", message: joined(committed?.userErrors) || "Shopify committed no order edit" };
        const owed = -Number(order.totalOutstandingSet.shopMoney.amount);
        const payment = order.transactions.find((t) => (t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS");
        if (!(owed > 0) || !payment) return { type: "REMOVED", refunded: null };
        const amount = owed.toFixed(2);
        const { refundCreate: refund } = await client.request<RefundCreateMutation, RefundCreateMutationVariables>(REFUND_CREATE, {
          input: {
            orderId: input.orderId,
            note: input.staffNote,
            notify: false,
            transactions: [{ orderId: input.orderId, amount, kind: "REFUND", gateway: payment.gateway ?? "manual", parentId: payment.id }],
          },
        });
        if (!refund?.refund) {
          return { type: "REJECTED", message: `The lines were removed but the refund was refused: ${joined(refund?.userErrors)}` };
        }
        return { type: "REMOVED", refunded: { ...refund.refund.totalRefundedSet.shopMoney } };
      });
    },

    /** Cancels the whole order for the customer: restocked, refunded to their payment method, Shopify's email not sent. */
    async cancelOrder(input: { orderId: string; staffNote: string }): Promise<CancelOrderResult> {
      return rejectedUnlessAllowed(async (): Promise<CancelOrderResult> => {
        const { orderCancel: result } = await client.request<CancelOrderMutation, CancelOrderMutationVariables>(CANCEL_ORDER, input);
        if (!result || result.orderCancelUserErrors.length > 0) return { type: "REJECTED", message: joined(result?.orderCancelUserErrors) };
        return { type: "CANCELLED" };
      });
    },

    /** Deletes metafields in calls of 25; one already gone counts as deleted. Stops at the first rejected call. */
    async deleteMetafields(entries: MetafieldIdentifier[]): Promise<DeleteMetafieldsResult> {
      return unlessAccessDenied(async (): Promise<DeleteMetafieldsResult> => {
        let written = 0;
        for (let i = 0; i < entries.length; i += METAFIELDS_PER_CALL) {
          const batch = entries.slice(i, i + METAFIELDS_PER_CALL);
          const { metafieldsDelete: result } = await client.request<DeleteMetafieldsMutation, DeleteMetafieldsMutationVariables>(
            DELETE_METAFIELDS,
            { metafields: batch },
          );
          const error = result?.userErrors[0];
          if (error) return { type: "REJECTED", written, message: error.message };
          written += batch.length;
        }
        return { type: "DELETED", count: written };
      });
    },

    /** Starts the merchant's Shopify Flow workflows that begin with one of the app's triggers. */
    async sendFlowTrigger(input: FlowTriggerInput): Promise<FlowTriggerResult> {
      const { flowTriggerReceive: result } = await client.request<FlowTriggerReceiveMutation, FlowTriggerReceiveMutationVariables>(
        FLOW_TRIGGER_RECEIVE,
        { handle: input.handle, payload: input.payload },
      );
      const errors = result?.userErrors ?? [];
      if (errors.length > 0) return { type: "REJECTED", message: errors.map((e) => e.message).join("\n") };
      return { type: "SENT" };
    },

    /** Writes metafields in calls of 25 (Shopify's limit); stops at the first rejected call. */
    async setMetafields(entries: MetafieldEntry[]): Promise<MetafieldsResult> {
      let written = 0;
      for (let i = 0; i < entries.length; i += METAFIELDS_PER_CALL) {
        const batch = entries.slice(i, i + METAFIELDS_PER_CALL);
        const { metafieldsSet: result } = await client.request<SetMetafieldsMutation, SetMetafieldsMutationVariables>(SET_METAFIELDS, {
          metafields: batch,
        });
        const errors = result?.userErrors ?? [];
        if (errors.length > 0) {
          return {
            type: "REJECTED",
            written,
            errors: errors.map((e) => ({
              index: e.elementIndex == null ? null : i + e.elementIndex,
              code: e.code,
              message: e.message,
              field: e.field,
            })),
          };
        }
        written += batch.length;
      }
      return { type: "SET", count: written };
    },
  };
}

type VariantFields = { id: string; sku: string | null; title: string; inventoryPolicy: InventoryPolicy; inventoryItem: { id: string } };

function variantSnapshot(v: VariantFields, product: ProductForAdminFragment): VariantSnapshot {
  return {
    variantId: v.id,
    productId: product.id,
    inventoryItemId: v.inventoryItem.id,
    sku: v.sku,
    title: v.title,
    inventoryPolicy: v.inventoryPolicy,
    productTitle: product.title,
    vendor: product.vendor || null,
    imageUrl: product.featuredMedia?.preview?.image?.url ?? null,
  };
}
