// What undoing an import did, said in one message: records voided, people taken off the
// roster, details put back, and each detail left as it is because it was changed again
// since the import (someone's later word).
import type { UndoReport } from "../bindings/UndoReport";
import type { T } from "../i18n";
import { fieldLabel } from "./fields";

/** How many kept details (or people taken off) are named one by one; the rest are counted. */
export const KEPT_NAMED = 5;

/** The first `KEPT_NAMED` of a list, and how many more. */
function named(items: string[], t: T): string {
  const more = items.length - KEPT_NAMED;
  return items.slice(0, KEPT_NAMED).join(", ") + (more > 0 ? ` ${t("undone_kept_more", { n: more })}` : "");
}

export function undoneText(r: UndoReport, t: T): string {
  const parts = [t("undone", { id: r.id, voided: r.attempts_voided, ended: r.assignments_ended })];
  if (r.taken_off.length > 0) parts.push(t("undone_taken_off", { list: named(r.taken_off, t) }));
  if (r.details_restored > 0) parts.push(t("undone_details", { n: r.details_restored }));
  if (r.details_kept.length > 0) {
    const kept = r.details_kept.map((k) => `${k.key} ${fieldLabel(k.field, t).toLocaleLowerCase(t.lang)} «${k.now}»`);
    parts.push(t("undone_kept", { list: named(kept, t) }));
  }
  return parts.join(" ");
}
