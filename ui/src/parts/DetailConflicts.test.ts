import { describe, expect, it } from "vitest";
import { makeT } from "../i18n";
import { detailValue, groupValue } from "./DetailConflicts";

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
  it("names each column of a group in the user's language, dates as dates", () => {
    const ru = makeT("ru");
    const read = groupValue(
      "dates",
      "deploy_on: 2027-07-01, tour_months: 6, training_start: 2027-01-15",
      [
        { column: "deploy_on", value: "2027-07-01" },
        { column: "tour_months", value: "6" },
        { column: "training_start", value: "2027-01-15" },
      ],
      ru,
    );
    expect(read).not.toMatch(/deploy_on|tour_months|training_start|2027-07-01/);
    expect(read).toContain(ru("deploy_on"));
    expect(read).toContain("01.07.2027");
    expect(groupValue("kind", "", [{ column: "per_rotation", value: "false" }, { column: "validity_months", value: "24" }], makeT("kk"))).toContain(makeT("kk")("no"));
    expect(groupValue("unit", "2 взвод", [], ru)).toBe("2 взвод");
  });
});
