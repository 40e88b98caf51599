//! Spreadsheets out of the app, through real IPC: what is written reads back through the
//! importer, so one laptop's records can be carried to another.

use serde_json::json;

mod common;
use common::{invoke, start, with_demo};

#[test]
fn records_written_out_import_back_unchanged_and_templates_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    with_demo(&w, "kk");
    let sheet = |kind: &str, format: &str, path: &std::path::Path| {
        invoke(
            &w,
            "write_sheet",
            json!({"request": {"kind": kind, "contingent": "DEMO", "format": format,
                               "path": path.to_str().unwrap()}}),
        )
    };

    // The roster as a workbook (the extension is added), the records as CSV.
    let roster = sheet("roster", "xlsx", &dir.path().join("out/roster")).unwrap();
    assert_eq!(roster["rows"], json!(122));
    assert!(roster["path"]
        .as_str()
        .unwrap()
        .ends_with("out/roster.xlsx"));
    let records = dir.path().join("records.csv");
    let written = sheet("completions", "csv", &records).unwrap();
    let rows = written["rows"].as_u64().unwrap();
    assert!(rows > 500, "{written}");

    // Imported back (a dry run), every record is already there and nothing is new.
    let check = |kind: &str, path: &str| {
        invoke(
            &w,
            "import_file",
            json!({"request": {"kind": kind, "path": path, "contingent": "DEMO",
                               "commit": false, "sheet": null, "encoding": null}}),
        )
        .unwrap()
    };
    let back = check("completions", records.to_str().unwrap());
    assert_eq!(back["errors"], json!([]));
    assert_eq!(
        (
            back["attempts_new"].as_u64(),
            back["attempts_unchanged"].as_u64()
        ),
        (Some(0), Some(rows))
    );
    let back = check("roster", roster["path"].as_str().unwrap());
    assert_eq!(back["people_unchanged"], json!(122));

    // A template is a workbook in the app's language (Kazakh here), with its drop-downs.
    let t = sheet("roster_template", "csv", &dir.path().join("blank")).unwrap();
    let path = t["path"].as_str().unwrap();
    assert!(path.ends_with("blank.xlsx"), "{path}");
    assert_eq!(t["rows"], json!(null));
    let sheets = invoke(&w, "sheet_names", json!({"path": path})).unwrap();
    assert_eq!(sheets, json!(["Жеке құрам", "Нұсқаулық", "lists"]));
    let empty = check("roster", path);
    let titles: Vec<String> = empty["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        ["the file has a header but no rows"],
        "the template's header reads as a roster's"
    );

    // A records file under another format's ending is refused, naming both.
    let e = sheet("completions", "csv", &dir.path().join("records.pdf")).unwrap_err();
    assert_eq!(
        e["problem"],
        json!({"code": "wrong_extension", "file": dir.path().join("records.pdf").to_str().unwrap(),
               "want": "csv", "got": "pdf"})
    );
}

/// The app imports through the same guarded reader as the command line: a file past a
/// limit is one refusal with its code and values, and a title's escape sequences arrive
/// written out, never raw.
#[test]
fn the_app_refuses_a_file_past_a_limit_and_gets_titles_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    with_demo(&w, "en");
    let import = |path: &std::path::Path| {
        invoke(
            &w,
            "import_file",
            json!({"request": {"kind": "completions", "path": path.to_str().unwrap(),
                               "contingent": "DEMO", "commit": false, "sheet": null,
                               "encoding": null}}),
        )
    };
    let wide = dir.path().join("wide.csv");
    let titles: Vec<String> = (0..20_000).map(|i| format!("t{i}")).collect();
    std::fs::write(&wide, format!("{}\n1;2\n", titles.join(";"))).unwrap();
    let e = import(&wide).unwrap_err();
    assert_eq!(
        e["problem"],
        json!({"code": "too_many_columns", "file": wide.to_str().unwrap(), "line": 1,
               "max": 16384})
    );

    let hostile = dir.path().join("hostile.csv");
    std::fs::write(
        &hostile,
        "service_number;module;date;result;\"\u{1b}]0;x\u{7}\u{1b}[2J\"\n",
    )
    .unwrap();
    let r = import(&hostile).unwrap();
    assert_eq!(
        r["warnings"][0]["problem"],
        json!({"code": "unknown_column", "column": "E «\\u{1b}]0;x\\u{7}\\u{1b}[2J»"})
    );
}
