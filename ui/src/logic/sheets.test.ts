import { describe, expect, it } from "vitest";
import { sheetFileName } from "./sheets";

describe("file names of spreadsheets written out", () => {
  it("say the contingent, what and the day", () =>
    expect(sheetFileName("completions", "KAZBAT-4", "csv", "2026-11-28")).toBe("KAZBAT-4-completions-2026-11-28.csv"));
  it("a template is always a workbook, whatever format was chosen before", () =>
    expect(sheetFileName("roster_template", "KAZBAT-4", "csv", "2026-11-28")).toBe("roster-template.xlsx"));
});
