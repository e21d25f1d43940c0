// The engine's columns, decoded: JSON and enum text become typed values
// only through these.
import { z } from "zod";
import { CALENDAR_DATE, type FulfillmentOrderStatus, type InventoryPolicy, type LineState } from "~/backorders";
import { jsonColumn } from "~/db/codecs";
import type { OrderSnapshot } from "./ports";

export const inventoryPolicy = z.enum(["CONTINUE", "DENY"] satisfies InventoryPolicy[]);
export const lineState = z.enum(["backordered", "allocated", "released", "fulfilled", "cancelled"] satisfies LineState[]);
export const capKind = z.enum(["FIXED", "DYNAMIC"]);
const fulfillmentOrderStatus = z.enum([
  "OPEN",
  "IN_PROGRESS",
  "ON_HOLD",
  "SCHEDULED",
  "INCOMPLETE",
  "CLOSED",
  "CANCELLED",
] satisfies FulfillmentOrderStatus[]);

const orderSnapshot = z.object({
  orderId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  customerTags: z.array(z.string()),
  customerName: z.string().nullish(),
  email: z.string().nullish(),
  customerLocale: z.string().nullish(),
  customerFirstName: z.string().nullish(),
  fulfillmentOrders: z.array(
    z.object({
      id: z.string(),
      status: fulfillmentOrderStatus,
      requestStatus: z.string(),
      locationId: z.string(),
      createdAt: z.string(),
      supportedActions: z.array(z.string()),
      holds: z.array(z.object({ id: z.string(), handle: z.string(), reason: z.string(), mine: z.boolean() })),
      lines: z.array(
        z.object({
          id: z.string(),
          lineItemId: z.string(),
          variantId: z.string(),
          productId: z.string(),
          inventoryItemId: z.string(),
          sku: z.string().nullable(),
          inventoryPolicy,
          title: z.string(),
          totalQuantity: z.number().int(),
          remainingQuantity: z.number().int(),
          unitPrice: z.string().optional(),
          shownEta: z.string().regex(CALENDAR_DATE).nullish(),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<OrderSnapshot>;

/** `OrderSnapshot.snapshot`: the order as the store last gave it. */
export const orderSnapshotColumn = jsonColumn(orderSnapshot);
