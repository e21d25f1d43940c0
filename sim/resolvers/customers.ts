import type { Customer } from "../state/customers";
import { legacyId } from "../state/ids";
import { connection } from "./connection";
import type { Args, Obj, SimContext } from "./context";
import { metafieldFields } from "./metafields";
import { project, register } from "./projections";

function customerNode(ctx: SimContext, c: Customer): Obj {
  const { shop } = ctx;
  const orders = () => [...shop.orders.values()].filter((o) => o.customerId === c.id);
  return {
    __typename: "Customer",
    id: c.id,
    legacyResourceId: String(legacyId(c.id)),
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "",
    email: c.email,
    tags: c.tags,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    numberOfOrders: () => String(orders().length),
    orders: (args: Args) => connection(orders(), args, (o) => project("Order", ctx, o)),
    ...metafieldFields(ctx, c),
  };
}

register({ Customer: customerNode });
