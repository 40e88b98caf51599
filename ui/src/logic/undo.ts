// What undoing an import did, said in one message: records voided, people taken off the
// roster, details put back, and each detail left as it is because it was changed again
// since the import (someone's later word).
import type { UndoReport } from "../bindings/UndoReport";
import type { T } from "../i18n";
import { fieldLabel } from "./fields";

/** How many kept details are named one by one; the rest are counted. */
export const KEPT_NAMED = 5;

export function undoneText(r: UndoReport, t: T): string {
  const parts = [t("undone", { id: r.id, voided: r.attempts_voided, ended: r.assignments_ended })];
  if (r.details_restored > 0) parts.push(t("undone_details", { n: r.details_restored }));
  if (r.details_kept.length > 0) {
    const named = r.details_kept
      .slice(0, KEPT_NAMED)
      .map((k) => `${k.key} ${fieldLabel(k.field, t).toLocaleLowerCase(t.lang)} «${k.now}»`);
    const more = r.details_kept.length - named.length;
    parts.push(
      t("undone_kept", { list: named.join(", ") + (more > 0 ? ` ${t("undone_kept_more", { n: more })}` : "") }),
    );
  }
  return parts.join(" ");
}
