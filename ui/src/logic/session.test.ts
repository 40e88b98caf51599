import { describe, expect, it } from "vitest";
import { optionalNumber, toggleOne, toggleUnit, unitState } from "./session";

const platoon = ["A", "B", "C"];

describe("ticking attendees", () => {
  it("a unit ticks everyone, then the absent are unticked", () => {
    let t = toggleUnit(platoon, new Set(["X"]));
    expect([...t].sort()).toEqual(["A", "B", "C", "X"]);
    expect(unitState(platoon, t)).toBe("all");
    t = toggleOne("B", t);
    expect(unitState(platoon, t)).toBe("some");
    expect(t.has("B")).toBe(false);
  });
  it("a partly ticked unit is completed, not cleared, by its checkbox", () => {
    const t = toggleUnit(platoon, new Set(["A"]));
    expect(unitState(platoon, t)).toBe("all");
  });
  it("a fully ticked unit is cleared by its checkbox; others stay", () => {
    const t = toggleUnit(platoon, new Set(["A", "B", "C", "X"]));
    expect([...t]).toEqual(["X"]);
    expect(unitState(platoon, t)).toBe("none");
  });
});

describe("number fields", () => {
  it.each([
    ["", null],
    ["  ", null],
    ["85", 85],
    ["85,5", 85.5],
    ["7.25", 7.25],
    ["eighty", "invalid"],
    ["1e", "invalid"],
  ])("%j reads as %j", (s, want) => expect(optionalNumber(s)).toBe(want));
});
