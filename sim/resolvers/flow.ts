// flowTriggerReceive: the app tells Shopify Flow about an event; Flow checks
// the handle and payload against the app's trigger extensions.
import { GraphQLError } from "graphql";
import type { Args, Obj, SimContext } from "./context";

export function flowTriggerReceive(ctx: SimContext, args: Args): Obj {
  // The deprecated form (a JSON `body` with trigger_id or trigger_title) is not the app's.
  if (args.body !== undefined && args.body !== null)
    throw new GraphQLError("Argument 'flowTriggerReceive.body' is not implemented by the Shopify simulator", {
      extensions: { code: "SIMULATOR_NOT_IMPLEMENTED" },
    });
  return { userErrors: ctx.state.receiveFlowTrigger(ctx.shop.domain, ctx.app, args.handle, args.payload) };
}
