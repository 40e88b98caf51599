import { describe, expect, it } from "vitest";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { Event } from "../bindings/Event";
import { makeT } from "../i18n";
import { activityLines, activityText, lineText } from "./activity";
import { shortId } from "./ids";

const entry = (event: Event, at = "2026-11-28T06:00:00.000Z"): ActivityEntry => ({ at, actor: "капитан Тестов", event, elsewhere: null });

describe("the activity log as sentences", () => {
  it("a session names the module, the day and how many", () => {
    const e: Event = { kind: "session_logged", module: "ROE", date: "2026-11-27", attendees: 37 };
    expect(activityText(e, makeT("en"))).toBe("Logged ROE on 27 Nov 2026: 37 people");
    expect(activityText(e, makeT("ru"))).toBe("Записано занятие ROE от 27.11.2026: 37 чел.");
  });
  it("a voided record names the soldier, the module and the reason", () => {
    const e: Event = { kind: "record_voided", record: "0193abcd-ef01-7000-8000-00001f3a9c0e", service_number: "KZ1", module: "SEA", reason: "wrong soldier" };
    expect(activityText(e, makeT("en"))).toBe("Voided the SEA record of KZ1 (…1f3a9c0e): wrong soldier");
  });
  it("corrections, retirements and removals give their reason", () => {
    const amend: Event = { kind: "record_amended", record: "0193abcd-ef01-7000-8000-00001f3a9c0e", service_number: "KZ1", module: "ROE", reason: "score misread" };
    expect(activityText(amend, makeT("en"))).toBe("Corrected the ROE record of KZ1 (…1f3a9c0e): score misread");
    expect(activityText({ kind: "module_retired", code: "OLD", reason: "replaced by NEW" }, makeT("en"))).toBe("Retired the module OLD: replaced by NEW");
    const off: Event = { kind: "taken_off_roster", service_number: "KZ1", contingent: "DEMO", reason: "injured" };
    expect(activityText(off, makeT("en"))).toBe("Took KZ1 off the roster of DEMO: injured");
  });
  it("a merge names both numbers and how many records moved, in one form or many", () => {
    const e = (records: number): Event => ({ kind: "person_merged", service_number: "КZ1", into: "KZ1", records, reason: "Cyrillic К" });
    expect(activityText(e(1), makeT("en"))).toBe("Merged КZ1 into KZ1, the same soldier: 1 record moved; Cyrillic К");
    expect(activityText(e(3), makeT("en"))).toBe("Merged КZ1 into KZ1, the same soldier: 3 records moved; Cyrillic К");
    expect(activityText(e(3), makeT("ru"))).toBe("КZ1 объединён с KZ1 (один военнослужащий), перенесено записей: 3; Cyrillic К");
  });
  it("a received bundle names its sender, its key as people read it, and what it added", () => {
    const e: Event = { kind: "bundle_received", from: "1 взвод", fingerprint: "3F2A 9C01 77DE 5B40", records: 12 };
    expect(activityText(e, makeT("en"))).toBe("Received a bundle from «1 взвод» (3F2A 9C01 77DE 5B40): 12 records added or changed");
    expect(activityText(e, makeT("kk"))).toBe("«1 взвод» жіберген бума қабылданды (3F2A 9C01 77DE 5B40): қосылған не өзгерген жазбалар: 12");
  });
  it("entries made on another laptop are not run together with this one's", () => {
    const added = (sn: string, elsewhere: string | null): ActivityEntry => ({
      ...entry({ kind: "person_added", service_number: sn }),
      elsewhere,
    });
    const lines = activityLines([added("KZ1", null), added("KZ2", null), added("KZ3", "1 взвод")]);
    expect(lines.map((l) => [l.count, l.first.elsewhere])).toEqual([
      [2, null],
      [1, "1 взвод"],
    ]);
  });
  it("an import names the file", () => {
    const e: Event = { kind: "roster_imported", file: "список.xlsx", rows: 122, new: 120 };
    expect(activityText(e, makeT("en"))).toBe("Imported the roster список.xlsx: 122 rows, 120 new people");
  });
  it("changed details name the fields as the screens label them", () => {
    const e: Event = { kind: "person_changed", service_number: "KZ1", fields: ["unit", "rank"] };
    expect(activityText(e, makeT("ru"))).toBe("Изменены данные KZ1: Подразделение, Звание");
  });
  it("a decision says which and by whom", () => {
    const e: Event = { kind: "contingent_validated", code: "DEMO", validated: false, validator: "Lt Col R. Sharma", as_of: "2026-11-28" };
    expect(activityText(e, makeT("en"))).toBe("Recorded a decision on DEMO as of 28 Nov 2026: Not validated (Lt Col R. Sharma)");
  });
  it("a trusted key and a trigger put back read in every language", () => {
    const key: Event = { kind: "key_trusted", fingerprint: "0123 4567", name: "Ноутбук" };
    expect(activityText(key, makeT("en"))).toBe("Trusted the signing key 0123 4567 as «Ноутбук»");
    const trig: Event = { kind: "trigger_restored", trigger: "attempt_append_only_u" };
    for (const lang of ["en", "ru", "kk"] as const) expect(activityText(trig, makeT(lang))).toContain("attempt_append_only_u");
    const copy: Event = { kind: "identity_taken", identity: "27b5e560aa0011223344", reason: "copy" };
    const restored: Event = { ...copy, reason: "restored" };
    expect(activityText(copy, makeT("en"))).toMatch(/^This file is a copy of another laptop's/);
    expect(activityText(restored, makeT("en"))).toMatch(/a backup put back/);
    for (const lang of ["en", "ru", "kk"] as const) {
      expect(activityText(copy, makeT(lang))).toContain(shortId(copy.identity));
      expect(activityText(copy, makeT(lang))).not.toBe(activityText(restored, makeT(lang)));
    }
  });
  it("people added by one roster in one minute read as one line; other kinds stay apart", () => {
    const add = (sn: string, at = "2026-11-28T06:00:12.000Z") => entry({ kind: "person_added", service_number: sn }, at);
    const lines = activityLines([add("KZ3"), add("KZ2"), add("KZ1", "2026-11-28T06:00:59.000Z"), add("KZ0", "2026-11-28T06:01:00.000Z")]);
    expect(lines.map((l) => l.count)).toEqual([3, 1]);
    expect(lineText(lines[0], makeT("en"))).toBe("Added 3 people to the roster: KZ3 … KZ1");
    const v = (r: string): Event => ({ kind: "record_voided", record: r, service_number: "KZ1", module: "SEA", reason: "x" });
    expect(activityLines([entry(v("a")), entry(v("b"))]).length).toBe(2);
  });
  it("an event this build does not know still reads", () => {
    expect(activityText({ kind: "other", action: "merge", entity: "person", entity_id: "KZ9" }, makeT("kk"))).toBe("merge person KZ9");
  });
});
