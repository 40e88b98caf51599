import { describe, expect, it } from "vitest";
import { shortId } from "./ids";

describe("the short form of a record id", () => {
  it("is the random end, so records of one session differ", () => {
    const session = ["019dd1c2-7a10-7b3e-9f21-5c0d8e4b1f3a", "019dd1c2-7a10-7b3f-a0c4-91e27d3306b5"];
    expect(session.map(shortId)).toEqual(["…8e4b1f3a", "…7d3306b5"]);
  });
});
