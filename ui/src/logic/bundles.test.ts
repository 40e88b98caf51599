import { describe, expect, it } from "vitest";
import { addedLines, bundleFileName } from "./bundles";
import type { Added } from "../bindings/Added";

const none: Added = {
  contingents: 0,
  modules: 0,
  people: 0,
  assignments: 0,
  removals: 0,
  records: 0,
  amendments: 0,
  voidings: 0,
  validations: 0,
  already_held: 0,
  kept_here: [],
  details: 0,
  decided: [],
};

describe("bundles", () => {
  it("names a bundle by its laptop and day, in characters every platform accepts", () => {
    expect(bundleFileName("2 взвод: ноутбук/1", "2026-12-03")).toBe("muster-2_взвод_ноутбук_1-2026-12-03.muster");
    expect(bundleFileName("", "2026-12-03")).toBe("muster-laptop-2026-12-03.muster");
  });
  it("lists only the kinds a bundle adds, in a fixed order", () => {
    expect(addedLines(none)).toEqual([]);
    expect(addedLines({ ...none, already_held: 686 })).toEqual([]);
    expect(addedLines({ ...none, modules: 2, records: 3, people: 1, validations: 1 })).toEqual([
      ["sync_add_people", 1],
      ["sync_add_records", 3],
      ["sync_add_signoffs", 1],
      ["sync_add_modules", 2],
    ]);
  });
});
