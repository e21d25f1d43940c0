import { z } from "zod";
import { recordAudit } from "~/audit/trail.server";
import { parsePayload, type TopicHandler } from "~/inbox/payload";
import { isInstalled } from "~/shops/installation.server";
import { assembleCustomerData, redactCustomer, redactShop } from "./requests.server";
import { log } from "~/observability/log.server";

const numericId = z.union([z.number(), z.string()]);
const customerRequest = z.object({
  customer: z.object({ id: numericId, email: z.string().nullish(), phone: z.string().nullish() }),
  orders_to_redact: z.array(numericId).optional(),
  orders_requested: z.array(numericId).optional(),
  data_request: z.object({ id: numericId }).optional(),
});
const shopRedact = z.object({ shop_id: numericId, shop_domain: z.string() });

/** Shopify's mandatory privacy topics. */
export const complianceTopicHandlers: Record<string, TopicHandler> = {
  "customers/redact": async (payload, { db, shop }) => {
    const request = parsePayload(customerRequest, payload, "customers/redact");
    await redactCustomer(db, shop, request.customer, request.orders_to_redact ?? []);
  },

  "customers/data_request": async (payload, { db, shop }) => {
    const request = parsePayload(customerRequest, payload, "customers/data_request");
    await assembleCustomerData(
      db,
      shop,
      request.customer,
      request.orders_requested ?? [],
      request.data_request ? String(request.data_request.id) : null,
    );
  },

  // Shopify asks 48 hours after an uninstall. While the app is installed the
  // request is not Shopify's (or no longer true): erasing the shop would break it.
  "shop/redact": async (payload, { db, shop, eventId }) => {
    parsePayload(shopRedact, payload, "shop/redact");
    if (await isInstalled(db, shop)) {
      const reason = "shop/redact refused: the app is installed on this shop";
      log.warn({ webhookEvent: eventId }, `${reason} (${shop}, webhook event ${eventId})`);
      await recordAudit(db, shop, "shop.redact_refused", undefined, { webhookEvent: eventId });
      return { ignored: reason };
    }
    await redactShop(db, shop);
  },
};
