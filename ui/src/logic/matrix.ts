// The training matrix's filters: pure functions over the readiness the core computed.
import type { PersonReadiness } from "../bindings/PersonReadiness";
import type { Status } from "../bindings/Status";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { Category } from "../bindings/Category";
import { matches } from "./search";

export interface MatrixFilter {
  unit: string; // "" = all
  category: Category | "";
  status: Status | "";
  module: string; // "" = all
  query: string;
}

/** The categories, in rank order, for filters and forms. */
export const CATEGORIES: Category[] = ["officer", "nco", "enlisted"];

export const NO_FILTER: MatrixFilter = { unit: "", category: "", status: "", module: "", query: "" };

export function fullName(p: { family_name: string; given_name: string; patronymic: string | null }) {
  return [p.family_name, p.given_name, p.patronymic].filter(Boolean).join(" ");
}

/** People that pass every filter. A status filter with a module looks at that module;
 *  without one, at any module. */
export function filterPeople(people: PersonReadiness[], f: MatrixFilter): PersonReadiness[] {
  return people.filter((p) => {
    if (f.unit && p.unit !== f.unit) return false;
    if (f.category && p.category !== f.category) return false;
    if (f.status) {
      const statuses = f.module
        ? [p.modules[f.module]?.status]
        : Object.values(p.modules).map((m) => m?.status);
      if (!statuses.includes(f.status)) return false;
    }
    if (f.query && !matches(`${fullName(p)} ${p.service_number}`, f.query)) return false;
    return true;
  });
}

/** The units in roster order of first appearance. */
export function units(people: { unit: string }[]): string[] {
  return [...new Set(people.map((p) => p.unit))];
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
