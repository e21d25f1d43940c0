/* eslint-disable @typescript-eslint/no-explicit-any -- responses are checked by assertions, not by types */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFlowTriggers } from "../../sim/extensions";
import { legacyId } from "../../sim/state/ids";
import { TEST_SHOP } from "../support/constants";
import { startKit, type Kit } from "../support/sim-kit";

// flowTriggerReceive against the app's trigger extensions: what Flow accepts
// is kept per shop (state and control API), what it refuses comes back as
// Flow's userErrors.
let kit: Kit;
let orderId: number;
beforeAll(async () => {
  kit = await startKit();
  const order = kit.sim.state.placeOrder(TEST_SHOP, { lines: [{ sku: "MUG-BLUE", quantity: 1 }] });
  orderId = legacyId(order.id);
});
afterAll(() => kit.sim.close());

const RECEIVE = /* GraphQL */ `
  mutation Receive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

async function receive(handle: string, payload: unknown) {
  const body = await kit.gql(RECEIVE, { handle, payload });
  expect(body.errors).toBeUndefined();
  return body.data.flowTriggerReceive.userErrors as { field: string[]; message: string }[];
}

const recorded = () => kit.sim.state.shop(TEST_SHOP).flowTriggers;

describe("the app's flow trigger extensions", () => {
  it("are read from extensions/*/shopify.extension.toml, an order reference becoming order_id", () => {
    const triggers = readFlowTriggers();
    expect([...triggers.keys()]).toEqual(["backorder-date-moved", "backorder-released"]);
    expect(triggers.get("backorder-date-moved")!.fields).toEqual([
      { key: "order_id", type: "order_reference" },
      { key: "Old date", type: "single_line_text_field" },
      { key: "New date", type: "single_line_text_field" },
      { key: "Items", type: "single_line_text_field" },
    ]);
    expect(triggers.get("backorder-released")!.fields.map((f) => f.key)).toEqual(["order_id", "Items"]);
  });

  it("stop the simulator when Shopify would refuse them: a field type triggers do not take, a key with digits", () => {
    const dir = mkdtempSync(join(tmpdir(), "flow-triggers-"));
    try {
      mkdirSync(join(dir, "bad"));
      const write = (field: string) =>
        writeFileSync(
          join(dir, "bad", "shopify.extension.toml"),
          `[[extensions]]\nname = "Bad"\ntype = "flow_trigger"\nhandle = "bad"\n\n[settings]\n[[settings.fields]]\n${field}\n`,
        );
      write('type = "date"\nkey = "Due"');
      expect(() => readFlowTriggers(dir)).toThrow("Field type date is not supported on Flow Triggers");
      write('type = "single_line_text_field"\nkey = "Line 2"');
      expect(() => readFlowTriggers(dir)).toThrow("key must contain only alphabetic characters and spaces");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("flowTriggerReceive", () => {
  it("accepts a payload that fits the trigger and records it for the shop, in state and through the control API", async () => {
    const payload = { order_id: orderId, "Old date": "2030-05-01", "New date": "2030-05-15", Items: "1 × Blue Mug" };

    expect(await receive("backorder-date-moved", payload)).toEqual([]);

    expect(recorded().at(-1)).toEqual({ handle: "backorder-date-moved", payload, receivedAt: expect.any(String) });
    const res = await fetch(`${kit.sim.url}/_sim/shops/${TEST_SHOP}/flow-triggers`);
    const body = (await res.json()) as any;
    expect(body.flowTriggers.at(-1)).toMatchObject({ handle: "backorder-date-moved", payload });
  });

  it("refuses a handle the app has no trigger for, as Flow words it", async () => {
    const before = recorded().length;
    expect(await receive("backorder-vanished", { order_id: orderId })).toEqual([
      { field: ["body"], message: "Errors validating schema:\n  Invalid handle 'backorder-vanished'.\n" },
    ]);
    expect(recorded()).toHaveLength(before);
  });

  it("refuses a payload that does not fit the trigger's fields: every problem in one message", async () => {
    const before = recorded().length;
    const errors = await receive("backorder-date-moved", {
      order_id: `gid://shopify/Order/${orderId}`,
      "Old date": "2030-05-01",
      "New date": 20300515,
      Note: "extra",
    });
    expect(errors).toEqual([
      {
        field: ["body"],
        message:
          "Errors validating schema:\n" +
          "  Invalid field: 'Note'.\n" +
          `  Type error for field 'order_id': gid://shopify/Order/${orderId} is not an Integer.\n` +
          "  Type error for field 'New date': 20300515 is not a String.\n" +
          "  Required field missing: 'Items'.\n",
      },
    ]);
    expect(recorded()).toHaveLength(before);
  });

  it("refuses a payload over Flow's 50,000 bytes", async () => {
    const errors = await receive("backorder-released", { order_id: orderId, Items: "x".repeat(50_000) });
    expect(errors).toEqual([
      { field: ["body"], message: "Errors validating schema:\n  Properties size exceeds the limit of 50000 bytes.\n" },
    ]);
  });
});
