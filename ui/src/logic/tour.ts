// The tour itself: before deployment the days to go; after it, how long ago, when the tour
// ends and what lapses in it. A retake is offered only for a day still ahead; a deadline
// that has passed reads as what it is. Dates are the core's yyyy-mm-dd strings.
import type { Due } from "../bindings/Due";

/** `iso` moved by `n` days (calendar days, no time zone involved). */
export function addDays(iso: string, n: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A calendar day typed as dd.mm.yyyy or yyyy-mm-dd, or "" when it is not one (31.02 included). */
export function calendarDay(typed: string): string {
  const day = typedDay(typed);
  return "iso" in day ? day.iso : "";
}

/** A typed day (dd.mm.yyyy or yyyy-mm-dd), or why it is none: not written as a date, or
 *  written as one that the calendar does not have (31.02.2027), which is said apart. */
export function typedDay(typed: string): { iso: string } | { problem: "unclear" | "not_in_calendar" } {
  const s = typed.trim();
  let y: number, m: number, d: number;
  let g = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (g) [y, m, d] = [Number(g[1]), Number(g[2]), Number(g[3])];
  else if ((g = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) [y, m, d] = [Number(g[3]), Number(g[2]), Number(g[1])];
  else return { problem: "unclear" };
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return { problem: "not_in_calendar" };
  return { iso: day.toISOString().slice(0, 10) };
}

/** What one row of the retakes says, as the core decided it (`due::line`): the words'
 *  key and the day (and days left) they name. */
export type RetakeLine =
  | { key: "retake_by"; date: string; days: number }
  | { key: "lapsed_on_day"; date: string }
  | { key: "lapses_on_day"; date: string };

export function retakeLine(d: Due): RetakeLine {
  switch (d.line) {
    case "retake_by":
      return { key: "retake_by", date: d.due_by, days: d.days_left };
    case "lapsed_on":
      return { key: "lapsed_on_day", date: d.expires_on };
    case "lapses_on":
      return { key: "lapses_on_day", date: d.expires_on };
  }
}

/** The Log screen's date: today, unless today is after the training period (deployment
 *  day or later), when it is the eve of deployment, the last day of training at home, and
 *  the screen says so. Before the training starts today stays (a later day would be in the
 *  future, which the core refuses), and the screen says that too. */
export function logDay(
  today: string,
  c: { training_start: string; deploy_on: string },
): { iso: string; note: "eve" | "before_training" | null } {
  if (today >= c.deploy_on) return { iso: addDays(c.deploy_on, -1), note: "eve" };
  if (today < c.training_start) return { iso: today, note: "before_training" };
  return { iso: today, note: null };
}

/** The "as of" quick choices, in time order as the user reads them, without repeats. */
export function asOfChoices(
  c: { training_start: string; deploy_on: string },
  today: string,
  lastValidation: string | null,
): { key: "as_of_training_start" | "as_of_today" | "as_of_deployment" | "as_of_validation"; iso: string }[] {
  const out: { key: "as_of_training_start" | "as_of_today" | "as_of_deployment" | "as_of_validation"; iso: string }[] = [
    { key: "as_of_training_start", iso: c.training_start },
    { key: "as_of_today", iso: today },
    { key: "as_of_deployment", iso: c.deploy_on },
  ];
  if (lastValidation) out.push({ key: "as_of_validation", iso: lastValidation });
  return out;
}
