// The training matrix's filters and pages. Which people pass a filter is the core's to
// say (src/matrix.rs); the screen asks for the pages of rows it is about to draw.
import type { Status } from "../bindings/Status";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { Category } from "../bindings/Category";
import type { MatrixFilter } from "../bindings/MatrixFilter";

export type { MatrixFilter };

/** The categories, in rank order, for filters and forms. */
export const CATEGORIES: Category[] = ["officer", "nco", "enlisted"];

export const NO_FILTER: MatrixFilter = { unit: "", category: null, status: null, module: "", query: "" };

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
  return JSON.stringify([f.unit, f.category, f.status, f.module, f.query]);
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

/** The word a cell shows. The core calls a certificate "expired" when it runs out on or
 *  before deployment day, even if it is still valid on the report date; the core also
 *  lists such certificates as lapsing (`PersonReadiness.lapsing`), and such a cell says
 *  "lapses before deployment" so nobody reads a future date as an error. */
export function statusWord(m: ModuleStatus, lapsing: boolean): `st_${Status}` | "st_lapses" {
  if (m.status === "expired" && lapsing) return "st_lapses";
  return `st_${m.status}`;
}
