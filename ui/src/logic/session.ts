// Ticking attendees: a whole unit at once, then untick the absent.

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
