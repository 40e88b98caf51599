import { describe, expect, it } from "vitest";
import type { PersonReadiness } from "../bindings/PersonReadiness";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { Status } from "../bindings/Status";
import { NO_FILTER, filterPeople, fullName, statusWord, units } from "./matrix";

const st = (status: Status): ModuleStatus => ({ status, completed_on: null, expires_on: null, attempted_on: null });

function person(sn: string, family: string, unit: string, cat: "officer" | "nco" | "enlisted", mods: Record<string, Status>): PersonReadiness {
  return {
    service_number: sn,
    family_name: family,
    given_name: "Test",
    patronymic: null,
    rank: "",
    category: cat,
    gender: "M",
    role: "",
    unit,
    ready: Object.values(mods).every((s) => s === "complete"),
    modules: Object.fromEntries(Object.entries(mods).map(([k, v]) => [k, st(v)])),
    lacking: Object.entries(mods).filter(([, v]) => v !== "complete").map(([k]) => k),
    lapsing: [],
  };
}

const people = [
  person("KZ1", "Нұрқасов", "1 взвод", "officer", { ROE: "complete", SEA: "missing" }),
  person("KZ2", "Smith", "2 взвод", "enlisted", { ROE: "failed", SEA: "complete" }),
  person("KZ3", "Әлиев", "1 взвод", "enlisted", { ROE: "complete", SEA: "complete" }),
];

describe("matrix filters", () => {
  const sns = (f: Partial<typeof NO_FILTER>) => filterPeople(people, { ...NO_FILTER, ...f }).map((p) => p.service_number);
  it("no filter keeps everyone", () => expect(sns({})).toEqual(["KZ1", "KZ2", "KZ3"]));
  it("by unit", () => expect(sns({ unit: "1 взвод" })).toEqual(["KZ1", "KZ3"]));
  it("by category", () => expect(sns({ category: "enlisted" })).toEqual(["KZ2", "KZ3"]));
  it("by status in any module", () => expect(sns({ status: "missing" })).toEqual(["KZ1"]));
  it("by status in one module", () => expect(sns({ status: "complete", module: "SEA" })).toEqual(["KZ2", "KZ3"]));
  it("by Latin search on a Cyrillic name", () => expect(sns({ query: "aliev" })).toEqual(["KZ3"]));
  it("filters combine", () => expect(sns({ unit: "1 взвод", query: "kz1" })).toEqual(["KZ1"]));
  it("units in roster order", () => expect(units(people)).toEqual(["1 взвод", "2 взвод"]));
  it("full name skips a missing patronymic", () => expect(fullName(people[1])).toBe("Smith Test"));
});

describe("the word a cell shows", () => {
  const expired: ModuleStatus = { status: "expired", completed_on: "2025-06-01", expires_on: "2026-12-01", attempted_on: null };
  it("an expired certificate the core lists as lapsing lapses before deployment", () => {
    expect(statusWord(expired, true)).toBe("st_lapses");
  });
  it("one it does not list is expired", () => {
    expect(statusWord(expired, false)).toBe("st_expired");
  });
  it("other statuses keep their own word, lapsing or not", () => {
    for (const s of ["complete", "expiring", "failed", "missing", "not_required"] as const) {
      expect(statusWord(st(s), true)).toBe(`st_${s}`);
      expect(statusWord(st(s), false)).toBe(`st_${s}`);
    }
  });
});
