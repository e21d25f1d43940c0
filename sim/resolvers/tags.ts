// tagsAdd and tagsRemove on orders, with Shopify's normalisation: each
// element may itself be comma-separated, tags are trimmed, kept once
// whatever their case, and sorted; a change sends orders/updated.
import { orderPayload } from "../payloads/orders";
import type { Gid } from "../state/ids";
import type { Order } from "../state/orders";
import { requireScope, type Args, type Obj, type SimContext } from "./context";
import { lookup } from "./node-types";

/** Shopify's limit on one order tag. */
const TAG_MAX_LENGTH = 40;
const ORDER_TAGS_SCOPE = "write_orders";

/** Writing an order's tags or metafields needs write_orders. */
export function requireOrderWrite(ctx: SimContext, field: string, ownerId: Gid) {
  if (lookup(ctx.shop, ownerId)?.metafieldOwner === "ORDER") requireScope(ctx, field, ORDER_TAGS_SCOPE);
}

function normalise(input: string[]): string[] {
  return input
    .flatMap((element) => element.split(","))
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

const sameTag = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sortTags = (tags: string[]) => tags.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));

type TagsChange = (order: Order, tags: string[]) => string[];

function changeTags(ctx: SimContext, field: string, args: Args, change: TagsChange): Obj {
  const found = lookup(ctx.shop, args.id);
  if (found?.metafieldOwner === "ORDER") requireScope(ctx, field, ORDER_TAGS_SCOPE);
  // The simulator tags orders only; Shopify's other taggable types answer the same way when missing.
  if (!found || found.metafieldOwner !== "ORDER") {
    return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
  }
  const tags = normalise(args.tags as string[]);
  const tooLong = tags.find((tag) => tag.length > TAG_MAX_LENGTH);
  if (tooLong !== undefined) {
    return {
      node: null,
      userErrors: [{ field: ["tags"], message: `Tag '${tooLong}' is too long (maximum is ${TAG_MAX_LENGTH} characters)` }],
    };
  }
  const order = found.record as Order;
  const next = sortTags(change(order, tags));
  if (next.length !== order.tags.length || next.some((tag, i) => tag !== order.tags[i])) {
    order.tags = next;
    order.updatedAt = ctx.state.now();
    ctx.state.emit(ctx.shop.domain, "orders/updated", orderPayload(ctx.state, ctx.shop, order));
  }
  return { node: found.node(ctx), userErrors: [] };
}

export const tagsAdd = (ctx: SimContext, args: Args) =>
  changeTags(ctx, "tagsAdd", args, (order, tags) => {
    const kept = [...order.tags];
    for (const tag of tags) if (!kept.some((have) => sameTag(have, tag))) kept.push(tag);
    return kept;
  });

export const tagsRemove = (ctx: SimContext, args: Args) =>
  changeTags(ctx, "tagsRemove", args, (order, tags) => order.tags.filter((have) => !tags.some((tag) => sameTag(have, tag))));
