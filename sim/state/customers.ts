import { gid } from "./ids";
import type { HasMetafields } from "./metafields";
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export interface Customer extends HasMetafields {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CustomerInput {
  firstName?: string;
  lastName?: string;
  email?: string;
  tags?: string[];
}

/** The customer with this email, or a new one. */
export function addCustomer(state: SimState, shop: ShopState, c: CustomerInput): Customer {
  const existing = c.email ? [...shop.customers.values()].find((x) => x.email === c.email) : undefined;
  if (existing) return existing;
  const now = state.now();
  const customer: Customer = {
    id: gid("Customer", state.nextId()),
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    email: c.email ?? null,
    tags: c.tags ?? [],
    metafields: [],
    createdAt: now,
    updatedAt: now,
  };
  shop.customers.set(customer.id, customer);
  return customer;
}
