// Fulfillment holds and the mutations that place and release them.
import type { FulfillmentHold } from "../state/holds";
import type { Args, Obj, SimContext } from "./context";
import { project, register } from "./projections";

function holdNode(ctx: SimContext, hold: FulfillmentHold): Obj {
  const app = hold.appKey ? ctx.state.apps.get(hold.appKey) : undefined;
  return {
    __typename: "FulfillmentHold",
    id: hold.id,
    handle: hold.handle,
    reason: hold.reason,
    reasonNotes: hold.reasonNotes,
    displayReason: hold.reason
      .toLowerCase()
      .replace(/_/g, " ")
      .replace(/^./, (c) => c.toUpperCase()),
    heldByApp: app ? project("App", ctx, app) : null,
    heldByRequestingApp: hold.appKey === ctx.app.apiKey,
  };
}

register({ FulfillmentHold: holdNode });

export function fulfillmentOrderHold(ctx: SimContext, args: Args): Obj {
  const input = args.fulfillmentHold as Args;
  const result = ctx.state.hold(ctx.shop.domain, ctx.app.apiKey, args.id, {
    reason: input.reason,
    reasonNotes: input.reasonNotes,
    handle: input.handle,
    externalId: input.externalId,
    fulfillmentOrderLineItems: input.fulfillmentOrderLineItems,
  });
  return {
    fulfillmentHold: result.hold ? holdNode(ctx, result.hold) : null,
    fulfillmentOrder: result.fulfillmentOrder ? project("FulfillmentOrder", ctx, result.fulfillmentOrder) : null,
    remainingFulfillmentOrder: result.remaining ? project("FulfillmentOrder", ctx, result.remaining) : null,
    userErrors: result.userErrors,
  };
}

export function fulfillmentOrderReleaseHold(ctx: SimContext, args: Args): Obj {
  const result = ctx.state.releaseHold(ctx.shop.domain, ctx.app.apiKey, args.id, args.holdIds);
  return {
    fulfillmentOrder: result.fulfillmentOrder ? project("FulfillmentOrder", ctx, result.fulfillmentOrder) : null,
    userErrors: result.userErrors,
  };
}
