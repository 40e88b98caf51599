import { describe, expect, it } from "vitest";
import { bandClass } from "./retakes";

// Which retakes are listed and how they are grouped is the core's: src/due.rs tests it.
describe("retakes on the dashboard", () => {
  it("the most urgent bands are red", () => {
    expect(bandClass("lapsed")).toBe("st-failed");
    expect(bandClass("overdue")).toBe("st-failed");
    expect(bandClass("later")).toBe("st-not_required");
  });
});
