// The audit log as sentences: who did what, newest first. The core reads each entry into a
// typed event (src/activity.rs); this file only words it. An event this build does not
// know still reads, from its names.
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { Event } from "../bindings/Event";
import type { T } from "../i18n";
import { formatDate } from "../i18n";
import { fieldLabel } from "../problems";
import { shortId } from "./ids";

export function activityText(e: Event, t: T): string {
  switch (e.kind) {
    case "session_logged":
      return t("act_log_session", { module: e.module, date: formatDate(e.date, t.lang), n: e.attendees });
    case "record_amended":
      return t("act_amend_attempt", { module: e.module, sn: e.service_number, short: shortId(e.record), reason: e.reason });
    case "record_voided":
      return t("act_void_attempt", { module: e.module, sn: e.service_number, short: shortId(e.record), reason: e.reason });
    case "contingent_added":
      return t("act_add_contingent", { id: e.code });
    case "contingent_archived":
      return t("act_archive_contingent", { id: e.code, reason: e.reason });
    case "contingent_restored":
      return t("act_restore_contingent", { id: e.code });
    case "contingent_changed":
      return t("act_change_contingent", { id: e.code, fields: e.fields.map((f) => fieldLabel(f, t)).join(", ") });
    case "module_added":
      return t("act_add_module", { id: e.code });
    case "module_changed":
      return t("act_change_module", { id: e.code, fields: e.fields.map((f) => fieldLabel(f, t)).join(", ") });
    case "module_restored":
      return t("act_restore_module", { id: e.code, reason: e.reason });
    case "module_retired":
      return t("act_retire_module", { id: e.code, reason: e.reason });
    case "roster_imported":
      return t("act_import_roster", { file: e.file, rows: e.rows, new: e.new });
    case "completions_imported":
      return t("act_import_completions", { file: e.file, rows: e.rows, new: e.new });
    case "import_undone":
      return e.roster_entries_ended > 0
        ? t("act_undo_import_roster", { id: e.import, file: e.file, m: e.roster_entries_ended, n: e.records_voided })
        : t("act_undo_import", { id: e.import, file: e.file, n: e.records_voided });
    case "person_added":
      return t("act_add_person", { id: e.service_number });
    case "person_changed":
      return t("act_change_person", { id: e.service_number, fields: e.fields.map((f) => fieldLabel(f, t)).join(", ") });
    case "contingent_validated":
      return t("act_validate_contingent", {
        id: e.code,
        date: formatDate(e.as_of, t.lang),
        decision: t(e.validated ? "decision_validated" : "decision_not_validated"),
        validator: e.validator,
      });
    case "taken_off_roster":
      return t("act_end_assignment", { id: e.service_number, code: e.contingent, reason: e.reason });
    case "person_merged":
      return t("act_merge_person", { id: e.service_number, into: e.into, n: e.records, reason: e.reason });
    case "detail_kept":
      return t("act_keep_detail", { id: e.key, field: fieldLabel(e.field, t) });
    case "put_on_roster":
      return t("act_start_assignment", { id: e.service_number, code: e.contingent });
    case "key_trusted":
      return t("act_trust_key", { id: e.fingerprint, name: e.name });
    case "key_withdrawn":
      return t("act_withdraw_key", { id: e.fingerprint, reason: e.reason });
    case "trigger_restored":
      return t("act_restore_trigger", { id: e.trigger });
    case "identity_taken":
      return t(e.reason === "restored" ? "act_take_identity_restored" : "act_take_identity_copy", {
        id: shortId(e.identity),
      });
    case "bundle_received":
      return t("act_receive_bundle", { name: e.from, id: e.fingerprint, n: e.records });
    case "other":
      return `${e.action} ${e.entity} ${e.entity_id}`;
  }
}

/** Entries to show as one line: a run of the same change by the same person in the same
 * minute (a roster of 120 people adds 120 lines to the log). */
export interface ActivityLine {
  first: ActivityEntry;
  count: number;
  last: ActivityEntry;
}

/** The soldier a run's entry is about: people added or changed by one roster. */
function runOf(e: Event): string | null {
  return e.kind === "person_added" || e.kind === "person_changed" ? e.service_number : null;
}

export function activityLines(entries: ActivityEntry[]): ActivityLine[] {
  const out: ActivityLine[] = [];
  for (const e of entries) {
    const prev = out[out.length - 1];
    if (
      prev &&
      runOf(e.event) !== null &&
      prev.first.event.kind === e.event.kind &&
      prev.first.actor === e.actor &&
      prev.first.elsewhere === e.elsewhere &&
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
  if (l.count === 1) return activityText(l.first.event, t);
  const key = l.first.event.kind === "person_added" ? "act_add_people" : "act_change_people";
  return t(key, { n: l.count, first: runOf(l.first.event) ?? "", last: runOf(l.last.event) ?? "" });
}
