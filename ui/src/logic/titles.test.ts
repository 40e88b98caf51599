import { describe, expect, it } from "vitest";
import { moduleTitle } from "./titles";

describe("moduleTitle", () => {
  const roe = { title: "Rules of engagement", title_ru: "Правила применения силы", title_kk: null };
  it("shows the title in the language, else the title as typed", () => {
    expect(moduleTitle(roe, "en")).toBe("Rules of engagement");
    expect(moduleTitle(roe, "ru")).toBe("Правила применения силы");
    expect(moduleTitle(roe, "kk")).toBe("Rules of engagement");
    expect(moduleTitle({ title: "X", title_kk: " " }, "kk")).toBe("X");
    expect(moduleTitle({ title: "X" }, "ru")).toBe("X");
  });
});
