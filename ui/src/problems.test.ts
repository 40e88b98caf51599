import { describe, expect, it } from "vitest";
import type { Problem } from "./bindings/Problem";
import { LANGS, makeT } from "./i18n";
import { problemText } from "./problems";

type Code = Problem["code"];
/** One example of every problem the core can send; the type checker asks for each code. */
const EXAMPLES: { [C in Code]: Extract<Problem, { code: C }> } = {
  empty: { code: "empty", field: "family_name" },
  too_long: { code: "too_long", field: "rank", max: 200 },
  control_character: { code: "control_character", field: "given_name", code_point: "U+202E" },
  space_in_service_number: { code: "space_in_service_number", value: "KZ 1" },
  not_a_number: { code: "not_a_number", field: "score", value: "abc" },
  out_of_range: { code: "out_of_range", field: "score", value: "120", min: "0", max: "100" },
  not_a_category: { code: "not_a_category", value: "general" },
  not_a_gender: { code: "not_a_gender", value: "X" },
  not_a_result: { code: "not_a_result", value: "maybe" },
  date_ambiguous: { code: "date_ambiguous", value: "04/05/2026" },
  date_format: { code: "date_format", value: "32.13" },
  date_not_in_calendar: { code: "date_not_in_calendar", value: "31.02.2026" },
  date_in_future: { code: "date_in_future", date: "2031-05-04" },
  date_before1970: { code: "date_before1970", date: "1969-12-31" },
  in_field: { code: "in_field", field: "date", problem: { code: "date_format", value: "x" } },
  for_attendee: { code: "for_attendee", service_number: "KZ100102", problem: { code: "below_pass_mark", score: "65", mark: "70", module: "MINE" } },
  score_as_fraction: { code: "score_as_fraction", value: "0.85", percent: "85" },
  score_under_one_percent: { code: "score_under_one_percent", value: "0.5%", percent: "50" },
  below_pass_mark: { code: "below_pass_mark", score: "60", mark: "70", module: "ROE" },
  module_retired: { code: "module_retired", module: "OLD" },
  validity_zero: { code: "validity_zero" },
  bad_contingent_code: { code: "bad_contingent_code", value: "A B" },
  bad_module_code: { code: "bad_module_code", value: "A.B" },
  deploy_before_start: { code: "deploy_before_start", deploy_on: "2026-01-01", training_start: "2026-03-01" },
  no_attendees: { code: "no_attendees" },
  listed_twice: { code: "listed_twice", service_number: "KZ1", module: "ROE" },
  two_individual_results: { code: "two_individual_results", service_number: "KZ1" },
  result_for_absent: { code: "result_for_absent", service_number: "KZ1" },
  unknown_attendees: { code: "unknown_attendees", count: "2", service_numbers: "KZ8, KZ9" },
  rows_corrected_since: { code: "rows_corrected_since", count: "2" },
  names_replaced: { code: "names_replaced", service_number: "KZ1", was: "Жолдасбаев Бауыржан", now: "Петров Иван" },
  hand_edit_set_back: {
    code: "hand_edit_set_back",
    service_number: "KZ1",
    field: "rank",
    now: "младший сержант",
    file_says: "сержант",
    at: "2026-12-01T08:00:00.000Z",
    by: "лейтенант Ким",
  },
  stays_off_roster: {
    code: "stays_off_roster",
    service_number: "KZ1",
    contingent: "DEMO",
    at: "2026-12-01T08:00:00.000Z",
    reason: "medically unfit",
  },
  module_looks_like: { code: "module_looks_like", module: "РОЕ", existing: "ROE" },
  untitled_column: { code: "untitled_column", column: "B", value: "Иванов" },
  own_key_trusted: { code: "own_key_trusted", fingerprint: "3F2A 9C01 77DE 5B40" },
  key_name_taken: { code: "key_name_taken", name: "HQ", fingerprint: "3F2A 9C01 77DE 5B40" },
  letters_lost: { code: "letters_lost", field: "family_name", value: "??рман?али" },
  rows_before_training: { code: "rows_before_training", count: "6", lines: "2, 3, 7, 9, 12, 15", modules: "KINPOT, ROE", contingent: "DEMO", training_start: "2026-09-05" },
  same_row_twice: { code: "same_row_twice", first_line: "4" },
  already_decided: { code: "already_decided", id: "4", at: "2026-12-05T10:00:00.000Z" },
  validation_day: { code: "validation_day", contingent: "DEMO", as_of: "2030-01-01", first: "2026-09-05", last: "2027-01-02" },
  no_one_to_validate: { code: "no_one_to_validate", contingent: "DEMO" },
  no_modules_to_validate: { code: "no_modules_to_validate", contingent: "DEMO" },
  no_modules_required: { code: "no_modules_required", contingent: "DEMO" },
  hidden_rows: { code: "hidden_rows", count: "2", lines: "3, 7" },
  already_recorded: { code: "already_recorded", service_numbers: "KZ1, KZ2", module: "ROE", date: "2026-11-16" },
  merge_same: { code: "merge_same", value: "KZ1" },
  merge_clash: {
    code: "merge_clash",
    from: "KZ-1",
    module: "ROE",
    date: "2026-11-02",
    from_result: "fail",
  },
  merge_nothing: { code: "merge_nothing", from: "KZ-1" },
  not_retired: { code: "not_retired", module: "POC" },
  merged_number: { code: "merged_number", value: "KZ-1", into: "KZ1" },
  unknown_attendees_look_alike: {
    code: "unknown_attendees_look_alike",
    count: "2",
    service_numbers: "KZ-404, KZ9",
    look_alikes: "KZ-404 → KZ404",
  },
  not_a_record_id: { code: "not_a_record_id", value: "xyz" },
  ambiguous_record_id: {
    code: "ambiguous_record_id",
    value: "1f3a9c0e",
    count: "2",
    candidates: "0193abcd-ef01-7000-8000-00001f3a9c0e (KZ1, ROE, 2026-11-30); 0193abce-0000-7000-8000-00001f3a9c0e (KZ2, ROE, 2026-11-30)",
  },
  not_found: { code: "not_found", what: "contingent", key: "NOPE" },
  no_operator: { code: "no_operator" },
  no_save_location: { code: "no_save_location" },
  no_file_chosen: { code: "no_file_chosen" },
  report_unsigned: { code: "report_unsigned", format: "PDF" },
  report_truncated: { code: "report_truncated", format: "JSON" },
  report_extended: { code: "report_extended", format: "HTML", extra: "23" },
  signer_name_taken: { code: "signer_name_taken", claimed: "KAZBAT-4 training office", fingerprint: "3F2A 9C01 77DE 5B40", known: "11AA 22BB 33CC 44DD" },
  report_tampered: { code: "report_tampered", format: "PDF" },
  report_signature_damaged: { code: "report_signature_damaged", format: "PDF", part: "/Contents" },
  report_reformatted: { code: "report_reformatted" },
  not_a_fingerprint: { code: "not_a_fingerprint", value: "12 34" },
  bad_key_file: { code: "bad_key_file", file: "/home/u/signing-key.pem" },
  key_file_open: { code: "key_file_open", file: "/home/u/signing-key.pem", mode: "644" },
  never_signed_off: { code: "never_signed_off", sha256: "ab12" },
  not_a_report: { code: "not_a_report" },
  wrong_extension: { code: "wrong_extension", file: "/tmp/r.xlsx", want: "pdf", got: "xlsx" },
  backup_exists: { code: "backup_exists", file: "/tmp/b.sqlite3" },
  already_exists: { code: "already_exists", what: "contingent", key: "KAZBAT-4" },
  already_retired: { code: "already_retired", module: "OLD" },
  last_contingent_in_use: { code: "last_contingent_in_use", contingent: "DEMO" },
  not_on_roster: { code: "not_on_roster", service_number: "KZ1", contingent: "DEMO" },
  already_on_roster: { code: "already_on_roster", service_number: "KZ1", contingent: "DEMO" },
  voided_cannot_amend: { code: "voided_cannot_amend", id: "0193a" },
  already_amended: { code: "already_amended", id: "0193a", by: "0193b" },
  already_voided: { code: "already_voided", id: "0193a" },
  amended_cannot_void: { code: "amended_cannot_void", id: "0193a", by: "0193b" },
  correction_voided: { code: "correction_voided", id: "0193a", by: "0193b" },
  import_already_undone: { code: "import_already_undone", id: "3", file: "r.csv", at: "2026-11-27T10:00:00.000Z", who: "Lt A" },
  import_corrected_since: { code: "import_corrected_since", id: "3", count: "2", first: "0193c" },
  not_a_workbook: { code: "not_a_workbook", file: "r.xlsx", detail: "zip error" },
  no_such_sheet: { code: "no_such_sheet", file: "r.xlsx", sheet: "Лист2", sheets: "Лист1" },
  empty_sheet: { code: "empty_sheet", file: "r.xlsx", sheet: "Лист1" },
  empty_file: { code: "empty_file", file: "r.csv" },
  no_such_file: { code: "no_such_file", file: "/media/usb/roster.xlsx" },
  not_a_file: { code: "not_a_file", file: "/dev/zero" },
  is_open_database: { code: "is_open_database", file: "/home/officer/muster.sqlite3" },
  not_a_file_to_write: { code: "not_a_file_to_write", file: "/dev/stdout" },
  not_a_spreadsheet: { code: "not_a_spreadsheet", file: "roster.xls", kind: "web_page" },
  file_too_large: { code: "file_too_large", file: "report.json", max_mib: 1024 },
  missing_column: { code: "missing_column", field: "family_name", title: "Фамилия" },
  duplicate_column: { code: "duplicate_column", field: "rank", first: "C «Звание»", second: "F «Звание»" },
  unknown_column: { code: "unknown_column", column: "H «Примечание»" },
  no_rows: { code: "no_rows" },
  repeated_service_number: { code: "repeated_service_number", value: "KZ1", first_line: "4" },
  module_not_in_curriculum: { code: "module_not_in_curriculum", module: "XYZ" },
  no_such_soldier: { code: "no_such_soldier", value: "KZ404" },
  no_such_soldier_looks_like: { code: "no_such_soldier_looks_like", value: "KZ-404", existing: "KZ404" },
  not_utf8: { code: "not_utf8" },
  not_in_encoding: { code: "not_in_encoding", encoding: "windows-1251" },
  cell_not_a_value: { code: "cell_not_a_value", column: "D", kind: "excel_error", value: "#N/A" },
  not_in_file: { code: "not_in_file", contingent: "DEMO", count: "2", service_numbers: "KZ1, KZ2" },
  on_overlapping_rotation: {
    code: "on_overlapping_rotation",
    other: "KAZBAT-4",
    count: "2",
    service_numbers: "KZ1, KZ2",
  },
  mixed_scripts: { code: "mixed_scripts", field: "family_name", value: "Ивaнов" },
  already_imported: { code: "already_imported", id: "2", at: "2026-11-27T10:00:00.000Z", by: "Lt A" },
  unknown_columns: { code: "unknown_columns", count: "5", columns: "D «Телефон», E «Адрес», F «x», …" },
  cells_beyond_header: { code: "cells_beyond_header", count: "2", columns: "K, L", value: "Қ." },
  no_sheets: { code: "no_sheets", file: "r.xlsx" },
  unreadable_sheet: { code: "unreadable_sheet", file: "r.xlsx", sheet: "Лист1", detail: "xml error" },
  too_many_columns: { code: "too_many_columns", file: "r.csv", line: 1, max: 16384 },
  cell_too_long: { code: "cell_too_long", file: "r.csv", line: 2, column: "B", chars: 10485760, max: 32767 },
  row_too_long: { code: "row_too_long", file: "r.csv", line: 7, max_mib: 1 },
  too_many_rows: { code: "too_many_rows", file: "r.xlsx", sheet: "Лист1", max: 1000000 },
  too_many_cells: { code: "too_many_cells", file: "r.xlsx", sheet: "Лист1", max: 20000000 },
  too_many_parts: { code: "too_many_parts", file: "r.xlsx", max: 10000 },
  unpacked_too_large: { code: "unpacked_too_large", file: "r.xlsx", max_mib: 512 },
  part_too_large: { code: "part_too_large", file: "r.xlsx", part: "xl/sharedStrings.xml", max_mib: 64 },
  xml_item_too_long: { code: "xml_item_too_long", file: "r.xlsx", part: "xl/worksheets/sheet1.xml", max_mib: 1 },
  too_many_shared_strings: { code: "too_many_shared_strings", file: "r.xlsx", max: 1000000 },
  too_many_sheets: { code: "too_many_sheets", file: "r.ods", max: 10000 },
  xls_too_large: { code: "xls_too_large", file: "r.xls", max_mib: 64 },
  service_number_mixes_scripts: { code: "service_number_mixes_scripts", value: "КZ470007", letters: "Cyrillic К, Latin Z" },
  looks_like: { code: "looks_like", value: "КZ470007", existing: "KZ470007", letters: "Cyrillic К" },
  newer_database: { code: "newer_database", file: "/home/u/muster.sqlite3", found: "9", known: "6" },
  cannot_open_database: { code: "cannot_open_database", file: "/home/u/muster.sqlite3", detail: "file is not a database" },
  cannot_back_up: { code: "cannot_back_up", file: "/home/u/muster.sqlite3", detail: "disk full" },
  not_a_database: { code: "not_a_database", file: "/home/u/report.pdf" },
  foreign_database: { code: "foreign_database", file: "/home/u/contacts.db", reason: "it holds tables Muster does not make (contacts)" },
  no_database: { code: "no_database", file: "/media/usb/muster.sqlite3" },
  read_only_needs_upgrade: { code: "read_only_needs_upgrade", file: "/media/usb/muster.sqlite3", found: "6", known: "7" },
  read_only_database: { code: "read_only_database" },
  database_busy: { code: "database_busy" },
  would_overwrite_database: { code: "would_overwrite_database", file: "/home/u/muster.sqlite3" },
  records_tampered: { code: "records_tampered", file: "/home/u/muster.sqlite3", count: "3" },
  will_not_vouch: { code: "will_not_vouch", file: "/home/u/muster.sqlite3", count: "1" },
  not_a_bundle: { code: "not_a_bundle", file: "/media/usb/a.muster", detail: "not a zip file" },
  bundle_bad_value: { code: "bundle_bad_value", file: "/media/usb/a.muster", kind: "attempts", index: 3, field: "date", value: "2026-02-30", rule: "date" },
  bundle_hidden_character: { code: "bundle_hidden_character", file: "/media/usb/a.muster", kind: "people", index: 12, field: "family_name", code_point: "U+001B" },
  bundle_tampered: { code: "bundle_tampered", file: "/media/usb/a.muster" },
  newer_bundle: { code: "newer_bundle", file: "/media/usb/a.muster", found: "2", known: "1" },
  unknown_sender_name_taken: { code: "unknown_sender_name_taken", fingerprint: "3544 300F 1A2B 3C4D", name: "Laptop C", known: "8065 3997 1A2B 3C4D" },
  unknown_sender: { code: "unknown_sender", fingerprint: "3F2A 9C01 77DE 5B40", name: "KAZBAT-4 training office" },
  bundle_incomplete: { code: "bundle_incomplete", what: "person", key: "KZ470007" },
  partial_bundle_incomplete: { code: "partial_bundle_incomplete", what: "person", key: "KZ470007" },
  ambiguous_peer: { code: "ambiguous_peer", peer: "Muster installation", candidates: "3F2A 9C01 77DE 5B40 (Muster installation), 8065 3997 1A2B 3C4D (Muster installation)" },
  unknown_peer: { code: "unknown_peer", peer: "3 взвод" },
  other: { code: "other", message: "--out FILE is required for a PDF" },
};

describe("problems in the user's language", () => {
  it("every problem reads as a sentence in every language, with every value filled in", () => {
    for (const lang of LANGS) {
      for (const p of Object.values(EXAMPLES)) {
        const s = problemText(p, makeT(lang));
        expect(s, `${lang} ${p.code}`).not.toMatch(/\{[a-z_]+\}/);
        expect(s.length, `${lang} ${p.code}`).toBeGreaterThan(5);
      }
    }
  });

  it("Russian and Kazakh say every problem in their own words", () => {
    for (const p of Object.values(EXAMPLES)) {
      if (p.code === "other") continue;
      const en = problemText(p, makeT("en"));
      expect(problemText(p, makeT("ru")), p.code).not.toBe(en);
      expect(problemText(p, makeT("kk")), p.code).not.toBe(en);
    }
  });

  it("names the field as the screens label it", () => {
    expect(problemText(EXAMPLES.empty, makeT("en"))).toBe("Family name is empty");
    expect(problemText(EXAMPLES.empty, makeT("ru"))).toBe("Не заполнено поле «Фамилия»");
    expect(problemText(EXAMPLES.in_field, makeT("ru"))).toBe("Дата: «x» — не дата: пишите дд.мм.гггг");
  });

  it("writes dates the language's way", () => {
    expect(problemText(EXAMPLES.date_in_future, makeT("ru"))).toContain("04.05.2031");
    expect(problemText(EXAMPLES.date_in_future, makeT("en"))).toContain("4 May 2031");
  });

  it("an empty value has its own sentence", () => {
    expect(problemText({ code: "not_a_gender", value: "" }, makeT("ru"))).toBe("Не указан пол (Ж или М)");
    expect(problemText({ code: "not_a_gender", value: "X" }, makeT("ru"))).toBe("Пол «X» — не Ж и не М");
  });

  it("a file that is no spreadsheet is named for what it is, in every language", () => {
    const kinds = ["pdf", "web_page", "xml", "image", "archive", "database"] as const;
    for (const lang of LANGS) {
      const said = kinds.map((kind) => problemText({ code: "not_a_spreadsheet", file: "roster.xls", kind }, makeT(lang)));
      expect(new Set(said).size, lang).toBe(kinds.length);
      for (const s of said) expect(s, lang).toMatch(/^roster\.xls/);
    }
    expect(problemText({ code: "not_a_spreadsheet", file: "roster.xls", kind: "web_page" }, makeT("en"))).toBe(
      "roster.xls is a web page (HTML), whatever its name, not a file Muster imports: open it in Excel and save it as .xlsx",
    );
  });

  it("each thing a cell can hold instead of a value has its own sentence, in every language", () => {
    const kinds = ["time", "duration", "excel_error", "formula"];
    for (const lang of LANGS) {
      const said = kinds.map((kind) => problemText({ code: "cell_not_a_value", column: "F", kind, value: "=B2*2" }, makeT(lang)));
      expect(new Set(said).size, lang).toBe(kinds.length);
    }
    expect(problemText({ code: "cell_not_a_value", column: "F", kind: "formula", value: "=B2*2" }, makeT("en"))).toContain(
      "formula (=B2*2)",
    );
  });

  it("the results of two records that disagree are said in the language", () => {
    const p = EXAMPLES.merge_clash;
    expect(problemText(p, makeT("ru"))).toContain("(не сдал)");
  });
  it("what was not found is named in the language", () => {
    expect(problemText(EXAMPLES.not_found, makeT("ru"))).toBe("Не найдено: контингент «NOPE»");
  });

  it("a sentence starts with a capital, a field's problem inside it does not", () => {
    expect(problemText({ code: "space_in_service_number", value: "KZ 1" }, makeT("en"))).toBe("Service number «KZ 1» contains a space");
    expect(problemText({ code: "in_field", field: "date", problem: { code: "date_format", value: "x" } }, makeT("en"))).toBe(
      "Date: «x» is not a date: write dd.mm.yyyy",
    );
  });

  it("a file's name opening a sentence is written as it is, not capitalised", () => {
    expect(problemText(EXAMPLES.empty_file, makeT("en"))).toBe("r.csv: the file is empty (line 1 should name the columns)");
    expect(problemText(EXAMPLES.empty_file, makeT("ru"))).toMatch(/^r\.csv: /);
    // A sentence that names the file later still starts with a capital.
    expect(problemText(EXAMPLES.bad_key_file, makeT("en"))).toMatch(/^The signing key /);
  });

  it("counts are grouped the language's way", () => {
    expect(problemText(EXAMPLES.too_many_columns, makeT("en"))).toContain("more than 16,384 columns");
    expect(problemText(EXAMPLES.too_many_columns, makeT("ru"))).toMatch(/больше 16\s384 столбцов/);
  });

  it("a missing column's other name is never the name just given", () => {
    const missing: Problem = { code: "missing_column", field: "module", title: "Модуль" };
    const ru = problemText(missing, makeT("ru"));
    expect(ru).toContain("«Модуль»");
    expect(ru).toContain("«module»");
    expect(problemText(missing, makeT("en"))).toContain("«Модуль»");
  });

  it("what has no translation keeps the core's English", () => {
    expect(problemText(EXAMPLES.other, makeT("kk"))).toBe("--out FILE is required for a PDF");
  });
});
