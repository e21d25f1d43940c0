import { z } from "zod";
import { TerminalError } from "~/jobs/errors";
import { recordAudit } from "~/models/audit.server";
import { isInstalled, markUninstalled } from "~/models/shop.server";
import { assembleCustomerData, redactCustomer, redactShop } from "~/services/compliance.server";
import { requestReconcile } from "~/services/engine/jobs.server";
import { engineHandlers } from "./engine-handlers.server";
import type { TopicHandler } from "./process.server";

const customerRequest = z.object({
  customer: z.object({ id: z.union([z.number(), z.string()]), email: z.string().nullish(), phone: z.string().nullish() }),
  orders_to_redact: z.array(z.union([z.number(), z.string()])).optional(),
  orders_requested: z.array(z.union([z.number(), z.string()])).optional(),
  data_request: z.object({ id: z.union([z.number(), z.string()]) }).optional(),
});

const scopesUpdate = z.object({ current: z.array(z.string()) });

/** Parses a payload; a payload of the wrong shape will not improve on retry. */
function parse<T>(schema: z.ZodType<T>, payload: unknown, topic: string): T {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join(".") || "(body)").join(", ");
    throw new TerminalError(`${topic} payload is invalid at: ${fields}`);
  }
  return result.data;
}

/** One handler per topic. */
export const topicHandlers: Record<string, TopicHandler> = {
  ...engineHandlers,

  "app/uninstalled": async (_payload, { db, shop, receivedAt }) => {
    await db.session.deleteMany({ where: { shop } });
    await markUninstalled(db, shop, receivedAt);
    await recordAudit(db, shop, "app.uninstalled");
  },

  // What the old scopes kept the app from reading or changing, a full
  // reconcile now brings up to date.
  "app/scopes_update": async (payload, { db, shop }) => {
    const { current } = parse(scopesUpdate, payload, "app/scopes_update");
    const scope = current.join(",");
    await db.session.updateMany({ where: { shop }, data: { scope } });
    await recordAudit(db, shop, "app.scopes_updated", undefined, { scope });
    if (await isInstalled(db, shop)) await requestReconcile(db, shop, true);
  },

  "customers/redact": async (payload, { db, shop }) => {
    const request = parse(customerRequest, payload, "customers/redact");
    await redactCustomer(db, shop, request.customer, request.orders_to_redact ?? []);
  },

  "customers/data_request": async (payload, { db, shop }) => {
    const request = parse(customerRequest, payload, "customers/data_request");
    await assembleCustomerData(
      db,
      shop,
      request.customer,
      request.orders_requested ?? [],
      request.data_request ? String(request.data_request.id) : null,
    );
  },

  "shop/redact": async (_payload, { db, shop }) => {
    await redactShop(db, shop);
  },
};

export const handledTopics: ReadonlySet<string> = new Set(Object.keys(topicHandlers));
