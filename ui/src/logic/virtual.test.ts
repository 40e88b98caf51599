import { describe, expect, it } from "vitest";
import { visibleRange } from "./virtual";

describe("only the rows in view are drawn", () => {
  it("at the top draws a screenful plus the margin", () => {
    const r = visibleRange(1000, 34, 0, 680, 8);
    expect(r.start).toBe(0);
    expect(r.end).toBe(37);
    expect(r.padTop).toBe(0);
    expect(r.padBottom).toBe((1000 - 37) * 34);
  });
  it("scrolled down keeps the total height so the scrollbar does not jump", () => {
    const r = visibleRange(1000, 34, 34 * 500, 680, 8);
    expect(r.start).toBe(492);
    expect(r.padTop + (r.end - r.start) * 34 + r.padBottom).toBe(1000 * 34);
  });
  it("never runs past the end", () => {
    const r = visibleRange(10, 34, 99999, 680);
    expect(r.end).toBe(10);
    expect(r.start).toBeLessThanOrEqual(10);
    expect(r.padBottom).toBe(0);
  });
  it("an empty list draws nothing", () => {
    expect(visibleRange(0, 34, 0, 680)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});
