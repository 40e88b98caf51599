//! The store on a real database file: pragmas, schema guarantees, append-only records,
//! corrections that supersede, and readiness that follows them.

mod support;

use muster::domain::{AttemptPatch, NewAttempt, Outcome, RecordState};
use muster::readiness;
use muster::rules::Status;
use muster::{store::db, Error, Store};
use support::{d, kazbat, TempDb};

fn session(module: &str, date: &str, result: Outcome, sns: &[&str]) -> Vec<NewAttempt> {
    sns.iter()
        .map(|sn| NewAttempt {
            service_number: sn.to_string(),
            module: module.into(),
            date: d(date),
            result,
            score: Some(80.0),
            hours: Some(4.0),
            instructor: "майор Ахметов Қ.".into(),
            notes: String::new(),
        })
        .collect()
}

/// A store with KAZBAT-4 and the sample roster imported.
fn with_roster(t: &TempDb) -> Store {
    let mut s = t.store();
    s.add_contingent(&kazbat(), "test").unwrap();
    let f = support::fixture_file("sample_roster.csv");
    let table = muster::import::Table::open_csv(&f).unwrap();
    let r = muster::import::import_roster(&mut s, table, &f, "KAZBAT-4", "test", false).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    s
}

#[test]
fn a_saved_record_is_durable_and_the_file_is_configured_for_it() {
    let t = TempDb::new();
    drop(t.store());
    let conn = db::open(&t.path).unwrap().conn;
    let get = |p: &str| -> String {
        conn.query_row(&format!("PRAGMA {p}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| format!("{v:?}"))
        .unwrap()
    };
    assert_eq!(get("journal_mode"), "Text(\"wal\")");
    assert_eq!(get("synchronous"), "Integer(2)", "FULL");
    assert_eq!(get("foreign_keys"), "Integer(1)");
    assert_eq!(
        get("user_version"),
        format!("Integer({})", db::SCHEMA_VERSION)
    );
    let non_strict: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%STRICT%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        non_strict.is_empty(),
        "tables without STRICT: {non_strict:?}"
    );
}

#[test]
fn a_database_from_a_newer_muster_is_refused_and_left_untouched() {
    let t = TempDb::new();
    drop(t.store());
    {
        let c = rusqlite::Connection::open(&t.path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&t.path).unwrap();
    let err = Store::open(&t.path).err().expect("refused");
    assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer Muster"), "{err}");
    assert_eq!(std::fs::read(&t.path).unwrap(), before, "file changed");
}

#[test]
fn a_file_that_is_not_a_database_gives_a_clear_error() {
    let t = TempDb::new();
    let text = "service_number;family_name\nKZ1;Омаров\n";
    std::fs::write(&t.path, text).unwrap();
    let err = Store::open(&t.path).err().expect("refused").to_string();
    assert!(err.contains("is not a Muster database"), "{err}");
    assert!(err.contains("left untouched"), "{err}");
    assert_eq!(std::fs::read_to_string(&t.path).unwrap(), text);
}

#[test]
fn attempts_cannot_be_edited_or_deleted_even_with_raw_sql() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    s.log_session(
        &session("ROE", "2021-02-15", Outcome::Pass, &["KZ100101"]),
        "op",
    )
    .unwrap();
    let c = rusqlite::Connection::open(&t.path).unwrap();
    for sql in [
        "UPDATE attempt SET result = 'fail'",
        "DELETE FROM attempt",
        "DELETE FROM audit",
        "UPDATE audit SET actor = 'x'",
        "DELETE FROM person",
    ] {
        let e = c.execute(sql, []).unwrap_err().to_string();
        assert!(
            e.contains("append-only") || e.contains("never deleted"),
            "{sql}: {e}"
        );
    }
}

#[test]
fn a_session_is_saved_whole_or_not_at_all() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let err = s
        .log_session(
            &session(
                "ROE",
                "2021-02-15",
                Outcome::Pass,
                &["KZ100101", "KZ999999", "kz100102"],
            ),
            "op",
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("KZ999999") && err.contains("nothing was saved"),
        "{err}"
    );
    assert!(s.history("KZ100101").unwrap().is_empty());
    // Service numbers match case-insensitively.
    let ids = s
        .log_session(
            &session(
                "roe",
                "2021-02-15",
                Outcome::Pass,
                &["kz100101", " KZ100102 "],
            ),
            "op",
        )
        .unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(s.history("KZ100102").unwrap()[0].attempt.module, "ROE");
}

#[test]
fn bad_session_values_are_refused_with_the_field_named() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let mut bad = session("ROE", "2021-02-15", Outcome::Pass, &["KZ100101"]);
    bad[0].score = Some(140.0);
    assert!(s
        .log_session(&bad, "op")
        .unwrap_err()
        .to_string()
        .contains("score 140"));
    let mut bad = session("ROE", "2021-02-15", Outcome::Pass, &["KZ100101"]);
    bad[0].date = muster::dates::today().succ_opt().unwrap();
    assert!(s
        .log_session(&bad, "op")
        .unwrap_err()
        .to_string()
        .contains("in the future"));
    let e = s
        .log_session(
            &session("NOPE", "2021-02-15", Outcome::Pass, &["KZ100101"]),
            "op",
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("module \"NOPE\" not found"), "{e}");
    let e = s
        .log_session(
            &session("ROE", "2021-02-15", Outcome::Pass, &["KZ100101"]),
            "  ",
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("operator"), "{e}");
    let e = s
        .log_session(
            &session(
                "ROE",
                "2021-02-15",
                Outcome::Pass,
                &["KZ100101", "kz100101"],
            ),
            "op",
        )
        .unwrap_err()
        .to_string();
    assert!(e.contains("listed twice"), "{e}");
    assert!(s.history("KZ100101").unwrap().is_empty());
}

#[test]
fn amend_supersedes_void_withdraws_and_history_keeps_both() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let id = s
        .log_session(
            &session("BFAC", "2021-03-02", Outcome::Fail, &["KZ100103"]),
            "sgt",
        )
        .unwrap()
        .remove(0);
    let as_of = d("2021-05-01");
    let status = |s: &Store| {
        readiness::readiness(s, "KAZBAT-4", as_of)
            .unwrap()
            .personnel
            .into_iter()
            .find(|p| p.service_number == "KZ100103")
            .unwrap()
            .modules["BFAC"]
            .status
    };
    assert_eq!(status(&s), Status::Failed);

    // A wrong result is corrected: the correction supersedes the record.
    let patch = AttemptPatch {
        result: Some(Outcome::Pass),
        ..Default::default()
    };
    let new_id = s
        .amend(&id, &patch, "cpt", "result was misread from the sheet")
        .unwrap();
    assert_eq!(status(&s), Status::Complete);

    // The old record can be neither amended nor voided again.
    assert!(s
        .amend(&id, &patch, "cpt", "again")
        .unwrap_err()
        .to_string()
        .contains("already amended"));
    assert!(s
        .void(&id, "cpt", "x")
        .unwrap_err()
        .to_string()
        .contains("amend"));

    // Voiding the correction leaves nothing counting.
    let e = s.void(&new_id, "cpt", "  ").unwrap_err().to_string();
    assert!(e.contains("reason is empty"), "{e}");
    s.void(&new_id, "cpt", "entered for the wrong soldier")
        .unwrap();
    assert_eq!(status(&s), Status::Missing);
    assert!(s
        .void(&new_id, "cpt", "again")
        .unwrap_err()
        .to_string()
        .contains("already voided"));
    assert!(s
        .amend(&new_id, &patch, "cpt", "x")
        .unwrap_err()
        .to_string()
        .contains("voided"));

    let h = s.history("kz100103").unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].state, RecordState::Superseded);
    assert_eq!(h[0].superseded_by.as_deref(), Some(new_id.as_str()));
    assert_eq!(
        h[0].attempt.result,
        Outcome::Fail,
        "the original is kept as it was"
    );
    assert_eq!(h[1].state, RecordState::Voided);
    assert_eq!(h[1].attempt.supersedes.as_deref(), Some(id.as_str()));
    assert_eq!(
        h[1].attempt.reason.as_deref(),
        Some("result was misread from the sheet")
    );
    let v = h[1].voided.as_ref().unwrap();
    assert_eq!(
        (v.voided_by.as_str(), v.reason.as_str()),
        ("cpt", "entered for the wrong soldier")
    );

    // Every change is in the audit log with old and new values.
    let log = s.audit_log(Some(&id), 10).unwrap();
    assert_eq!(log[0].action, "amend");
    assert_eq!(log[0].old_value.as_ref().unwrap()["result"], "fail");
    assert_eq!(log[0].new_value.as_ref().unwrap()["result"], "pass");
    assert_eq!(s.audit_log(Some(&new_id), 10).unwrap()[0].action, "void");
}

#[test]
fn record_ids_can_be_given_by_a_unique_prefix() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let id = s
        .log_session(
            &session("ROE", "2021-02-15", Outcome::Pass, &["KZ100101"]),
            "op",
        )
        .unwrap()
        .remove(0);
    assert_eq!(s.attempt(&id[..13]).unwrap().attempt.id, id);
    assert_eq!(s.attempt(&id.to_uppercase()).unwrap().attempt.id, id);
    assert!(s
        .attempt("0000000000")
        .unwrap_err()
        .to_string()
        .contains("not found"));
    assert!(s
        .attempt("zz'; drop")
        .unwrap_err()
        .to_string()
        .contains("not a record id"));
}

#[test]
fn readiness_of_the_sample_files() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let f = support::fixture_file("sample_completions.csv");
    let table = muster::import::Table::open_csv(&f).unwrap();
    let r =
        muster::import::import_completions(&mut s, table, &f, "test", false, &mut |_| {}).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.attempts_new, 6);

    let rd = readiness::readiness(&s, "KAZBAT-4", d("2021-05-01")).unwrap();
    let st = |sn: &str, m: &str| {
        rd.personnel
            .iter()
            .find(|p| p.service_number == sn)
            .unwrap()
            .modules[m]
    };
    assert_eq!(st("KZ100101", "ROE").status, Status::Complete);
    assert_eq!(
        st("KZ100103", "BFAC").status,
        Status::Complete,
        "fail then pass"
    );
    assert_eq!(st("KZ100103", "BFAC").expires_on, Some(d("2024-03-20")));
    // SEA passed 10.09.2020, valid 12 months: valid on 1 Jul 2021, lapses in the tour.
    assert_eq!(st("KZ100104", "SEA").status, Status::Expiring);
    assert_eq!(st("KZ100104", "SEA").expires_on, Some(d("2021-09-10")));
    assert_eq!(
        st("KZ100105", "KINPOT").status,
        Status::Complete,
        "lower-case code, ISO date"
    );
    assert_eq!(st("KZ100102", "CULT").status, Status::Missing);
    assert_eq!(rd.summary.personnel, 5);
    assert_eq!(rd.summary.ready, 0);
    assert_eq!(
        rd.summary.by_gender[&muster::domain::Gender::F].personnel,
        1
    );
    let sea = rd.modules.iter().find(|m| m.code == "SEA").unwrap();
    assert_eq!((sea.expiring, sea.missing), (1, 4));
    // Names are stored exactly, NFC, with Kazakh letters intact.
    let p = s.person("KZ100103").unwrap();
    assert_eq!(p.family_name, "Сейітова");
    assert_eq!(p.patronymic.as_deref(), Some("Серікқызы"));
    assert_eq!(s.person("KZ100102").unwrap().patronymic, None);
}

#[test]
fn curriculum_changes_are_audited_and_retired_modules_stop_counting() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    assert_eq!(s.modules(false).unwrap().len(), 7);
    let v0 = s.curriculum_version().unwrap();
    let mut sea = s.module("sea").unwrap();
    sea.validity_months = Some(24);
    s.update_module(&sea, "cpt").unwrap();
    assert_eq!(s.module("SEA").unwrap().validity_months, Some(24));
    assert!(s.curriculum_version().unwrap() > v0);
    s.retire_module("KINPOT", "cpt", "bilateral course cancelled")
        .unwrap();
    let rd = readiness::readiness(&s, "KAZBAT-4", d("2021-05-01")).unwrap();
    assert!(rd.modules.iter().all(|m| m.code != "KINPOT"));
    assert_eq!(s.modules(true).unwrap().len(), 7);
    assert!(s.retire_module("KINPOT", "cpt", "x").is_err());
    // Seeding again never brings a module back.
    assert!(!s.seed_default_curriculum("x").unwrap());
    assert_eq!(s.modules(false).unwrap().len(), 6);
}

#[test]
fn the_demo_loads_once() {
    let t = TempDb::new();
    let mut s = t.store();
    let today = d("2026-11-27");
    assert!(muster::demo::load(&mut s, today).unwrap());
    assert!(!muster::demo::load(&mut s, today).unwrap());
    let rd = readiness::readiness(&s, "DEMO", today).unwrap();
    assert_eq!(rd.summary.personnel, 122);
    assert_eq!(rd.summary.by_unit.len(), 4, "company HQ and three platoons");
    assert!(
        rd.summary.ready > 0 && rd.summary.ready < 122,
        "part-way: {}",
        rd.summary.ready
    );
    assert!(rd
        .modules
        .iter()
        .all(|m| m.complete > 0 && m.missing + m.failed + m.expired > 0));
    assert!(rd.summary.by_gender.len() == 2);
    // Computing from a borrowed input (as the weekly trend does) gives the same answer.
    let input = s.readiness_input("DEMO").unwrap();
    assert_eq!(readiness::compute(&input, today), rd);
    assert_eq!(readiness::compute_owned(input, today), rd);
}

#[test]
fn the_default_curriculum_is_titled_in_three_languages_and_each_edits_alone() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    for m in s.modules(false).unwrap() {
        for lang in [muster::domain::Lang::Ru, muster::domain::Lang::Kk] {
            assert_ne!(m.title_in(lang), m.title, "{} in {lang:?}", m.code);
        }
    }
    let roe = s.module("ROE").unwrap();
    assert_eq!(
        roe.title_in(muster::domain::Lang::Ru),
        "Правила применения силы"
    );
    assert_eq!(
        roe.title_in(muster::domain::Lang::Kk),
        "Күш қолдану ережелері"
    );
    let patch = muster::domain::ModulePatch {
        title_kk: Some("  Күш қолдану тәртібі ".into()),
        ..Default::default()
    };
    let v0 = s.curriculum_version().unwrap();
    let m = s.change_module("roe", &patch, "cpt").unwrap();
    assert_eq!(m.title_kk.as_deref(), Some("Күш қолдану тәртібі"));
    assert_eq!(m.title_ru.as_deref(), Some("Правила применения силы"));
    assert_eq!(m.title, "Rules of engagement");
    assert_eq!(s.curriculum_version().unwrap(), v0 + 1);
    let log = s.audit_log(Some("ROE"), 1).unwrap();
    assert_eq!(log[0].action, "change");
    // An empty title removes it: the title as typed shows.
    let patch = muster::domain::ModulePatch {
        title_ru: Some(String::new()),
        ..Default::default()
    };
    let m = s.change_module("ROE", &patch, "cpt").unwrap();
    assert_eq!(m.title_ru, None);
    assert_eq!(m.title_in(muster::domain::Lang::Ru), "Rules of engagement");
    let report = muster::check::check_store(&s).unwrap();
    assert!(report.ok(), "{:?}", report.findings);
}

/// A correction is held to today's rules only in what it changes. A pass entered under a
/// pass mark of 70 with 80, the mark since raised to 90: its instructor can still be put
/// right (it used to be refused as "below the pass mark"), while a new score under 90 is
/// refused as ever. The day kept is not judged again either.
#[test]
fn a_correction_is_checked_in_what_it_changes() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    s.change_module(
        "ROE",
        &muster::domain::ModulePatch {
            pass_mark: Some(Some(70.0)),
            ..Default::default()
        },
        "test",
    )
    .unwrap();
    let ids = s
        .log_session(
            &session("ROE", "2021-03-01", Outcome::Pass, &["KZ100102"]),
            "test",
        )
        .unwrap();
    s.change_module(
        "ROE",
        &muster::domain::ModulePatch {
            pass_mark: Some(Some(90.0)),
            ..Default::default()
        },
        "test",
    )
    .unwrap();
    let fixed = s
        .amend(
            &ids[0],
            &AttemptPatch {
                instructor: Some("майор Ахметов Қ. (INDBATT)".into()),
                ..Default::default()
            },
            "test",
            "instructor's unit left out",
        )
        .unwrap();
    let e = s
        .amend(
            &fixed,
            &AttemptPatch {
                score: Some(Some(85.0)),
                ..Default::default()
            },
            "test",
            "score from the sheet",
        )
        .unwrap_err();
    assert!(e.to_string().contains("below the pass mark 90"), "{e}");
}
