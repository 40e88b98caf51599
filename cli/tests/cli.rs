//! The `muster` binary as a user runs it: exit codes, one-line errors, whole-or-nothing.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::process::Stdio;

use serde_json::json;
use support::cli::muster;
use support::TempDb;

fn kazbat(t: &TempDb) {
    muster(t).ok(&["init"]);
    muster(t).ok(&[
        "contingent",
        "add",
        "KAZBAT-4",
        "--name",
        "4th rotation",
        "--mission",
        "UNIFIL",
        "--parent-unit",
        "INDBATT",
        "--training-start",
        "11.01.2021",
        "--deploy-on",
        "2021-07-01",
    ]);
    let roster = support::fixture_file("sample_roster.csv");
    muster(t).ok(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
}

#[test]
fn the_default_curriculum_as_json() {
    let t = TempDb::new();
    muster(&t).ok(&["init"]);
    let v: serde_json::Value =
        serde_json::from_str(&muster(&t).ok(&["curriculum", "list", "--format", "json"])).unwrap();
    let m = v.as_array().unwrap();
    let codes: Vec<&str> = m.iter().map(|m| m["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"]
    );
    let bfac = &m[3];
    assert_eq!(bfac["per_rotation"], false);
    assert_eq!(bfac["validity_months"], 36);
    assert_eq!(bfac["applies_to"], serde_json::json!([]));
    assert!(m[0]["validity_months"].is_null());
    assert_eq!(m[4]["validity_months"], 12);
    // init twice changes nothing
    muster(&t).ok(&["init"]);
    let again: serde_json::Value =
        serde_json::from_str(&muster(&t).ok(&["curriculum", "list", "--format", "json"])).unwrap();
    assert_eq!(v, again);
}

#[test]
fn module_titles_in_russian_and_kazakh_are_set_added_and_removed() {
    let t = TempDb::new();
    muster(&t).ok(&["init"]);
    let list = |t: &TempDb| -> serde_json::Value {
        serde_json::from_str(&muster(t).ok(&["curriculum", "list", "--format", "json"])).unwrap()
    };
    let roe = list(&t)[1].clone();
    assert_eq!(roe["title_ru"], "Правила применения силы");
    assert_eq!(roe["title_kk"], "Күш қолдану ережелері");
    muster(&t).ok(&[
        "curriculum",
        "set",
        "ROE",
        "--title-kk",
        "Күш қолдану тәртібі",
        "--title-ru",
        "",
        "--by",
        "cpt",
    ]);
    let roe = list(&t)[1].clone();
    assert_eq!(roe["title"], "Rules of engagement", "the other titles stay");
    assert_eq!(roe["title_kk"], "Күш қолдану тәртібі");
    assert!(roe["title_ru"].is_null(), "an empty title removes it");
    muster(&t).ok(&[
        "curriculum",
        "add",
        "MINE",
        "--title",
        "Mine awareness",
        "--title-ru",
        "Минная опасность",
        "--by",
        "cpt",
    ]);
    let csv = muster(&t).ok(&["curriculum", "list", "--format", "csv"]);
    let mine = csv.lines().find(|l| l.starts_with("MINE")).unwrap();
    assert!(mine.ends_with(",Минная опасность,"), "{mine}");
}

/// A module's planned hours and pass mark are corrected with `curriculum set` as they were
/// given with `curriculum add`: a pass under the new mark is refused, "none" removes it,
/// and a value out of range is refused naming it, with nothing changed.
#[test]
fn a_modules_hours_and_pass_mark_are_corrected_with_set() {
    let t = TempDb::new();
    kazbat(&t);
    let roe = || -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_str(&muster(&t).ok(&["curriculum", "list", "--format", "json"]))
                .unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .find(|m| m["code"] == "ROE")
            .unwrap()
            .clone()
    };
    let set = |extra: &[&str]| {
        let mut args = vec!["curriculum", "set", "roe", "--by", "cpt"];
        args.extend(extra);
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let args = set(extra);
        muster(&t).ok(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let refused = |extra: &[&str]| {
        let args = set(extra);
        muster(&t).fails(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    run(&["--pass-mark", "70", "--hours", "14,5"]);
    assert_eq!(
        (roe()["pass_mark"].clone(), roe()["hours"].clone()),
        (70.0.into(), 14.5.into())
    );
    let log = |score: &str| {
        muster(&t).run(&[
            "log",
            "--module",
            "ROE",
            "--date",
            "01.02.2021",
            "--result",
            "pass",
            "--score",
            score,
            "--by",
            "op",
            "KZ100101",
        ])
    };
    assert_eq!(log("60").status.code(), Some(1), "under the new mark");
    assert_eq!(
        refused(&["--pass-mark", "170"]),
        "muster: pass mark 170 is outside 0–100"
    );
    assert_eq!(
        refused(&["--hours", "none"]),
        "muster: --hours: give a number of hours (0 for none planned)"
    );
    assert_eq!(roe()["pass_mark"], 70.0, "nothing changed by a refusal");
    run(&["--pass-mark", "none"]);
    assert!(roe()["pass_mark"].is_null());
    assert!(log("60").status.success());
    assert!(muster(&t).ok(&["check"]).starts_with("ok"));
}

#[test]
fn log_amend_void_history_and_readiness_json() {
    let t = TempDb::new();
    kazbat(&t);
    let out = muster(&t).ok(&[
        "log",
        "--module",
        "sea",
        "--date",
        "10.09.2020",
        "--result",
        "pass",
        "--score",
        "90",
        "--by",
        "ст. лейтенант Ким",
        "KZ100101",
        "kz100102",
    ]);
    assert!(
        out.starts_with("recorded SEA for 2 attendees on 2020-09-10: 2 passed, 0 failed"),
        "{out}"
    );
    let id = out
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_string();

    let out = muster(&t).ok(&[
        "amend",
        &id,
        "--date",
        "2020-09-12",
        "--by",
        "cpt",
        "--reason",
        "typo in date",
    ]);
    assert!(out.contains("amended"), "{out}");
    let hist = muster(&t).ok(&["history", "KZ100101"]);
    assert!(
        hist.contains("superseded") && hist.contains("typo in date"),
        "{hist}"
    );

    let json: serde_json::Value = serde_json::from_str(&muster(&t).ok(&[
        "readiness",
        "KAZBAT-4",
        "--as-of",
        "2021-05-01",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["contingent"]["code"], "KAZBAT-4");
    assert_eq!(json["contingent"]["training_start"], "2021-01-11");
    assert_eq!(json["contingent"]["deploy_on"], "2021-07-01");
    assert_eq!(json["contingent"]["tour_months"], 6);
    assert_eq!(json["as_of"], "2021-05-01");
    assert_eq!(json["summary"]["personnel"], 5);
    assert_eq!(json["summary"]["ready"], 0);
    assert_eq!(json["summary"]["by_unit"]["1 взвод"]["personnel"], 3);
    assert_eq!(json["summary"]["by_category"]["officer"]["personnel"], 2);
    assert_eq!(json["summary"]["by_gender"]["F"]["personnel"], 1);
    let sea = json["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "SEA")
        .unwrap();
    for k in [
        "complete",
        "expiring",
        "expired",
        "failed",
        "missing",
        "not_required",
    ] {
        assert!(sea[k].is_u64(), "{k}");
    }
    assert_eq!(sea["expiring"], 2);
    let p = json["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["service_number"] == "KZ100101")
        .unwrap();
    for k in ["family_name", "given_name", "rank", "unit", "ready"] {
        assert!(!p[k].is_null(), "{k}");
    }
    assert_eq!(p["modules"]["SEA"]["status"], "expiring");
    assert_eq!(
        p["modules"]["SEA"]["completed_on"], "2020-09-12",
        "the amended date counts"
    );
    assert_eq!(p["modules"]["SEA"]["expires_on"], "2021-09-12");
    assert!(p["modules"]["ROE"]["completed_on"].is_null());

    // Void the correction: SEA is missing again for KZ100101.
    let corr = muster(&t).ok(&["history", "KZ100101", "--format", "json"]);
    let corr: serde_json::Value = serde_json::from_str(&corr).unwrap();
    let new_id = corr["records"][1]["id"].as_str().unwrap().to_string();
    muster(&t).ok(&["void", &new_id, "--by", "cpt", "--reason", "wrong soldier"]);
    let csv = muster(&t).ok(&[
        "readiness",
        "KAZBAT-4",
        "--as-of",
        "2021-05-01",
        "--format",
        "csv",
    ]);
    let row = csv.lines().find(|l| l.starts_with("KZ100101")).unwrap();
    assert!(
        row.contains("missing") && !row.contains("2020-09-12"),
        "{row}"
    );
    let table = muster(&t).ok(&["readiness", "KAZBAT-4", "--as-of", "2021-05-01"]);
    assert!(table.contains("READY: 0 of 5"), "{table}");
    // The module table's status words and the legend are the glossary's, in its order.
    let head = table
        .lines()
        .find(|l| l.trim_start().starts_with("module"))
        .unwrap();
    let words: Vec<&str> = head
        .split("  ")
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    assert_eq!(
        words,
        [
            "module",
            "complete",
            "expiring",
            "lapses before deployment",
            "expired",
            "failed",
            "missing",
            "not required"
        ],
        "{head}"
    );
    assert!(
        table.contains(
            "✓ complete  ◐ expiring  ◔ lapses before deployment  ⊘ expired  ✗ failed  ○ missing  – not required"
        ),
        "{table}"
    );
    // A person's standing is the glossary's word too, as one cell of the row.
    let person = table
        .lines()
        .find(|l| l.trim_start().starts_with("KZ100101"))
        .unwrap();
    let cells: Vec<&str> = person
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        cells.iter().filter(|c| **c == "not ready").count(),
        1,
        "{person}"
    );
}

#[test]
fn errors_are_one_line_and_write_nothing() {
    let t = TempDb::new();
    kazbat(&t);
    let e = muster(&t).fails(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "15.02.2021",
        "--result",
        "pass",
        "--by",
        "op",
        "KZ100101",
        "KZ999",
    ]);
    assert!(
        e.contains("KZ999") && e.contains("nothing was saved"),
        "{e}"
    );
    assert!(muster(&t)
        .ok(&["history", "KZ100101"])
        .contains("no records"));
    let e = muster(&t).fails(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "31.02.2021",
        "--result",
        "pass",
        "--by",
        "op",
        "KZ100101",
    ]);
    assert_eq!(
        e,
        "muster: --date: date \"31.02.2021\" does not exist in the calendar"
    );
    assert_eq!(
        muster(&t).fails(&["readiness", "NOPE"]),
        "muster: contingent \"NOPE\" not found (see `muster contingent list`)"
    );
    assert!(muster(&t).fails(&["history", "KZ0"]).contains("not found"));
    assert!(muster(&t)
        .fails(&["void", "0123456789", "--by", "x", "--reason", "y"])
        .contains("record \"0123456789\" not found"));
    assert!(muster(&t)
        .fails(&["amend", "0123456789", "--by", "x", "--reason", "y"])
        .contains("nothing to change"));
    assert!(muster(&t)
        .fails(&["readiness", "KAZBAT-4", "--as-of", "01/02/2021"])
        .contains("ambiguous"));
    assert!(muster(&t)
        .fails(&[
            "contingent",
            "add",
            "X",
            "--name",
            "x",
            "--mission",
            "m",
            "--training-start",
            "2021-05-01",
            "--deploy-on",
            "2021-01-01"
        ])
        .contains("before training start"));
    // A year mistyped (9999) is refused: the tour would end past every calendar a
    // workbook or report prints.
    let e = muster(&t).fails(&[
        "contingent",
        "add",
        "X",
        "--name",
        "x",
        "--mission",
        "m",
        "--training-start",
        "2026-01-01",
        "--deploy-on",
        "9999-12-01",
    ]);
    assert_eq!(e, "muster: deployment date 9999-12-01 is outside 1990–2200");
    assert!(muster(&t)
        .fails(&[
            "contingent",
            "add",
            "kazbat-4",
            "--name",
            "x",
            "--mission",
            "m",
            "--training-start",
            "2021-01-01",
            "--deploy-on",
            "2021-05-01"
        ])
        .contains("already exists"));
    // A database path that is a folder.
    let o = muster(t.dir.path())
        .data_dir(t.dir.path().join("app-data"))
        .run(&["init"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stderr).lines().count(), 1);
}

#[test]
fn a_number_typed_another_way_is_refused_naming_the_one_on_file() {
    let t = TempDb::new();
    kazbat(&t);
    // A separator, a Cyrillic К for the Latin K, letters O for zeros: each is a number on
    // file written another way, and the refusal says which, not "import the roster".
    let e = muster(&t).fails(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "15.02.2021",
        "--result",
        "pass",
        "--by",
        "op",
        "KZ100101",
        "KZ-100102",
        "КZ100103",
        "KZ999",
        "kz1OO104",
    ]);
    assert_eq!(
        e,
        "muster: 4 service numbers not on file: KZ-100102, КZ100103, KZ999, kz1OO104; on file \
         and looking alike: KZ-100102 → KZ100102, КZ100103 → KZ100103, kz1OO104 → KZ100104 \
         (write each number as the roster has it); nothing was saved"
    );
    let e = muster(&t).fails(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "15.02.2021",
        "--result",
        "pass",
        "--by",
        "op",
        "KZ100101",
        "KZ999",
    ]);
    assert_eq!(
        e,
        "muster: 1 service number not on file: KZ999 (check each number, or import the \
         roster first); nothing was saved"
    );
    assert!(muster(&t)
        .ok(&["history", "KZ100101"])
        .contains("no records"));
    let looks = "muster: no soldier with service number \"KZ 100102\"; KZ100102 on file looks \
                 like it: write the number as the roster has it";
    assert_eq!(muster(&t).fails(&["history", "KZ 100102"]), looks);
    for args in [
        vec!["history", "KZ/100102"],
        vec!["person", "show", "KZ/100102"],
        vec![
            "person",
            "assign",
            "KZ/100102",
            "--contingent",
            "KAZBAT-4",
            "--by",
            "op",
        ],
    ] {
        let e = muster(&t).fails(&args);
        assert!(
            e.contains("\"KZ/100102\"; KZ100102 on file looks like it"),
            "{args:?}: {e}"
        );
    }
    // A module code typed with Cyrillic letters that look Latin is named the same way.
    let e = muster(&t).fails(&[
        "log",
        "--module",
        "КINPOT",
        "--date",
        "15.02.2021",
        "--result",
        "pass",
        "--by",
        "op",
        "KZ100101",
    ]);
    assert_eq!(
        e,
        "muster: module \"КINPOT\" is not in the curriculum; KINPOT looks like it: write the \
         code in Latin letters, as the curriculum has it"
    );
    let sheet = t.file(
        "cyrillic-module.csv",
        "service_number;module;date;result\nKZ100101;ѕеа;15.02.2021;pass\n",
    );
    let e = muster(&t).fails_in_lines(&[
        "import",
        "completions",
        sheet.to_str().unwrap(),
        "--by",
        "op",
    ]);
    assert!(
        e.contains("module \"ѕеа\" is not in the curriculum; SEA looks like it"),
        "{e}"
    );
    // A number nothing on file looks like keeps the advice it had.
    assert_eq!(
        muster(&t).fails(&["history", "KZ999"]),
        "muster: soldier with service number \"KZ999\" not found (check the number, or \
         import the roster first)"
    );
}

#[test]
fn person_merge_moves_one_soldiers_records_from_a_second_number() {
    let t = TempDb::new();
    kazbat(&t);
    let roster = t.file(
        "twin.csv",
        "service_number;family_name;given_name;patronymic;rank;category;gender;role;unit\n\
         KZ100199;Нұрқасов;Аян;;майор;officer;M;командир роты;Управление роты\n",
    );
    muster(&t).ok(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
    let log = |sn: &str, module: &str, date: &str| {
        muster(&t).ok(&[
            "log", "--module", module, "--date", date, "--result", "pass", "--by", "op", sn,
        ])
    };
    log("KZ100199", "ROE", "15.02.2021");
    log("KZ100199", "SEA", "16.02.2021");
    log("KZ100101", "SEA", "16.02.2021");
    let merge = [
        "person",
        "merge",
        "KZ100199",
        "--into",
        "KZ100101",
        "--by",
        "капитан Омаров",
        "--reason",
        "entered twice",
    ];
    let preview = muster(&t).ok(&[&merge[..], &["--dry-run"]].concat());
    assert_eq!(
        preview,
        "KZ100199 would move to KZ100101: ROE 2021-02-15 (pass)\n\
         KZ100199 would void: SEA 2021-02-16 (pass), which KZ100101 already holds\n\
         KZ100199 would leave the roster of KAZBAT-4; KZ100101 is on it already\n\
         nothing changed (--dry-run): 2 records of KZ100199 would go to KZ100101\n"
    );
    let json: serde_json::Value = serde_json::from_str(
        &muster(&t).ok(&[&merge[..], &["--dry-run", "--format", "json"]].concat()),
    )
    .unwrap();
    assert_eq!(json["dry_run"], json!(true));
    assert_eq!(json["merge"]["moved"][0]["module"], json!("ROE"));
    assert!(muster(&t).ok(&["history", "KZ100101"]).contains("SEA"));
    let done = muster(&t).ok(&merge);
    assert!(done.ends_with(
        "merged KZ100199 into KZ100101: 2 records, both histories kept \
         (`muster history KZ100199`)\n"
    ));
    let history = muster(&t).ok(&["history", "KZ100101"]);
    assert!(history.contains("moved from KZ100199"), "{history}");
    let history = muster(&t).ok(&["history", "KZ100199"]);
    assert!(history.contains("on no roster"), "{history}");
    assert!(history.contains("moved to KZ100101"), "{history}");
    assert_eq!(
        muster(&t).fails(&merge),
        "muster: KZ100199 has no record that counts and is on no roster: there is nothing to \
         move"
    );
    // The merged number takes nothing new: the number to use is named.
    assert_eq!(
        muster(&t).fails(&[
            "log",
            "--module",
            "POC",
            "--date",
            "17.02.2021",
            "--result",
            "pass",
            "--by",
            "op",
            "kz100199",
        ]),
        "muster: service number \"kz100199\" was merged into KZ100101 (one soldier under two \
         numbers): use KZ100101"
    );
    assert_eq!(
        muster(&t).ok(&["sync", "conflicts", "--merged"]),
        "no merged number holds records, roster places or details changed since\n"
    );
    assert_eq!(
        muster(&t).ok(&["sync", "conflicts", "--merged", "--format", "json"]),
        "[]\n"
    );
    assert!(muster(&t).ok(&["check"]).starts_with("ok"));
}

#[test]
fn a_file_read_again_keeps_what_people_corrected_by_hand() {
    let t = TempDb::new();
    kazbat(&t);
    let person = |sn: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(
            &muster(&t).ok(&["person", "show", sn, "--format", "json"]),
        )
        .unwrap()["person"]
            .clone()
    };
    let before = person("KZ100101");
    assert!(before["unit"].as_str().is_some_and(|u| !u.is_empty()));
    // A roster without the optional columns: what it leaves out stays as it was; what it
    // changes is listed; a number now under another name altogether is warned about.
    let short = t.file(
        "short.csv",
        "service_number;family_name;given_name;category;gender;rank\n\
         kz100101;Нұрқасов;Аян;officer;M;подполковник\n\
         KZ100102;Петров;Иван;nco;M;старший сержант\n",
    );
    let said = muster(&t).ok(&[
        "import",
        "roster",
        short.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
        "--dry-run",
    ]);
    assert!(
        said.contains("  line 2: KZ100101: rank «майор» → «подполковник»\n"),
        "{said}"
    );
    assert!(
        said.contains("warning: line 3, column A «service_number»: KZ100102 is"),
        "{said}"
    );
    assert!(
        said.contains("if that is another soldier, the service number is wrong"),
        "{said}"
    );
    muster(&t).ok(&[
        "import",
        "roster",
        short.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
    let after = person("KZ100101");
    assert_eq!(after["rank"], "подполковник");
    for kept in ["patronymic", "role", "unit"] {
        assert_eq!(after[kept], before[kept], "{kept}");
    }
    // Someone taken off by hand is not put back by the roster read again.
    muster(&t).ok(&[
        "person",
        "remove",
        "KZ100103",
        "--contingent",
        "KAZBAT-4",
        "--by",
        "op",
        "--reason",
        "medically unfit",
    ]);
    let roster = support::fixture_file("sample_roster.csv");
    let said = muster(&t).ok(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
    assert!(
        said.contains("KZ100103 was taken off the roster of KAZBAT-4"),
        "{said}"
    );
    assert!(said.contains("(medically unfit) and stays off"), "{said}");
    assert!(said.contains("; 0 newly assigned"), "{said}");
    assert!(muster(&t)
        .ok(&["history", "KZ100103"])
        .contains("on no roster"));

    // A completions file read again does not bring back a record amended or voided since.
    let week1 = "service_number;module;date;result;score\n\
                 KZ100101;ROE;15.02.2021;fail;41\n\
                 KZ100102;CULT;15.02.2021;pass;50\n";
    let file = t.file("week1.csv", week1);
    muster(&t).ok(&[
        "import",
        "completions",
        file.to_str().unwrap(),
        "--by",
        "op",
    ]);
    let id = |sn: &str| -> String {
        let h: serde_json::Value =
            serde_json::from_str(&muster(&t).ok(&["history", sn, "--format", "json"])).unwrap();
        h["records"][0]["id"].as_str().unwrap().to_string()
    };
    muster(&t).ok(&[
        "amend",
        &id("KZ100101"),
        "--result",
        "pass",
        "--score",
        "71",
        "--by",
        "op",
        "--reason",
        "misread",
    ]);
    muster(&t).ok(&[
        "void",
        &id("KZ100102"),
        "--by",
        "op",
        "--reason",
        "wrong soldier",
    ]);
    let week2 = t.file(
        "week2.csv",
        &format!("{week1}KZ100104;SEA;16.02.2021;pass;80\n"),
    );
    let said = muster(&t).ok(&[
        "import",
        "completions",
        week2.to_str().unwrap(),
        "--by",
        "op",
    ]);
    assert!(said.contains("1 new record, 2 already recorded"), "{said}");
    assert!(
        said.contains("rows that repeat records amended or voided since they were entered: 2"),
        "{said}"
    );
    let r: serde_json::Value = serde_json::from_str(&muster(&t).ok(&[
        "readiness",
        "KAZBAT-4",
        "--as-of",
        "2021-03-01",
        "--format",
        "json",
    ]))
    .unwrap();
    let status = |sn: &str, module: &str| {
        r["personnel"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["service_number"] == sn)
            .unwrap()["modules"][module]["status"]
            .clone()
    };
    assert_eq!(status("KZ100101", "ROE"), "complete");
    assert_eq!(status("KZ100102", "CULT"), "missing");

    // An import undone and read again comes back: the undo is what is undone.
    let again = t.file(
        "again.csv",
        "service_number;module;date;result\nKZ100105;POC;17.02.2021;pass\n",
    );
    muster(&t).ok(&[
        "import",
        "completions",
        again.to_str().unwrap(),
        "--by",
        "op",
    ]);
    let n = muster(&t).ok(&["import", "history", "--format", "json"]);
    let n: serde_json::Value = serde_json::from_str(&n).unwrap();
    let last = n[0]["id"].to_string();
    muster(&t).ok(&[
        "import",
        "undo",
        &last,
        "--by",
        "op",
        "--reason",
        "too early",
    ]);
    let said = muster(&t).ok(&[
        "import",
        "completions",
        again.to_str().unwrap(),
        "--by",
        "op",
    ]);
    assert!(said.contains("1 new record, 0 already recorded"), "{said}");

    // A bad file is a failure in a JSON dry run too.
    let bad = t.file(
        "bad.csv",
        "service_number;module;date;result\nKZ100101;ROE;31.02.2021;pass\n",
    );
    let (code, _) = muster(&t).said(&[
        "import",
        "completions",
        bad.to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn a_session_typed_as_officers_type_it_reads_back_plainly() {
    let t = TempDb::new();
    kazbat(&t);
    let log = |extra: &[&str]| {
        let mut args = vec![
            "log",
            "--module",
            "ROE",
            "--date",
            "15.02.2021",
            "--result",
            "pass",
            "--by",
            "op",
        ];
        args.extend_from_slice(extra);
        args.extend(["KZ100101", "KZ100102"]);
        muster(&t).said(&args)
    };
    // A decimal comma, as a Russian keyboard writes it.
    let (code, out) = log(&["--score", "84,5", "--hours", "1,5"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("recorded ROE for 2 attendees on 2021-02-15: 2 passed, 0 failed"),
        "{out}"
    );
    let h: serde_json::Value =
        serde_json::from_str(&muster(&t).ok(&["history", "KZ100101", "--format", "json"])).unwrap();
    assert_eq!(h["records"][0]["score"], json!(84.5));
    assert_eq!(h["records"][0]["hours"], json!(1.5));
    // The same session again is refused whole, naming who holds it already.
    let (code, out) = log(&["--score", "84.5", "--hours", "1.5"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("already recorded: ROE on 2021-02-15")
            && out.contains("for KZ100101, KZ100102"),
        "{out}"
    );
    let (code, _) = log(&[
        "--score",
        "84.5",
        "--hours",
        "1.5",
        "--notes",
        "second attempt",
    ]);
    assert_eq!(code, 0);
    // Everyone named as failing: the line says so, not "pass".
    let (_, out) = log(&["--failed", "KZ100101,KZ100102"]);
    assert!(out.contains(": 0 passed, 2 failed"), "{out}");
    // An empty number in --failed or --score-for is named, not printed as a blank.
    for bad in [&["--failed", ""][..], &["--score-for", "=5"]] {
        let (code, out) = log(bad);
        assert_eq!(code, 1);
        assert!(
            out.contains(": a service number is empty"),
            "{bad:?}: {out}"
        );
    }
    assert_eq!(
        muster(&t).fails(&[
            "contingent",
            "add",
            "K5",
            "--name",
            "5",
            "--mission",
            "UNIFIL",
            "--training-start",
            "01.01.2021",
            "--deploy-on",
            "01.03.2021",
            "--tour-months",
            "0",
            "--by",
            "op",
        ]),
        "muster: tour length in months 0 is outside 1–36"
    );
    let missing = t.as_ref().with_file_name("no-such-folder").join("m.csv");
    let e = muster(&t).fails(&[
        "export",
        "matrix",
        "KAZBAT-4",
        "--out",
        missing.to_str().unwrap(),
    ]);
    assert!(
        e.ends_with("choose one that exists") && !e.contains(".part"),
        "{e}"
    );
}

#[test]
fn a_bad_file_imports_nothing_and_names_each_bad_row() {
    let t = TempDb::new();
    kazbat(&t);
    let f = t.file("done.csv", "service_number;module;date;result\nKZ100101;ROE;15.02.2021;pass\nKZ100102;ROE;15.02.2021;passed-ish\n");
    let o = muster(&t).run(&["import", "completions", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].ends_with("line 3, column D «result»: result \"passed-ish\" is not pass or fail (зачёт or незачёт, өтті or өтпеді)"),
        "{err}"
    );
    assert!(
        lines[1].contains("1 bad row in ") && lines[1].ends_with("nothing was imported"),
        "{err}"
    );
    assert!(muster(&t)
        .ok(&["history", "KZ100101"])
        .contains("no records"));
    // --dry-run on a good file says what would happen and writes nothing.
    let good = support::fixture_file("sample_completions.csv");
    let out = muster(&t).ok(&["import", "completions", good.to_str().unwrap(), "--dry-run"]);
    assert!(
        out.contains("would import 6 rows (UTF-8): 6 new records")
            && out.contains("nothing was written"),
        "{out}"
    );
    assert!(muster(&t)
        .ok(&["history", "KZ100101"])
        .contains("no records"));
    let out = muster(&t).ok(&["import", "completions", good.to_str().unwrap()]);
    assert!(
        out.contains("imported 6 rows (UTF-8): 6 new records"),
        "{out}"
    );
    let out = muster(&t).ok(&["import", "completions", good.to_str().unwrap()]);
    assert!(out.contains("0 new records, 6 already recorded"), "{out}");
    let missing = muster(&t).fails(&[
        "import",
        "roster",
        "/nonexistent/r.csv",
        "--contingent",
        "KAZBAT-4",
    ]);
    assert!(missing.contains("/nonexistent/r.csv"), "{missing}");
}

#[test]
fn the_demo_is_idempotent_and_a_closed_pipe_is_not_an_error() {
    let t = TempDb::new();
    assert!(muster(&t).ok(&["demo"]).contains("122 people"));
    assert!(muster(&t).ok(&["demo"]).contains("already loaded"));
    let list = muster(&t).ok(&["contingent", "list"]);
    assert!(list.contains("DEMO") && list.contains("122"), "{list}");
    let mut child = muster(&t)
        .command()
        .args(["readiness", "DEMO"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, like `| head -0`
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// An office's form opens with a title block of a dozen lines ("УТВЕРЖДАЮ", the commander,
/// the list's name) above the header: read. A workbook whose first sheet is a cover with
/// instructions: refused saying which sheet was read, how far down the header is looked
/// for, and the other sheets to name with --sheet, with no hint that it is a roster.
#[test]
fn a_long_title_block_is_read_and_a_cover_sheet_points_to_the_other_sheets() {
    let t = TempDb::new();
    kazbat(&t);
    muster(&t).ok(&[
        "import",
        "roster",
        support::fixture_file("sample_roster.csv").to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
    let mut form = String::new();
    for i in 1..=14 {
        form += &format!("Строка шапки {i}\n");
    }
    form += "Личный номер;Модуль;Дата;Результат\nKZ100101;ROE;01.03.2021;зачёт\n";
    let form = t.file("form.csv", &form);
    let out = muster(&t).ok(&["import", "completions", form.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("would import 1 row"), "{out}");

    let cover = t.dir.path().join("cover.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Инструкция").unwrap();
    ws.write_string(0, 0, "Заполните лист «Журнал»").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Журнал").unwrap();
    for (c, h) in ["service_number", "module", "date", "result"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    book.save(&cover).unwrap();
    let e = muster(&t).fails_in_lines(&["import", "completions", cover.to_str().unwrap()]);
    let last = e.lines().last().unwrap();
    assert!(
        last.contains("(sheet \"Инструкция\") is not one Muster can read")
            && last.contains("it is looked for in the first 30 lines")
            && last.contains("the workbook's other sheets: Журнал (name one with --sheet)")
            && !last.contains("if this is a roster"),
        "{e}"
    );
}

#[test]
fn a_file_of_the_wrong_kind_or_without_rows_is_said_so() {
    let t = TempDb::new();
    kazbat(&t);
    let roster = support::fixture_file("sample_roster.csv");
    let e = muster(&t).fails_in_lines(&["import", "completions", roster.to_str().unwrap()]);
    let last = e.lines().last().unwrap();
    assert!(
        last.starts_with("muster: the header row of ")
            && last.ends_with("(if this is a roster, import it with `muster import roster FILE --contingent CODE`)"),
        "{e}"
    );
    let empty = t.file("empty.csv", "service_number;module;date;result\n");
    let e = muster(&t).fails_in_lines(&["import", "completions", empty.to_str().unwrap()]);
    assert!(
        e.lines()
            .last()
            .unwrap()
            .starts_with("muster: no rows to import in "),
        "{e}"
    );
}

#[test]
fn a_name_edited_with_letters_of_two_alphabets_is_saved_with_a_warning() {
    let t = TempDb::new();
    kazbat(&t);
    // A Latin o typed in a Cyrillic name, as an import would warn of it.
    let out = muster(&t).ok(&[
        "person",
        "edit",
        "KZ100101",
        "--family-name",
        "Нұрқасоv",
        "--by",
        "op",
    ]);
    assert_eq!(
        out,
        "warning: family_name \"Нұрқасоv\" mixes Latin and Cyrillic letters\n\
         KZ100101 updated: family_name «Нұрқасов» → «Нұрқасоv»\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let t = TempDb::new();
    assert_eq!(muster(&t).run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        muster(&t).run(&["log", "--module", "ROE"]).status.code(),
        Some(2)
    );
    assert_eq!(
        muster(&t)
            .run(&["readiness", "X", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    // CSV where a command has none is refused, not answered with a table.
    for args in [
        &["history", "KZ1", "--format", "csv"][..],
        &["due", "X", "--format", "csv"],
        &["person", "show", "KZ1", "--format", "csv"],
        &["import", "history", "--format", "csv"],
    ] {
        let o = muster(&t).run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("[possible values: table, json]"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn person_edit_moves_a_soldier_and_show_lists_the_change() {
    let t = TempDb::new();
    kazbat(&t);
    let by = ["--by", "капитан Омаров"];
    let out = muster(&t).ok(&[
        &[
            "person",
            "edit",
            "kz100102",
            "--unit",
            "2 взвод",
            "--rank",
            "старшина",
        ][..],
        &by,
    ]
    .concat());
    assert_eq!(
        out,
        "KZ100102 updated: rank «старший сержант» → «старшина»; unit «1 взвод» → «2 взвод»\n"
    );
    let readiness = muster(&t).ok(&["readiness", "KAZBAT-4", "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&readiness).unwrap();
    let p = r["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["service_number"] == "KZ100102")
        .unwrap();
    assert_eq!(p["unit"], "2 взвод");

    let shown = muster(&t).ok(&["person", "show", "KZ100102", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["person"]["rank"], "старшина");
    assert_eq!(v["contingents"], serde_json::json!(["KAZBAT-4"]));
    assert_eq!(v["changes"][0]["by"], "капитан Омаров");
    assert_eq!(
        v["changes"][0]["fields"][1],
        serde_json::json!({"field": "unit", "old": "1 взвод", "new": "2 взвод"})
    );
    let table = muster(&t).ok(&["person", "show", "KZ100102"]);
    assert!(table.contains("changes, newest first"), "{table}");

    // The same again changes nothing; bad or missing input is one line and writes nothing.
    let again = [
        &["person", "edit", "KZ100102", "--unit", "2 взвод"][..],
        &by,
    ]
    .concat();
    assert!(muster(&t).ok(&again).contains("nothing changed"));
    let e = muster(&t).fails(&[&["person", "edit", "KZ100102"][..], &by].concat());
    assert!(e.contains("nothing to change"), "{e}");
    let e = muster(&t).fails(&[&["person", "edit", "KZ100102", "--gender", "X"][..], &by].concat());
    assert!(e.starts_with("muster: --gender:"), "{e}");
    let e = muster(&t).fails(
        &[
            &["person", "edit", "KZ100102", "--family-name", " "][..],
            &by,
        ]
        .concat(),
    );
    assert!(e.contains("family_name is empty"), "{e}");
    let e = muster(&t).fails(&[&["person", "edit", "KZ999", "--unit", "x"][..], &by].concat());
    assert!(e.contains("KZ999"), "{e}");
    let shown = muster(&t).ok(&["person", "show", "KZ100102", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["changes"].as_array().unwrap().len(), 1);
    assert_eq!(v["person"]["family_name"], "Жолдасбаев");
}

/// The rotation after KAZBAT-4 (training 10 Jan 2022, deploying 1 Jul 2022).
fn kazbat5(t: &TempDb) {
    muster(t).ok(&[
        "contingent",
        "add",
        "KAZBAT-5",
        "--name",
        "5th rotation",
        "--mission",
        "UNIFIL",
        "--training-start",
        "2022-01-10",
        "--deploy-on",
        "2022-07-01",
        "--by",
        "капитан Омаров",
    ]);
}

/// An old rotation archived: gone from `contingent list`, shown by `--all`, its readiness
/// still there by code; the last one in use is refused in one line.
#[test]
fn contingent_archive_hides_a_rotation_and_restore_brings_it_back() {
    let t = TempDb::new();
    kazbat(&t);
    let by = ["--by", "капитан Омаров"];
    let e = muster(&t).fails(
        &[
            &["contingent", "archive", "KAZBAT-4", "--reason", "tour over"][..],
            &by,
        ]
        .concat(),
    );
    assert!(e.contains("last contingent in use"), "{e}");
    kazbat5(&t);
    let out = muster(&t).ok(&[
        &["contingent", "archive", "kazbat-4", "--reason", "tour over"][..],
        &by,
    ]
    .concat());
    assert!(out.starts_with("kazbat-4 archived"), "{out}");
    let list = muster(&t).ok(&["contingent", "list"]);
    assert!(
        !list.contains("KAZBAT-4") && list.contains("KAZBAT-5"),
        "{list}"
    );
    let all = muster(&t).ok(&["contingent", "list", "--all"]);
    assert!(
        all.contains("KAZBAT-4") && all.contains("archived 20"),
        "{all}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&muster(&t).ok(&["contingent", "list", "--all", "--format", "json"]))
            .unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["contingent"]["code"], "KAZBAT-4");
    assert_eq!(rows[1]["archived_by"], "капитан Омаров");
    // Still there by code.
    muster(&t).ok(&["readiness", "KAZBAT-4", "--as-of", "2021-05-01"]);
    let again = muster(&t).ok(&[
        &["contingent", "archive", "KAZBAT-4", "--reason", "x"][..],
        &by,
    ]
    .concat());
    assert_eq!(again, "KAZBAT-4 was already archived\n");
    assert_eq!(
        muster(&t).ok(&[&["contingent", "restore", "KAZBAT-4"][..], &by].concat()),
        "KAZBAT-4 is in use again\n"
    );
    assert!(muster(&t).ok(&["contingent", "list"]).contains("KAZBAT-4"));
    assert!(muster(&t).run(&["check"]).status.success());
}

/// `person show` lists every rotation with the standing in it, and a certificate from an
/// earlier rotation that still counts is named with where it came from.
#[test]
fn person_show_lists_every_rotation_and_what_was_carried_over() {
    let t = TempDb::new();
    kazbat(&t);
    let by = ["--by", "капитан Омаров"];
    kazbat5(&t);
    muster(&t).ok(&[
        &["person", "assign", "KZ100102", "--contingent", "KAZBAT-5"][..],
        &by,
    ]
    .concat());
    // First aid (valid 36 months) in the first rotation's training.
    muster(&t).ok(&[
        &[
            "log",
            "--module",
            "BFAC",
            "--date",
            "2021-03-01",
            "--result",
            "pass",
            "KZ100102",
        ][..],
        &by,
    ]
    .concat());
    let shown = muster(&t).ok(&[
        "person",
        "show",
        "KZ100102",
        "--as-of",
        "2022-02-01",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&shown).unwrap();
    let rs = v["rotations"].as_array().unwrap();
    assert_eq!(rs.len(), 2);
    assert_eq!(rs[0]["code"], "KAZBAT-4");
    assert_eq!(
        rs[0]["judged_on"], "2021-07-01",
        "a deployed rotation: its deployment day"
    );
    assert_eq!(rs[1]["code"], "KAZBAT-5");
    assert_eq!(rs[1]["judged_on"], "2022-02-01");
    let bfac = rs[1]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "BFAC")
        .unwrap();
    assert_eq!(bfac["carried_over"], true);
    assert_eq!(bfac["earned_in"], "KAZBAT-4");
    assert_eq!(bfac["status"]["status"], "complete");
    let table = muster(&t).ok(&["person", "show", "KZ100102", "--as-of", "01.02.2022"]);
    assert!(table.contains("rotations:"), "{table}");
    assert!(table.contains("BFAC 2021-03-01 (KAZBAT-4)"), "{table}");
    let e = muster(&t).fails(&["person", "show", "KZ100102", "--as-of", "31.02.2022"]);
    assert!(e.starts_with("muster: --as-of:"), "{e}");
}

#[test]
fn person_remove_takes_a_soldier_off_the_roster_and_assign_puts_them_back() {
    let t = TempDb::new();
    kazbat(&t);
    let count = |t: &TempDb| {
        let r: serde_json::Value =
            serde_json::from_str(&muster(t).ok(&["readiness", "KAZBAT-4", "--format", "json"]))
                .unwrap();
        r["summary"]["personnel"].as_u64().unwrap()
    };
    let before = count(&t);
    let remove = [
        "person",
        "remove",
        "KZ100102",
        "--contingent",
        "KAZBAT-4",
        "--by",
        "капитан Омаров",
        "--reason",
        "injured: replaced by KZ100199",
    ];
    assert_eq!(
        muster(&t).ok(&remove),
        "KZ100102 taken off the roster of KAZBAT-4\n"
    );
    assert_eq!(count(&t), before - 1);
    let e = muster(&t).fails(&remove);
    assert_eq!(e, "muster: KZ100102 is not on the roster of KAZBAT-4");
    let e = muster(&t).fails(&[
        "person",
        "remove",
        "KZ100103",
        "--contingent",
        "KAZBAT-4",
        "--by",
        "x",
        "--reason",
        " ",
    ]);
    assert_eq!(e, "muster: reason is empty", "a reason is required");

    let assign = [
        "person",
        "assign",
        "KZ100102",
        "--contingent",
        "KAZBAT-4",
        "--by",
        "капитан Омаров",
    ];
    assert_eq!(
        muster(&t).ok(&assign),
        "KZ100102 is on the roster of KAZBAT-4\n"
    );
    assert_eq!(count(&t), before);
    let e = muster(&t).fails(&assign);
    assert_eq!(e, "muster: KZ100102 is already on the roster of KAZBAT-4");
}

#[test]
fn log_marks_who_failed_and_own_scores_in_one_session() {
    let t = TempDb::new();
    kazbat(&t);
    let out = muster(&t).ok(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "15.02.2021",
        "--result",
        "pass",
        "--score",
        "90",
        "--by",
        "капитан Омаров",
        "--failed",
        "kz100102",
        "--score-for",
        "KZ100102=41",
        "--score-for",
        "KZ100101=97,5",
        "KZ100101",
        "KZ100102",
    ]);
    assert!(
        out.starts_with("recorded ROE for 2 attendees on 2021-02-15: 1 passed, 1 failed"),
        "{out}"
    );
    let last = |sn: &str| {
        let h: serde_json::Value =
            serde_json::from_str(&muster(&t).ok(&["history", sn, "--format", "json"])).unwrap();
        let r = h["records"].as_array().unwrap().last().unwrap().clone();
        (r["result"].clone(), r["score"].clone())
    };
    assert_eq!(last("KZ100101"), (json!("pass"), json!(97.5)));
    assert_eq!(last("KZ100102"), (json!("fail"), json!(41.0)));

    // Slips refuse the whole session: someone failed who was not there, a bad pair.
    let base = [
        "log",
        "--module",
        "POC",
        "--date",
        "15.02.2021",
        "--result",
        "pass",
        "--by",
        "x",
    ];
    let e = muster(&t).fails(&[&base[..], &["--failed", "KZ100103", "KZ100101"]].concat());
    assert!(
        e.contains("KZ100103") && e.contains("not among the attendees"),
        "{e}"
    );
    let e = muster(&t).fails(&[&base[..], &["--score-for", "KZ100101", "KZ100101"]].concat());
    assert!(e.contains("SERVICE_NUMBER=SCORE"), "{e}");
    let h: serde_json::Value =
        serde_json::from_str(&muster(&t).ok(&["history", "KZ100101", "--format", "json"])).unwrap();
    assert!(h["records"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["module"] != "POC"));
}

/// A session of a module taken again each rotation, dated before the contingent began
/// training, is recorded but said: it counts for no one there. A module that carries over
/// (SEA) and a session on or after the start say nothing.
#[test]
fn a_session_before_training_start_is_recorded_and_said() {
    let t = TempDb::new();
    kazbat(&t);
    let log = |module: &str, date: &str, who: &[&str]| {
        let mut args = vec![
            "log", "--module", module, "--date", date, "--result", "pass", "--by", "op",
        ];
        args.extend(who);
        muster(&t).said(&args)
    };
    let (code, said) = log("roe", "10.01.2021", &["KZ100101", "kz100102"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.starts_with("recorded ROE for 2 attendees"), "{said}");
    assert!(
        said.ends_with(
            "note: ROE is taken again each rotation, and 2021-01-10 is before KAZBAT-4's \
             training started (2021-01-11): recorded, but it does not count towards KAZBAT-4 \
             for KZ100101, kz100102\n"
        ),
        "{said}"
    );
    for (module, date) in [("SEA", "10.01.2021"), ("ROE", "11.01.2021")] {
        let (code, said) = log(module, date, &["KZ100101"]);
        assert_eq!(code, 0, "{said}");
        assert!(!said.contains("note:"), "{module} {date}: {said}");
    }
    // A correction that moves a record there says the same (it used to say nothing, and
    // the soldier silently read as not ready).
    let (_, said) = log("ROE", "12.01.2021", &["KZ100103"]);
    let id = logged_id(&said, "KZ100103");
    let (code, said) = muster(&t).said(&[
        "amend",
        &id,
        "--date",
        "09.01.2021",
        "--reason",
        "typed wrong",
        "--by",
        "op",
    ]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains(
            "note: ROE is taken again each rotation, and 2021-01-09 is before KAZBAT-4's \
             training started (2021-01-11): recorded, but it does not count towards KAZBAT-4 \
             for KZ100103"
        ),
        "{said}"
    );
}

/// A soldier put on the roster of a rotation whose training and tour overlap one they are
/// already on is warned of, by `person assign` and by `person show`, until taken off one.
#[test]
fn a_soldier_on_two_overlapping_rotations_is_warned_of() {
    let t = TempDb::new();
    kazbat(&t);
    let by = ["--by", "капитан Омаров"];
    muster(&t).ok(&[
        &[
            "contingent",
            "add",
            "KAZBAT-4B",
            "--name",
            "reinforcement",
            "--mission",
            "UNIFIL",
            "--training-start",
            "2021-06-01",
            "--deploy-on",
            "2021-10-01",
            "--tour-months",
            "3",
        ][..],
        &by,
    ]
    .concat());
    kazbat5(&t);
    let warning = "warning: on the rosters of KAZBAT-4 and KAZBAT-4B at once, whose training \
                   and tours overlap: a soldier serves in one rotation at a time; take them \
                   off the roster they left (`muster person remove`)";
    // KAZBAT-5 trains after KAZBAT-4's tour: no word.
    let out = muster(&t).ok(&[
        &["person", "assign", "KZ100102", "--contingent", "KAZBAT-5"][..],
        &by,
    ]
    .concat());
    assert_eq!(out, "KZ100102 is on the roster of KAZBAT-5\n");
    let out = muster(&t).ok(&[
        &["person", "assign", "KZ100102", "--contingent", "KAZBAT-4B"][..],
        &by,
    ]
    .concat());
    assert_eq!(
        out,
        format!("KZ100102 is on the roster of KAZBAT-4B\n{warning}\n")
    );
    assert!(muster(&t)
        .ok(&["person", "show", "KZ100102"])
        .contains(warning));
    muster(&t).ok(&[
        &[
            "person",
            "remove",
            "KZ100102",
            "--contingent",
            "KAZBAT-4",
            "--reason",
            "moved to the reinforcement",
        ][..],
        &by,
    ]
    .concat());
    assert!(!muster(&t)
        .ok(&["person", "show", "KZ100102"])
        .contains("warning"));
}

/// A rotation's dates changed so that its span overlaps another's, or a rotation brought
/// back from the archive: the soldiers on both rosters are named, as a roster import names
/// them.
#[test]
fn contingent_edit_and_restore_warn_of_soldiers_on_two_overlapping_rotations() {
    let t = TempDb::new();
    kazbat(&t);
    kazbat5(&t);
    let by = ["--by", "капитан Омаров"];
    let assigned = muster(&t).ok(&[
        &["person", "assign", "KZ100102", "--contingent", "KAZBAT-5"][..],
        &by,
    ]
    .concat());
    assert!(!assigned.contains("warning"), "{assigned}");
    let warning = "warning: 1 person on the roster of KAZBAT-5 is also on the roster of \
                   KAZBAT-4, whose training and tour overlap: KZ100102;";
    let two = "warning: 2 people on the roster of KAZBAT-5 are also on the roster of \
               KAZBAT-4, whose training and tour overlap: KZ100102, KZ100103;";
    let edited = muster(&t).ok(&[
        &[
            "contingent",
            "edit",
            "KAZBAT-5",
            "--training-start",
            "2021-12-01",
        ][..],
        &by,
    ]
    .concat());
    assert!(edited.contains(warning), "{edited}");
    muster(&t).ok(&[
        &["contingent", "archive", "KAZBAT-5", "--reason", "not yet"][..],
        &by,
    ]
    .concat());
    // Put on an archived rotation's roster: said, so a mistaken code is seen.
    let onto_archived = muster(&t).ok(&[
        &["person", "assign", "KZ100103", "--contingent", "KAZBAT-5"][..],
        &by,
    ]
    .concat());
    assert!(
        onto_archived.contains("note: KAZBAT-5 is archived: its roster is history"),
        "{onto_archived}"
    );
    let restored = muster(&t).ok(&[&["contingent", "restore", "KAZBAT-5"][..], &by].concat());
    assert!(
        restored.starts_with("KAZBAT-5 is in use again\n") && restored.contains(two),
        "{restored}"
    );
    let back = muster(&t).ok(&[
        &[
            "contingent",
            "edit",
            "KAZBAT-5",
            "--training-start",
            "2022-01-10",
        ][..],
        &by,
    ]
    .concat());
    assert!(!back.contains("warning"), "{back}");
}

/// A soldier's changes put back by an undo with its default reason name the import once:
/// "undo of the import of b.csv (…)", not "undo of import b.csv: undo of the import of
/// b.csv (…)".
#[test]
fn an_undo_with_its_default_reason_names_the_import_once() {
    let t = TempDb::new();
    kazbat(&t);
    let head = std::fs::read_to_string(support::fixture_file("sample_roster.csv")).unwrap();
    let header = head.lines().next().unwrap();
    let row = head
        .lines()
        .find(|l| l.starts_with("KZ100102"))
        .unwrap()
        .replace("1 взвод", "3 взвод");
    let b = t.file("b.csv", &format!("{header}\n{row}\n"));
    let said = muster(&t).ok(&[
        "import",
        "roster",
        b.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
        "--by",
        "op",
    ]);
    let id = said
        .split("import #")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .unwrap()
        .to_string();
    muster(&t).ok(&["import", "undo", &id, "--by", "op"]);
    let shown = muster(&t).ok(&["person", "show", "KZ100102"]);
    assert!(shown.contains("(undo of the import of b.csv ("), "{shown}");
    assert!(
        !shown.contains("undo of import b.csv: undo of the import"),
        "{shown}"
    );
}

/// `--score` and `--score-for` read a score as a file's cell does: `85%`, `84,5 %`; a
/// fraction is refused saying what to write.
#[test]
fn a_score_typed_as_a_percentage_is_read_on_the_command_line_too() {
    let t = TempDb::new();
    kazbat(&t);
    let said = muster(&t).ok(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "12.01.2021",
        "--result",
        "pass",
        "--score",
        "85%",
        "--score-for",
        "KZ100102=84,5 %",
        "--by",
        "op",
        "KZ100101",
        "KZ100102",
    ]);
    assert!(said.starts_with("recorded ROE for 2 attendees"), "{said}");
    let h: serde_json::Value =
        serde_json::from_str(&muster(&t).ok(&["history", "KZ100102", "--format", "json"])).unwrap();
    assert_eq!(h["records"][0]["score"], 84.5);
    let e = muster(&t).fails(&[
        "log",
        "--module",
        "SEA",
        "--date",
        "12.01.2021",
        "--result",
        "pass",
        "--score",
        "0,5",
        "--by",
        "op",
        "KZ100101",
    ]);
    assert!(
        e.contains("is a fraction, but a score is a percentage: write 50"),
        "{e}"
    );
}

/// Voiding a correction says that what it corrected stays replaced, so no record of the
/// session counts: an officer "reverting" a bad edit learns it at once.
#[test]
fn voiding_a_correction_says_the_session_no_longer_counts() {
    let t = TempDb::new();
    kazbat(&t);
    let log = |module: &str, sn: &str| {
        let said = muster(&t).ok(&[
            "log",
            "--module",
            module,
            "--date",
            "12.01.2021",
            "--result",
            "pass",
            "--by",
            "op",
            sn,
        ]);
        logged_id(&said, sn)
    };
    let first = log("ROE", "KZ100101");
    let fixed = muster(&t).ok(&[
        "amend", &first, "--score", "99", "--reason", "typo", "--by", "op",
    ]);
    let fixed = fixed.split_whitespace().last().unwrap().to_string();
    let (code, said) = muster(&t).said(&["void", &fixed, "--reason", "wrong", "--by", "op"]);
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains(&format!(
            "note: {fixed} corrected {first}, which stays replaced: no record of this session counts for ROE now"
        )),
        "{said}"
    );
    // A record that corrects nothing says nothing more.
    let sea = log("SEA", "KZ100102");
    let (_, said) = muster(&t).said(&["void", &sea, "--reason", "wrong", "--by", "op"]);
    assert!(!said.contains("note:"), "{said}");
}

/// The short record id `muster log` printed beside `sn`.
fn logged_id(said: &str, sn: &str) -> String {
    said.lines()
        .find_map(|l| l.trim().strip_prefix(sn))
        .unwrap_or_else(|| panic!("no record of {sn} in {said}"))
        .trim()
        .to_string()
}

/// `--applies-to` takes categories in the words a roster uses (Russian, Kazakh, as `person
/// edit --category` does): the refusal used to offer Russian words it then refused.
#[test]
fn applies_to_takes_the_category_words_a_roster_uses() {
    let t = TempDb::new();
    kazbat(&t);
    let m = muster(&t).by("op");
    m.ok(&[
        "curriculum",
        "set",
        "ROE",
        "--applies-to",
        "офицер",
        "--applies-to",
        "сержант",
    ]);
    let listed = m.ok(&["curriculum", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let roe = v
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "ROE")
        .unwrap()
        .clone();
    assert_eq!(roe["applies_to"], serde_json::json!(["officer", "nco"]));
    let e = m.fails(&["curriculum", "set", "ROE", "--applies-to", "генерал"]);
    assert!(e.contains("category \"генерал\""), "{e}");
}

/// Two notes a session or a correction can earn, on the error stream (what was saved is
/// the output): an attendee on no roster, and a correction that now decides a day another
/// record of it decided (a correction counts as entered when it is made, rule 2).
#[test]
fn a_session_and_a_correction_say_what_they_change_unawares() {
    let t = TempDb::new();
    kazbat(&t);
    let m = muster(&t).by("op");
    m.ok(&[
        "person",
        "remove",
        "KZ100102",
        "--contingent",
        "KAZBAT-4",
        "--reason",
        "замена",
    ]);
    let o = m.run(&[
        "log",
        "--module",
        "POC",
        "--date",
        "2021-03-01",
        "--result",
        "pass",
        "KZ100101",
        "KZ100102",
    ]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("note: KZ100102 is on no roster"), "{err}");
    assert!(!err.contains("KZ100101"), "{err}");
    let fail = logged_id(
        &m.ok(&[
            "log",
            "--module",
            "ROE",
            "--date",
            "2021-03-02",
            "--result",
            "fail",
            "KZ100101",
        ]),
        "KZ100101",
    );
    m.ok(&[
        "log",
        "--module",
        "ROE",
        "--date",
        "2021-03-02",
        "--result",
        "pass",
        "--score",
        "82",
        "KZ100101",
    ]);
    let o = m.run(&[
        "amend",
        &fail,
        "--score",
        "41",
        "--reason",
        "балл из ведомости",
    ]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("note: KZ100101 has another record of ROE on 2021-03-02 that reads pass"),
        "{err}"
    );
    // One attendee's own score under the pass mark, in a session of several: whose.
    m.ok(&["curriculum", "set", "SEA", "--pass-mark", "70"]);
    let e = m.fails(&[
        "log",
        "--module",
        "SEA",
        "--date",
        "2021-03-03",
        "--result",
        "pass",
        "--score",
        "80",
        "--score-for",
        "KZ100103=65",
        "KZ100101",
        "KZ100103",
    ]);
    assert!(
        e.contains("KZ100103: score 65 is below the pass mark 70 of SEA"),
        "{e}"
    );
}

/// `due` lists certificates that lapse; a module failed or never taken is no expiry, but
/// a reader of "who must retake what" is told how many of those there are, and where they
/// are listed (a failed refresher used to drop its soldier from `due` without a word).
#[test]
fn due_says_how_many_failed_or_untaken_modules_it_does_not_list() {
    let t = TempDb::new();
    let m = muster(&t).by("op");
    m.ok(&["demo"]);
    let text = m.ok(&["due", "DEMO"]);
    let also = text.lines().find(|l| l.starts_with("also: ")).expect(&text);
    assert!(also.contains("not yet taken, by "), "{also}");
    assert!(also.ends_with("see `muster readiness DEMO`"), "{also}");
    let json = m.ok(&["due", "DEMO", "--format", "json"]);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    assert!(!json.contains("also:"));
}

/// The same roster file read again, after a promotion entered by hand: the file sets the
/// rank back (it is the later word, as any import is), and now says so, naming who set it
/// by hand and when; a detail the file changes that nobody corrected by hand is not named.
#[test]
fn a_roster_read_again_says_which_hand_corrections_it_sets_back() {
    let t = TempDb::new();
    kazbat(&t);
    let m = muster(&t).by("лейтенант Ким");
    m.ok(&["person", "edit", "KZ100102", "--rank", "старшина"]);
    let roster = support::fixture_file("sample_roster.csv");
    let o = m.run(&[
        "import",
        "roster",
        roster.to_str().unwrap(),
        "--contingent",
        "KAZBAT-4",
    ]);
    assert!(o.status.success());
    let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        said.contains("KZ100102 rank: «старшина» was set by hand (лейтенант Ким,"),
        "{said}"
    );
    assert!(
        said.contains("it sets it back to «старший сержант»"),
        "{said}"
    );
    assert_eq!(said.matches("was set by hand").count(), 1, "{said}");
}
