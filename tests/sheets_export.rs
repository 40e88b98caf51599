//! Files going out: export → import gives back the same data, CSV never carries a live
//! formula, the matrix and the templates are workbooks Excel (and calamine) read.

mod support;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use muster::domain::Lang;
use muster::export::{self, TemplateKind};
use muster::import;
use muster::rules::Status;
use muster::Store;
use support::sheets::*;

/// Loads the samples, then corrects one record and voids another: only records that
/// count may leave.
fn loaded() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    completions(&mut store, "sample_completions.csv");
    let h = store.history("KZ100101").unwrap();
    store
        .amend(
            &h[0].attempt.id,
            &muster::domain::AttemptPatch {
                score: Some(Some(93.5)),
                ..Default::default()
            },
            IMPORTED_BY,
            "score misread",
        )
        .unwrap();
    let h = store.history("KZ100104").unwrap();
    store
        .void(&h[0].attempt.id, IMPORTED_BY, "wrong person")
        .unwrap();
    (dir, store)
}

fn round_trip(ext: &str) {
    let (dir, mut a) = loaded();
    let roster_file = dir.path().join(format!("roster.{ext}"));
    let completions_file = dir.path().join(format!("completions.{ext}"));
    assert_eq!(export::export_roster(&a, CODE, &roster_file).unwrap(), 5);
    assert_eq!(
        export::export_completions(&a, CODE, &completions_file).unwrap(),
        5 // six imported, one voided; the amended one is exported as corrected
    );

    // Into a fresh database: the same people and records.
    let (_dir_b, mut b) = store();
    roster_at(&mut b, &roster_file, None, false);
    let r = completions_at(&mut b, &completions_file, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        export::roster_sheet(&a, CODE).unwrap(),
        export::roster_sheet(&b, CODE).unwrap()
    );
    assert_eq!(
        export::completions_sheet(&a, CODE).unwrap(),
        export::completions_sheet(&b, CODE).unwrap()
    );
    let h = b.history("KZ100101").unwrap();
    assert_eq!(h[0].attempt.score, Some(93.5));

    // Back into the database it came from: nothing changes.
    let r = roster_at(&mut a, &roster_file, None, false);
    assert_eq!(
        (r.people_new, r.people_updated, r.people_unchanged),
        (0, 0, 5)
    );
    let r = completions_at(&mut a, &completions_file, false);
    assert_eq!((r.attempts_new, r.attempts_unchanged), (0, 5));
}

#[test]
fn csv_export_imports_back_to_the_same_data() {
    round_trip("csv");
}

#[test]
fn xlsx_export_imports_back_to_the_same_data() {
    round_trip("xlsx");
}

#[test]
fn csv_is_written_for_excel() {
    let (dir, store) = loaded();
    let path = dir.path().join("completions.csv");
    export::export_completions(&store, CODE, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 with a byte-order mark"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "service_number;module;date;result;score;hours;instructor;notes"
    );
    assert_eq!(
        lines.next().unwrap(),
        "KZ100101;ROE;15.02.2021;pass;93,5;12;майор Ахметов Қ.;"
    );
}

/// Every cell of a CSV file, as a spreadsheet would split it.
fn cells(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn exported_csv_never_starts_a_cell_with_a_formula() {
    let (dir, mut store) = store();
    let evil = dir.path().join("evil.csv");
    std::fs::write(
        &evil,
        "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit\n\
         KZ1;\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\";\"+SUM(1;2)\";-1;@rank;officer;M;=1+1;@unit\n\
         KZ2;Омаров;Ерлан;;рядовой;enlisted;M;;-\n",
    )
    .unwrap();
    let r = roster_at(&mut store, &evil, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        store.person("KZ1").unwrap().family_name,
        "=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    for name in ["roster.csv", "matrix.csv"] {
        let out = dir.path().join(name);
        if name == "roster.csv" {
            export::export_roster(&store, CODE, &out).unwrap();
        } else {
            export::export_matrix(&store, CODE, ymd(2021, 5, 1), Lang::En, &out).unwrap();
        }
        let all = cells(&out);
        assert!(all.len() >= 3);
        for row in &all {
            for c in row {
                assert!(
                    !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name}: cell {c:?} would run as a formula"
                );
            }
        }
        assert!(all
            .iter()
            .flatten()
            .any(|c| c == "'=HYPERLINK(\"http://evil.example\",\"click\")"));
    }

    // The quoted cells read back as the data they were.
    let out = dir.path().join("roster.csv");
    let (_d2, mut fresh) = support::sheets::store();
    let r = roster_at(&mut fresh, &out, None, false);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let p = fresh.person("KZ1").unwrap();
    assert_eq!(
        p.family_name,
        "=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(p.given_name, "+SUM(1;2)");
    assert_eq!(p.patronymic.as_deref(), Some("-1"));
    assert_eq!(
        (p.rank.as_str(), p.role.as_str(), p.unit.as_str()),
        ("@rank", "=1+1", "@unit")
    );
    assert_eq!(fresh.person("KZ2").unwrap().unit, "-");
}

#[test]
fn matrix_workbook_has_dates_statuses_and_a_summary() {
    let (dir, store) = loaded();
    let path = dir.path().join("matrix.xlsx");
    let r = export::export_matrix(&store, CODE, ymd(2021, 5, 1), Lang::En, &path).unwrap();
    assert_eq!(r.summary.personnel, 5);
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Matrix", "Summary"]);
    let m = book.worksheet_range("Matrix").unwrap();
    let header: Vec<String> = m
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "service_number",
            "rank",
            "family_name",
            "given_name",
            "patronymic",
            "unit",
            "ready",
            "CULT",
            "ROE",
            "PATROL",
            "BFAC",
            "SEA",
            "POC",
            "KINPOT"
        ]
    );
    let row = m
        .rows()
        .find(|r| r[0] == Data::String("KZ100103".into()))
        .unwrap();
    // BFAC: a real date cell (the pass of 20.03.2021), not text.
    match &row[10] {
        Data::DateTime(dt) => {
            assert_eq!(dt.as_datetime().unwrap().date(), ymd(2021, 3, 20));
        }
        other => panic!("BFAC cell is {other:?}"),
    }
    assert_eq!(row[7], Data::String("missing".into()));
    assert_eq!(row[6], Data::String("no".into()));
    let s = book.worksheet_range("Summary").unwrap();
    let text: Vec<String> = s
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    for want in [
        "KAZBAT-4 — Kazakh company",
        "Personnel",
        "By unit",
        "By module",
        "Legend",
        "1 взвод",
    ] {
        assert!(text.iter().any(|t| t == want), "summary lacks {want:?}");
    }

    // The CSV matrix says each status in words.
    let csv_path = dir.path().join("matrix.csv");
    export::export_matrix(&store, CODE, ymd(2021, 5, 1), Lang::En, &csv_path).unwrap();
    let all = cells(&csv_path);
    let kz103 = all.iter().find(|r| r[0] == "KZ100103").unwrap();
    assert_eq!(kz103[10], "20.03.2021 complete");
    assert_eq!(kz103[7], "missing");
    let kz104 = all.iter().find(|r| r[0] == "KZ100104").unwrap();
    assert_eq!(kz104[11], "missing"); // the SEA record was voided
}

/// A Russian office asks for the matrix in Russian: every word of it is, the status in
/// each cell, the column titles, the summary and the legend; dates and codes stay as they are.
#[test]
fn matrix_in_russian_and_kazakh_says_everything_in_that_language() {
    let (dir, store) = loaded();
    let csv_path = dir.path().join("matrix-ru.csv");
    export::export_matrix(&store, CODE, ymd(2021, 5, 1), Lang::Ru, &csv_path).unwrap();
    let all = cells(&csv_path);
    assert_eq!(
        all[0][..7],
        [
            "Личный номер",
            "Звание",
            "Фамилия",
            "Имя",
            "Отчество",
            "Подразделение",
            "Готовы"
        ]
    );
    let kz103 = all.iter().find(|r| r[0] == "KZ100103").unwrap();
    assert_eq!(kz103[10], "20.03.2021 пройден");
    assert_eq!(kz103[7], "нет");
    assert_eq!(kz103[6], "нет", "not ready");

    let path = dir.path().join("matrix-kk.xlsx");
    export::export_matrix(&store, CODE, ymd(2021, 5, 1), Lang::Kk, &path).unwrap();
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Даярлық матрицасы", "Жиынтық"]);
    let m = book.worksheet_range("Даярлық матрицасы").unwrap();
    let row = m
        .rows()
        .find(|r| r[0] == Data::String("KZ100103".into()))
        .unwrap();
    assert_eq!(row[7], Data::String("жоқ".into()));
    let s = book.worksheet_range("Жиынтық").unwrap();
    let text: Vec<String> = s
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    let ascii_words: Vec<&String> = text
        .iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|t| {
            ![
                "KAZBAT", "INDBATT", "UNIFIL", "ROE", "CULT", "PATROL", "BFAC", "SEA", "POC",
                "KINPOT",
            ]
            .iter()
            .any(|code| t.contains(code))
        })
        .collect();
    assert!(
        ascii_words.is_empty(),
        "English left in the Kazakh summary: {ascii_words:?}"
    );
    for want in ["Жеке құрам", "өтті", "Шартты белгілер", "Офицерлер"]
    {
        assert!(
            text.iter().any(|t| t.contains(want)),
            "summary lacks {want:?}: {text:?}"
        );
    }
}

#[test]
fn matrix_refuses_an_unknown_ending() {
    let (dir, store) = loaded();
    let e = export::export_matrix(
        &store,
        CODE,
        ymd(2021, 5, 1),
        Lang::En,
        &dir.path().join("m.pdf"),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("must end in .xlsx or .csv"), "{e}");
}

#[test]
fn templates_have_headers_lists_and_instructions() {
    let (dir, mut store) = store();
    for (kind, lang, first, sheets) in [
        (
            TemplateKind::Completions,
            Lang::Ru,
            "Личный номер",
            ["Журнал занятий", "Инструкция", "lists"],
        ),
        (
            TemplateKind::Roster,
            Lang::En,
            "service_number",
            ["Roster", "Instructions", "lists"],
        ),
        (
            TemplateKind::Roster,
            Lang::Kk,
            "Жеке нөмірі",
            ["Жеке құрам", "Нұсқаулық", "lists"],
        ),
    ] {
        let path = dir.path().join("template.xlsx");
        export::write_template(&store, kind, lang, &path).unwrap();
        let mut book = open_workbook_auto(&path).unwrap();
        assert_eq!(book.sheet_names(), sheets);
        let data = book.worksheet_range(sheets[0]).unwrap();
        let header: Vec<String> = data
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header[0], first);
        let lists = book.worksheet_range("lists").unwrap();
        let values: Vec<String> = lists
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()))
            .collect();
        let help = book.worksheet_range(sheets[1]).unwrap();
        assert!(help.rows().count() > 5);
        match kind {
            TemplateKind::Completions => {
                for v in ["CULT", "KINPOT", "зачёт", "незачёт"] {
                    assert!(values.contains(&v.to_string()), "lists lack {v}");
                }
                // The instructions name each module in the template's language.
                let lines: Vec<String> = help
                    .rows()
                    .flat_map(|r| r.iter().map(|c| c.to_string()))
                    .collect();
                assert!(
                    lines.contains(&"ROE — Правила применения силы".to_string()),
                    "{lines:?}"
                );
                assert_eq!(
                    header,
                    [
                        "Личный номер",
                        "Модуль",
                        "Дата",
                        "Результат",
                        "Балл",
                        "Часы",
                        "Инструктор",
                        "Примечание"
                    ]
                );
            }
            TemplateKind::Roster if lang == Lang::Kk => {
                for v in ["офицер", "сержант", "сарбаз", "Е", "Ә"] {
                    assert!(values.contains(&v.to_string()), "lists lack {v}");
                }
            }
            TemplateKind::Roster => {
                for v in ["officer", "nco", "enlisted", "M", "F"] {
                    assert!(values.contains(&v.to_string()), "lists lack {v}");
                }
            }
        }
        // Every header is one the importer reads: the blank template only lacks rows.
        let table = open(&path, None, None).unwrap();
        let r = match kind {
            TemplateKind::Roster => {
                import::import_roster(&mut store, table, &path, CODE, IMPORTED_BY, true)
            }
            TemplateKind::Completions => {
                import::import_completions(&mut store, table, &path, IMPORTED_BY, true, &mut |_| {})
            }
        }
        .unwrap();
        assert_eq!(errors(&r), ["2||the file has a header but no rows"]);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }
}

/// The parts of a workbook calamine does not show (drop-downs, fills, frozen panes,
/// filters) checked in the workbook's own XML.
fn xml(path: &Path, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn excel_features_are_in_the_workbooks() {
    let (dir, store) = loaded();
    let t = dir.path().join("t.xlsx");
    export::write_template(&store, TemplateKind::Completions, Lang::En, &t).unwrap();
    let sheet = xml(&t, "xl/worksheets/sheet1.xml");
    // module (B) and result (D) pick from the hidden lists sheet; date, score, hours checked
    assert!(sheet.contains(r#"<dataValidation type="list""#), "{sheet}");
    assert!(
        sheet.contains(r#"sqref="B2:B5001"><formula1>lists!$A$2:$A$8</formula1>"#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"sqref="D2:D5001"><formula1>lists!$B$2:$B$3</formula1>"#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<dataValidation type="date""#));
    assert!(sheet.contains(r#"<dataValidation type="decimal""#));
    assert!(sheet.contains(r#"state="frozen""#));
    assert!(
        xml(&t, "xl/workbook.xml").contains(r#"<sheet name="lists" sheetId="3" state="hidden""#)
    );

    let m = dir.path().join("m.xlsx");
    export::export_matrix(&store, CODE, ymd(2021, 5, 1), Lang::En, &m).unwrap();
    let sheet = xml(&m, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter ref=\"A1:N6\""), "{sheet}");
    assert!(sheet.contains(r#"state="frozen""#));
    let styles = xml(&m, "xl/styles.xml");
    // Every status that occurs has its fill, the report's own, "missing" included.
    for st in [
        Status::Complete,
        Status::Expiring,
        Status::Expired,
        Status::Failed,
        Status::Missing,
    ] {
        let rgb = format!("FF{:06X}", muster::marks::fill_rgb(st));
        assert!(styles.contains(&rgb), "no fill {rgb} for {st:?}");
    }
    // Dated cells keep a real date and show the status word after it.
    assert!(
        styles.contains("formatCode=\"dd.mm.yyyy&quot; complete&quot;\""),
        "{styles}"
    );
}
