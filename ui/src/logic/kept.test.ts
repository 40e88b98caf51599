import { describe, expect, it } from "vitest";
import { keep, recall } from "./kept";

describe("a screen's state kept while the app runs", () => {
  it("gives back what was kept under the same key only", () => {
    keep("matrix:DEMO", { unit: "2 взвод" });
    expect(recall("matrix:DEMO")).toEqual({ unit: "2 взвод" });
    expect(recall("matrix:OTHER")).toBeUndefined();
    keep("matrix:DEMO", { unit: "" });
    expect(recall("matrix:DEMO")).toEqual({ unit: "" });
  });
});
