// The report trend chart's geometry, as the core draws it in the PDF and HTML
// (src/report/chart.rs): time runs from training start (or the first point, if earlier)
// to deployment day (or the report date, if later), so the plan line shows in full.

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

export interface Axis {
  start: number; // days since 1970
  days: number; // at least 1
}

export function axis(trainingStart: string, deployOn: string, asOf: string, firstPoint?: string): Axis {
  const start = Math.min(dayOf(trainingStart), firstPoint ? dayOf(firstPoint) : Infinity);
  const end = Math.max(dayOf(deployOn), dayOf(asOf));
  return { start, days: Math.max(end - start, 1) };
}

/** Where a date falls across the axis, 0 to 1. */
export function at(a: Axis, iso: string): number {
  return (dayOf(iso) - a.start) / a.days;
}

/** Five evenly spaced dates, first and last included. */
export function ticks(a: Axis): { f: number; date: string }[] {
  return [0, 1, 2, 3, 4].map((i) => {
    const day = a.start + Math.round((a.days * i) / 4);
    return { f: (day - a.start) / a.days, date: isoOf(day) };
  });
}
