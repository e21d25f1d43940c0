import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legacyId } from "../../sim/state/ids";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";
import { storefrontRequest, type StorefrontAnswer, type StorefrontRequest } from "../support/storefront-request";

// The simulated storefront's routes over real HTTP: a shop's pages on its own
// host, the cart in a cookie, and a checkout that places the order.
let kit: Kit;
const TITLE = 'Mug <img src=x onerror="alert(1)"> & "Co"';
const VARIANT = "Small</script><script>window.injected = true</script>";

beforeAll(async () => {
  kit = await startKit();
  kit.sim.state.seed(TEST_SHOP, {
    products: [
      {
        title: TITLE,
        handle: "tricky-mug",
        variants: [
          { title: VARIANT, sku: "TRICKY", stock: { Warehouse: 3 } },
          { title: "Large", sku: "TRICKY-L", stock: { Warehouse: 3 } },
        ],
      },
    ],
  });
});
afterAll(() => kit.sim.close());

const storefront = (path: string, options: StorefrontRequest = {}) => storefrontRequest(kit.sim, TEST_SHOP, path, options);

const cookieOf = (answer: StorefrontAnswer) => String(answer.headers["set-cookie"]?.[0] ?? "").split(";")[0]!;
const numericId = (sku: string) => String(legacyId(kit.variant(sku).id));

describe("the simulated storefront", () => {
  it("serves a product page at /products/<handle> on the shop's host, and 404 for an unknown handle", async () => {
    const page = await storefront("/products/blue-mug");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('<h1 class="product__title">Blue Mug</h1>');
    expect(page.body).toContain(`<input type="hidden" name="id" value="${numericId("MUG-BLUE")}">`);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain("data-backorder-badge");

    const missing = await storefront("/products/no-such-thing");
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("No product is at /products/no-such-thing.");

    // The same path on the simulator's own host is no storefront.
    const admin = await fetch(`${kit.sim.url}/products/blue-mug`);
    expect(admin.status).toBe(404);
  });

  it("escapes a product title with markup, in the page and in the picker's data", async () => {
    const page = await storefront("/products/tricky-mug");
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1 class="product__title">Mug &lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#34;Co&#34;</h1>');
    expect(page.body).toContain("<title>Mug &lt;img");
    expect(page.body).not.toContain("<img src=x");
    expect(page.body).toContain("Small&lt;/script&gt;&lt;script&gt;");
    // In the picker's JSON, "<" is \u003c: the title cannot end the script element.
    expect(page.body).toContain('"title":"Small\\u003c/script>\\u003cscript>window.injected = true\\u003c/script>"');
    expect(page.body).not.toContain("<script>window.injected");
  });

  it("takes ?locale= for the page's language", async () => {
    const page = await storefront("/products/blue-mug?locale=fr");
    expect(page.body).toContain('<html lang="fr">');
  });

  it("keeps a cart per browser in a cookie, with the lines' properties, shown unless they start with _", async () => {
    const first = await storefront("/cart");
    const cookie = cookieOf(first);
    expect(cookie).toMatch(/^cart=[a-f0-9]{32}$/);
    expect(first.headers["set-cookie"]?.[0]).toContain("HttpOnly");

    const added = await storefront("/cart/add", {
      cookie,
      form: {
        id: numericId("MUG-BLUE"),
        quantity: "2",
        "properties[Backorder]": "Backorder: ships by 15 March",
        "properties[_backorder_eta]": "2027-03-15",
      },
    });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe("/cart");
    expect(added.headers["set-cookie"]).toBeUndefined();

    const cart = await storefront("/cart", { cookie });
    expect(cart.body).toContain("Blue Mug");
    expect(cart.body).toContain("× 2");
    expect(cart.body).toContain("<dt>Backorder</dt>");
    expect(cart.body).toContain("<dd>Backorder: ships by 15 March</dd>");
    expect(cart.body).not.toContain("_backorder_eta");

    // Another browser has its own cart.
    const other = await storefront("/cart");
    expect(other.body).toContain("Your cart is empty.");
  });

  it("refuses a variant that is not for sale and one that does not exist", async () => {
    const cookie = cookieOf(await storefront("/cart"));
    kit.sim.state.seed(TEST_SHOP, { products: [{ title: "Gone Vase", variants: [{ sku: "GONE", inventoryPolicy: "DENY", stock: {} }] }] });
    const soldOut = await storefront("/cart/add", { cookie, form: { id: numericId("GONE"), quantity: "1" } });
    expect(soldOut.status).toBe(422);
    expect(soldOut.body).toContain("The product &#39;Gone Vase&#39; is already sold out.");
    const unknown = await storefront("/cart/add", { cookie, form: { id: "999999999", quantity: "1" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain("Cannot find variant.");
  });

  it("refuses to check out an empty cart, with a clear message", async () => {
    const ordersBefore = kit.sim.state.shop(TEST_SHOP).orders.size;
    const cookie = cookieOf(await storefront("/cart"));
    const refused = await storefront("/checkout", { cookie, form: { email: "shopper@example.com" } });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain("Your cart is empty: add a product before checking out.");
    expect(kit.sim.state.shop(TEST_SHOP).orders.size).toBe(ordersBefore);
  });

  it("checks out: places the order with the lines' properties and the shop's locale, and shows its confirmation to this browser only", async () => {
    const cookie = cookieOf(await storefront("/cart"));
    await storefront("/cart/add", {
      cookie,
      form: { id: numericId("TEAPOT"), quantity: "1", "properties[Backorder]": "Backorder", "properties[_note]": "x" },
    });
    const placed = await storefront("/checkout", { cookie, form: { email: "shopper@example.com" } });
    expect(placed.status).toBe(303);
    const orderId = `gid://shopify/Order/${/^\/orders\/(\d+)$/.exec(String(placed.headers.location))![1]}`;
    const order = kit.sim.state.order(kit.sim.state.shop(TEST_SHOP), orderId);
    expect(order.email).toBe("shopper@example.com");
    expect(order.customerLocale).toBe(kit.sim.state.shop(TEST_SHOP).locale);
    expect(order.lineItems.map((l) => [l.sku, l.quantity, l.customAttributes])).toEqual([
      [
        "TEAPOT",
        1,
        [
          { key: "Backorder", value: "Backorder" },
          { key: "_note", value: "x" },
        ],
      ],
    ]);

    const confirmation = await storefront(String(placed.headers.location), { cookie });
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toContain(`<strong data-order-name>${order.name}</strong>`);
    expect(confirmation.body).toContain("<dd>Backorder</dd>");
    expect((await storefront("/cart", { cookie })).body).toContain("Your cart is empty.");
    expect((await storefront(String(placed.headers.location))).status).toBe(404);
  });
});
