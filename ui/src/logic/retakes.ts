// Which retakes the dashboard lists first: everything due within 90 days (and whatever has
// lapsed or is overdue); the rest, months away, only on request.
import type { Band } from "../bindings/Band";
import type { Due } from "../bindings/Due";

const SOON: Band[] = ["lapsed", "overdue", "within30", "within60", "within90"];

export function soonRetakes(list: Due[]): Due[] {
  return list.filter((d) => SOON.includes(d.band));
}

/** The chip colour of a band, from the status palette the matrix uses. */
export function bandClass(b: Band): string {
  switch (b) {
    case "lapsed":
    case "overdue":
      return "st-failed";
    case "within30":
      return "st-expired";
    case "within60":
    case "within90":
      return "st-expiring";
    default:
      return "st-not_required";
  }
}

/** The list in bands, most urgent first, keeping the core's order (soonest first) within each. */
export function byBand(list: Due[]): [Band, Due[]][] {
  const groups = new Map<Band, Due[]>();
  for (const d of list) groups.set(d.band, [...(groups.get(d.band) ?? []), d]);
  return [...groups.entries()];
}
