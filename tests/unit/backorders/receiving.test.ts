import { describe, expect, it } from "vitest";
import { ARRIVAL_WINDOW_DAYS, receivedRows, stockRise, type ExpectedRow } from "~/backorders/receiving";

const TODAY = "2030-01-10";
const recorded = new Date("2030-01-01T00:00:00Z");
const seen = new Date("2030-01-10T12:00:00Z");
const row = (id: number, quantity: number, expectedOn: string, recordedAt = recorded): ExpectedRow => ({
  id: String(id),
  quantity,
  expectedOn,
  recordedAt,
});

describe("stock rise", () => {
  it("counts units that came in, not units that moved between available and committed", () => {
    expect(stockRise({ available: 0, committed: 2 }, { available: 5, committed: 2 })).toBe(5);
    // An order placed: available to committed, nothing came in.
    expect(stockRise({ available: 3, committed: 0 }, { available: 2, committed: 1 })).toBe(0);
    // Oversold: available goes negative, committed up; still nothing came in.
    expect(stockRise({ available: 0, committed: 0 }, { available: -1, committed: 1 })).toBe(0);
    // Fulfilled: units left.
    expect(stockRise({ available: 0, committed: 2 }, { available: 0, committed: 0 })).toBe(0);
  });

  it("knows no rise without an earlier reading", () => {
    expect(stockRise(null, { available: 10, committed: 0 })).toBe(0);
  });
});

describe("received rows", () => {
  it("receives the row a rise covers in full", () => {
    expect(receivedRows([row(1, 5, "2030-01-10")], 5, seen, TODAY)).toEqual(["1"]);
    expect(receivedRows([row(1, 5, "2030-01-10")], 7, seen, TODAY)).toEqual(["1"]);
  });

  it("leaves a row a rise covers only in part expected", () => {
    expect(receivedRows([row(1, 5, "2030-01-10")], 4, seen, TODAY)).toEqual([]);
  });

  it("takes rows in expected-date order, then by id, skipping those the rest cannot cover", () => {
    const rows = [row(3, 2, "2030-01-08"), row(2, 10, "2030-01-05"), row(1, 2, "2030-01-08")];
    expect(receivedRows(rows, 4, seen, TODAY)).toEqual(["1", "3"]);
    expect(receivedRows(rows, 12, seen, TODAY)).toEqual(["2", "1"]);
    expect(receivedRows(rows, 14, seen, TODAY)).toEqual(["2", "1", "3"]);
  });

  it("recognises a shipment up to the arrival window early, not a later one", () => {
    const inWindow = row(1, 3, "2030-01-17");
    const later = row(2, 3, "2030-01-18");
    expect(ARRIVAL_WINDOW_DAYS).toBe(7);
    expect(receivedRows([later, inWindow], 3, seen, TODAY)).toEqual(["1"]);
    expect(receivedRows([later], 3, seen, TODAY)).toEqual([]);
  });

  it("receives nothing on no rise, and never a row recorded after the read that saw the rise", () => {
    expect(receivedRows([row(1, 1, "2030-01-10")], 0, seen, TODAY)).toEqual([]);
    expect(receivedRows([row(1, 1, "2030-01-10", new Date("2030-01-10T13:00:00Z"))], 5, seen, TODAY)).toEqual([]);
  });

  it("is the same answer whatever order the rows come in", () => {
    const rows = [row(1, 2, "2030-01-03"), row(2, 2, "2030-01-03"), row(3, 1, "2030-01-01"), row(4, 6, "2030-01-02")];
    const expected = receivedRows(rows, 5, seen, TODAY);
    expect(expected).toEqual(["3", "1", "2"]);
    expect(receivedRows([...rows].reverse(), 5, seen, TODAY)).toEqual(expected);
  });
});
