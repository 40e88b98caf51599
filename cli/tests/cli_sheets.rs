//! The spreadsheet commands as a user runs them: the built `muster` binary on a database
//! file, exit codes and messages.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::Path;

use support::cli::Muster;
use support::sheets::fixture_file;

/// The spreadsheet commands' operator.
fn muster(db: &Path) -> Muster {
    support::cli::muster(db).by("capt. Cli")
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    muster(&db).ok(&["init"]);
    muster(&db).ok(&[
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
    ]);
    (dir, db)
}

#[test]
fn preview_import_history_undo() {
    let (_dir, db) = setup();
    let roster = fixture_file("roster_ru.xlsx");
    let roster = roster.to_str().unwrap();
    let out = muster(&db).ok(&[
        "import",
        "roster",
        roster,
        "--contingent",
        "KAZBAT-4",
        "--dry-run",
    ]);
    assert!(
        out.contains("would import 4 rows (sheet \"Личный состав\"): 4 new"),
        "{out}"
    );
    assert!(out.contains("dry run: nothing was written"));
    assert!(muster(&db)
        .ok(&["import", "history"])
        .contains("no imports yet"));

    let out = muster(&db).ok(&["import", "roster", roster, "--contingent", "KAZBAT-4"]);
    assert!(out.contains("recorded as import #1"), "{out}");
    let c = fixture_file("completions_ru.xlsx");
    let out = muster(&db).ok(&[
        "import",
        "completions",
        c.to_str().unwrap(),
        "--sheet",
        "Журнал",
    ]);
    assert!(out.contains("5 new records"), "{out}");

    let hist = muster(&db).ok(&["import", "history"]);
    assert!(
        hist.contains("roster_ru.xlsx") && hist.contains("completions_ru.xlsx"),
        "{hist}"
    );
    assert!(hist.contains("capt. Cli"));
    let json: serde_json::Value =
        serde_json::from_str(&muster(&db).ok(&["import", "history", "--format", "json"])).unwrap();
    assert_eq!(json[0]["kind"], "completions");
    assert_eq!(json[0]["attempts_new"], 5);
    assert_eq!(json[1]["contingent"], "KAZBAT-4");

    // A record of the import corrected since: the refusal names it as a history shows it.
    let h: serde_json::Value =
        serde_json::from_str(&muster(&db).ok(&["history", "100102", "--format", "json"])).unwrap();
    let rec = &h["records"][0];
    let (id, module, date) = (
        rec["id"].as_str().unwrap().to_string(),
        rec["module"].as_str().unwrap().to_string(),
        rec["date"].as_str().unwrap().to_string(),
    );
    let out = muster(&db).ok(&[
        "amend",
        &id,
        "--score",
        "99",
        "--reason",
        "re-marked",
        "--by",
        "op",
    ]);
    let fix = out.split_whitespace().last().unwrap().to_string();
    let undo = [
        "import",
        "undo",
        "2",
        "--by",
        "maj. Lead",
        "--reason",
        "wrong week",
    ];
    let err = muster(&db).fails(&undo);
    assert!(
        err.contains(&format!(
            "(first correction: 100102 {module} {date}, record {fix})"
        )),
        "{err}"
    );
    muster(&db).ok(&[
        "void",
        &fix,
        "--reason",
        "the re-marking was wrong too",
        "--by",
        "op",
    ]);
    let out = muster(&db).ok(&undo);
    assert!(
        out.contains("4 records voided")
            && out.contains("1 record was already voided or corrected"),
        "{out}"
    );
    let err = muster(&db).fails(&["import", "undo", "2", "--by", "maj. Lead"]);
    assert!(err.contains("was already undone"), "{err}");
    assert_eq!(err.lines().count(), 1, "one clear line: {err}");
}

#[test]
fn a_bad_file_names_row_and_column_and_exits_non_zero() {
    let (_dir, db) = setup();
    let bad = fixture_file("roster_bad_values.csv");
    let err = muster(&db).fails_in_lines(&[
        "import",
        "roster",
        bad.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
    assert!(
        err.contains(
            "line 7, column F «category»: category \"генерал\" is not officer, nco or enlisted"
        ),
        "{err}"
    );
    assert!(
        // Ten problems on nine rows (line 9 lacks both category and gender).
        err.contains("9 bad rows") && err.contains("nothing was imported"),
        "{err}"
    );
    let preview = muster(&db).run(&[
        "import",
        "roster",
        bad.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
        "--dry-run",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&preview.stdout).unwrap();
    assert_eq!(json["errors"][0]["column"], "A «service_number»");
    assert_eq!(json["errors"].as_array().unwrap().len(), 10);
    let err = muster(&db).fails(&[
        "import",
        "roster",
        bad.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
        "--encoding",
        "ebcdic",
    ]);
    assert!(err.contains("--encoding \"ebcdic\""), "{err}");
}

#[test]
fn templates_and_exports_are_written() {
    let (dir, db) = setup();
    let r = fixture_file("sample_roster.csv");
    muster(&db).ok(&[
        "import",
        "roster",
        r.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
    let c = fixture_file("sample_completions.csv");
    muster(&db).ok(&["import", "completions", c.to_str().unwrap()]);
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
        let out = muster(&db).ok(&args);
        assert!(out.contains("written"), "{out}");
        assert!(std::fs::metadata(&path).unwrap().len() > 100, "{file}");
    }
    let out = muster(&db).ok(&[
        "export",
        "matrix",
        "KAZBAT-4",
        "--as-of",
        "2021-05-01",
        "--out",
        dir.path().join("m2.xlsx").to_str().unwrap(),
    ]);
    assert!(out.contains("(5 people, 0 ready)"), "{out}");
    let err = muster(&db).fails(&[
        "template",
        "roster",
        "--out",
        dir.path().join("t.csv").to_str().unwrap(),
    ]);
    assert!(err.contains("name it .xlsx"), "{err}");
    let err = muster(&db).fails(&[
        "export",
        "roster",
        "NOPE",
        "--out",
        dir.path().join("x.csv").to_str().unwrap(),
    ]);
    assert!(err.contains("contingent \"NOPE\" not found"), "{err}");
}

#[test]
fn undoing_a_roster_import_says_which_details_went_back_and_which_stayed() {
    let (dir, db) = setup();
    let file = |name: &str, unit_a: &str, rank_b: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "service_number;family_name;given_name;category;gender;rank;unit\n\
                 KZ300001;Жұмабеков;Ерлан;enlisted;M;рядовой;{unit_a}\n\
                 KZ300002;Сейітова;Айгүл;nco;F;{rank_b};2 взвод\n"
            ),
        )
        .unwrap();
        path.to_str().unwrap().to_string()
    };
    let first = file("first.csv", "1 взвод", "сержант");
    muster(&db).ok(&["import", "roster", &first, "--contingent", "KAZBAT-4"]);
    let wrong = file("wrong.csv", "3 взвод", "старший сержант");
    muster(&db).ok(&["import", "roster", &wrong, "--contingent", "KAZBAT-4"]);
    muster(&db).ok(&["person", "edit", "KZ300001", "--unit", "4 взвод"]);
    let out = muster(&db).ok(&["import", "undo", "2", "--reason", "wrong file"]);
    assert!(
        out.contains("1 detail put back as before the import"),
        "{out}"
    );
    assert!(
        out.contains("kept: KZ300001 unit reads «4 взвод»: a later edit decides it"),
        "{out}"
    );
    let shown = muster(&db).ok(&["person", "show", "KZ300002"]);
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("rank") && l.ends_with(" сержант")),
        "{shown}"
    );
    // The first file put both on the roster: undone, it names whom it takes off, and how
    // to put back anyone a later file lists.
    let out = muster(&db).ok(&["import", "undo", "1", "--reason", "wrong contingent"]);
    assert!(
        out.contains(
            "  taken off the roster of KAZBAT-4: KZ300001, KZ300002; put back anyone a later file lists with `muster person assign SERVICE_NUMBER --contingent KAZBAT-4`\n"
        ),
        "{out}"
    );
}
