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

/** Icon shown with each status so a cell reads without colour (print, colour-blind). */
export const STATUS_ICON: Record<Status, string> = {
  complete: "✓",
  expiring: "⚠",
  expired: "⊘",
  failed: "✗",
  missing: "—",
  not_required: "·",
};

/** The word a cell shows. The core calls a certificate "expired" when it runs out on or
 *  before deployment day, even if it is still valid on the report date; such a cell says
 *  "lapses before deployment" so nobody reads a future date as an error. */
export function statusWord(m: ModuleStatus, asOf: string): `st_${Status}` | "st_lapses" {
  if (m.status === "expired" && m.expires_on !== null && m.expires_on > asOf) return "st_lapses";
  return `st_${m.status}`;
}

/** Per module, how many of its "expired" certificates are still valid on the report date
 *  and only run out before deployment day: the dashboard says so beside the count. */
export function lapsingByModule(people: PersonReadiness[], asOf: string): Map<string, number> {
  const n = new Map<string, number>();
  for (const p of people)
    for (const [code, m] of Object.entries(p.modules))
      if (m && statusWord(m, asOf) === "st_lapses") n.set(code, (n.get(code) ?? 0) + 1);
  return n;
}
