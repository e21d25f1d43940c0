// Which parts of Shopify's payloads are a person's data, as pure functions:
// finding a customer in a payload, copying it without them, listing them.
// Every walk keeps its own stack, never the call stack: a delivery may nest
// JSON a hundred thousand levels deep, and must still be redacted.

export type CustomerRef = { id: number | string; email?: string | null; phone?: string | null };

// Fields of Shopify's payloads that hold a person's data, or lead to it
// (tokens open the order status page; landing and referring URLs carry
// search terms and campaign ids; tags and notes are the merchant's words
// about the person). A `customer` object keeps only its id, so the redacted
// record can still be counted.
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
  "properties",
  "order_status_url",
  "token",
  "cart_token",
  "checkout_token",
  "landing_site",
  "landing_site_ref",
  "referring_site",
  "tracking_number",
  "tracking_numbers",
  "tracking_url",
  "tracking_urls",
  "tags",
  "payment_details",
]);

// Leaves that name or locate the person; other text the app keeps (error
// messages) is searched for their values.
const IDENTIFYING_KEYS = new Set(["email", "contact_email", "phone", "first_name", "last_name", "name", "address1", "address2", "zip"]);

/** Visits every key and value below `root`, depth first in document order, until `visit` says stop. */
function walk(root: unknown, visit: (key: string, value: unknown) => boolean): boolean {
  // Entries to visit, and values whose children come next.
  const stack: Array<{ key: string; value: unknown } | { expand: unknown }> = [{ expand: root }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if ("key" in item) {
      if (visit(item.key, item.value)) return true;
      stack.push({ expand: item.value });
      continue;
    }
    const value = item.expand;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ expand: value[i] });
    } else if (value && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ key: entries[i][0], value: entries[i][1] });
    }
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
  const holder: Record<string, unknown> = {};
  const stack: Array<{ source: unknown; target: Record<string, unknown> | unknown[]; key: string | number }> = [
    { source: value, target: holder, key: "value" },
  ];
  for (let job = stack.pop(); job; job = stack.pop()) {
    const { source, target } = job;
    const place = (copy: unknown) => ((target as Record<string | number, unknown>)[job.key] = copy);
    if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length);
      place(copy);
      source.forEach((item, index) => stack.push({ source: item, target: copy, key: index }));
    } else if (source && typeof source === "object") {
      const copy: Record<string, unknown> = {};
      place(copy);
      for (const [key, child] of Object.entries(source)) {
        copy[key] = null; // keeps the key order of the source
        if (key === "customer" && child && typeof child === "object") copy[key] = { id: (child as { id?: unknown }).id ?? null };
        else if (!PERSONAL_KEYS.has(key)) stack.push({ source: child, target: copy, key });
      }
    } else {
      place(source);
    }
  }
  return holder.value;
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

/** The strings in a payload that name or locate a person: what to look for in free text. */
export function identifyingStrings(value: unknown): Set<string> {
  const found = new Set<string>();
  walk(value, (key, child) => {
    if (IDENTIFYING_KEYS.has(key) && typeof child === "string" && child.trim().length >= 3) found.add(child.trim());
    return false;
  });
  return found;
}

/** Free text with every one of the strings replaced; longest first, so a full name goes before its parts. */
export function scrubText(text: string, strings: ReadonlySet<string>): string {
  return [...strings].sort((a, b) => b.length - a.length).reduce((result, s) => result.split(s).join("[redacted]"), text);
}

/** JSON.stringify without the call stack's depth limit. */
export function stringifyJson(value: unknown): string {
  const out: string[] = [];
  // A string on the stack is output as is; an object wrapper is a value still to write.
  const stack: Array<string | { value: unknown }> = [{ value }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    const current = item.value;
    if (Array.isArray(current)) {
      stack.push("]");
      for (let i = current.length - 1; i >= 0; i--) {
        stack.push({ value: current[i] === undefined ? null : current[i] });
        if (i > 0) stack.push(",");
      }
      stack.push("[");
    } else if (current && typeof current === "object") {
      const entries = Object.entries(current).filter(([, child]) => child !== undefined);
      stack.push("}");
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push({ value: entries[i][1] });
        stack.push(`${i > 0 ? "," : ""}${JSON.stringify(entries[i][0])}:`);
      }
      stack.push("{");
    } else {
      out.push(JSON.stringify(current) ?? "null");
    }
  }
  return out.join("");
}
