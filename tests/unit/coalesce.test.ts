import { describe, expect, it } from "vitest";
import { coalescePerKey } from "~/jobs/coalesce";

/** A send that records when each of its calls started and waits until released. */
function gatedSend() {
  const started: { key: string; at: number }[] = [];
  const gates: (() => void)[] = [];
  let clock = 0;
  const send = (key: string) =>
    new Promise<void>((resolve) => {
      started.push({ key, at: clock++ });
      gates.push(resolve);
    });
  const releaseAll = async () => {
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { send, started, releaseAll, tick: () => clock++ };
}

describe("coalescePerKey", () => {
  it("sends once per call when the calls do not overlap", async () => {
    const gated = gatedSend();
    const notify = coalescePerKey(gated.send);
    for (let i = 0; i < 3; i++) {
      const sent = notify("a");
      await gated.releaseAll();
      await sent;
    }
    expect(gated.started.map((s) => s.key)).toEqual(["a", "a", "a"]);
  });

  it("turns a burst for one key into two sends, the second starting after every call of the burst", async () => {
    const gated = gatedSend();
    const notify = coalescePerKey(gated.send);
    const calls: { settled: boolean; at: number }[] = [];
    const pending = Array.from({ length: 50 }, () => {
      const call = { settled: false, at: gated.tick() };
      calls.push(call);
      return notify("a").then(() => (call.settled = true));
    });
    expect(gated.started).toHaveLength(1);
    await gated.releaseAll();
    await Promise.all(pending);
    expect(gated.started).toHaveLength(2);
    // Every call but the first was made while the first send ran: the second send began after all of them.
    expect(gated.started[1]!.at).toBeGreaterThan(Math.max(...calls.map((c) => c.at)));
  });

  it("does not settle a call made during a send until the send after it has ended", async () => {
    const gated = gatedSend();
    const notify = coalescePerKey(gated.send);
    void notify("a");
    let later = false;
    const second = notify("a").then(() => (later = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(later).toBe(false);
    await gated.releaseAll();
    await second;
    expect(later).toBe(true);
  });

  it("keeps keys apart: one key's send does not hold up another's", () => {
    const gated = gatedSend();
    const notify = coalescePerKey(gated.send);
    void notify("a");
    void notify("b");
    void notify("a");
    expect(gated.started.map((s) => s.key)).toEqual(["a", "b"]);
  });

  it("starts the next send when the current one fails", async () => {
    const keys: string[] = [];
    let fail = true;
    const notify = coalescePerKey(async (key) => {
      keys.push(key);
      if (fail) {
        fail = false;
        throw new Error("refused");
      }
    });
    const first = notify("a");
    const second = notify("a");
    await expect(first).rejects.toThrow("refused");
    await second;
    expect(keys).toEqual(["a", "a"]);
  });
});
