// Webhook bodies in Shopify's REST shapes: numeric ids plus
// `admin_graphql_api_id`, money as strings, tags as one comma-separated
// string. Fields the simulator does not model carry Shopify's empty values.
import { legacyId } from "../state/ids";
import type { LineItem, Order } from "../state/orders";
import { decimal, financialStatus, orderTotals } from "../state/payments";
import type { ShopState } from "../state/shops";
import type { SimState } from "../state/sim-state";
import { ADDRESS } from "./address";

const money = (amount: string, currency: string) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: { amount, currency_code: currency },
});

function fulfillmentStatus(state: SimState, shop: ShopState, order: Order): string | null {
  const fos = state.fulfillmentOrdersOf(shop, order.id);
  const shipped = [...shop.fulfillments.values()].some((f) => f.orderId === order.id);
  if (!shipped) return null;
  return fos.every((f) => f.status === "CLOSED" || f.status === "CANCELLED") ? "fulfilled" : "partial";
}

function lineItemPayload(state: SimState, shop: ShopState, order: Order, line: LineItem) {
  const variant = shop.variants.get(line.variantId);
  const item = variant ? shop.inventoryItems.get(variant.inventoryItemId) : undefined;
  const product = shop.products.get(line.productId);
  const unfulfilled = state
    .fulfillmentOrdersOf(shop, order.id)
    .filter((fo) => fo.status !== "CLOSED" && fo.status !== "CANCELLED")
    .flatMap((fo) => fo.lineItems)
    .filter((li) => li.lineItemId === line.id)
    .reduce((s, li) => s + li.remainingQuantity, 0);
  const shipped = [...shop.fulfillments.values()]
    .flatMap((f) => f.lines)
    .filter((l) => l.lineItemId === line.id)
    .reduce((s, l) => s + l.quantity, 0);
  return {
    id: legacyId(line.id),
    admin_graphql_api_id: line.id,
    attributed_staffs: [],
    current_quantity: line.currentQuantity,
    discount_allocations: [],
    duties: [],
    fulfillable_quantity: unfulfilled,
    fulfillment_service: "manual",
    fulfillment_status: shipped === 0 ? null : shipped >= line.currentQuantity ? "fulfilled" : "partial",
    gift_card: false,
    grams: 0,
    name: line.variantTitle === "Default Title" ? line.title : `${line.title} - ${line.variantTitle}`,
    price: line.price,
    price_set: money(line.price, shop.currencyCode),
    product_exists: Boolean(product),
    product_id: legacyId(line.productId),
    properties: line.customAttributes.map(({ key, value }) => ({ name: key, value })),
    quantity: line.quantity,
    requires_shipping: true,
    sales_line_item_group_id: null,
    sku: line.sku ?? "",
    tax_lines: [],
    taxable: true,
    title: line.title,
    total_discount: "0.00",
    total_discount_set: money("0.00", shop.currencyCode),
    variant_id: legacyId(line.variantId),
    variant_inventory_management: item?.tracked ? "shopify" : null,
    variant_title: line.variantTitle,
    vendor: product?.vendor ?? null,
  };
}

export function orderPayload(state: SimState, shop: ShopState, order: Order): Record<string, unknown> {
  const cur = shop.currencyCode;
  const totals = orderTotals(order);
  const original = decimal(totals.original);
  const current = decimal(totals.current);
  const zero = money("0.00", cur);
  const customer = order.customerId ? shop.customers.get(order.customerId) : undefined;
  const number = order.number;
  return {
    id: legacyId(order.id),
    admin_graphql_api_id: order.id,
    app_id: null,
    billing_address: ADDRESS,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason ? order.cancelReason.toLowerCase() : null,
    cancelled_at: order.cancelledAt,
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: order.closedAt,
    confirmation_number: `SIM${number}`,
    confirmed: true,
    contact_email: order.email,
    created_at: order.createdAt,
    currency: cur,
    current_shipping_price_set: zero,
    current_subtotal_price: current,
    current_subtotal_price_set: money(current, cur),
    current_total_additional_fees_set: null,
    current_total_discounts: "0.00",
    current_total_discounts_set: zero,
    current_total_duties_set: null,
    current_total_price: current,
    current_total_price_set: money(current, cur),
    current_total_tax: "0.00",
    current_total_tax_set: zero,
    customer: customer
      ? {
          id: legacyId(customer.id),
          admin_graphql_api_id: customer.id,
          created_at: customer.createdAt,
          updated_at: customer.updatedAt,
          currency: cur,
          default_address: {
            ...ADDRESS,
            id: legacyId(customer.id) + 1,
            customer_id: legacyId(customer.id),
            country_name: ADDRESS.country,
            default: true,
          },
          email: customer.email ?? "",
          first_name: customer.firstName ?? "",
          last_name: customer.lastName ?? "",
          multipass_identifier: null,
          note: null,
          phone: null,
          state: "disabled",
          tags: customer.tags.join(", "),
          tax_exempt: false,
          tax_exemptions: [],
          verified_email: true,
        }
      : null,
    customer_locale: order.customerLocale,
    device_id: null,
    discount_applications: [],
    discount_codes: [],
    duties_included: false,
    email: order.email ?? "",
    estimated_taxes: false,
    financial_status: financialStatus(order).toLowerCase(),
    fulfillment_status: fulfillmentStatus(state, shop, order),
    fulfillments: [],
    landing_site: null,
    landing_site_ref: null,
    line_item_groups: [],
    line_items: order.lineItems.map((l) => lineItemPayload(state, shop, order, l)),
    location_id: null,
    merchant_business_entity_id: `SIM${legacyId(shop.id)}`,
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: [],
    number: number - 1000,
    order_number: number,
    order_status_url: `https://${shop.domain}/${legacyId(shop.id)}/orders/${legacyId(order.id)}/authenticate?key=sim`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["manual"],
    payment_terms: null,
    phone: null,
    po_number: null,
    presentment_currency: cur,
    processed_at: order.processedAt,
    reference: null,
    referring_site: null,
    refunds: [],
    returns: [],
    shipping_address: ADDRESS,
    shipping_lines: [],
    source_identifier: null,
    source_name: "web",
    source_url: null,
    subtotal_price: original,
    subtotal_price_set: money(original, cur),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: true,
    token: `sim${legacyId(order.id)}`,
    total_cash_rounding_payment_adjustment_set: zero,
    total_cash_rounding_refund_adjustment_set: zero,
    total_discounts: "0.00",
    total_discounts_set: zero,
    total_line_items_price: original,
    total_line_items_price_set: money(original, cur),
    total_outstanding: decimal(totals.outstanding),
    total_price: current,
    total_price_set: money(current, cur),
    total_shipping_price_set: zero,
    total_tax: "0.00",
    total_tax_set: zero,
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: order.updatedAt,
    user_id: null,
  };
}

export interface OrderEditChanges {
  additions: { id: string; delta: number }[];
  removals: { id: string; delta: number }[];
  staffNote?: string;
  notifyCustomer?: boolean;
}

export function orderEditPayload(state: SimState, order: Order, { additions, removals, staffNote, notifyCustomer }: OrderEditChanges) {
  const now = state.now();
  return {
    order_edit: {
      id: state.nextId(),
      app_id: null,
      created_at: now,
      committed_at: now,
      notify_customer: notifyCustomer ?? false,
      order_id: legacyId(order.id),
      staff_note: staffNote ?? "",
      user_id: null,
      line_items: {
        additions: additions.map((a) => ({ id: legacyId(a.id), delta: a.delta })),
        removals: removals.map((r) => ({ id: legacyId(r.id), delta: r.delta })),
      },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}
