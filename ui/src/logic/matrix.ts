// The training matrix's filters and pages. Which people pass a filter is the core's to
// say (src/matrix.rs); the screen asks for the pages of rows it is about to draw.
import type { Status } from "../bindings/Status";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { Category } from "../bindings/Category";
import type { MatrixFilter } from "../bindings/MatrixFilter";

export type { MatrixFilter };

/** The categories, in rank order, for filters and forms. */
export const CATEGORIES: Category[] = ["officer", "nco", "enlisted"];

export const NO_FILTER: MatrixFilter = { unit: "", category: null, status: null, lapses: false, module: "", query: "" };

export function fullName(p: { family_name: string; given_name: string; patronymic: string | null }) {
  return [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(" ");
}

/** Rows the matrix asks for at a time. */
export const PAGE = 100;

/** The pages (by number) that hold rows `start..end` of `total`, and the next one, so a
 *  page is usually there before it scrolls into view. Before the count is known: page 0. */
export function pagesFor(start: number, end: number, total: number | null, page = PAGE): number[] {
  if (total === null) return [0];
  if (total <= 0 || end <= start) return total > 0 ? [0] : [];
  const last = Math.floor((Math.max(0, total - 1)) / page);
  const first = Math.floor(Math.max(0, start) / page);
  const upTo = Math.min(last, Math.floor((Math.min(end, total) - 1) / page) + 1);
  const out: number[] = [];
  for (let p = first; p <= upTo; p++) out.push(p);
  return out;
}

/** A filter as one string: pages asked for under another filter are not shown under this. */
export function filterKey(f: MatrixFilter): string {
  return JSON.stringify([f.unit, f.category, f.status, f.lapses, f.module, f.query]);
}

/** Symbol shown with each status so a cell reads without colour (print, colour-blind):
 *  the same as the printed report's (src/marks.rs; a test in src-tauri keeps them equal).
 *  None is an emoji, which a browser would draw as a coloured picture. */
export const STATUS_ICON: Record<Status, string> = {
  complete: "✓",
  expiring: "◐",
  expired: "⊘",
  failed: "✗",
  missing: "○",
  not_required: "–",
};

/** A certificate still valid on the day that lapses before deployment: its own mark (the
 *  core's `marks::reading_symbol`), between expiring's half circle and expired's. */
export const LAPSES_ICON = "◔";

/** The mark of what a status reads as: a lapsing certificate is never marked expired. */
export function readingIcon(s: { status: Status; lapses_before_deployment?: boolean }): string {
  return s.lapses_before_deployment ? LAPSES_ICON : STATUS_ICON[s.status];
}

/** The word a cell shows: what the core says the status reads as. An expired certificate
 *  still valid on the day (the core's `lapses_before_deployment`) says "lapses before
 *  deployment" so nobody reads a future date as an error. */
export function statusWord(m: ModuleStatus): `st_${Status}` | "st_lapses" {
  return m.lapses_before_deployment ? "st_lapses" : `st_${m.status}`;
}

/** The units of a tally in the order the core lists the roster's units (alphabet order,
 *  numbers by value: "2 взвод" before "10 взвод"); a unit the roster order does not name
 *  comes after, so no count is ever left out. */
export function unitsInOrder(rosterOrder: string[], tallied: string[]): string[] {
  const known = new Set(rosterOrder);
  return [...rosterOrder.filter((u) => tallied.includes(u)), ...tallied.filter((u) => !known.has(u))];
}
