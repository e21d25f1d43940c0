import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

let kit: Kit;
beforeAll(async () => {
  kit = await startKit();
});
afterAll(() => kit.sim.close());

const TAGS_ADD = `mutation Add($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id ... on Order { tags } } userErrors { field message } } }`;
const TAGS_REMOVE = `mutation Remove($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }`;
const SET = `mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id } userErrors { field message code } } }`;
const DELETE = `mutation Delete($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { ownerId namespace key } userErrors { field message } } }`;

const placeOrder = (tags: string[] = []) => kit.sim.state.placeOrder(TEST_SHOP, { tags, lines: [{ sku: "MUG-BLUE", quantity: 1 }] });
const topicsWhile = async (work: () => Promise<unknown>) => {
  const topics: string[] = [];
  const stop = kit.sim.state.onEvent((event) => topics.push(event.topic));
  await work();
  stop();
  return topics;
};

describe("order tags and metafields", () => {
  it("adds tags as Shopify does: split on commas, trimmed, once whatever the case, sorted; a change sends orders/updated", async () => {
    const order = placeOrder(["Gift"]);
    const topics = await topicsWhile(async () => {
      const body = await kit.gql(TAGS_ADD, { id: order.id, tags: [" backordered ", "gift, rush"] });
      expect(body.data.tagsAdd).toEqual({ node: { id: order.id, tags: ["backordered", "Gift", "rush"] }, userErrors: [] });
    });
    expect(topics).toEqual(["orders/updated"]);
    // Nothing new: no change, no webhook.
    expect(await topicsWhile(() => kit.gql(TAGS_ADD, { id: order.id, tags: ["RUSH"] }))).toEqual([]);

    const removed = await kit.gql(TAGS_REMOVE, { id: order.id, tags: ["Backordered"] });
    expect(removed.data.tagsRemove.userErrors).toEqual([]);
    expect(kit.sim.state.shop(TEST_SHOP).orders.get(order.id)!.tags).toEqual(["Gift", "rush"]);
  });

  it("refuses a tag over 40 characters and an id that names no order", async () => {
    const order = placeOrder();
    const long = await kit.gql(TAGS_ADD, { id: order.id, tags: ["x".repeat(41)] });
    expect(long.data.tagsAdd.userErrors[0].field).toEqual(["tags"]);
    const missing = await kit.gql(TAGS_ADD, { id: "gid://shopify/Order/999999", tags: ["a"] });
    expect(missing.data.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] });
  });

  it("sets and deletes an order's $app metafield; deleting one that is gone answers null", async () => {
    const order = placeOrder();
    const entry = { ownerId: order.id, namespace: "$app", key: "backorder" };
    const set = await kit.gql(SET, { m: [{ ...entry, type: "json", value: '{"lines":[]}' }] });
    expect(set.data.metafieldsSet.userErrors).toEqual([]);
    expect(kit.sim.state.shop(TEST_SHOP).orders.get(order.id)!.metafields).toHaveLength(1);

    const deleted = await kit.gql(DELETE, { m: [entry] });
    expect(deleted.data.metafieldsDelete).toEqual({ deletedMetafields: [entry], userErrors: [] });
    expect(kit.sim.state.shop(TEST_SHOP).orders.get(order.id)!.metafields).toEqual([]);
    expect((await kit.gql(DELETE, { m: [entry] })).data.metafieldsDelete).toEqual({ deletedMetafields: [null], userErrors: [] });
  });

  it("answers ACCESS_DENIED to an order write from a token without write_orders, and changes nothing", async () => {
    const order = placeOrder(["gift"]);
    const shop = kit.sim.state.shop(TEST_SHOP);
    const previous = kit.sim.tokens.scopeOf(TEST_SHOP);
    kit.sim.tokens.grantScopes(TEST_SHOP, "read_orders,read_products,write_products");
    try {
      const token = kit.sim.tokens.issue(TEST_SHOP).access_token as string;
      const tag = (await kit.sim.graphql(TEST_SHOP, token, TAGS_ADD, { id: order.id, tags: ["backordered"] })).body;
      expect(tag.data.tagsAdd).toBeNull();
      expect(tag.errors[0].extensions.code).toBe("ACCESS_DENIED");
      expect(tag.errors[0].message).toContain("write_orders");
      const value = { ownerId: order.id, namespace: "$app", key: "backorder", type: "json", value: "{}" };
      const set = (await kit.sim.graphql(TEST_SHOP, token, SET, { m: [value] })).body;
      expect(set.errors[0].extensions.code).toBe("ACCESS_DENIED");
      expect(shop.orders.get(order.id)!.tags).toEqual(["gift"]);
      expect(shop.orders.get(order.id)!.metafields).toEqual([]);
      // A variant's metafield needs no order scope.
      const variant = { ...value, ownerId: kit.variant("MUG-BLUE").id };
      expect((await kit.sim.graphql(TEST_SHOP, token, SET, { m: [variant] })).body.data.metafieldsSet.userErrors).toEqual([]);
    } finally {
      kit.sim.tokens.grantScopes(TEST_SHOP, previous);
    }
  });
});
