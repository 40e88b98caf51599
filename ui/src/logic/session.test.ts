import { describe, expect, it } from "vitest";
import { failedCount, individualResults, sessionDate, todayNow, uncountedNote, weekday, optionalNumber, toggleOne, toggleUnit, unitState, type Own } from "./session";
import { formatDate, makeT } from "../i18n";

const platoon = ["A", "B", "C"];

describe("ticking attendees", () => {
  it("a unit ticks everyone, then the absent are unticked", () => {
    let t = toggleUnit(platoon, new Set(["X"]));
    expect([...t].sort()).toEqual(["A", "B", "C", "X"]);
    expect(unitState(platoon, t)).toBe("all");
    t = toggleOne("B", t);
    expect(unitState(platoon, t)).toBe("some");
    expect(t.has("B")).toBe(false);
  });
  it("a partly ticked unit is completed, not cleared, by its checkbox", () => {
    const t = toggleUnit(platoon, new Set(["A"]));
    expect(unitState(platoon, t)).toBe("all");
  });
  it("a fully ticked unit is cleared by its checkbox; others stay", () => {
    const t = toggleUnit(platoon, new Set(["A", "B", "C", "X"]));
    expect([...t]).toEqual(["X"]);
    expect(unitState(platoon, t)).toBe("none");
  });
});

describe("number fields", () => {
  it.each([
    ["", null],
    ["  ", null],
    ["85", 85],
    ["85,5", 85.5],
    ["7.25", 7.25],
    ["eighty", "invalid"],
    ["1e", "invalid"],
  ])("%j reads as %j", (s, want) => expect(optionalNumber(s)).toBe(want));
});

describe("individual results", () => {
  const own = new Map<string, Own>([
    ["A", { result: "fail", score: "41" }],
    ["B", { result: null, score: "" }],
    ["C", { result: null, score: "95,5" }],
    ["X", { result: "fail", score: "" }],
  ]);
  it("only ticked people with something of their own are sent", () => {
    expect(individualResults(new Set(["A", "B", "C"]), own)).toEqual({
      ok: [
        { service_number: "A", result: "fail", score: 41 },
        { service_number: "C", result: null, score: 95.5 },
      ],
    });
  });
  it("a score that is not a number names the person", () => {
    const bad = new Map<string, Own>([["B", { result: null, score: "8o" }]]);
    expect(individualResults(new Set(["B"]), bad)).toEqual({ invalid: "B", score: "8o" });
  });
  it("a bad score of someone no longer ticked does not block the save", () => {
    const bad = new Map<string, Own>([["B", { result: null, score: "8o" }]]);
    expect(individualResults(new Set(["A"]), bad)).toEqual({ ok: [] });
  });
  it("failures count the session's result for everyone without their own", () => {
    expect(failedCount(new Set(["A", "B", "C"]), own, "pass")).toBe(1);
    expect(failedCount(new Set(["A", "B", "C"]), own, "fail")).toBe(3);
    expect(failedCount(new Set(["B"]), own, "pass")).toBe(0);
  });
});

describe("the session date", () => {
  const today = "2026-11-28";
  it("reads dd.mm.yyyy and ISO", () => {
    expect(sessionDate("27.11.2026", today)).toEqual({ iso: "2026-11-27" });
    expect(sessionDate(" 2026-11-28 ", today)).toEqual({ iso: "2026-11-28" });
    expect(sessionDate("1.2.2026", today)).toEqual({ iso: "2026-02-01" });
  });
  it("a day the calendar lacks is said apart; a slashed or empty date is unclear", () => {
    expect(sessionDate("31.11.2026", today)).toEqual({ problem: "not_in_calendar" });
    expect(sessionDate("29.02.2026", today)).toEqual({ problem: "not_in_calendar" });
    expect(sessionDate("03/11/2026", today)).toEqual({ problem: "unclear" });
    expect(sessionDate("", today)).toEqual({ problem: "unclear" });
  });
  it("a leap day is a day", () => expect(sessionDate("29.02.2028", "2028-03-01")).toEqual({ iso: "2028-02-29" }));
  it("tomorrow is in the future", () => expect(sessionDate("29.11.2026", today)).toEqual({ problem: "future" }));
  it("the weekday, in the form's language", () => {
    expect(weekday("2026-11-27", "en")).toBe("Friday");
    expect(weekday("2026-11-27", "ru")).toBe("пятница");
  });
});

describe("today", () => {
  it("moves on when the app stays open past midnight", () => {
    expect(todayNow("2026-11-28", new Date(2026, 10, 29, 0, 5))).toBe("2026-11-29");
  });
  it("never goes back before the day the app started", () => {
    expect(todayNow("2026-11-28", new Date(2026, 10, 27, 23, 59))).toBe("2026-11-28");
  });
});

describe("uncountedNote", () => {
  it("says a session of a per-rotation module before training start counts for no one, and nothing else", () => {
    const t = makeT("en");
    const rotation = new Set(["ROE"]);
    expect(uncountedNote("2026-09-04", "ROE", "2026-09-05", rotation, t)).toBe(t("log_date_uncounted", { module: "ROE", date: formatDate("2026-09-05", "en") }));
    expect(uncountedNote("2026-09-05", "ROE", "2026-09-05", rotation, t)).toBeNull();
    expect(uncountedNote("2026-09-04", "SEA", "2026-09-05", rotation, t)).toBeNull();
  });
});
