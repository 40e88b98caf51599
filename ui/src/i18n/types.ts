// The one key set every language is typed against: the screens' words are the keys of
// en.ts's `words`; the refusal sentences one per code of the core's `Problem` (generated,
// bindings/Problem.ts), plus the codes whose sentence depends on a value. A language
// (en.ts, ru.ts, kk.ts) is a `Language`: a key it lacks, or one no other language has,
// is a type error (complete.test.ts holds both cases to the type checker).
import type { NotASpreadsheet } from "../bindings/NotASpreadsheet";
import type { ValueRule } from "../bindings/ValueRule";
import type { Problem } from "../bindings/Problem";
import type { words } from "./en";

export type Key = keyof typeof words;
export type Words = Record<Key, string>;

type Code = Problem["code"];
/** Codes whose sentence depends on a value: an empty value, what an Excel cell held, what
 *  a file handed in as a spreadsheet really is. */
export type Variant =
  | "not_a_category_empty"
  | "not_a_gender_empty"
  | "not_a_result_empty"
  | "cell_time"
  | "cell_duration"
  | "cell_excel_error"
  | "cell_formula"
  | `not_a_spreadsheet_${NotASpreadsheet}`
  | `bundle_bad_value_${ValueRule}`;
export type RefusalKey = Exclude<Code, "other" | "in_field" | "for_attendee" | "cell_not_a_value" | "not_a_spreadsheet" | "bundle_bad_value"> | Variant;
export type Refusals = Record<RefusalKey, string>;

/** What a refusal says was not found (`Problem::NotFound`'s `what`), as the core names it. */
export type NotFound = "soldier with service number" | "contingent" | "module" | "record" | "import";
export type NotFoundNouns = Record<NotFound, string>;

/** One language: its screen words, its refusal sentences and the nouns they name. */
export type Language = { words: Words; refusals: Refusals; not_found: NotFoundNouns };
