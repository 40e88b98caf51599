import { describe, expect, it } from "vitest";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { Status } from "../bindings/Status";
import { NO_FILTER, PAGE, STATUS_ICON, filterKey, fullName, pagesFor, readingIcon, statusWord, unitsInOrder } from "./matrix";

const st = (status: Status): ModuleStatus => ({ status, completed_on: null, expires_on: null, attempted_on: null });

describe("matrix pages", () => {
  it("before the count is known, the first page", () => expect(pagesFor(0, 30, null)).toEqual([0]));
  it("the pages in view and the next", () => expect(pagesFor(0, 30, 10_000)).toEqual([0, 1]));
  it("a window across two pages, and the next", () => expect(pagesFor(90, 130, 10_000)).toEqual([0, 1, 2]));
  it("deep in the list", () => expect(pagesFor(5_020, 5_060, 10_000)).toEqual([50, 51]));
  it("no page past the end", () => expect(pagesFor(9_980, 10_000, 10_000)).toEqual([99]));
  it("a short list is one page", () => expect(pagesFor(0, 27, 27)).toEqual([0]));
  it("nothing passes the filter: nothing to ask", () => expect(pagesFor(0, 0, 0)).toEqual([]));
  it("pages are of a hundred rows", () => expect(PAGE).toBe(100));
  it("filters differ by key", () => {
    expect(filterKey(NO_FILTER)).toBe(filterKey({ ...NO_FILTER }));
    expect(filterKey({ ...NO_FILTER, query: "a" })).not.toBe(filterKey(NO_FILTER));
    expect(filterKey({ ...NO_FILTER, status: "missing" })).not.toBe(filterKey({ ...NO_FILTER, module: "missing" }));
  });
  it("full name skips a missing patronymic", () =>
    expect(fullName({ family_name: "Smith", given_name: "Test", patronymic: null })).toBe("Smith Test"));
});

describe("the word a cell shows", () => {
  const expired: ModuleStatus = { status: "expired", completed_on: "2025-06-01", expires_on: "2026-12-01", attempted_on: null };
  it("an expired certificate the core says lapses before deployment says so", () => {
    expect(statusWord({ ...expired, lapses_before_deployment: true })).toBe("st_lapses");
  });
  it("one it does not is expired", () => {
    expect(statusWord(expired)).toBe("st_expired");
    expect(statusWord({ ...expired, lapses_before_deployment: false })).toBe("st_expired");
  });
  it("and its own mark, never expired's", () => {
    expect(readingIcon({ ...expired, lapses_before_deployment: true })).toBe("◔");
    expect(readingIcon(expired)).toBe("⊘");
    expect(new Set([...Object.values(STATUS_ICON), readingIcon({ ...expired, lapses_before_deployment: true })]).size).toBe(7);
  });
  it("other statuses keep their own word", () => {
    for (const s of ["complete", "expiring", "failed", "missing", "not_required"] as const) {
      expect(statusWord(st(s))).toBe(`st_${s}`);
    }
  });
});

describe("unitsInOrder", () => {
  it("follows the roster's order and keeps every tallied unit", () => {
    const roster = ["1 взвод", "2 взвод", "10 взвод"];
    expect(unitsInOrder(roster, ["10 взвод", "1 взвод", "2 взвод"])).toEqual(roster);
    expect(unitsInOrder(roster, ["2 взвод", "штаб"])).toEqual(["2 взвод", "штаб"]);
    expect(unitsInOrder([], ["a"])).toEqual(["a"]);
  });
});
