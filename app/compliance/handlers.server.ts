import { z } from "zod";
import { parsePayload, type TopicHandler } from "~/inbox/payload";
import { assembleCustomerData, redactCustomer, redactShop } from "./requests.server";

const numericId = z.union([z.number(), z.string()]);
const customerRequest = z.object({
  customer: z.object({ id: numericId, email: z.string().nullish(), phone: z.string().nullish() }),
  orders_to_redact: z.array(numericId).optional(),
  orders_requested: z.array(numericId).optional(),
  data_request: z.object({ id: numericId }).optional(),
});

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

  "shop/redact": async (_payload, { db, shop }) => {
    await redactShop(db, shop);
  },
};
