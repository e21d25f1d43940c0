import { describe, expect, it } from "vitest";
import { orderMarkCommands, orderTagProblem, plan, type OrderMark, type OrderMarkCommand, type PlannedLine } from "~/backorders";
import { facts, gid, level, MUG, NOW, order, settings } from "./factories";

const ORDER_1 = gid("Order", 1);
const ORDER_2 = gid("Order", 2);
const describeLine = (line: PlannedLine) => ({ title: `Mug (${line.lineItemId.split("/").pop()})`, location: "Warehouse" });

/** Order 1 wants 2 mugs, order 2 wants 1; `stock` mugs are on the shelf. */
const linesWith = (stock: number, releasedByMerchant: string[] = []) =>
  plan(
    facts({
      orders: [order(1, [{ item: MUG, quantity: 2 }]), order(2, [{ item: MUG, quantity: 1 }])],
      inventoryLevels: [level(MUG, stock, 3)],
      releasedByMerchant,
    }),
    settings(),
    NOW,
  ).lines;

const commandsFor = (lines: PlannedLine[], written: OrderMark[] = [], tag = "backordered") =>
  orderMarkCommands({ lines, describe: describeLine, written, tag });

/** What the store carries once the commands ran. */
const applied = (commands: OrderMarkCommand[], before: OrderMark[] = []) => {
  const marks = new Map(before.map((mark) => [mark.orderId, mark]));
  for (const command of commands) marks.set(command.orderId, command.next);
  return [...marks.values()].filter((mark) => mark.tag !== null || mark.value !== null);
};

describe("order marks: the tag and metafield of backordered orders", () => {
  it("tags every order with a waiting line and lists its waiting lines, place in line and date", () => {
    // One mug on the shelf: order 1 gets it and waits for one more; order 2 waits for its one.
    const commands = commandsFor(linesWith(1));
    expect(commands.map((c) => [c.orderId, c.removeTag, c.addTag, c.deleteValue])).toEqual([
      [ORDER_1, null, "backordered", false],
      [ORDER_2, null, "backordered", false],
    ]);
    expect(JSON.parse(commands[0]!.setValue!)).toEqual({
      lines: [
        { lineItemId: gid("LineItem", 100), title: "Mug (100)", quantity: 1, location: "Warehouse", promisedOn: null, placeInLine: 1 },
      ],
    });
    expect(JSON.parse(commands[1]!.setValue!).lines[0]).toMatchObject({ quantity: 1, placeInLine: 2 });
  });

  it("writes nothing when the store already carries what the plan says", () => {
    const first = commandsFor(linesWith(1));
    expect(commandsFor(linesWith(1), applied(first))).toEqual([]);
  });

  it("rewrites only the metafield when a waiting line's numbers move", () => {
    const written = applied(commandsFor(linesWith(0)));
    // A mug arrives: order 1 now waits for one unit, not two; order 2 is unchanged.
    const commands = commandsFor(linesWith(1), written);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ orderId: ORDER_1, removeTag: null, addTag: null, deleteValue: false });
    expect(JSON.parse(commands[0]!.setValue!).lines[0].quantity).toBe(1);
  });

  it("takes the tag and the metafield off an order once nothing of it waits", () => {
    const written = applied(commandsFor(linesWith(0)));
    const commands = commandsFor(linesWith(3), written);
    expect(commands.map((c) => [c.orderId, c.removeTag, c.addTag, c.setValue, c.deleteValue])).toEqual([
      [ORDER_1, "backordered", null, null, true],
      [ORDER_2, "backordered", null, null, true],
    ]);
    expect(applied(commands, written)).toEqual([]);
  });

  it("clears an order that left the plan (cancelled), and one whose line the merchant released to ship anyway", () => {
    const written = applied(commandsFor(linesWith(0)));
    const withoutOrder2 = linesWith(0).filter((line) => line.orderId !== ORDER_2);
    expect(commandsFor(withoutOrder2, written).map((c) => [c.orderId, c.deleteValue])).toEqual([[ORDER_2, true]]);
    const released = commandsFor(linesWith(0, [gid("LineItem", 200)]), written);
    expect(released.map((c) => [c.orderId, c.removeTag, c.deleteValue])).toEqual([[ORDER_2, "backordered", true]]);
  });

  it("moves the tag when the merchant renames it: the old one off, the new one on, the metafield left alone", () => {
    const written = applied(commandsFor(linesWith(0)));
    const commands = commandsFor(linesWith(0), written, "waiting-stock");
    expect(commands.map((c) => [c.orderId, c.removeTag, c.addTag, c.setValue, c.deleteValue])).toEqual([
      [ORDER_1, "backordered", "waiting-stock", null, false],
      [ORDER_2, "backordered", "waiting-stock", null, false],
    ]);
  });

  it("only ever removes the tag it wrote itself", () => {
    const removed = commandsFor(linesWith(3), applied(commandsFor(linesWith(0))))
      .map((c) => c.removeTag)
      .filter((tag) => tag !== null);
    expect(new Set(removed)).toEqual(new Set(["backordered"]));
    // An order the app never marked is never touched, whatever tags it has.
    expect(commandsFor(linesWith(3))).toEqual([]);
  });

  it("gives the same JSON for the same waiting lines, whatever their order", () => {
    const lines = linesWith(0);
    expect(commandsFor([...lines].reverse()).map((c) => c.setValue)).toEqual(commandsFor(lines).map((c) => c.setValue));
  });

  it("refuses tags Shopify would not take, naming the rule", () => {
    expect(orderTagProblem("backordered")).toBeNull();
    expect(orderTagProblem("  ")).toBe("Enter a tag");
    expect(orderTagProblem("a".repeat(41))).toBe("A tag has at most 40 characters");
    expect(orderTagProblem("late, very")).toBe("A tag cannot contain a comma");
  });
});
