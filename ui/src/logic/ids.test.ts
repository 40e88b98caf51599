import { describe, expect, it } from "vitest";
import { shortId, shortIds } from "./ids";

describe("the short form of a record id", () => {
  it("is the random end, so records of one session differ", () => {
    const session = ["019dd1c2-7a10-7b3e-9f21-5c0d8e4b1f3a", "019dd1c2-7a10-7b3f-a0c4-91e27d3306b5"];
    expect(session.map(shortId)).toEqual(["…8e4b1f3a", "…7d3306b5"]);
  });
  it("is how a line of the core's names each record it mentions", () => {
    expect(shortIds("amended: KZ200013 ROE record 01a248fd-af01-77bd-a8b7-4491b0c376ea (fail) → 01A24903-A456-7374-8469-C062D87DCD44")).toBe(
      "amended: KZ200013 ROE record …b0c376ea (fail) → …D87DCD44",
    );
    expect(shortIds("KZ200013 not in the report")).toBe("KZ200013 not in the report");
  });
});
