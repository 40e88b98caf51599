import { describe, expect, it } from "vitest";
import { sheetFileName } from "./sheets";

describe("file names of spreadsheets written out", () => {
  it("say the contingent, what and the day", () =>
    expect(sheetFileName("completions", "KAZBAT-4", "csv", "2026-11-28")).toBe("KAZBAT-4-completions-2026-11-28.csv"));
  it("hold nothing Windows refuses in a file name, whatever the code", () => {
    const name = sheetFileName("roster", 'KZ:4<>"/\\|?*. ', "csv", "2026-11-28");
    expect(name).toBe("KZ_4_-roster-2026-11-28.csv");
    expect(name).not.toMatch(/[<>:"/\\|?*]/);
    expect([...name].every((c) => c.charCodeAt(0) >= 32)).toBe(true);
    expect(sheetFileName("roster", "РОТА.1", "xlsx", "2026-11-28")).toBe("РОТА_1-roster-2026-11-28.xlsx");
  });
  it("a template is always a workbook, whatever format was chosen before", () =>
    expect(sheetFileName("roster_template", "KAZBAT-4", "csv", "2026-11-28")).toBe("roster-template.xlsx"));
});
