//! Importing spreadsheets as training offices send them: workbooks, CSV in the encodings
//! Excel writes, Russian and Kazakh headers and values; every refusal with its message;
//! whole-or-nothing; the import history and undo.

use crate::support::sheets::*;
use muster::domain::{Category, Gender, Outcome, RecordState};
use muster::import::headers::HEADER_ALIASES;
use muster::import::{self, completions_fields, roster_fields};
use muster::Error;

/// The columns a roster must have, as a test's workbook titles them.
const ROSTER_REQUIRED: [&str; 5] = [
    "service_number",
    "family_name",
    "given_name",
    "category",
    "gender",
];

#[test]
fn workbook_roster_with_russian_headers_and_numeric_service_numbers() {
    let (_dir, mut store) = store();
    let r = roster(&mut store, "roster_ru.xlsx");
    assert_eq!(r.sheet.as_deref(), Some("Личный состав"));
    assert_eq!((r.rows, r.people_new, r.assigned), (4, 4, 4));
    // Excel stored 100101 as a number; it comes back as the text typed, not "100101.0".
    let p = store.person("100101").unwrap();
    assert_eq!(p.service_number, "100101");
    assert_eq!(p.family_name, "Нұрқасов");
    assert_eq!(p.category, Category::Officer);
    assert_eq!(p.gender, Gender::M); // Cyrillic «М»
    assert_eq!(store.person("100102").unwrap().patronymic, None);
    assert_eq!(store.person("100102").unwrap().category, Category::Nco);
    let s = store.person("100103").unwrap();
    assert_eq!((s.category, s.gender), (Category::Enlisted, Gender::F));
    assert_eq!(store.person("100104").unwrap().family_name, "Омаров"); // trimmed
    assert_eq!(store.personnel_count(CODE).unwrap(), 4);
}

#[test]
fn workbook_sheet_by_name() {
    let (_dir, mut store) = store();
    let r = roster_at(
        &mut store,
        &fixture_file("roster_ru.xlsx"),
        Some("резерв"),
        false,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.sheet.as_deref(), Some("Резерв"));
    assert_eq!(store.person("KZ200201").unwrap().family_name, "Ахметова");
    let e = open(&fixture_file("roster_ru.xlsx"), Some("Nope"), None)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("no sheet named \"Nope\" (the sheets are: Личный состав, Резерв)"),
        "{e}"
    );
    let e = open(&fixture_file("sample_roster.csv"), Some("x"), None)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("--sheet applies to workbooks only"), "{e}");
}

#[test]
fn the_sheets_of_a_workbook_are_listed_for_choosing() {
    assert_eq!(
        import::sheet_names(&fixture_file("roster_ru.xlsx")).unwrap(),
        ["Личный состав", "Резерв"]
    );
    assert!(import::sheet_names(&fixture_file("sample_roster.csv"))
        .unwrap()
        .is_empty());
    let dir = tempfile::tempdir().unwrap();
    // A workbook cut short: it starts as one, and cannot be read as one.
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, b"PK\x03\x04 and then nothing of a zip").unwrap();
    let e = import::sheet_names(&broken).unwrap_err().to_string();
    assert!(e.contains("not a readable workbook"), "{e}");
    // Text saved under a workbook's name is a CSV file: no sheets to choose from.
    let text = dir.path().join("roster.xlsx");
    std::fs::copy(fixture_file("sample_roster.csv"), &text).unwrap();
    assert!(import::sheet_names(&text).unwrap().is_empty());
    // A workbook under a CSV file's name lists its sheets.
    let renamed = dir.path().join("roster.csv");
    std::fs::copy(fixture_file("roster_ru.xlsx"), &renamed).unwrap();
    assert_eq!(
        import::sheet_names(&renamed).unwrap(),
        ["Личный состав", "Резерв"]
    );
}

#[test]
fn workbook_date_cells_and_russian_results() {
    let (_dir, mut store) = store();
    roster(&mut store, "roster_ru.xlsx");
    let r = completions(&mut store, "completions_ru.xlsx");
    assert_eq!((r.rows, r.attempts_new), (5, 5));
    let h = store.history("100103").unwrap();
    let got: Vec<_> = h
        .iter()
        .map(|e| (e.attempt.module.as_str(), e.attempt.date, e.attempt.result))
        .collect();
    assert_eq!(
        got,
        [
            ("BFAC", ymd(2021, 3, 2), Outcome::Fail),
            ("BFAC", ymd(2021, 3, 20), Outcome::Pass)
        ]
    );
    let h = store.history("100102").unwrap();
    assert_eq!(h[0].attempt.score, Some(84.5));
    assert_eq!(h[0].attempt.hours, Some(12.0));
    let h = store.history("100104").unwrap();
    assert_eq!(
        (h[0].attempt.module.as_str(), h[0].attempt.date),
        ("SEA", ymd(2020, 9, 10))
    );
    // The same workbook again adds nothing.
    let again = completions(&mut store, "completions_ru.xlsx");
    assert_eq!((again.attempts_new, again.attempts_unchanged), (0, 5));
}

#[test]
fn excel_csv_utf8_with_bom_and_semicolons() {
    let (_dir, mut store) = store();
    let r = roster(&mut store, "roster_utf8_bom_semicolon.csv");
    assert_eq!(r.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(r.people_new, 4); // the trailing ";;;;;;;;" line is blank, not an error
    let p = store.person("KZ100104").unwrap();
    assert_eq!(p.role, "водитель; механик"); // a quoted `;` stays in the cell
    assert_eq!(p.unit, "1 взвод");
}

#[test]
fn windows_1251_is_detected_and_can_be_named() {
    let (_dir, mut store) = store();
    let r = roster(&mut store, "roster_cp1251.csv");
    assert_eq!(r.encoding.as_deref(), Some("windows-1251"));
    let p = store.person("KZ100202").unwrap();
    assert_eq!(p.family_name, "Ёлкина");
    assert_eq!(p.gender, Gender::F);
    assert_eq!(store.person("KZ100201").unwrap().rank, "капитан");

    let path = fixture_file("roster_cp1251.csv");
    let named = open(&path, None, Some("cp1251")).unwrap();
    assert_eq!(named.source.encoding.as_deref(), Some("windows-1251"));
    let e = open(&path, None, Some("utf-8")).err().unwrap().to_string();
    assert!(e.contains("not UTF-8") && e.contains("--encoding"), "{e}");
    let e = open(&path, None, Some("klingon"))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("--encoding \"klingon\""), "{e}");
}

#[test]
fn excel_unicode_text_utf16_le_and_be_with_kazakh_headers() {
    let (_dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    let le = completions(&mut store, "completions_unicode_text.txt");
    assert_eq!(le.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(le.attempts_new, 5);
    let h = store.history("KZ100102").unwrap();
    assert_eq!(h[0].attempt.score, Some(84.5)); // decimal comma
    assert_eq!(h[0].attempt.instructor, "майор Ахметов Қ.");
    // The same data big-endian is the same records: nothing new.
    let be = completions(&mut store, "completions_utf16be.txt");
    assert_eq!(be.encoding.as_deref(), Some("UTF-16BE"));
    assert_eq!((be.attempts_new, be.attempts_unchanged), (0, 5));
}

#[test]
fn utf16_saved_without_a_byte_order_mark_is_read_as_utf16() {
    let (dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    // The Unicode-text fixture with its mark cut off, as some tools save it: before, a row
    // of `\u{0}` columns.
    let marked = std::fs::read(fixture_file("completions_unicode_text.txt")).unwrap();
    assert!(marked.starts_with(b"\xFF\xFE"));
    for (name, bytes) in [
        ("le.txt", marked[2..].to_vec()),
        (
            "be.txt",
            marked[2..]
                .chunks_exact(2)
                .flat_map(|p| [p[1], p[0]])
                .collect(),
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = completions_at(&mut store, &path, true);
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(r.attempts_new, 5, "{name}");
        let expected = if name == "le.txt" {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        assert_eq!(r.encoding.as_deref(), Some(expected));
    }
}

#[test]
fn every_rejected_roster_value_with_row_column_and_reason() {
    let (_dir, mut store) = store();
    let r = roster_at(
        &mut store,
        &fixture_file("roster_bad_values.csv"),
        None,
        false,
    );
    assert_eq!(
        errors(&r),
        [
            "2|A «service_number»|service_number is empty",
            "3|A «service_number»|service_number \"KZ 1\" contains a space",
            "4|B «family_name»|family_name is empty",
            "5|B «family_name»|family_name contains an invisible or control character (U+200B)",
            "6|B «family_name»|family_name contains an invisible or control character (U+202E)",
            "7|F «category»|category \"генерал\" is not officer, nco or enlisted (офицер, сержант, солдат)",
            "8|G «gender»|gender \"X\" is not F or M (Ж or М)",
            "9|F «category»|category is empty (officer, nco or enlisted)",
            "9|G «gender»|gender is empty (F or M)",
            "11|A «service_number»|kz900009 appears again (first on line 10)",
        ]
    );
    assert!(!r.committed);
    assert_eq!(store.personnel_count(CODE).unwrap(), 0);
    assert!(store.person("KZ900009").is_err(), "nothing half-written");
    assert!(store.imports().unwrap().is_empty());
    assert_eq!(
        r.errors[0].to_string(),
        "line 2, column A «service_number»: service_number is empty"
    );
}

#[test]
fn every_rejected_completion_value_with_row_column_and_reason() {
    let (_dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    let r = completions_at(
        &mut store,
        &fixture_file("completions_bad_values.csv"),
        false,
    );
    assert_eq!(
        errors(&r),
        [
            "2|C «date»|date \"04/05/2021\" is ambiguous (day/month or month/day?): write it as dd.mm.yyyy or yyyy-mm-dd",
            "3|C «date»|date \"31.02.2021\" does not exist in the calendar",
            "4|C «date»|date 2099-01-01 is in the future",
            "5|C «date»|date \"1.2.2021\" is not dd.mm.yyyy or yyyy-mm-dd",
            "6|B «module»|module \"NOPE\" is not in the curriculum",
            "7|D «result»|result \"maybe\" is not pass or fail (зачёт or незачёт, өтті or өтпеді)",
            "8|E «score»|score 101 is outside 0–100",
            "9|E «score»|score \"ninety\" is not a number",
            "10|A «service_number»|no soldier with service number \"KZ999999\" (import the roster first)",
        ]
    );
    assert!(store.history("KZ100101").unwrap().is_empty());
}

#[test]
fn a_bad_last_row_leaves_nothing_written() {
    let (_dir, mut store) = store();
    roster(&mut store, "roster_utf8_bom_semicolon.csv");
    let before = store.imports().unwrap().len();
    let r = completions_at(
        &mut store,
        &fixture_file("completions_bad_last_row.csv"),
        false,
    );
    assert_eq!(r.rows, 201);
    assert_eq!(
        errors(&r),
        ["202|C «date»|date \"31.02.2021\" does not exist in the calendar"]
    );
    assert!(!r.committed);
    assert_eq!(r.import_id, None);
    for sn in ["KZ100101", "KZ100102", "KZ100103", "KZ100104"] {
        assert!(store.history(sn).unwrap().is_empty(), "{sn} has records");
    }
    assert_eq!(store.imports().unwrap().len(), before);
}

#[test]
fn mixed_latin_and_cyrillic_is_a_warning_naming_the_row() {
    let (_dir, mut store) = store();
    let r = roster(&mut store, "roster_mixed_scripts.csv");
    assert_eq!(r.people_new, 2);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(
        r.warnings[0].to_string(),
        "line 2, column B «family_name»: family_name \"Ивaнов\" mixes Latin and Cyrillic letters"
    );
}

/// Writes a one-row file whose header names `field` by `alias` and checks it imports.
#[test]
fn every_header_alias_is_read() {
    let (dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    let roster_row = [
        ("service_number", "KZ100101"),
        ("family_name", "Нұрқасов"),
        ("given_name", "Аян"),
        ("patronymic", "Маратұлы"),
        ("rank", "майор"),
        ("category", "офицер"),
        ("gender", "М"),
        ("role", "командир роты"),
        ("unit", "Управление роты"),
    ];
    let completion_row = [
        ("service_number", "KZ100101"),
        ("module", "ROE"),
        ("date", "15.02.2021"),
        ("result", "зачёт"),
        ("score", "91"),
        ("hours", "12"),
        ("instructor", "майор Ахметов Қ."),
        ("notes", ""),
    ];
    let mut checked = 0;
    for (field, aliases) in HEADER_ALIASES {
        for alias in *aliases {
            for (is_roster, row) in [(true, &roster_row[..]), (false, &completion_row[..])] {
                let fields = if is_roster {
                    roster_fields()
                } else {
                    completions_fields()
                };
                if !fields.contains(field) {
                    continue;
                }
                let header: Vec<String> = row
                    .iter()
                    .map(|(f, _)| {
                        if f == field {
                            format!("  {}  ", alias.to_uppercase())
                        } else {
                            f.to_string()
                        }
                    })
                    .collect();
                let values: Vec<&str> = row.iter().map(|(_, v)| *v).collect();
                let path = dir.path().join("alias.csv");
                std::fs::write(
                    &path,
                    format!("{}\n{}\n", header.join(";"), values.join(";")),
                )
                .unwrap();
                let table = open(&path, None, None).unwrap();
                let r = if is_roster {
                    import::import_roster(&mut store, table, &path, CODE, IMPORTED_BY, true)
                        .unwrap()
                } else {
                    import::import_completions(
                        &mut store,
                        table,
                        &path,
                        IMPORTED_BY,
                        true,
                        &mut |_| {},
                    )
                    .unwrap()
                };
                assert!(r.errors.is_empty(), "{alias:?} for {field}: {:?}", r.errors);
                // (A one-row roster leaves the others out: that warning is not about titles.)
                let about_titles: Vec<_> = r
                    .warnings
                    .iter()
                    .filter(|w| !matches!(w.problem, muster::problem::Problem::NotInFile { .. }))
                    .collect();
                assert!(
                    about_titles.is_empty(),
                    "{alias:?} for {field}: {about_titles:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 80, "{checked}");
}

#[test]
fn two_columns_for_one_field_are_refused() {
    let (dir, mut store) = store();
    let path = dir.path().join("twice.csv");
    std::fs::write(
        &path,
        "Личный номер;Фамилия;Имя;Категория;Пол;family_name\nKZ1;А;Б;офицер;М;В\n",
    )
    .unwrap();
    let r = roster_at(&mut store, &path, None, false);
    assert_eq!(
        r.errors[0].message,
        "columns B «Фамилия» and F «family_name» both hold family_name: keep one"
    );
}

#[test]
fn dry_run_is_the_same_call_and_writes_nothing() {
    let (_dir, mut store) = store();
    let preview = roster_at(&mut store, &fixture_file("roster_ru.xlsx"), None, true);
    assert_eq!((preview.people_new, preview.assigned), (4, 4));
    assert!(preview.dry_run && !preview.committed && preview.import_id.is_none());
    assert_eq!(store.personnel_count(CODE).unwrap(), 0);
    assert!(store.imports().unwrap().is_empty());
    let real = roster(&mut store, "roster_ru.xlsx");
    assert_eq!(
        (real.people_new, real.people_updated, real.people_unchanged),
        (4, 0, 0)
    );
    let again = roster_at(&mut store, &fixture_file("roster_ru.xlsx"), None, true);
    assert_eq!(
        (again.people_new, again.people_unchanged, again.assigned),
        (0, 4, 0)
    );
}

#[test]
fn imports_are_recorded_with_file_hash_sheet_counts_and_operator() {
    let (_dir, mut store) = store();
    roster(&mut store, "roster_ru.xlsx");
    let c = completions(&mut store, "completions_ru.xlsx");
    let all = store.imports().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(Some(all[0].id), c.import_id);
    let (newest, first) = (&all[0].facts, &all[1].facts);
    assert_eq!(newest.kind, "completions");
    assert_eq!(newest.file_name, "completions_ru.xlsx");
    assert_eq!(newest.sheet.as_deref(), Some("Журнал"));
    assert_eq!(newest.counts.attempts_new, 5);
    assert_eq!(newest.operator, IMPORTED_BY);
    assert_eq!(
        newest.sha256,
        import::sha256_file(&fixture_file("completions_ru.xlsx")).unwrap()
    );
    assert_eq!(newest.sha256.len(), 64);
    assert_eq!(first.kind, "roster");
    assert_eq!(first.contingent.as_deref(), Some(CODE));
    assert_eq!((first.counts.rows, first.counts.people_new), (4, 4));
    assert_ne!(first.sha256, newest.sha256);
    // sha256 of the empty string, to pin the hash itself.
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(
        import::sha256_file(&empty).unwrap(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn undo_voids_the_records_and_ends_the_assignments_once() {
    let (_dir, mut store) = store();
    let ro = roster(&mut store, "sample_roster.csv");
    let co = completions(&mut store, "sample_completions.csv");
    let as_of = ymd(2021, 5, 1);
    let before = muster::readiness::readiness(&store, CODE, as_of).unwrap();
    assert_eq!(
        before
            .modules
            .iter()
            .find(|m| m.code == "ROE")
            .unwrap()
            .complete,
        2
    );

    let undo = store
        .undo_import(co.import_id.unwrap(), "maj. Lead", "wrong file")
        .unwrap();
    assert_eq!((undo.attempts_voided, undo.assignments_ended), (6, 0));
    for e in store.history("KZ100103").unwrap() {
        assert_eq!(e.state, RecordState::Voided);
        assert_eq!(e.voided.unwrap().reason, "wrong file");
    }
    let after = muster::readiness::readiness(&store, CODE, as_of).unwrap();
    assert_eq!(
        after
            .modules
            .iter()
            .find(|m| m.code == "ROE")
            .unwrap()
            .complete,
        0
    );

    let again = store
        .undo_import(co.import_id.unwrap(), "maj. Lead", "again")
        .unwrap_err();
    assert!(matches!(again, Error::Conflict(_)));
    assert!(again.to_string().contains("was already undone"), "{again}");

    // A roster import: its people are unassigned, not deleted.
    let undo = store
        .undo_import(ro.import_id.unwrap(), "maj. Lead", "wrong contingent")
        .unwrap();
    assert_eq!(undo.assignments_ended, 5);
    assert_eq!(store.personnel_count(CODE).unwrap(), 0);
    assert_eq!(store.person("KZ100101").unwrap().family_name, "Нұрқасов");
    let hist = store.imports().unwrap();
    assert!(hist
        .iter()
        .all(|i| i.facts.undone_by.as_deref() == Some("maj. Lead")));
    let audit = store.audit_log(None, 5).unwrap();
    assert_eq!(audit[0].action, "undo");
    assert!(store
        .undo_import(99, "x", "y")
        .unwrap_err()
        .to_string()
        .contains("import #99 not found"));
}

#[test]
fn undo_leaves_later_corrections_to_the_user() {
    let (_dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    let co = completions(&mut store, "sample_completions.csv");
    let id = store.history("KZ100101").unwrap()[0].attempt.id.clone();
    let fixed = store
        .amend(
            &id,
            &muster::domain::AttemptPatch {
                score: Some(Some(95.0)),
                ..Default::default()
            },
            IMPORTED_BY,
            "score misread",
        )
        .unwrap();
    let e = store
        .undo_import(co.import_id.unwrap(), IMPORTED_BY, "wrong file")
        .unwrap_err()
        .to_string();
    // The correction named as a history shows it: soldier, module, day, short id.
    assert!(
        e.contains("1 of its records was corrected since")
            && e.contains(&format!(
                "KZ100101 ROE 2021-02-15, record {}",
                muster::record_id::short(&fixed)
            )),
        "{e}"
    );
    assert!(e.contains("nothing was changed"));
    assert_eq!(
        store.history("KZ100102").unwrap()[0].state,
        RecordState::Active
    );
    store.void(&fixed, IMPORTED_BY, "also wrong").unwrap();
    let undo = store
        .undo_import(co.import_id.unwrap(), IMPORTED_BY, "wrong file")
        .unwrap();
    assert_eq!(
        (undo.attempts_voided, undo.attempts_already_inactive),
        (5, 1)
    );
}

/// A record corrected twice, the second correction voided: the whole chain counts no
/// more, so the import can be undone, and voiding the first correction says why there is
/// nothing left to void (it used to send the user to the voided one, in a loop).
#[test]
fn a_correction_chain_withdrawn_at_its_end_does_not_stop_the_undo() {
    let (_dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    let co = completions(&mut store, "sample_completions.csv");
    let id = store.history("KZ100101").unwrap()[0].attempt.id.clone();
    let amend = |store: &mut muster::Store, id: &str, score: f64| {
        let patch = muster::domain::AttemptPatch {
            score: Some(Some(score)),
            ..Default::default()
        };
        store
            .amend(id, &patch, IMPORTED_BY, "score misread")
            .unwrap()
    };
    let first = amend(&mut store, &id, 95.0);
    let second = amend(&mut store, &first, 96.0);
    store.void(&second, IMPORTED_BY, "no such session").unwrap();
    let e = store.void(&first, IMPORTED_BY, "x").unwrap_err();
    assert_eq!(
        e.problem(),
        muster::error::Problem::CorrectionVoided {
            id: first.clone(),
            by: second.clone()
        }
    );
    let undo = store
        .undo_import(co.import_id.unwrap(), IMPORTED_BY, "wrong file")
        .unwrap();
    assert_eq!(
        (undo.attempts_voided, undo.attempts_already_inactive),
        (5, 1)
    );
    assert!(store
        .history("KZ100101")
        .unwrap()
        .iter()
        .all(|h| h.state != RecordState::Active));
}

#[test]
fn legacy_xls_and_ods_read_as_the_same_data_as_xlsx() {
    let (_dir, mut store) = store();
    let r = roster(&mut store, "roster_legacy.xls");
    assert_eq!(
        (r.sheet.as_deref(), r.people_new),
        (Some("Личный состав"), 4)
    );
    assert_eq!(store.person("100101").unwrap().service_number, "100101");
    let again = roster(&mut store, "roster_ru.xlsx");
    assert_eq!(
        again.people_unchanged, 4,
        "the .xls and the .xlsx say the same"
    );
    let ods = completions(&mut store, "completions_ru.ods");
    assert_eq!(
        (ods.sheet.as_deref(), ods.attempts_new),
        (Some("Журнал"), 5)
    );
    let h = store.history("100103").unwrap();
    assert_eq!(h[1].attempt.date, ymd(2021, 3, 20));
    let xlsx = completions(&mut store, "completions_ru.xlsx");
    assert_eq!((xlsx.attempts_new, xlsx.attempts_unchanged), (0, 5));
    // An OpenDocument spreadsheet saved under an Excel name (a colleague renamed it) is read
    // as what it is.
    let dir = tempfile::tempdir().unwrap();
    for name in ["renamed.xlsx", "renamed.xlsb", "renamed.xls"] {
        let path = dir.path().join(name);
        std::fs::copy(fixture_file("completions_ru.ods"), &path).unwrap();
        let r = completions_at(&mut store, &path, true);
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert_eq!(
            (r.sheet.as_deref(), r.attempts_unchanged),
            (Some("Журнал"), 5),
            "{name}"
        );
    }
}

/// A workbook whose first sheet is hidden (last year's list someone hid in front of the
/// roster) is read, with no sheet named, from the first sheet a person sees when it opens;
/// the hidden one is still read when named.
#[test]
fn with_no_sheet_named_the_first_visible_sheet_is_read_not_a_hidden_one() {
    use rust_xlsxwriter::Workbook;
    let (dir, mut store) = store();
    let path = dir.path().join("hidden-first.xlsx");
    let mut book = Workbook::new();
    let headers = ROSTER_REQUIRED;
    for (sheet, person, hidden) in [
        ("старый", ["KZ9", "Старов", "Пётр", "enlisted", "M"], true),
        (
            "скрытый график",
            ["KZ8", "Графиков", "Иван", "enlisted", "M"],
            true,
        ),
        (
            "Личный состав",
            ["KZ1", "Омаров", "Ерлан", "enlisted", "M"],
            false,
        ),
    ] {
        let ws = book.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in person.iter().enumerate() {
            ws.write_string(1, c as u16, *v).unwrap();
        }
        if hidden {
            ws.set_hidden(true);
        }
    }
    book.worksheets_mut()[2].set_active(true);
    book.save(&path).unwrap();
    let r = roster_at(&mut store, &path, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.sheet.as_deref(), Some("Личный состав"));
    assert!(store.person("KZ1").is_ok());
    assert!(store.person("KZ9").is_err(), "the hidden sheet was read");
    let r = roster_at(&mut store, &path, Some("старый"), false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(store.person("KZ9").is_ok());
}

/// A hand-kept roster merges the platoon's name down over its rows, and a training log
/// merges the module and the day over a session's attendees: each merged area reads as
/// its value in every cell, as the person who merged it sees it (not "unit cleared" for
/// all but the first soldier, not "module is empty").
#[test]
fn merged_cells_read_as_their_value_in_every_cell_they_cover() {
    use rust_xlsxwriter::{Format, Workbook};
    let (dir, mut store) = store();
    let path = dir.path().join("merged-roster.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let headers = [ROSTER_REQUIRED.as_slice(), &["unit"]].concat();
    ws.merge_range(0, 0, 0, 5, "СПИСОК ЛИЧНОГО СОСТАВА", &Format::new())
        .unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (i, (sn, name)) in [
        ("KZ1", "Омаров"),
        ("KZ2", "Ахметов"),
        ("KZ3", "Ким"),
        ("KZ4", "Ли"),
    ]
    .iter()
    .enumerate()
    {
        let r = 2 + i as u32;
        for (c, v) in [*sn, *name, "Ерлан", "enlisted", "M"].iter().enumerate() {
            ws.write_string(r, c as u16, *v).unwrap();
        }
    }
    ws.merge_range(2, 5, 4, 5, "1 взвод", &Format::new())
        .unwrap();
    ws.write_string(5, 5, "2 взвод").unwrap();
    book.save(&path).unwrap();
    let r = roster_at(&mut store, &path, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let units: Vec<String> = ["KZ1", "KZ2", "KZ3", "KZ4"]
        .iter()
        .map(|sn| store.person(sn).unwrap().unit)
        .collect();
    assert_eq!(units, ["1 взвод", "1 взвод", "1 взвод", "2 взвод"]);

    // A session's log: module and day merged over its three attendees.
    let path = dir.path().join("merged-log.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["service_number", "module", "date", "result"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, sn) in ["KZ1", "KZ2", "KZ3"].iter().enumerate() {
        ws.write_string(1 + i as u32, 0, *sn).unwrap();
        ws.write_string(1 + i as u32, 3, "pass").unwrap();
    }
    ws.merge_range(1, 1, 3, 1, "ROE", &Format::new()).unwrap();
    ws.merge_range(1, 2, 3, 2, "12.04.2021", &Format::new())
        .unwrap();
    book.save(&path).unwrap();
    let r = completions_at(&mut store, &path, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.attempts_new, 3);

    // What a merge covers reads as Excel shows it: a column title merged down into the
    // data is no one's unit; a family name merged across the given name's column leaves
    // the given name empty (refused, not filled with the family name).
    let path = dir.path().join("merged-odd.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in headers.iter().enumerate().take(5) {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.merge_range(0, 5, 2, 5, "unit", &Format::new()).unwrap();
    for (r, sn) in [(1u32, "KZ5"), (2, "KZ6")] {
        for (c, v) in [sn, "Омаров", "Ерлан", "enlisted", "M"].iter().enumerate() {
            ws.write_string(r, c as u16, *v).unwrap();
        }
    }
    ws.write_string(3, 0, "KZ7").unwrap();
    ws.merge_range(3, 1, 3, 2, "Ахметов", &Format::new())
        .unwrap();
    ws.write_string(3, 3, "enlisted").unwrap();
    ws.write_string(3, 4, "M").unwrap();
    book.save(&path).unwrap();
    let r = roster_at(&mut store, &path, None, true);
    assert_eq!(errors(&r).len(), 1, "{:?}", errors(&r));
    assert!(errors(&r)[0].starts_with("4|"), "{:?}", errors(&r));
    assert!(errors(&r)[0].contains("given_name"), "{:?}", errors(&r));
}

/// A workbook that gives one cell twice (its row element repeated, or the cell written
/// twice in it) would have one value silently replace the other: it is refused, naming
/// the cell.
#[test]
fn a_cell_given_twice_is_refused_naming_it() {
    use crate::support::files::{self, Part};
    let (dir, mut store) = store();
    let header = files::text_row(1, &ROSTER_REQUIRED);
    let first = files::text_row(2, &["KZ1", "Омаров", "Ерлан", "enlisted", "M"]);
    let again = files::text_row(2, &["KZ2", "Ахметов", "Аян", "enlisted", "M"]);
    for (name, rows) in [
        ("row-twice.xlsx", format!("{header}{first}{again}")),
        (
            "cell-twice.xlsx",
            format!(
                "{header}{}",
                first.replace(
                    "</row>",
                    &format!("{}</row>", files::text_cell("A2", "KZ2"))
                )
            ),
        ),
    ] {
        let path = files::write(
            dir.path(),
            name,
            &files::xlsx(
                Part::Stored(files::sheet_xml("A1:E2", &rows).into()),
                vec![],
            ),
        );
        let e = match open(&path, None, None) {
            Err(e) => e.to_string(),
            Ok(table) => import::import_roster(&mut store, table, &path, CODE, IMPORTED_BY, false)
                .map(|r| format!("{:?}", r.errors))
                .unwrap_or_else(|e| e.to_string()),
        };
        assert!(e.contains("cell A2 comes twice"), "{name}: {e}");
        assert!(
            store.person("KZ1").is_err() && store.person("KZ2").is_err(),
            "{name}"
        );
    }
}

/// The legacy formats read as a person sees them too: a hidden first sheet (.xls hidden or
/// .ods `table:display="false"`) is passed over for the visible one, and a unit merged down
/// over a platoon (.xls MERGEDCELLS, .ods `number-rows-spanned`) reads in every row.
#[test]
fn xls_and_ods_pass_over_hidden_sheets_and_fill_merged_cells() {
    for ext in ["xls", "ods"] {
        let (_dir, mut db) = store();
        let r = roster_at(
            &mut db,
            &fixture_file(&format!("roster_hidden_first.{ext}")),
            None,
            false,
        );
        assert!(r.errors.is_empty(), "{ext}: {:?}", r.errors);
        assert_eq!(r.sheet.as_deref(), Some("Roster"), "{ext}");
        assert!(
            db.person("KZ399999").is_err(),
            "{ext}: the hidden sheet was read"
        );
        let (_dir, mut db) = store();
        let r = roster_at(
            &mut db,
            &fixture_file(&format!("roster_merged.{ext}")),
            None,
            false,
        );
        assert!(r.errors.is_empty(), "{ext}: {:?}", r.errors);
        for sn in ["KZ300001", "KZ300002", "KZ300003", "KZ300004"] {
            assert_eq!(db.person(sn).unwrap().unit, "1 взвод", "{ext} {sn}");
        }
    }
}

/// A Russian form's two-row header: single titles merged down over both rows, "Ф.И.О."
/// merged across the three name columns with Фамилия | Имя | Отчество under it. Read as
/// Excel shows it: the second row names every column.
#[test]
fn a_two_row_header_with_titles_merged_down_is_read() {
    use rust_xlsxwriter::{Format, Workbook};
    let (dir, mut store) = store();
    let path = dir.path().join("two-row.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let plain = Format::new();
    ws.merge_range(0, 0, 1, 0, "Личный номер", &plain).unwrap();
    ws.merge_range(0, 1, 0, 3, "Ф.И.О.", &plain).unwrap();
    for (c, t) in ["Фамилия", "Имя", "Отчество"].iter().enumerate() {
        ws.write_string(1, 1 + c as u16, *t).unwrap();
    }
    for (c, t) in ["Категория", "Пол", "Подразделение"].iter().enumerate()
    {
        ws.merge_range(0, 4 + c as u16, 1, 4 + c as u16, t, &plain)
            .unwrap();
    }
    for (c, v) in [
        "KZ1",
        "Омаров",
        "Ерлан",
        "Болатович",
        "солдат",
        "М",
        "1 взвод",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *v).unwrap();
    }
    book.save(&path).unwrap();
    let r = roster_at(&mut store, &path, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let p = store.person("KZ1").unwrap();
    assert_eq!(
        (
            p.family_name.as_str(),
            p.given_name.as_str(),
            p.unit.as_str()
        ),
        ("Омаров", "Ерлан", "1 взвод")
    );
}

/// An .xls whose program wrote a row after later ones (xlwt writing the title last) is
/// read in order of rows, as Excel shows it.
#[test]
fn an_xls_with_a_row_written_after_later_ones_is_read_in_order() {
    let (_dir, mut db) = store();
    let r = roster_at(
        &mut db,
        &fixture_file("roster_title_written_last.xls"),
        None,
        false,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.people_new, 13);
}

#[test]
fn an_excel_error_cell_is_refused_with_its_row_and_column() {
    use rust_xlsxwriter::{Formula, Workbook};
    let (dir, mut store) = store();
    let path = dir.path().join("errors.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in [
        "service_number",
        "family_name",
        "given_name",
        "category",
        "gender",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["KZ1", "Омаров", "Ерлан"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    ws.write_formula(
        1,
        3,
        Formula::new("=VLOOKUP(\"x\",Z1:Z2,1,FALSE)").set_result("#N/A"),
    )
    .unwrap();
    ws.write_string(1, 4, "M").unwrap();
    book.save(&path).unwrap();
    let r = roster_at(&mut store, &path, None, false);
    assert_eq!(
        errors(&r),
        ["2||column D: the cell holds the Excel error #N/A"]
    );
    assert_eq!(
        r.errors[0].to_string(),
        "line 2: column D: the cell holds the Excel error #N/A"
    );
    // The app says it in the user's language from the same problem, as data.
    assert_eq!(
        r.errors[0].problem,
        muster::problem::Problem::CellNotAValue {
            column: "D".into(),
            kind: "excel_error".into(),
            value: "#N/A".into()
        }
    );
    assert!(store.person("KZ1").is_err());
}

/// A program that writes workbooks without working their formulas out (a Python script's
/// library, say) leaves a formula cell with no result; read as empty, a roster's given name
/// would be "missing" and an optional column silently blank. Each such cell is named with
/// its formula; a formula with its result kept reads as that result.
#[test]
fn a_formula_whose_result_the_file_does_not_keep_is_refused_with_its_row_and_column() {
    use crate::support::files::{self, Part};
    let (dir, mut store) = store();
    let header = files::text_row(
        1,
        &[
            "service_number",
            "family_name",
            "given_name",
            "category",
            "gender",
            "unit",
        ],
    );
    let row = |n: u32, sn: &str, given: &str, unit: &str| {
        format!(
            r#"<row r="{n}">{}{}{given}{}{}{unit}</row>"#,
            files::text_cell(&format!("A{n}"), sn),
            files::text_cell(&format!("B{n}"), "Омаров"),
            files::text_cell(&format!("D{n}"), "enlisted"),
            files::text_cell(&format!("E{n}"), "M"),
        )
    };
    let rows = [
        header,
        // a formula with its result kept: read as the result
        row(
            2,
            "KZ1",
            r#"<c r="C2" t="str"><f>"Ер"&amp;"лан"</f><v>Ерлан</v></c>"#,
            "",
        ),
        // no result kept, in a required column
        row(3, "KZ2", r#"<c r="C3"><f>"Ая"&amp;"н"</f></c>"#, ""),
        // a shared formula's anchor, then a cell sharing it, in an optional column
        row(
            4,
            "KZ3",
            &files::text_cell("C4", "Аян"),
            r#"<c r="F4"><f t="shared" ref="F4:F5" si="0">"взвод "&amp;ROW()</f></c>"#,
        ),
        row(
            5,
            "KZ4",
            &files::text_cell("C5", "Аян"),
            r#"<c r="F5"><f t="shared" si="0"/></c>"#,
        ),
    ]
    .concat();
    let path = files::write(
        dir.path(),
        "script.xlsx",
        &files::xlsx(
            Part::Stored(files::sheet_xml("A1:F5", &rows).into()),
            vec![],
        ),
    );
    let r = roster_at(&mut store, &path, None, false);
    let keep = "whose result the file does not keep: open the file in Excel or LibreOffice, save it, and import it again";
    assert_eq!(
        errors(&r),
        [
            format!("3||column C: the cell holds a formula (=\"Ая\"&\"н\") {keep}"),
            format!("4||column F: the cell holds a formula (=\"взвод \"&ROW()) {keep}"),
            format!("5||column F: the cell holds a formula (=…) {keep}"),
        ]
    );
    assert!(!r.committed);
    assert!(store.person("KZ1").is_err(), "nothing is half-written");
    assert_eq!(
        r.errors[0].problem,
        muster::problem::Problem::CellNotAValue {
            column: "C".into(),
            kind: "formula".into(),
            value: "=\"Ая\"&\"н\"".into()
        }
    );
    // The same file saved with every result kept imports, the results as values.
    let kept = rows
        .replace(
            r#"<f>"Ая"&amp;"н"</f></c>"#,
            r#"<f>"Ая"&amp;"н"</f><v>Аян</v></c>"#,
        )
        .replace(r#"ROW()</f></c>"#, r#"ROW()</f><v>взвод 4</v></c>"#)
        .replace(r#"si="0"/></c>"#, r#"si="0"/><v>взвод 5</v></c>"#)
        .replace(r#"<c r="F4">"#, r#"<c r="F4" t="str">"#)
        .replace(r#"<c r="F5">"#, r#"<c r="F5" t="str">"#)
        .replace(r#"<c r="C3">"#, r#"<c r="C3" t="str">"#);
    let path = files::write(
        dir.path(),
        "saved.xlsx",
        &files::xlsx(
            Part::Stored(files::sheet_xml("A1:F5", &kept).into()),
            vec![],
        ),
    );
    let r = roster_at(&mut store, &path, None, false);
    assert!(r.committed, "{:?}", errors(&r));
    assert_eq!(store.person("KZ1").unwrap().given_name, "Ерлан");
    assert_eq!(store.person("KZ2").unwrap().given_name, "Аян");
    assert_eq!(store.person("KZ4").unwrap().unit, "взвод 5");
}

/// Alt+Enter in Excel puts a line break inside a cell. In free text (rank, role, unit) it
/// reads as a space; in a name it is refused, with the row and column.
#[test]
fn line_breaks_in_workbook_cells_are_spaces_in_free_text_and_errors_in_names() {
    use rust_xlsxwriter::Workbook;
    let (dir, mut store) = store();
    let write = |name: &str, family: &str| {
        let path = dir.path().join(name);
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        let header = [
            "service_number",
            "family_name",
            "given_name",
            "rank",
            "category",
            "gender",
            "role",
            "Подразделение",
        ];
        let row = [
            "KZ1",
            family,
            "Ерлан",
            "старший\nсержант",
            "nco",
            "M",
            "командир отделения,\r\nстрелок",
            "2\nвзвод",
        ];
        for (c, (h, v)) in header.iter().zip(row).enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
            ws.write_string(1, c as u16, v).unwrap();
        }
        book.save(&path).unwrap();
        path
    };
    let bad = write("bad.xlsx", "Омаров\nЕрлан");
    let r = roster_at(&mut store, &bad, None, false);
    assert_eq!(
        errors(&r),
        ["2|B «family_name»|family_name contains an invisible or control character (U+000A)"]
    );
    assert!(store.person("KZ1").is_err(), "nothing written");

    let good = write("good.xlsx", "Омаров");
    let r = roster_at(&mut store, &good, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let p = store.person("KZ1").unwrap();
    assert_eq!(
        (p.rank.as_str(), p.role.as_str(), p.unit.as_str()),
        ("старший сержант", "командир отделения, стрелок", "2 взвод")
    );
}

#[test]
fn the_same_file_twice_is_pointed_out() {
    let (_dir, mut store) = store();
    let first = roster(&mut store, "sample_roster.csv");
    assert!(first.warnings.is_empty());
    let again = roster_at(&mut store, &fixture_file("sample_roster.csv"), None, true);
    let w = again.warnings[0].to_string();
    assert!(
        w.starts_with(&format!(
            "this file was already imported as #{}",
            first.import_id.unwrap()
        )),
        "{w}"
    );
    store
        .undo_import(first.import_id.unwrap(), IMPORTED_BY, "test")
        .unwrap();
    let after_undo = roster_at(&mut store, &fixture_file("sample_roster.csv"), None, true);
    assert!(after_undo.warnings.is_empty(), "{:?}", after_undo.warnings);
}

#[test]
fn one_roster_read_into_two_rotations_is_no_slip() {
    let (_dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    let next = muster::domain::Contingent {
        code: "KAZBAT-5".into(),
        ..crate::support::kazbat()
    };
    store.add_contingent(&next, IMPORTED_BY).unwrap();
    let path = fixture_file("sample_roster.csv");
    let table = open(&path, None, None).unwrap();
    let other =
        import::import_roster(&mut store, table, &path, "KAZBAT-5", IMPORTED_BY, true).unwrap();
    assert!(
        !other
            .warnings
            .iter()
            .any(|w| w.to_string().contains("already imported")),
        "{:?}",
        other.warnings
    );
    assert_eq!(other.assigned, 5);
}

#[test]
fn a_title_above_the_header_is_skipped_and_rows_keep_their_numbers() {
    let (_dir, mut store) = store();
    let r = roster_at(
        &mut store,
        &fixture_file("roster_title_rows.xlsx"),
        None,
        false,
    );
    assert_eq!(
        errors(&r),
        ["6|E «Пол»|gender \"мужик\" is not F or M (Ж or М)"]
    );
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    roster(&mut store, "sample_roster.csv");
    let c = completions(&mut store, "completions_title_cp1251.csv");
    assert_eq!(
        (c.encoding.as_deref(), c.attempts_new),
        (Some("windows-1251"), 2)
    );
    let h = store.history("KZ100102").unwrap();
    assert_eq!(h[0].attempt.result, Outcome::Fail);
    assert_eq!(h[0].attempt.instructor, "майор Ахметов");
}

#[test]
fn a_file_is_read_as_what_its_bytes_say_not_its_name() {
    let dir = tempfile::tempdir().unwrap();
    // A workbook mailed under a CSV file's name, and a CSV file under a workbook's.
    let (_d, mut store) = store();
    let as_csv = dir.path().join("roster.csv");
    std::fs::copy(fixture_file("roster_ru.xlsx"), &as_csv).unwrap();
    let r = roster_at(&mut store, &as_csv, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        (r.sheet.as_deref(), r.people_new),
        (Some("Личный состав"), 4)
    );
    let (_d, mut store) = self::store();
    let as_xlsx = dir.path().join("roster.xlsx");
    std::fs::copy(fixture_file("sample_roster.csv"), &as_xlsx).unwrap();
    let r = roster_at(&mut store, &as_xlsx, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.encoding.as_deref(), Some("UTF-8"));
    let as_xls = dir.path().join("completions.xls");
    std::fs::copy(fixture_file("sample_completions.csv"), &as_xls).unwrap();
    let r = completions_at(&mut store, &as_xls, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.encoding.as_deref(), Some("UTF-8"));
    assert!(r.attempts_new > 0);
}

#[test]
fn a_document_that_is_no_spreadsheet_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 6] = [
        ("report.csv", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "a PDF document"),
        (
            "roster.xls",
            b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><table><tr><td>1</td>",
            "a web page (HTML)",
        ),
        (
            "roster.xls",
            b"<?xml version=\"1.0\"?>\r\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
            "an XML document (an Excel 2003 XML spreadsheet?)",
        ),
        ("scan.xlsx", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", "an image"),
        ("roster.csv", b"\x1F\x8B\x08\x00\x00\x00\x00\x00", "a compressed archive (7z, rar or gz)"),
        ("muster.csv", b"SQLite format 3\x00\x10\x00\x02\x02", "a database"),
    ];
    for (name, bytes, what) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let e = open(&path, None, None).err().expect("refused").to_string();
        let prefix = format!(
            "{} is {what}, whatever its name, not a file Muster imports: ",
            path.display()
        );
        assert!(e.starts_with(&prefix), "{name}: {e}");
        assert!(import::sheet_names(&path)
            .unwrap_err()
            .to_string()
            .starts_with(&prefix));
    }
}

/// A score kept as a percentage (a cell formatted `0%`, which holds 0.91 for 91 % and 1 for
/// 100 %, or `91%` written out in a CSV) reads as the percentage shown, in every format:
/// 100 % used to be saved as a score of 1.
#[test]
fn scores_shown_as_percentages_read_as_shown() {
    use rust_xlsxwriter::{Format, Workbook};
    let want = |store: &muster::Store| {
        let score = |sn: &str| store.history(sn).unwrap()[0].attempt.score;
        [
            score("100101"),
            score("100102"),
            score("100103"),
            score("100104"),
        ]
    };
    let expected = [Some(91.0), Some(84.5), Some(100.0), Some(0.0)];
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let whole = Format::new().set_num_format("0%");
    let tenth = Format::new().set_num_format("0.0 %");
    let head = ["Личный номер", "Модуль", "Дата", "Результат", "Балл"];
    for (c, t) in head.iter().enumerate() {
        sheet.write_string(0, c as u16, *t).unwrap();
    }
    let rows = [
        ("100101", "ROE", "2021-02-15", "зачёт", 0.91, &whole),
        ("100102", "ROE", "2021-02-15", "зачёт", 0.845, &tenth),
        ("100103", "BFAC", "2021-03-20", "сдал", 1.0, &whole),
        ("100104", "POC", "2021-03-21", "незачёт", 0.0, &whole),
    ];
    for (r, (sn, m, d, res, score, fmt)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in [sn, m, d, res].iter().enumerate() {
            sheet.write_string(r, c as u16, **v).unwrap();
        }
        sheet.write_number_with_format(r, 4, *score, fmt).unwrap();
    }
    let xlsx = dir.path().join("percent.xlsx");
    book.save(&xlsx).unwrap();
    let csv = crate::support::files::write(
        dir.path(),
        "percent.csv",
        "Личный номер;Модуль;Дата;Результат;Балл\n\
         100101;ROE;15.02.2021;зачёт;91%\n\
         100102;ROE;15.02.2021;зачёт;84,5 %\n\
         100103;BFAC;20.03.2021;сдал;100%\n\
         100104;POC;21.03.2021;незачёт;0%\n"
            .as_bytes(),
    );
    let files = [
        xlsx,
        csv,
        fixture_file("completions_percent.xls"),
        fixture_file("completions_percent.ods"),
    ];
    for file in files {
        let (_d, mut store) = store();
        roster(&mut store, "roster_ru.xlsx");
        let r = completions_at(&mut store, &file, false);
        assert!(r.errors.is_empty(), "{}: {:?}", file.display(), r.errors);
        assert_eq!(want(&store), expected, "{}", file.display());
    }

    // A number formatted as a percentage where no percentage belongs is refused as shown.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, t) in head.iter().take(4).chain(["Часы"].iter()).enumerate() {
        sheet.write_string(0, c as u16, *t).unwrap();
    }
    for (c, v) in ["100101", "ROE", "2021-02-15", "зачёт"].iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    sheet.write_number_with_format(1, 4, 0.5, &whole).unwrap();
    let hours = dir.path().join("hours.xlsx");
    book.save(&hours).unwrap();
    let (_d, mut store) = store();
    roster(&mut store, "roster_ru.xlsx");
    let r = completions_at(&mut store, &hours, true);
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert!(r.errors[0].message.contains("50%"), "{:?}", r.errors);
}

/// Rows a workbook hides (a filter on the list, or hidden by hand) are read like any
/// other, and the import says which: the officer who filtered out the absentees believes
/// they import what they see. Lines 3 and 5 of each file are hidden.
#[test]
fn rows_hidden_in_a_workbook_are_read_and_said() {
    use crate::support::files;
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let head = ["Личный номер", "Модуль", "Дата", "Результат"];
    let rows = [
        ["100101", "ROE", "2021-02-15", "зачёт"],
        ["100102", "ROE", "2021-02-15", "незачёт"],
        ["100103", "ROE", "2021-02-15", "зачёт"],
        ["100104", "ROE", "2021-02-15", "незачёт"],
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, t) in head.iter().enumerate() {
        sheet.write_string(0, c as u16, *t).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    sheet.set_row_hidden(2).unwrap();
    sheet.set_row_hidden(4).unwrap();
    let xlsx = dir.path().join("filtered.xlsx");
    book.save(&xlsx).unwrap();
    let mut ods_rows = files::ods_row(&head);
    for (i, row) in rows.iter().enumerate() {
        let r = files::ods_row(row);
        ods_rows += &if i % 2 == 1 {
            r.replacen(
                "<table:table-row>",
                r#"<table:table-row table:visibility="filter">"#,
                1,
            )
        } else {
            r
        };
    }
    let ods = files::write(dir.path(), "filtered.ods", &files::ods(&ods_rows));
    for file in [xlsx, ods, fixture_file("completions_hidden.xls")] {
        let (_d, mut store) = store();
        roster(&mut store, "roster_ru.xlsx");
        let r = completions_at(&mut store, &file, true);
        assert!(r.errors.is_empty(), "{}: {:?}", file.display(), r.errors);
        assert_eq!(r.attempts_new, 4, "{}: every row is read", file.display());
        let said: Vec<String> = r
            .warnings
            .iter()
            .map(|w| format!("{}|{}", w.line, w.message))
            .collect();
        assert!(
            said.iter().any(|w| w.starts_with("3|2 of the rows read are hidden in the workbook (filtered out or hidden by hand): lines 3, 5;")),
            "{}: {said:?}",
            file.display()
        );
    }
    // A workbook hiding nothing says nothing of it.
    let (_d, mut store) = store();
    roster(&mut store, "roster_ru.xlsx");
    let r = completions(&mut store, "completions_ru.xlsx");
    assert!(r.warnings.iter().all(|w| !w.message.contains("hidden")));
}
