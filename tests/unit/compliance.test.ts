import { describe, expect, it } from "vitest";
import { mentionsCustomer, personalFields, redactPersonalData } from "~/compliance/personal-data";
import { alice, bob, orderPayload } from "../support/payloads";

describe("customer data in stored payloads", () => {
  const order = orderPayload(1001, alice);

  it("finds a payload by the customer's id, email, phone or one of the listed orders", () => {
    expect(mentionsCustomer(order, { id: alice.id })).toBe(true);
    expect(mentionsCustomer(order, { id: 1, email: alice.email })).toBe(true);
    expect(mentionsCustomer(order, { id: 1, phone: alice.phone })).toBe(true);
    expect(mentionsCustomer(order, { id: 1 }, [1001])).toBe(true);
    expect(mentionsCustomer(order, { id: bob.id, email: bob.email, phone: bob.phone }, [1002])).toBe(false);
  });

  it("removes every personal field and keeps what is not personal", () => {
    const redacted = redactPersonalData(order) as typeof order;
    const text = JSON.stringify(redacted);
    for (const personal of [alice.email, alice.phone, alice.first_name, alice.last_name, "1 Main Street", "K1A 0B1"]) {
      expect(text).not.toContain(personal);
    }
    expect(redacted.customer).toEqual({ id: alice.id });
    // A line keeps everything but its properties (an engraving, a gift message).
    expect(redacted.line_items).toEqual(order.line_items.map((line) => ({ ...line, properties: null })));
    for (const key of ["token", "cart_token", "checkout_token", "order_status_url", "landing_site", "referring_site", "tags", "note"]) {
      expect(redacted[key]).toBeNull();
    }
    expect(redacted.name).toBe("#1001");
  });

  it("removes a fulfillment's tracking and destination, and keeps its status", () => {
    const fulfillment = {
      id: 1,
      order_id: 1001,
      status: "success",
      tracking_company: "Canada Post",
      tracking_number: "7023 4210 0003",
      tracking_numbers: ["7023 4210 0003"],
      tracking_url: "https://track.example.com/7023421000003",
      tracking_urls: ["https://track.example.com/7023421000003"],
      destination: { address1: "1 Main Street", phone: alice.phone },
    };
    const redacted = redactPersonalData(fulfillment) as Record<string, unknown>;
    expect(JSON.stringify(redacted)).not.toMatch(/7023|1 Main Street/);
    expect(redacted).toMatchObject({ id: 1, order_id: 1001, status: "success", tracking_company: "Canada Post" });
  });

  it("lists the personal fields a payload holds", () => {
    const fields = personalFields(order);
    expect(fields.email).toBe(alice.email);
    expect(fields.shipping_address).toMatchObject({ address1: "1 Main Street" });
    expect(fields.customer).toMatchObject({ id: alice.id });
  });
});
