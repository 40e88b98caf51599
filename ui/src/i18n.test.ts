import { describe, expect, it } from "vitest";
import { formatDate, makeT } from "./i18n";

describe("dates", () => {
  it("Russian and Kazakh write dd.mm.yyyy", () => {
    expect(formatDate("2026-03-07", "ru")).toBe("07.03.2026");
    expect(formatDate("2026-03-07", "kk")).toBe("07.03.2026");
  });
  it("English spells the month", () => expect(formatDate("2026-03-07", "en")).toBe("7 Mar 2026"));
  it("no date is empty", () => expect(formatDate(null, "ru")).toBe(""));
});

describe("translations", () => {
  it("fill parameters", () => expect(makeT("ru")("ready_of", { ready: 3, total: 5 })).toBe("готовы 3 из 5"));
  it("every language differs from English on the main screens", () => {
    for (const k of ["nav_dashboard", "nav_matrix", "nav_log", "st_missing", "nav_reports", "reports_title", "changed_since", "freeze_explain", "decision_not_validated"] as const) {
      expect(makeT("ru")(k)).not.toBe(makeT("en")(k));
      expect(makeT("kk")(k)).not.toBe(makeT("en")(k));
    }
  });
});
