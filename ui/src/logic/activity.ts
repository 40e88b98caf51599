// The audit log as sentences: who did what, newest first. Each entry names an action on an
// entity (a session logged, a record voided, a module retired …) and carries the values
// written; the sentence picks the few a reader needs. An action this build does not know
// still reads, from its names.
import type { AuditEntry } from "../bindings/AuditEntry";
import type { Key, T } from "../i18n";
import { formatDate } from "../i18n";
import { fieldLabel } from "../problems";
import { shortId } from "./ids";

/** The sentence keys, by `action entity`. */
const KEYS: Record<string, Key> = {
  "log session": "act_log_session",
  "amend attempt": "act_amend_attempt",
  "void attempt": "act_void_attempt",
  "add contingent": "act_add_contingent",
  "add module": "act_add_module",
  "change module": "act_change_module",
  "retire module": "act_retire_module",
  "import roster": "act_import_roster",
  "import completions": "act_import_completions",
  "undo import": "act_undo_import",
  "add person": "act_add_person",
  "change person": "act_change_person",
  "validate contingent": "act_validate_contingent",
  "end assignment": "act_end_assignment",
  "start assignment": "act_start_assignment",
  "trust key": "act_trust_key",
  "withdraw key": "act_withdraw_key",
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** The last part of a path: the file name a user recognises. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Which fields differ between the old and the new value, in the order of the new one. */
export function changedFields(old: unknown, now: unknown): string[] {
  const a = obj(old);
  const b = obj(now);
  return Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function activityText(e: AuditEntry, t: T): string {
  const key = KEYS[`${e.action} ${e.entity}`];
  if (!key) return `${e.action} ${e.entity} ${e.entity_id}`;
  const n = obj(e.new_value);
  const o = obj(e.old_value);
  const id = e.entity_id;
  // A reason is stored as the new value itself (void, retire) or inside it (amend, roster).
  const reason = str(n.reason) || str(e.new_value);
  const params: Record<string, string | number> = { id, short: shortId(id), reason };
  switch (key) {
    case "act_log_session":
      params.module = str(n.module) || id;
      params.date = formatDate(str(n.date), t.lang);
      params.n = str(n.attendees);
      break;
    case "act_void_attempt":
    case "act_amend_attempt":
      params.sn = str(o.service_number);
      params.module = str(o.module);
      break;
    case "act_import_roster":
    case "act_import_completions":
      params.file = fileName(id);
      params.rows = str(n.rows);
      params.new = str(n.new);
      break;
    case "act_undo_import":
      params.file = str(o.file_name);
      params.n = str(n.attempts_voided);
      break;
    case "act_change_module":
    case "act_change_person":
      params.fields = changedFields(e.old_value, e.new_value)
        .map((f) => fieldLabel(f, t))
        .join(", ");
      break;
    case "act_trust_key":
      params.name = str(n.name);
      break;
    case "act_end_assignment":
    case "act_start_assignment":
      params.code = str(n.contingent);
      break;
    case "act_validate_contingent":
      params.decision = t(str(n.decision) === "validated" ? "decision_validated" : "decision_not_validated");
      params.validator = str(n.validator);
      params.date = formatDate(str(n.as_of), t.lang);
      break;
  }
  return t(key, params);
}

/** Entries to show as one line: a run of the same change by the same person in the same
 * minute (a roster of 120 people adds 120 lines to the log). */
export interface ActivityLine {
  first: AuditEntry;
  count: number;
  last: AuditEntry;
}

/** Kinds whose runs read as one line: people added or changed by one roster. */
const RUNS = new Set(["add person", "change person"]);

export function activityLines(entries: AuditEntry[]): ActivityLine[] {
  const out: ActivityLine[] = [];
  for (const e of entries) {
    const prev = out[out.length - 1];
    const kind = `${e.action} ${e.entity}`;
    if (
      prev &&
      RUNS.has(kind) &&
      `${prev.first.action} ${prev.first.entity}` === kind &&
      prev.first.actor === e.actor &&
      prev.first.at.slice(0, 16) === e.at.slice(0, 16)
    ) {
      prev.count += 1;
      prev.last = e;
    } else {
      out.push({ first: e, count: 1, last: e });
    }
  }
  return out;
}

/** A line: one entry's sentence, or a run's ("Added 122 people to the roster: KZ200122 … KZ200001"). */
export function lineText(l: ActivityLine, t: T): string {
  if (l.count === 1) return activityText(l.first, t);
  const key: Key = l.first.action === "add" ? "act_add_people" : "act_change_people";
  return t(key, { n: l.count, first: l.first.entity_id, last: l.last.entity_id });
}
