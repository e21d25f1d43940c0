// Metafields: the fields every owner has, namespaces (`$app`), digests, and
// metafieldsSet with Shopify's validation.
import { createHash } from "node:crypto";
import type { UserError } from "../state/errors";
import { legacyId, type Gid } from "../state/ids";
import type { HasMetafields, Metafield } from "../state/metafields";
import type { App } from "../state/shops";
import { connection } from "./connection";
import type { Args, Obj, SimContext } from "./context";
import { lookup } from "./node-types";
import { requireOrderWrite } from "./tags";

/** `$app` namespaces resolve to the app-reserved namespace, as on Shopify. */
export function resolveNamespace(namespace: string | null | undefined, app: App): string {
  const reserved = `app--${legacyId(app.id)}`;
  if (namespace == null) return reserved;
  if (namespace === "$app") return reserved;
  if (namespace.startsWith("$app:")) return `${reserved}--${namespace.slice(5)}`;
  return namespace;
}

const digest = (m: Metafield) => createHash("sha256").update(`${m.type}\u0000${m.value}`).digest("hex");

/** A metafield of the record `ownerId` names; its owner type and owner come from the node types. */
function metafieldNode(ctx: SimContext, m: Metafield, ownerId: Gid): Obj {
  const owner = lookup(ctx.shop, ownerId)!;
  return {
    __typename: "Metafield",
    id: m.id,
    legacyResourceId: String(legacyId(m.id)),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    jsonValue: () => jsonValue(m),
    compareDigest: digest(m),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    ownerType: owner.metafieldOwner,
    owner: () => owner.node(ctx),
    definition: null,
    description: null,
  };
}

export function jsonValue(m: Metafield): unknown {
  if (m.type === "json" || m.type.startsWith("list.")) return JSON.parse(m.value);
  if (m.type === "number_integer") return Number.parseInt(m.value, 10);
  if (m.type === "boolean") return m.value === "true";
  return m.value;
}

export function metafieldFields(ctx: SimContext, record: HasMetafields): Obj {
  const node = (m: Metafield) => metafieldNode(ctx, m, record.id);
  return {
    metafield: (args: Args) => {
      const ns = resolveNamespace(args.namespace, ctx.app);
      const m = record.metafields.find((x) => x.namespace === ns && x.key === args.key);
      return m ? node(m) : null;
    },
    metafields: (args: Args) => {
      let list = record.metafields;
      if (args.namespace != null) list = list.filter((m) => m.namespace === resolveNamespace(args.namespace, ctx.app));
      if (args.keys) list = list.filter((m) => (args.keys as string[]).includes(`${m.namespace}.${m.key}`));
      return connection(list, args, node);
    },
  };
}

const METAFIELD_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "rich_text_field",
  "number_integer",
  "number_decimal",
  "boolean",
  "json",
  "date",
  "date_time",
  "url",
  "color",
  "money",
  "product_reference",
  "variant_reference",
  "customer_reference",
  "list.single_line_text_field",
  "list.number_integer",
  "list.date",
  "list.product_reference",
  "list.variant_reference",
]);

function metafieldValueProblem(type: string, value: string): string | null {
  switch (type) {
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? "Value must be in ISO 8601 format." : null;
    case "single_line_text_field":
      return value.includes("\n") ? "Value must be a single line text string." : null;
    default:
      if (type === "json" || type.startsWith("list.")) {
        try {
          const parsed: unknown = JSON.parse(value);
          return type.startsWith("list.") && !Array.isArray(parsed) ? "Value must be an array." : null;
        } catch {
          return "Value must be valid JSON.";
        }
      }
      return null;
  }
}

export function metafieldsSet(ctx: SimContext, inputs: Args[]): Obj {
  const { state, shop } = ctx;
  for (const input of inputs) requireOrderWrite(ctx, "metafieldsSet", input.ownerId);
  const errors: UserError[] = [];
  if (inputs.length > 25) {
    return {
      metafields: null,
      userErrors: [
        {
          field: ["metafields"],
          code: "LESS_THAN_OR_EQUAL_TO",
          message: "Exceeded the maximum metafields input limit of 25.",
          elementIndex: null,
        },
      ],
    };
  }
  const planned: {
    owner: { metafields: Metafield[] };
    ownerId: Gid;
    namespace: string;
    key: string;
    type: string;
    value: string;
    existing?: Metafield;
  }[] = [];
  inputs.forEach((input, i) => {
    const at = (f: string) => ["metafields", String(i), f];
    const fail = (f: string, code: string, message: string) => errors.push({ field: at(f), code, message, elementIndex: i });
    const found = lookup(shop, input.ownerId);
    const owner = found?.metafieldOwner ? (found.record as HasMetafields) : undefined;
    if (!owner) return fail("ownerId", "INVALID", "Owner does not exist.");
    const namespace = resolveNamespace(input.namespace, ctx.app);
    const key = String(input.key);
    if (namespace.length < 3) return fail("namespace", "TOO_SHORT", "Namespace is too short (minimum is 3 characters)");
    if (namespace.length > 255) return fail("namespace", "TOO_LONG", "Namespace is too long (maximum is 255 characters)");
    if (key.length < 2) return fail("key", "TOO_SHORT", "Key is too short (minimum is 2 characters)");
    if (key.length > 64) return fail("key", "TOO_LONG", "Key is too long (maximum is 64 characters)");
    if (!/^[\w-]+$/.test(key)) return fail("key", "INVALID", "Key contains one or more invalid characters.");
    const existing = owner.metafields.find((m) => m.namespace === namespace && m.key === key);
    const type: string | undefined = input.type ?? existing?.type;
    if (!type) return fail("type", "BLANK", "Type can't be blank");
    if (!METAFIELD_TYPES.has(type)) return fail("type", "INVALID_TYPE", `Type '${type}' is not a valid metafield type.`);
    const problem = metafieldValueProblem(type, String(input.value));
    if (problem) return fail("value", "INVALID_VALUE", problem);
    if ("compareDigest" in input) {
      // compareDigest null asserts the metafield does not exist yet.
      const stale = input.compareDigest === null ? Boolean(existing) : !existing || digest(existing) !== input.compareDigest;
      if (stale)
        return fail(
          "compareDigest",
          "STALE_OBJECT",
          "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
        );
    }
    planned.push({ owner, ownerId: input.ownerId, namespace, key, type, value: String(input.value), existing });
  });
  // Atomic: nothing is written when any element fails.
  if (errors.length) return { metafields: null, userErrors: errors };
  const now = state.now();
  const out = planned.map((p) => {
    let m = p.existing;
    if (m) Object.assign(m, { type: p.type, value: p.value, updatedAt: now });
    else {
      m = {
        id: `gid://shopify/Metafield/${state.nextId()}`,
        namespace: p.namespace,
        key: p.key,
        type: p.type,
        value: p.value,
        createdAt: now,
        updatedAt: now,
      };
      p.owner.metafields.push(m);
    }
    return metafieldNode(ctx, m, p.ownerId);
  });
  return { metafields: out, userErrors: [] };
}

/**
 * Deletes by owner, namespace and key, at most 25 at once. A metafield that
 * does not exist is no error: its identifier comes back null.
 */
export function metafieldsDelete(ctx: SimContext, inputs: Args[]): Obj {
  for (const input of inputs) requireOrderWrite(ctx, "metafieldsDelete", input.ownerId);
  if (inputs.length > 25) {
    return {
      deletedMetafields: null,
      userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25." }],
    };
  }
  const owners = inputs.map((input) => lookup(ctx.shop, input.ownerId));
  const missing = owners.findIndex((found) => !found?.metafieldOwner);
  if (missing >= 0)
    return {
      deletedMetafields: null,
      userErrors: [{ field: ["metafields", String(missing), "ownerId"], message: "Owner does not exist." }],
    };
  const deleted = inputs.map((input, i) => {
    const owner = owners[i]!.record as HasMetafields;
    const namespace = resolveNamespace(input.namespace, ctx.app);
    const at = owner.metafields.findIndex((m) => m.namespace === namespace && m.key === input.key);
    if (at < 0) return null;
    owner.metafields.splice(at, 1);
    return { ownerId: input.ownerId, namespace: input.namespace, key: input.key };
  });
  return { deletedMetafields: deleted, userErrors: [] };
}
