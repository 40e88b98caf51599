import { describe, expect, it } from "vitest";
import { makeT } from "../i18n";
import { detailValue } from "./DetailConflicts";

describe("a detail's value in a conflict", () => {
  it("is worded in the user's language for a category or a gender", () => {
    expect(detailValue("category", "officer", makeT("ru"))).toBe(makeT("ru")("cat_officer"));
    expect(detailValue("gender", "F", makeT("kk"))).toBe(makeT("kk")("female"));
    expect(detailValue("category", "officer", makeT("ru"))).not.toBe("officer");
  });
  it("is left as typed otherwise", () => {
    expect(detailValue("unit", "2 взвод", makeT("ru"))).toBe("2 взвод");
    expect(detailValue("category", "", makeT("ru"))).toBe("");
  });
});
