// Shopify Flow triggers the app sends (flowTriggerReceive), checked as Flow
// checks them and kept per shop, so tests can see which workflows would start.
// Flow's userErrors put every problem of the payload in one message on
// `body`: "Errors validating schema:\n  <problem>\n  <problem>\n".
import type { ShopState } from "./shops";
import type { SimState } from "./sim-state";

export interface FlowTriggerField {
  /** The payload's key: the field's `key`, or `<object>_id` for a reference (`order_id`). */
  key: string;
  /** The toml's type: `order_reference`, `single_line_text_field`, `schema.<type>`... */
  type: string;
}

export interface FlowTriggerDefinition {
  handle: string;
  name: string;
  fields: FlowTriggerField[];
}

/** A trigger Flow accepted: workflows starting with it would run. */
export interface FlowTriggerRun {
  handle: string;
  payload: Record<string, unknown>;
  receivedAt: string;
}

export interface FlowUserError {
  field: string[];
  message: string;
}

/** Flow's limit on a payload, in bytes of its JSON. */
export const FLOW_PAYLOAD_LIMIT = 50_000;

const schemaErrors = (problems: string[]): FlowUserError[] => [
  { field: ["body"], message: `Errors validating schema:\n  ${problems.join("\n  ")}\n` },
];

/** A value as Flow's messages quote it: strings bare, the rest as JSON. */
const label = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** What is wrong with one value of a field, or undefined when it fits the field's type. */
function typeProblem(field: FlowTriggerField, value: unknown): string | undefined {
  const wrong = (expected: string) => `Type error for field '${field.key}': ${label(value)} is not ${expected}.`;
  if (field.type.endsWith("_reference")) return Number.isSafeInteger(value) && (value as number) > 0 ? undefined : wrong("an Integer");
  switch (field.type) {
    case "single_line_text_field":
      return typeof value === "string" ? undefined : wrong("a String");
    case "boolean":
      return typeof value === "boolean" ? undefined : wrong("a Boolean");
    case "number_decimal":
      return typeof value === "number" && Number.isFinite(value) ? undefined : wrong("a Decimal");
    case "email":
      return typeof value === "string" && /^[^@\s]+@[^@\s]+$/.test(value) ? undefined : wrong("an email address");
    case "url":
      return typeof value === "string" && /^https?:\/\/\S+$/.test(value) ? undefined : wrong("an absolute URL");
    default:
      // schema.<type>: the simulator does not read the extension's GraphQL schema, so any JSON passes.
      return undefined;
  }
}

/**
 * Flow's checks, in its order: the size of the payload, the handle, then
 * each field (every field of the trigger is required, no other key is taken,
 * each value of its field's type). An accepted trigger is recorded on the shop.
 */
export function receiveFlowTrigger(
  state: SimState,
  shop: ShopState,
  triggers: ReadonlyMap<string, FlowTriggerDefinition>,
  handle: string | null | undefined,
  payload: unknown,
): FlowUserError[] {
  if (!handle || payload === null || payload === undefined)
    return [{ field: ["handle"], message: "`handle` and `payload` arguments are required" }];
  if (Buffer.byteLength(JSON.stringify(payload)) > FLOW_PAYLOAD_LIMIT)
    return schemaErrors([`Properties size exceeds the limit of ${FLOW_PAYLOAD_LIMIT} bytes.`]);
  const trigger = triggers.get(handle);
  if (!trigger) return schemaErrors([`Invalid handle '${handle}'.`]);
  if (typeof payload !== "object" || Array.isArray(payload)) return schemaErrors([`Type error: ${label(payload)} is not an Object.`]);
  const values = payload as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(values)) if (!trigger.fields.some((f) => f.key === key)) problems.push(`Invalid field: '${key}'.`);
  for (const field of trigger.fields) {
    if (!(field.key in values) || values[field.key] === null) problems.push(`Required field missing: '${field.key}'.`);
    else {
      const problem = typeProblem(field, values[field.key]);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length > 0) return schemaErrors(problems);
  shop.flowTriggers.push({ handle, payload: structuredClone(values), receivedAt: state.now() });
  return [];
}
