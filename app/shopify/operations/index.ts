// Every Admin GraphQL document the app sends. Codegen types them
// (app/shopify/generated/admin.types.ts) and a contract test validates each
// against Shopify's Admin schema.
import { FLOW_TRIGGER_RECEIVE } from "./flow-trigger-receive";
import { CANCEL_ORDER } from "./cancel-order";
import { FULFILLMENT_ORDER_LINES } from "./fulfillment-order-lines";
import { HOLD_FULFILLMENT_ORDER } from "./hold-fulfillment-order";
import { DELETE_METAFIELDS } from "./delete-metafields";
import { INVENTORY_LEVELS } from "./inventory-levels";
import { INVENTORY_LEVELS_AT_LOCATION } from "./inventory-levels-at-location";
import { OPEN_FULFILLMENT_ORDERS } from "./open-fulfillment-orders";
import { OPEN_ORDERS_COUNT } from "./open-orders-count";
import { ORDER_FOR_BACKORDERS } from "./order-for-backorders";
import { PRODUCT_VARIANTS, VARIANT_FOR_BACKORDERS } from "./product-variants";
import { RELEASE_HOLD } from "./release-hold";
import { ORDER_EDIT_BEGIN, ORDER_EDIT_COMMIT, ORDER_EDIT_SET_QUANTITY, REFUND_CREATE } from "./remove-line-items";
import { SEARCH_PRODUCTS } from "./search-products";
import { SET_METAFIELDS } from "./set-metafields";
import { SET_VARIANT_INVENTORY_POLICY } from "./set-variant-inventory-policy";
import { SHOP_DETAILS } from "./shop-details";
import { TAGS_ADD } from "./tags-add";
import { TAGS_REMOVE } from "./tags-remove";

export const adminOperations = {
  SHOP_DETAILS,
  ORDER_FOR_BACKORDERS,
  FULFILLMENT_ORDER_LINES,
  OPEN_FULFILLMENT_ORDERS,
  OPEN_ORDERS_COUNT,
  INVENTORY_LEVELS,
  INVENTORY_LEVELS_AT_LOCATION,
  PRODUCT_VARIANTS,
  VARIANT_FOR_BACKORDERS,
  SEARCH_PRODUCTS,
  HOLD_FULFILLMENT_ORDER,
  RELEASE_HOLD,
  SET_VARIANT_INVENTORY_POLICY,
  SET_METAFIELDS,
  DELETE_METAFIELDS,
  TAGS_ADD,
  TAGS_REMOVE,
  FLOW_TRIGGER_RECEIVE,
  ORDER_EDIT_BEGIN,
  ORDER_EDIT_SET_QUANTITY,
  ORDER_EDIT_COMMIT,
  REFUND_CREATE,
  CANCEL_ORDER,
};
