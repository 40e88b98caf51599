// Which names the Log screen draws. A company's roster (a few hundred) shows every name; a
// training centre's (thousands) opens with each unit folded to its tick box, since a
// session is most often a whole platoon, and a search shows its first matches only: ten
// thousand tick boxes would make every tick redraw them all.
import type { Person } from "../bindings/Person";
import { fullName } from "./matrix";
import { matches } from "./search";

/** A roster larger than this opens with its units folded. */
export const FOLD_ABOVE = 300;
/** A search on a folded roster draws at most this many names. */
export const MATCHES_DRAWN = 200;

export interface UnitView {
  unit: string;
  members: Person[];
  /** The names drawn (none for a folded unit). */
  shown: Person[];
  folded: boolean;
}

export interface AttendeesView {
  units: UnitView[];
  /** The roster is large: units fold, and each offers to show or hide its names. */
  large: boolean;
  /** Matches of the search left undrawn (type more of a name to narrow it). */
  more: number;
}

/** The units with the names each draws: every name on a small roster; on a large one, the
 *  units opened by hand, and with a search its matches up to `MATCHES_DRAWN`. A unit with
 *  no match is left out while searching. */
export function attendeesView(byUnit: [string, Person[]][], query: string, opened: Set<string>): AttendeesView {
  const total = byUnit.reduce((n, [, ms]) => n + ms.length, 0);
  const large = total > FOLD_ABOVE;
  const q = query.trim();
  let budget = large && q ? MATCHES_DRAWN : Infinity;
  let more = 0;
  const units: UnitView[] = [];
  for (const [unit, members] of byUnit) {
    const hits = q ? members.filter((p) => matches(`${fullName(p)} ${p.service_number}`, q)) : members;
    if (q && hits.length === 0) continue;
    const folded = large && !q && !opened.has(unit);
    let shown = folded ? [] : hits;
    if (shown.length > budget) {
      more += shown.length - budget;
      shown = shown.slice(0, budget);
    }
    budget -= shown.length;
    units.push({ unit, members, shown, folded });
  }
  return { units, large, more };
}

/** How many of `ticked` each unit holds, in the roster's order of units, units with none
 *  left out: a draft kept from before says where its ticks are, some perhaps in a unit
 *  folded out of sight. */
export function tickedByUnit(byUnit: [string, Person[]][], ticked: Set<string>): [string, number][] {
  return byUnit
    .map(([unit, people]): [string, number] => [unit, people.filter((p) => ticked.has(p.service_number)).length])
    .filter(([, n]) => n > 0);
}
