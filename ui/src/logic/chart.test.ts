import { describe, expect, it } from "vitest";
import { at, axis, ticks } from "./chart";

describe("the report trend's time axis", () => {
  it("runs from training start to deployment day", () => {
    const a = axis("2026-01-01", "2026-07-01", "2026-03-01");
    expect(a.days).toBe(181);
    expect(at(a, "2026-01-01")).toBe(0);
    expect(at(a, "2026-07-01")).toBe(1);
  });
  it("reaches the report date when it is after deployment, and an earlier first point", () => {
    const a = axis("2026-01-10", "2026-07-01", "2026-08-01", "2026-01-05");
    expect(at(a, "2026-01-05")).toBe(0);
    expect(at(a, "2026-08-01")).toBe(1);
  });
  it("never divides by zero", () => {
    expect(axis("2026-01-01", "2026-01-01", "2026-01-01").days).toBe(1);
  });
  it("five ticks, first and last on the ends, across a month end and a leap day", () => {
    const t = ticks(axis("2028-01-31", "2028-03-31", "2028-02-01"));
    expect(t.map((x) => x.date)).toEqual(["2028-01-31", "2028-02-15", "2028-03-01", "2028-03-16", "2028-03-31"]);
    expect(t[0].f).toBe(0);
    expect(t[4].f).toBe(1);
  });
});
