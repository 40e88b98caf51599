//! The spreadsheet commands as a user runs them: the built `muster` binary on a database
//! file, exit codes and messages.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::sheets::fixture_file;

fn muster(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_muster"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("MUSTER_OPERATOR", "capt. Cli")
        .env(
            "MUSTER_DATA_DIR",
            db.parent().expect("in a temp folder").join("app-data"),
        )
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = muster(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(db: &Path, args: &[&str]) -> String {
    let out = muster(db, args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "contingent",
            "add",
            "KAZBAT-4",
            "--name",
            "Kazakh company",
            "--mission",
            "UNIFIL",
            "--training-start",
            "01.09.2020",
            "--deploy-on",
            "01.06.2021",
        ],
    );
    (dir, db)
}

#[test]
fn preview_import_history_undo() {
    let (_dir, db) = setup();
    let roster = fixture_file("roster_ru.xlsx");
    let roster = roster.to_str().unwrap();
    let out = ok(
        &db,
        &[
            "import",
            "roster",
            roster,
            "--contingent",
            "KAZBAT-4",
            "--dry-run",
        ],
    );
    assert!(
        out.contains("would import 4 rows (sheet \"Личный состав\"): 4 new"),
        "{out}"
    );
    assert!(out.contains("dry run: nothing was written"));
    assert!(ok(&db, &["import", "history"]).contains("no imports yet"));

    let out = ok(
        &db,
        &["import", "roster", roster, "--contingent", "KAZBAT-4"],
    );
    assert!(out.contains("recorded as import #1"), "{out}");
    let c = fixture_file("completions_ru.xlsx");
    let out = ok(
        &db,
        &[
            "import",
            "completions",
            c.to_str().unwrap(),
            "--sheet",
            "Журнал",
        ],
    );
    assert!(out.contains("5 new records"), "{out}");

    let hist = ok(&db, &["import", "history"]);
    assert!(
        hist.contains("roster_ru.xlsx") && hist.contains("completions_ru.xlsx"),
        "{hist}"
    );
    assert!(hist.contains("capt. Cli"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["import", "history", "--format", "json"])).unwrap();
    assert_eq!(json[0]["kind"], "completions");
    assert_eq!(json[0]["attempts_new"], 5);
    assert_eq!(json[1]["contingent"], "KAZBAT-4");

    let out = ok(
        &db,
        &[
            "import",
            "undo",
            "2",
            "--by",
            "maj. Lead",
            "--reason",
            "wrong week",
        ],
    );
    assert!(out.contains("5 records voided"), "{out}");
    let err = fails(&db, &["import", "undo", "2", "--by", "maj. Lead"]);
    assert!(err.contains("was already undone"), "{err}");
    assert_eq!(err.lines().count(), 1, "one clear line: {err}");
}

#[test]
fn a_bad_file_names_row_and_column_and_exits_non_zero() {
    let (_dir, db) = setup();
    let bad = fixture_file("roster_bad_values.csv");
    let err = fails(
        &db,
        &[
            "import",
            "roster",
            bad.to_str().unwrap(),
            "--contingent",
            "KAZBAT-4",
        ],
    );
    assert!(
        err.contains(
            "line 7, column F «category»: category \"генерал\" is not officer, nco or enlisted"
        ),
        "{err}"
    );
    assert!(
        err.contains("10 bad row(s)") && err.contains("nothing was imported"),
        "{err}"
    );
    let preview = muster(
        &db,
        &[
            "import",
            "roster",
            bad.to_str().unwrap(),
            "--contingent",
            "KAZBAT-4",
            "--dry-run",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&preview.stdout).unwrap();
    assert_eq!(json["errors"][0]["column"], "A «service_number»");
    assert_eq!(json["errors"].as_array().unwrap().len(), 10);
    let err = fails(
        &db,
        &[
            "import",
            "roster",
            bad.to_str().unwrap(),
            "--contingent",
            "KAZBAT-4",
            "--encoding",
            "ebcdic",
        ],
    );
    assert!(err.contains("--encoding \"ebcdic\""), "{err}");
}

#[test]
fn templates_and_exports_are_written() {
    let (dir, db) = setup();
    let r = fixture_file("sample_roster.csv");
    ok(
        &db,
        &[
            "import",
            "roster",
            r.to_str().unwrap(),
            "--contingent",
            "KAZBAT-4",
        ],
    );
    let c = fixture_file("sample_completions.csv");
    ok(&db, &["import", "completions", c.to_str().unwrap()]);
    for (args, file) in [
        (
            vec!["template", "roster", "--lang", "ru", "--out"],
            "t.xlsx",
        ),
        (vec!["template", "completions", "--out"], "tc.xlsx"),
        (
            vec![
                "export",
                "matrix",
                "KAZBAT-4",
                "--as-of",
                "2021-05-01",
                "--out",
            ],
            "m.xlsx",
        ),
        (vec!["export", "matrix", "KAZBAT-4", "--out"], "m.csv"),
        (vec!["export", "roster", "KAZBAT-4", "--out"], "r.xlsx"),
        (vec!["export", "completions", "KAZBAT-4", "--out"], "c.csv"),
    ] {
        let path = dir.path().join(file);
        let mut args = args.clone();
        args.push(path.to_str().unwrap());
        let out = ok(&db, &args);
        assert!(out.contains("written"), "{out}");
        assert!(std::fs::metadata(&path).unwrap().len() > 100, "{file}");
    }
    let out = ok(
        &db,
        &[
            "export",
            "matrix",
            "KAZBAT-4",
            "--as-of",
            "2021-05-01",
            "--out",
            dir.path().join("m2.xlsx").to_str().unwrap(),
        ],
    );
    assert!(out.contains("(5 people, 0 ready)"), "{out}");
    let err = fails(
        &db,
        &[
            "template",
            "roster",
            "--out",
            dir.path().join("t.csv").to_str().unwrap(),
        ],
    );
    assert!(err.contains("name it .xlsx"), "{err}");
    let err = fails(
        &db,
        &[
            "export",
            "roster",
            "NOPE",
            "--out",
            dir.path().join("x.csv").to_str().unwrap(),
        ],
    );
    assert!(err.contains("contingent \"NOPE\" not found"), "{err}");
}
