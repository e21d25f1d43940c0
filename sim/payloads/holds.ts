import type { FulfillmentOrder } from "../state/fulfillment-orders";
import type { FulfillmentHold } from "../state/holds";
import type { SimState } from "../state/sim-state";

/** Body of fulfillment_holds/added and /released. `held_by_requesting_app` is set per recipient on delivery. */
export function holdPayload(state: SimState, fo: FulfillmentOrder, hold: FulfillmentHold) {
  const app = hold.appKey ? state.apps.get(hold.appKey) : undefined;
  return {
    fulfillment_order: { id: fo.id },
    fulfillment_hold: {
      id: hold.id,
      reason: hold.reason.toLowerCase(),
      reason_notes: hold.reasonNotes ?? "",
      handle: hold.handle,
      held_by_app: app ? { id: app.id } : null,
      held_by_requesting_app: false,
    },
  };
}
