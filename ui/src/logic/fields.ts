// The names of the fields and groups of fields of a person, contingent or module (the
// groups `store::details` edits together), in the screen's language.
import type { Key, T } from "../i18n";
import { fieldLabel as columnLabel } from "../problems";

/** The groups of columns edited together; a single column is named as every screen names it. */
const GROUP: Record<string, Key> = {
  dates: "detail_group_dates",
  archived: "detail_group_archived",
  kind: "detail_group_kind",
  retired: "detail_group_retired",
};

/** The label of a field or group; one Muster does not know yet is shown as it is named. */
export function fieldLabel(field: string, t: T): string {
  return GROUP[field] ? t(GROUP[field]) : columnLabel(field, t);
}
