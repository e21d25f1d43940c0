// The app's Shopify Flow triggers, read from its extensions as Shopify reads
// them on deploy: every extensions/*/shopify.extension.toml entry of type
// flow_trigger, checked with the rules Shopify CLI applies
// (Shopify/cli packages/app/src/cli/services/flow/: constants.ts,
// validation.ts, serialize-fields.ts), so a trigger Shopify would refuse to
// deploy stops the simulator too.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import type { FlowTriggerDefinition, FlowTriggerField } from "./state/flow-triggers";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The commerce objects a trigger may reference; the payload names each `<object>_id`. */
const TRIGGER_REFERENCES = ["customer_reference", "order_reference", "product_reference", "company_reference", "company_contact_reference"];
/** The other field types triggers take (metafield type names); `schema.<type>` names a type of the extension's schema. */
const TRIGGER_FIELD_TYPES = ["boolean", "email", "single_line_text_field", "url", "number_decimal"];
const HANDLE = /^[A-Za-z0-9-]{1,30}$/;
const FIELD_KEY = /^[a-zA-Z\s]*$/;

interface TomlExtension {
  type?: string;
  handle?: string;
  name?: string;
  description?: string;
}

interface TomlField {
  type?: string;
  key?: string;
  description?: string;
}

function field(handle: string, f: TomlField, index: number): FlowTriggerField {
  const where = `field[${index}] of flow trigger '${handle}'`;
  if (typeof f.type !== "string") throw new Error(`${where} has no type`);
  if (TRIGGER_REFERENCES.includes(f.type)) return { key: `${f.type.replace(/_reference$/, "")}_id`, type: f.type };
  if (!TRIGGER_FIELD_TYPES.includes(f.type) && !f.type.startsWith("schema."))
    throw new Error(`Field type ${f.type} is not supported on Flow Triggers (${where})`);
  if (typeof f.key !== "string" || f.key === "")
    throw new Error(`key property must be specified for non-commerce object fields in ${where}`);
  if (!FIELD_KEY.test(f.key)) throw new Error(`${where}: key must contain only alphabetic characters and spaces`);
  return { key: f.key, type: f.type };
}

/** Every flow_trigger extension under `dir`, by handle. */
export function readFlowTriggers(dir = join(repoRoot, "extensions")): Map<string, FlowTriggerDefinition> {
  const triggers = new Map<string, FlowTriggerDefinition>();
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name, "shopify.extension.toml");
    if (!existsSync(path)) continue;
    const toml = parseToml(readFileSync(path, "utf8")) as { extensions?: TomlExtension[]; settings?: { fields?: TomlField[] } };
    for (const extension of toml.extensions ?? []) {
      if (extension.type !== "flow_trigger") continue;
      const handle = extension.handle ?? "";
      if (!HANDLE.test(handle)) throw new Error(`${path}: a handle has 1 to 30 letters, digits and hyphens, got '${handle}'`);
      if (triggers.has(handle)) throw new Error(`${path}: handle '${handle}' is taken by another extension`);
      if (!extension.name) throw new Error(`${path}: a flow trigger needs a name`);
      const fields = (toml.settings?.fields ?? []).map((f, i) => field(handle, f, i));
      triggers.set(handle, { handle, name: extension.name, fields });
    }
  }
  return triggers;
}
