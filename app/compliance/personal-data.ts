// Which parts of Shopify's payloads are a person's data, as pure functions:
// finding a customer in a payload, copying it without them, listing them.

export type CustomerRef = { id: number | string; email?: string | null; phone?: string | null };

// Fields of Shopify's payloads that hold a person's data. A `customer`
// object keeps only its id, so the redacted record can still be counted.
const PERSONAL_KEYS = new Set([
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "billing_address",
  "shipping_address",
  "default_address",
  "addresses",
  "client_details",
  "browser_ip",
  "note",
  "note_attributes",
  "destination",
]);

function walk(value: unknown, visit: (key: string, value: unknown) => boolean): boolean {
  if (Array.isArray(value)) return value.some((item) => walk(item, visit));
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, child]) => visit(key, child) || walk(child, visit));
  }
  return false;
}

/** Whether a payload is about this customer or one of the listed orders. */
export function mentionsCustomer(payload: unknown, customer: CustomerRef, orderIds: ReadonlyArray<number | string> = []) {
  const id = String(customer.id);
  const orders = new Set(orderIds.map(String));
  const personal = new Set([customer.email, customer.phone].filter((v): v is string => Boolean(v)));
  return (
    walk(payload, (key, value) => {
      if (key === "customer" && value && typeof value === "object" && String((value as { id?: unknown }).id) === id) return true;
      if (key === "customer_id" && String(value) === id) return true;
      if (key === "order_id" && orders.has(String(value))) return true;
      return typeof value === "string" && personal.has(value);
    }) ||
    (orders.size > 0 && orders.has(String((payload as { id?: unknown } | null)?.id)))
  );
}

/** A copy of the payload without any personal field. */
export function redactPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => {
      if (key === "customer" && child && typeof child === "object") return [key, { id: (child as { id?: unknown }).id ?? null }];
      if (PERSONAL_KEYS.has(key)) return [key, null];
      return [key, redactPersonalData(child)];
    }),
  );
}

/** The personal fields of a payload, as they are stored. */
export function personalFields(value: unknown): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  walk(value, (key, child) => {
    if ((PERSONAL_KEYS.has(key) || key === "customer") && child != null && !(key in found)) found[key] = child;
    return false;
  });
  return found;
}
