import { describe, expect, it } from "vitest";
import { addedLines, bundleFileName, decidedLine, keptLine, laptopNamer } from "./bundles";
import { makeT } from "../i18n";
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
  details_changed: 0,
  details_changed_listed: [],
  imports: 0,
  imports_undone: 0,
  audit: 0,
  look_alikes: [],
  contested: 0,
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
    // The history after the records it tells of.
    expect(addedLines({ ...none, audit: 40, imports: 1, records: 2 })).toEqual([
      ["sync_add_records", 2],
      ["sync_add_imports", 1],
      ["sync_add_audit", 40],
    ]);
  });

  it("words what two laptops did differently in the screen's language", () => {
    const en = makeT("en");
    const ru = makeT("ru");
    const unit = { entity: "person", key: "KZ200027", field: "unit", was: "1 взвод", now: "2 взвод", others: [] };
    expect(decidedLine(unit, en)).toBe("person KZ200027 — Unit: «1 взвод» → «2 взвод»");
    expect(decidedLine(unit, ru)).toBe("военнослужащий KZ200027 — Подразделение: «1 взвод» → «2 взвод»");
    // This laptop's value kept; a line from before values were said.
    expect(decidedLine({ ...unit, now: "1 взвод" }, en)).toBe("person KZ200027 — Unit: «1 взвод»");
    // Kept here, the other laptop's value is named: otherwise it reads as no conflict.
    expect(decidedLine({ ...unit, now: "1 взвод", others: ["2 взвод"] }, en)).toBe(
      "person KZ200027 — Unit: «1 взвод» (not counting: «2 взвод»)",
    );
    expect(decidedLine({ entity: "module", key: "ROE", field: "kind", was: "", now: "", others: [] }, en)).toBe(`module ROE — ${en("detail_group_kind")}`);
    // A group a later Muster adds is named as the core names it.
    expect(decidedLine({ entity: "contingent", key: "KAZBAT-4", field: "motto", was: "", now: "", others: [] }, en)).toBe("contingent KAZBAT-4 — motto");
    expect(keptLine({ kind: "roster_ended", person: "KZ1", contingent: "KAZBAT-4" }, en)).toBe(
      "roster of KAZBAT-4: KZ1 taken off on both laptops, differently",
    );
    const undone = keptLine({ kind: "import_undone", file_name: "roe.csv", imported_at: "2026-12-03T10:00:00Z" }, ru);
    expect(undone.startsWith("импорт roe.csv (")).toBe(true);
    expect(undone.endsWith("): отменён на обоих ноутбуках, по-разному")).toBe(true);
    expect(undone).not.toContain("T10:00:00Z");
  });

  it("names where a change was made: this laptop, a laptop by its bundles' name, or by its id", () => {
    const view = {
      conflicts: [],
      details: [],
      numbers: [],
      left_behind: [],
      names: { "9f2c4e1a77de5b40aa": "2 взвод" },
      this: "0190a000aa",
      earlier: ["5b40aa0190"],
    };
    const name = laptopNamer(view, makeT("en"));
    expect(name("0190a000aa")).toBe("this laptop");
    // Made here before this copy of the file took an identity of its own.
    expect(name("5b40aa0190")).toBe("this laptop");
    expect(name("9f2c4e1a77de5b40aa")).toBe("2 взвод");
    expect(name(null)).toBe("a laptop (before Muster stamped records)");
    expect(name("77de5b40aa0011223344")).toMatch(/^laptop …/);
  });
});
