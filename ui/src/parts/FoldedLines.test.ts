import { describe, expect, it } from "vitest";
import { someOf } from "./FoldedLines";

describe("a long list named in part", () => {
  it("names all of a short list", () => expect(someOf(["KZ1", "KZ2"])).toBe("KZ1, KZ2"));
  it("names the first ten and counts the rest", () => {
    const sns = Array.from({ length: 37 }, (_, i) => `KZ${i + 1}`);
    expect(someOf(sns)).toBe("KZ1, KZ2, KZ3, KZ4, KZ5, KZ6, KZ7, KZ8, KZ9, KZ10, … (+27)");
  });
});
