// Ticking attendees: a whole unit at once, then untick the absent; then the few whose
// result or score differs from the session's.
import type { AttendeeResult } from "../bindings/AttendeeResult";
import type { Outcome } from "../bindings/Outcome";
import { typedDay } from "./tour";
import { formatDate, localIsoDay, type T } from "../i18n";

/** The unit checkbox: on when all of the unit is ticked, mixed when some are. */
export function unitState(members: string[], ticked: Set<string>): "all" | "some" | "none" {
  const n = members.filter((m) => ticked.has(m)).length;
  return n === 0 ? "none" : n === members.length ? "all" : "some";
}

/** Toggling a unit ticks everyone in it unless all are already ticked, then unticks all. */
export function toggleUnit(members: string[], ticked: Set<string>): Set<string> {
  const next = new Set(ticked);
  if (unitState(members, ticked) === "all") members.forEach((m) => next.delete(m));
  else members.forEach((m) => next.add(m));
  return next;
}

export function toggleOne(sn: string, ticked: Set<string>): Set<string> {
  const next = new Set(ticked);
  if (!next.delete(sn)) next.add(sn);
  return next;
}

/** A number field: empty is "not given", anything else must be a number. */
export function optionalNumber(s: string): number | null | "invalid" {
  const v = s.trim().replace(",", ".");
  if (!v) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : "invalid";
}

/** What the officer entered for one person who differs from the session. */
export interface Own {
  result: Outcome | null; // null: the session's result
  score: string; // "": the session's score
}

/** The individual results to send: only people still ticked and with something of their own.
 *  A score that is not a number names the person, so the form can say whose it is. */
export function individualResults(
  ticked: Set<string>,
  own: Map<string, Own>,
): { ok: AttendeeResult[] } | { invalid: string; score: string } {
  const ok: AttendeeResult[] = [];
  for (const [sn, o] of own) {
    if (!ticked.has(sn)) continue;
    const score = optionalNumber(o.score);
    if (score === "invalid") return { invalid: sn, score: o.score };
    if (o.result === null && score === null) continue;
    ok.push({ service_number: sn, result: o.result, score });
  }
  return { ok };
}

/** How many ticked people will be saved as failed. */
export function failedCount(ticked: Set<string>, own: Map<string, Own>, session: Outcome): number {
  let n = 0;
  for (const sn of ticked) if ((own.get(sn)?.result ?? session) === "fail") n++;
  return n;
}

/** The session date as typed, checked before saving: a real calendar day, not in the
 *  future (the core refuses both; saying so beside the field catches 31.11 or a swapped
 *  day and month while the form is still open). */
export function sessionDate(typed: string, todayIso: string): { iso: string } | { problem: "unclear" | "not_in_calendar" | "future" } {
  const day = typedDay(typed);
  if ("problem" in day) return day;
  if (day.iso > todayIso) return { problem: "future" };
  return day;
}

/** The weekday, which tells at a glance whether 03.11 was meant or 11.03. */
export function weekday(iso: string, lang: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  const locale = lang === "ru" ? "ru-RU" : lang === "kk" ? "kk-KZ" : "en-GB";
  return new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Today on this machine's clock (local date, as the core reads it). The app's start-up
 *  "today" goes stale when a laptop stays open past midnight; the later of the two counts. */
export function todayNow(startedOn: string, now: Date = new Date()): string {
  const local = localIsoDay(now);
  return local > startedOn ? local : startedOn;
}

/** A session (or its correction) of a module taken again each rotation, dated before this
 *  rotation's training started, counts for no one in it: the note that says so, as the
 *  Log form and a soldier's history both say it; none otherwise. */
export function uncountedNote(iso: string, module: string, trainingStart: string, perRotation: Set<string>, t: T): string | null {
  return iso < trainingStart && perRotation.has(module) ? t("log_date_uncounted", { module, date: formatDate(trainingStart, t.lang) }) : null;
}
