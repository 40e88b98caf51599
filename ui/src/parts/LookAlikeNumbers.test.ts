import { describe, expect, it } from "vitest";
import { mergeGuess } from "./LookAlikeNumbers";

describe("the number offered to keep in a merge", () => {
  it("is the one written in Latin capitals and digits alone", () => {
    expect(mergeGuess(["KZ-500001", "KZ500001"])).toEqual({ from: "KZ-500001", into: "KZ500001" });
    // a Cyrillic К, a Greek Κ and Ζ: sorted first, never offered to keep
    expect(mergeGuess(["КZ470007", "KZ470007"])).toEqual({ from: "КZ470007", into: "KZ470007" });
    // a letter O for a zero: the digits kept
    expect(mergeGuess(["ΚΖ900001", "KZ9000O1", "KZ900001"]).into).toBe("KZ900001");
  });
  it("falls back to the first when none or both are plain", () => {
    expect(mergeGuess(["KZ-1", "KZ–1"])).toEqual({ from: "KZ–1", into: "KZ-1" });
    expect(mergeGuess(["KZ100093", "KZ100003"])).toEqual({ from: "KZ100003", into: "KZ100093" });
  });
});
