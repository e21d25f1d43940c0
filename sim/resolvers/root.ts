// The Admin API subset a backorder app needs: the fields of QueryRoot and
// Mutation the simulator implements, resolved with Shopify's behaviour.
// Records are projected to plain objects tagged with `__typename`; a field
// missing from a projection is unimplemented and fails loudly (see
// ../schema.ts), never a silent null.
import { GraphQLError } from "graphql";
import type { ResolverMap } from "../schema";
import { legacyId } from "../state/ids";
import { byId, connection, search } from "./connection";
import type { SimContext } from "./context";
import { flowTriggerReceive } from "./flow";
import { fulfillmentOrderHold, fulfillmentOrderReleaseHold } from "./holds";
import { inventoryAdjustQuantities, inventorySetQuantities } from "./inventory";
import { metafieldsDelete, metafieldsSet } from "./metafields";
import { nodeFor, typedNode } from "./node-types";
import { orderEditBegin, orderEditCommit, orderEditSetQuantity } from "./order-edits";
import { orderCancel, refundCreate } from "./payments";
import { productVariantsBulkUpdate } from "./products";
import { project } from "./projections";
import { tagsAdd, tagsRemove } from "./tags";
// Every area module registers its projections when it loads (./projections);
// these are the ones whose exports root.ts does not use.
import "./customers";
import "./fulfillment-orders";
import "./locations";
import "./orders";
import "./shops";

export const resolvers: ResolverMap<SimContext> = {
  "QueryRoot.shop": (_p, _a, ctx) => project("Shop", ctx, ctx.shop),
  "QueryRoot.app": (_p, args, ctx) => {
    if (args.id && args.id !== ctx.app.id) return null;
    return project("App", ctx, ctx.app);
  },
  "QueryRoot.node": (_p, args, ctx) => nodeFor(ctx, args.id),
  "QueryRoot.nodes": (_p, args, ctx) => (args.ids as string[]).map((id) => nodeFor(ctx, id)),
  "QueryRoot.products": (_p, args, ctx) => {
    const list = search(
      [...ctx.shop.products.values()],
      args.query,
      {
        id: (p, v) => byId(v)(p),
        // A trailing * is Shopify's prefix search; the simulator matches anywhere in the title.
        title: (p, v) => p.title.toLowerCase().includes(v.replace(/\*$/, "").toLowerCase()),
        handle: (p, v) => p.handle === v,
        status: (p, v) => p.status.toLowerCase() === v.toLowerCase(),
        tag: (p, v) => p.tags.includes(v),
        sku: (p, v) => p.variantIds.some((id) => ctx.shop.variants.get(id)?.sku === v),
      },
      "products",
    );
    return connection(list, args, (p) => project("Product", ctx, p));
  },
  "QueryRoot.product": (_p, args, ctx) => typedNode(ctx, args.id, "Product"),
  "QueryRoot.productVariant": (_p, args, ctx) => typedNode(ctx, args.id, "ProductVariant"),
  "QueryRoot.productVariants": (_p, args, ctx) => {
    const list = search(
      [...ctx.shop.variants.values()],
      args.query,
      {
        id: (v, val) => byId(val)(v),
        sku: (v, val) => v.sku === val,
        product_id: (v, val) => String(legacyId(v.productId)) === val,
        inventory_item_id: (v, val) => String(legacyId(v.inventoryItemId)) === val,
      },
      "productVariants",
    );
    return connection(list, args, (v) => project("ProductVariant", ctx, v));
  },
  "QueryRoot.order": (_p, args, ctx) => typedNode(ctx, args.id, "Order"),
  "QueryRoot.orders": (_p, args, ctx) => connection(searchOrders(ctx, args.query), args, (o) => project("Order", ctx, o)),
  // Shopify counts up to `limit` (10,000 by default; null: no limit) and says whether it stopped there.
  "QueryRoot.ordersCount": (_p, args, ctx) => {
    const count = searchOrders(ctx, args.query).length;
    const limit = args.limit === undefined ? 10_000 : (args.limit as number | null);
    return limit !== null && count > limit ? { count: limit, precision: "AT_LEAST" } : { count, precision: "EXACT" };
  },
  "QueryRoot.fulfillmentOrder": (_p, args, ctx) => typedNode(ctx, args.id, "FulfillmentOrder"),
  // Merchant-managed fulfillment orders of the shop, by id; closed ones only on request.
  "QueryRoot.fulfillmentOrders": (_p, args, ctx) => {
    if (args.sortKey && args.sortKey !== "ID")
      throw new GraphQLError(`sortKey ${args.sortKey} is not implemented by the Shopify simulator`, {
        extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
      });
    const all = [...ctx.shop.fulfillmentOrders.values()]
      .filter((fo) => args.includeClosed || !["CLOSED", "CANCELLED"].includes(fo.status))
      .sort((a, b) => legacyId(a.id) - legacyId(b.id));
    const list = search(
      all,
      args.query,
      {
        status: (fo, v) => fo.status === v.toUpperCase(),
        assigned_location_id: (fo, v) => String(legacyId(fo.locationId)) === v,
      },
      "fulfillmentOrders",
    );
    return connection(list, args, (fo) => project("FulfillmentOrder", ctx, fo));
  },
  "QueryRoot.inventoryItem": (_p, args, ctx) => typedNode(ctx, args.id, "InventoryItem"),
  "QueryRoot.inventoryLevel": (_p, args, ctx) => typedNode(ctx, args.id, "InventoryLevel"),
  "QueryRoot.location": (_p, args, ctx) =>
    args.id ? typedNode(ctx, args.id, "Location") : project("Location", ctx, [...ctx.shop.locations.values()][0]!),
  "QueryRoot.locations": (_p, args, ctx) => {
    const all = [...ctx.shop.locations.values()].filter((l) => l.isActive || args.includeInactive);
    return connection(search(all, args.query, { name: (l, v) => l.name === v, id: (l, v) => byId(v)(l) }, "locations"), args, (l) =>
      project("Location", ctx, l),
    );
  },
  "QueryRoot.customer": (_p, args, ctx) => typedNode(ctx, args.id, "Customer"),

  "Mutation.fulfillmentOrderHold": (_p, args, ctx) => fulfillmentOrderHold(ctx, args),
  "Mutation.fulfillmentOrderReleaseHold": (_p, args, ctx) => fulfillmentOrderReleaseHold(ctx, args),
  "Mutation.metafieldsSet": (_p, args, ctx) => metafieldsSet(ctx, args.metafields),
  "Mutation.metafieldsDelete": (_p, args, ctx) => metafieldsDelete(ctx, args.metafields),
  "Mutation.tagsAdd": (_p, args, ctx) => tagsAdd(ctx, args),
  "Mutation.tagsRemove": (_p, args, ctx) => tagsRemove(ctx, args),
  "Mutation.productVariantsBulkUpdate": (_p, args, ctx) => productVariantsBulkUpdate(ctx, args),
  "Mutation.inventoryAdjustQuantities": (_p, args, ctx) => inventoryAdjustQuantities(ctx, args.input),
  "Mutation.inventorySetQuantities": (_p, args, ctx) => inventorySetQuantities(ctx, args.input),
  "Mutation.flowTriggerReceive": (_p, args, ctx) => flowTriggerReceive(ctx, args),
  "Mutation.orderEditBegin": (_p, args, ctx) => orderEditBegin(ctx, args),
  "Mutation.orderEditSetQuantity": (_p, args, ctx) => orderEditSetQuantity(ctx, args),
  "Mutation.orderEditCommit": (_p, args, ctx) => orderEditCommit(ctx, args),
  "Mutation.refundCreate": (_p, args, ctx) => refundCreate(ctx, args),
  "Mutation.orderCancel": (_p, args, ctx) => orderCancel(ctx, args),
};

function searchOrders(ctx: SimContext, query: unknown) {
  return search(
    [...ctx.shop.orders.values()],
    query as string | undefined,
    {
      id: (o, v) => byId(v)(o),
      name: (o, v) => o.name === v || o.name === `#${v}`,
      tag: (o, v) => o.tags.includes(v),
      customer_id: (o, v) => o.customerId !== null && String(legacyId(o.customerId)) === v,
      status: (o, v) =>
        v === "cancelled"
          ? o.cancelledAt !== null
          : v === "open"
            ? o.closedAt === null
            : v === "closed"
              ? o.closedAt !== null
              : v === "any",
    },
    "orders",
  );
}
