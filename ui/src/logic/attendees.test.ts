import { describe, expect, it } from "vitest";
import { FOLD_ABOVE, MATCHES_DRAWN, attendeesView, tickedByUnit } from "./attendees";
import type { Person } from "../bindings/Person";

const person = (sn: string, family: string, unit: string): Person =>
  ({ service_number: sn, family_name: family, given_name: "Марат", patronymic: "", rank: "рядовой", unit }) as Person;

/** `n` people spread over `units` platoons, in roster order. */
function roster(n: number, units: number): [string, Person[]][] {
  const m = new Map<string, Person[]>();
  for (let i = 0; i < n; i++) {
    const u = `${(i % units) + 1} взвод`;
    const list = m.get(u) ?? [];
    list.push(person(`KZ${100000 + i}`, i % 2 ? "Ахметов" : "Сейтқали", u));
    m.set(u, list);
  }
  return [...m.entries()];
}

describe("attendeesView", () => {
  it("draws every name of a company's roster", () => {
    const v = attendeesView(roster(FOLD_ABOVE, 3), "", new Set());
    expect(v.units.map((u) => [u.folded, u.shown.length])).toEqual([
      [false, 100],
      [false, 100],
      [false, 100],
    ]);
    expect(v.more).toBe(0);
  });
  it("folds a larger roster's units until one is opened", () => {
    const v = attendeesView(roster(FOLD_ABOVE + 1, 3), "", new Set(["2 взвод"]));
    expect(v.units.map((u) => [u.unit, u.folded, u.shown.length, u.members.length])).toEqual([
      ["1 взвод", true, 0, 101],
      ["2 взвод", false, 100, 100],
      ["3 взвод", true, 0, 100],
    ]);
  });
  it("draws a search's first matches on a large roster, in either script, and counts the rest", () => {
    const v = attendeesView(roster(10_000, 50), "seitkali", new Set());
    expect(v.units.reduce((n, u) => n + u.shown.length, 0)).toBe(MATCHES_DRAWN);
    expect(v.more).toBe(5_000 - MATCHES_DRAWN);
    expect(v.units.every((u) => !u.folded && u.shown.every((p) => p.family_name === "Сейтқали"))).toBe(true);
  });
  it("finds one soldier by service number and leaves out units without a match", () => {
    const v = attendeesView(roster(10_000, 50), "kz107777", new Set());
    expect(v.units.map((u) => [u.unit, u.shown.map((p) => p.service_number)])).toEqual([["28 взвод", ["KZ107777"]]]);
    expect(v.more).toBe(0);
  });
  it("draws every match on a small roster", () => {
    const v = attendeesView(roster(120, 3), "ахметов", new Set());
    expect(v.units.reduce((n, u) => n + u.shown.length, 0)).toBe(60);
  });
});

describe("where a kept draft's ticks are", () => {
  it("counts them by unit, in the roster's order, leaving out units with none", () => {
    const p = (sn: string, unit: string) => ({ service_number: sn, unit }) as unknown as Person;
    const byUnit: [string, Person[]][] = [
      ["Управление роты", [p("KZ1", "Управление роты"), p("KZ2", "Управление роты")]],
      ["1 взвод", [p("KZ3", "1 взвод")]],
      ["3 взвод", [p("KZ4", "3 взвод"), p("KZ5", "3 взвод")]],
    ];
    expect(tickedByUnit(byUnit, new Set(["KZ5", "KZ1", "KZ2"]))).toEqual([
      ["Управление роты", 2],
      ["3 взвод", 1],
    ]);
    expect(tickedByUnit(byUnit, new Set())).toEqual([]);
  });
});
