import { describe, expect, it } from "vitest";
import { changedSoldiers, isoOrEmpty, saveFileName } from "./report";

describe("save file names", () => {
  it("name the contingent, the content and the date", () => {
    expect(saveFileName("KAZBAT-4", "2027-03-01", "pdf")).toBe("KAZBAT-4-readiness-2027-03-01.pdf");
    expect(saveFileName("KAZBAT-4", "2027-03-01", "xlsx")).toBe("KAZBAT-4-matrix-2027-03-01.xlsx");
  });
  it("keep Cyrillic but no path separators", () =>
    expect(saveFileName("РОТА/1 ..", "2027-03-01", "csv")).toBe("РОТА_1_-matrix-2027-03-01.csv"));
});

describe("changed soldiers", () => {
  it("each service number once, in order", () => {
    const c = (sn: string) => ({ kind: "amended" as const, service_number: sn, module: "ROE", text: "" });
    expect(changedSoldiers([c("KZ2"), c("KZ1"), c("KZ2")])).toEqual(["KZ2", "KZ1"]);
    expect(changedSoldiers([])).toEqual([]);
  });
});

describe("typed report dates", () => {
  it("read dd.mm.yyyy and ISO", () => {
    expect(isoOrEmpty("1.3.2027")).toBe("2027-03-01");
    expect(isoOrEmpty(" 2027-03-01 ")).toBe("2027-03-01");
  });
  it("leave anything else to the core", () => expect(isoOrEmpty("03/01/2027")).toBe(""));
});
