import { describe, expect, it } from "vitest";
import type { Due } from "../bindings/Due";
import { addDays, asOfChoices, calendarDay, logDay, retakeLine } from "./tour";

const due = (over: Partial<Due>): Due => ({
  band: "within30",
  due_by: "2021-08-08",
  earliest: "2021-01-01",
  days_left: 10,
  service_number: "KZ1",
  rank: "рядовой",
  name: "Омаров Ерлан",
  unit: "1 взвод",
  module: "SEA",
  status: "expiring",
  expires_on: "2021-08-09",
  line: "retake_by",
  not_before: null,
  ...over,
});

describe("dates", () => {
  it("adds days across months and leap years", () => {
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
  it("reads dd.mm.yyyy and yyyy-mm-dd, refuses days that do not exist", () => {
    expect(calendarDay(" 9.8.2021 ")).toBe("2021-08-09");
    expect(calendarDay("2021-08-09")).toBe("2021-08-09");
    expect(calendarDay("31.02.2026")).toBe("");
    expect(calendarDay("yesterday")).toBe("");
  });
});

describe("the retake line", () => {
  it("words the line the core decided, with the day it names", () => {
    expect(retakeLine(due({}))).toEqual({ key: "retake_by", date: "2021-08-08", days: 10 });
    expect(retakeLine(due({ line: "lapsed_on", days_left: -1940 }))).toEqual({ key: "lapsed_on_day", date: "2021-08-09" });
    expect(retakeLine(due({ line: "lapses_on", expires_on: "2021-12-01" }))).toEqual({ key: "lapses_on_day", date: "2021-12-01" });
  });
});

describe("the log screen's day", () => {
  const c = { training_start: "2026-09-01", deploy_on: "2026-12-01" };
  it("is today inside the training period", () => {
    expect(logDay("2026-10-10", c)).toEqual({ iso: "2026-10-10", note: null });
  });
  it("is the eve of deployment once deployment day has come", () => {
    expect(logDay("2026-12-01", c)).toEqual({ iso: "2026-11-30", note: "eve" });
    expect(logDay("2031-01-01", c)).toEqual({ iso: "2026-11-30", note: "eve" });
  });
  it("stays today before the training starts, and says so", () => {
    expect(logDay("2026-08-01", c)).toEqual({ iso: "2026-08-01", note: "before_training" });
  });
});

describe("as of", () => {
  it("offers training start, today, deployment and the last validation when there is one", () => {
    const c = { training_start: "2026-09-01", deploy_on: "2026-12-01" };
    expect(asOfChoices(c, "2026-10-10", null).map((x) => x.key)).toEqual([
      "as_of_training_start",
      "as_of_today",
      "as_of_deployment",
    ]);
    expect(asOfChoices(c, "2026-10-10", "2026-10-01").at(-1)).toEqual({ key: "as_of_validation", iso: "2026-10-01" });
  });
});
