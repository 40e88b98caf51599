// What the core refused, said in the user's language. The core sends each problem as a
// code with its values (bindings/Problem.ts); a sentence per code lives in each
// language's file (i18n/en.ts, ru.ts, kk.ts: `refusals`), and the type checker refuses a
// code without one. `{field}` is the field's label as the screens name it, dates are
// written the way the language writes them.
import type { Field } from "./bindings/Field";
import type { Problem } from "./bindings/Problem";
import { fill, formatDate, formatStamp, LANGUAGES, REFUSALS, type Key, type Lang, type NotFound, type RefusalKey, type T } from "./i18n";

/** The label each screen shows for a field the core names (`Field`, generated from the core). */
const FIELD_LABELS: Record<Field, Key> = {
  service_number: "service_number",
  family_name: "family_name",
  given_name: "given_name",
  patronymic: "patronymic",
  rank: "rank",
  category: "category",
  gender: "gender",
  role: "role",
  unit: "unit",
  module: "module",
  date: "date",
  result: "result",
  score: "score",
  hours: "hours",
  instructor: "instructor",
  notes: "notes",
  reason: "reason",
  module_code: "code",
  title: "title",
  title_ru: "title_ru",
  title_kk: "title_kk",
  pass_mark: "pass_mark",
  validity_months: "validity",
  applies_to: "applies_to",
  per_rotation: "per_rotation",
  contingent_code: "code",
  name: "name",
  mission: "mission",
  parent_unit: "parent_unit",
  tour_months: "tour_months",
  training_start: "training_start",
  deploy_on: "deploy_on",
  report_date: "report_date",
  as_of: "as_of_label",
  operator: "operator",
  team: "validation_team",
  validator: "validator_name",
  training_officer: "sig_training_officer",
  company_commander: "sig_commander",
  key_name: "key_name",
};

/** A field's label. The activity log still names changed fields by the store's column
 *  names (the same words as `Field` where there is one), hence `string` too. */
export function fieldLabel(field: Field | string, t: T): string {
  const key: Key | undefined = FIELD_LABELS[field as Field];
  return key ? t(key) : field;
}

/** One problem as a sentence in the language of `t`, starting with a capital, unless it
 *  starts with a file's name, which is written as it is (`r.csv` and `R.csv` are two files). */
export function problemText(p: Problem, t: T): string {
  const s = sentence(p, t);
  if ("file" in p && p.file !== "" && s.startsWith(p.file)) return s;
  return s.charAt(0).toLocaleUpperCase(t.lang) + s.slice(1);
}

function sentence(p: Problem, t: T): string {
  const lang = t.lang;
  switch (p.code) {
    case "other":
      return p.message;
    case "in_field":
      return `${fieldLabel(p.field, t)}: ${sentence(p.problem, t)}`;
    case "for_attendee":
      return `${p.service_number}: ${sentence(p.problem, t)}`;
    case "missing_column": {
      // The other name a column may have: the Russian heading, unless that is the very
      // label shown (a Russian screen), then the English column name.
      const label = fieldLabel(p.field, t);
      const other = p.title.trim().toLowerCase() === label.trim().toLowerCase() ? p.field : p.title;
      return fill(REFUSALS[lang].missing_column ?? REFUSALS.en.missing_column, { field: label, title: other });
    }
    default: {
      const key = variant(p);
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(p)) {
        if (k === "code") continue;
        values[k] = shown(k, String(v), t, lang);
      }
      return fill(REFUSALS[lang][key] ?? REFUSALS.en[key], values);
    }
  }
}

function variant(p: Exclude<Problem, { code: "other" | "in_field" | "for_attendee" }>): RefusalKey {
  switch (p.code) {
    case "not_a_category":
    case "not_a_gender":
    case "not_a_result":
      return p.value === "" ? `${p.code}_empty` : p.code;
    case "bundle_bad_value":
      return `bundle_bad_value_${p.rule}`;
    case "cell_not_a_value":
      return p.kind === "time"
        ? "cell_time"
        : p.kind === "duration"
          ? "cell_duration"
          : p.kind === "formula"
            ? "cell_formula"
            : "cell_excel_error";
    case "not_a_spreadsheet":
      return `not_a_spreadsheet_${p.kind}`;
    default:
      return p.code;
  }
}

/** A count with the language's digit grouping (16,384; 16 384). */
function formatCount(v: string, lang: Lang): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  return n.toLocaleString(lang === "en" ? "en-GB" : lang === "ru" ? "ru-RU" : "kk-KZ");
}

/** A value as the sentence shows it: field names as labels, dates the language's way. */
function shown(key: string, v: string, t: T, lang: Lang): string {
  switch (key) {
    case "field":
      return fieldLabel(v, t);
    case "date":
    case "deploy_on":
    case "training_start":
      return formatDate(v, lang);
    case "at":
      return formatStamp(v, lang);
    case "what":
      return LANGUAGES[lang].not_found[v as NotFound] ?? v;
    case "from_result":
      return v === "pass" || v === "fail" ? t(v) : v;
    case "max":
    case "chars":
    case "count":
      return formatCount(v, lang);
    default:
      return v;
  }
}
