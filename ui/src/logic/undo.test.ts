import { describe, expect, it } from "vitest";
import { makeT } from "../i18n";
import type { UndoReport } from "../bindings/UndoReport";
import { undoneText } from "./undo";

const completions: UndoReport = {
  id: 7,
  kind: "completions",
  file_name: "roe.csv",
  attempts_voided: 12,
  attempts_already_inactive: 0,
  assignments_ended: 0,
  taken_off: [],
  contingent: null,
  details_restored: 0,
  details_kept: [],
};

describe("undoing an import", () => {
  it("says nothing of details when the import changed none", () => {
    expect(undoneText(completions, makeT("en"))).toBe(
      "Import #7 undone: 12 records voided, 0 people taken off the roster.",
    );
  });
  it("says how many details went back and names each kept one, in the screen's language", () => {
    const r: UndoReport = {
      ...completions,
      kind: "roster",
      attempts_voided: 0,
      assignments_ended: 2,
      taken_off: ["KZ100005", "KZ100006"],
      contingent: "KAZBAT-4",
      details_restored: 1,
      details_kept: [{ key: "KZ100001", field: "unit", now: "2 взвод" }],
    };
    expect(undoneText(r, makeT("en"))).toBe(
      "Import #7 undone: 0 records voided, 2 people taken off the roster. " +
        "Those taken off: KZ100005, KZ100006; put back by hand anyone a later file lists. " +
        "1 detail put back as before the import. " +
        "Decided by a later edit, so kept as they are: KZ100001 unit «2 взвод».",
    );
    expect(undoneText(r, makeT("ru"))).toContain("KZ100001 подразделение «2 взвод»");
    expect(undoneText(r, makeT("kk"))).toContain("Импорт өзгерткен деректер қалпына келтірілді: 1.");
  });
  it("names five kept details and counts the rest", () => {
    const kept = Array.from({ length: 8 }, (_, i) => ({ key: `KZ10000${i}`, field: "rank", now: "сержант" }));
    const text = undoneText({ ...completions, details_kept: kept }, makeT("en"));
    expect(text).toContain("KZ100004 rank «сержант» and 3 more.");
    expect(text).not.toContain("KZ100005");
  });
});
