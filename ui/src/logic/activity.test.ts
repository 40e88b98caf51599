import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../bindings/AuditEntry";
import { makeT } from "../i18n";
import { activityLines, activityText, changedFields, lineText } from "./activity";

const entry = (action: string, entity: string, entity_id: string, old_value: unknown, new_value: unknown): AuditEntry => ({
  at: "2026-11-28T06:00:00.000Z",
  actor: "капитан Тестов",
  action,
  entity,
  entity_id,
  old_value,
  new_value,
});

describe("the activity log as sentences", () => {
  it("a session names the module, the day and how many", () => {
    const e = entry("log", "session", "ROE", null, { module: "ROE", date: "2026-11-27", attendees: 37, records: [] });
    expect(activityText(e, makeT("en"))).toBe("Logged ROE on 27 Nov 2026: 37 people");
    expect(activityText(e, makeT("ru"))).toBe("Записано занятие ROE от 27.11.2026: 37 чел.");
  });
  it("a voided record names the soldier, the module and the reason", () => {
    const e = entry("void", "attempt", "0193abcd-ef01-7000-8000-00001f3a9c0e", { service_number: "KZ1", module: "SEA" }, "wrong soldier");
    expect(activityText(e, makeT("en"))).toBe("Voided the SEA record of KZ1 (…1f3a9c0e): wrong soldier");
  });
  it("a reason reads whether it is stored as the value or inside it", () => {
    const amend = entry("amend", "attempt", "0193abcd-ef01-7000-8000-00001f3a9c0e", { service_number: "KZ1", module: "ROE" }, { reason: "score misread" });
    expect(activityText(amend, makeT("en"))).toBe("Corrected the ROE record of KZ1 (…1f3a9c0e): score misread");
    const retire = entry("retire", "module", "OLD", {}, "replaced by NEW");
    expect(activityText(retire, makeT("en"))).toBe("Retired the module OLD: replaced by NEW");
    const off = entry("end", "assignment", "KZ1", null, { contingent: "DEMO", reason: "injured" });
    expect(activityText(off, makeT("en"))).toBe("Took KZ1 off the roster of DEMO: injured");
  });
  it("an import names the file, not its folder", () => {
    const e = entry("import", "roster", "/home/u/Рота/список.xlsx", null, { rows: 122, new: 120 });
    expect(activityText(e, makeT("en"))).toBe("Imported the roster список.xlsx: 122 rows, 120 new people");
  });
  it("changed details name the fields as the screens label them", () => {
    const e = entry("change", "person", "KZ1", { unit: "1 взвод", rank: "рядовой", family_name: "А" }, { unit: "2 взвод", rank: "ефрейтор", family_name: "А" });
    expect(changedFields(e.old_value, e.new_value)).toEqual(["unit", "rank"]);
    expect(activityText(e, makeT("ru"))).toBe("Изменены данные KZ1: Подразделение, Звание");
  });
  it("a decision says which and by whom", () => {
    const e = entry("validate", "contingent", "DEMO", null, { as_of: "2026-11-28", decision: "not-validated", validator: "Lt Col R. Sharma" });
    expect(activityText(e, makeT("en"))).toBe("Recorded a decision on DEMO as of 28 Nov 2026: Not validated (Lt Col R. Sharma)");
  });
  it("people added by one roster in one minute read as one line; other kinds stay apart", () => {
    const add = (sn: string, at = "2026-11-28T06:00:12.000Z") => ({ ...entry("add", "person", sn, null, {}), at });
    const lines = activityLines([add("KZ3"), add("KZ2"), add("KZ1", "2026-11-28T06:00:59.000Z"), add("KZ0", "2026-11-28T06:01:00.000Z")]);
    expect(lines.map((l) => l.count)).toEqual([3, 1]);
    expect(lineText(lines[0], makeT("en"))).toBe("Added 3 people to the roster: KZ3 … KZ1");
    const voids = activityLines([entry("void", "attempt", "a", {}, "x"), entry("void", "attempt", "b", {}, "y")]);
    expect(voids.length).toBe(2);
  });

  it("an action this build does not know still reads", () => {
    expect(activityText(entry("merge", "person", "KZ9", null, null), makeT("kk"))).toBe("merge person KZ9");
  });
});
