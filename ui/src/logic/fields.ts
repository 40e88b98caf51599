// The names of the fields and groups of fields of a person, contingent or module (the
// groups `store::details` edits together), in the screen's language.
import type { Key, T } from "../i18n";

const FIELD: Record<string, Key> = {
  family_name: "family_name",
  given_name: "given_name",
  patronymic: "patronymic",
  rank: "rank",
  category: "category",
  gender: "gender",
  role: "role",
  unit: "unit",
  name: "name",
  mission: "mission",
  parent_unit: "parent_unit",
  dates: "detail_group_dates",
  archived: "detail_group_archived",
  title: "title",
  kind: "detail_group_kind",
  applies_to: "applies_to",
  hours: "hours",
  pass_mark: "pass_mark",
  retired: "detail_group_retired",
};

/** The label of a field or group; one Muster does not know yet is shown as it is named. */
export function fieldLabel(field: string, t: T): string {
  return FIELD[field] ? t(FIELD[field]) : field;
}
