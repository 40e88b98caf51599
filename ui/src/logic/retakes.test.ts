import { describe, expect, it } from "vitest";
import type { Band } from "../bindings/Band";
import type { Due } from "../bindings/Due";
import { bandClass, byBand, soonRetakes } from "./retakes";

const due = (band: Band, sn: string): Due => ({
  band,
  due_by: "2027-02-26",
  earliest: "2026-09-01",
  days_left: 10,
  service_number: sn,
  rank: "рядовой",
  name: "Омаров Ерлан",
  unit: "1 взвод",
  module: "SEA",
  status: "expiring",
  expires_on: "2027-05-01",
});

describe("retakes on the dashboard", () => {
  it("lists what is due within 90 days, lapsed or overdue, and keeps the core's order", () => {
    const list = [due("lapsed", "A"), due("overdue", "B"), due("within30", "C"), due("within90", "D"), due("later", "E")];
    expect(soonRetakes(list).map((d) => d.service_number)).toEqual(["A", "B", "C", "D"]);
  });
  it("nothing soon is an empty list", () => expect(soonRetakes([due("later", "E")])).toEqual([]));
  it("groups by band in the core's order", () => {
    const g = byBand([due("lapsed", "A"), due("within30", "C"), due("within30", "D")]);
    expect(g.map(([b, l]) => [b, l.map((d) => d.service_number)])).toEqual([
      ["lapsed", ["A"]],
      ["within30", ["C", "D"]],
    ]);
  });
  it("the most urgent bands are red", () => {
    expect(bandClass("lapsed")).toBe("st-failed");
    expect(bandClass("overdue")).toBe("st-failed");
    expect(bandClass("later")).toBe("st-not_required");
  });
});
