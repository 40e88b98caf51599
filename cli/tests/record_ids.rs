//! Record ids as people use them: the short form (the id's last 8 hex digits, from its
//! random part) tells apart the records of one session, whose ids all begin with the same
//! timestamp; the full id always works; a short form two records share is refused with
//! both named. Through the store and through the `muster` command line.

#[path = "../../tests/support/mod.rs"]
mod support;

use muster::domain::{NewAttempt, Outcome};
use muster::record_id::short;
use muster::{store::db, Store};
use support::cli::muster;
use support::{d, TempDb};

const SNS: [&str; 5] = ["KZ100101", "KZ100102", "KZ100103", "KZ100104", "KZ100105"];

fn with_roster(t: &TempDb) -> Store {
    let mut s = t.store();
    s.add_contingent(&support::kazbat(), "test").unwrap();
    let f = support::fixture_file("sample_roster.csv");
    let table = muster::import::Table::open_csv(&f).unwrap();
    muster::import::import_roster(&mut s, table, &f, "KAZBAT-4", "test", false).unwrap();
    s
}

/// One session of the whole sample roster: five records saved in one transaction.
fn one_session(s: &mut Store) -> Vec<String> {
    let entries: Vec<NewAttempt> = SNS
        .iter()
        .map(|sn| NewAttempt {
            service_number: sn.to_string(),
            module: "ROE".into(),
            date: d("2021-02-15"),
            result: Outcome::Pass,
            score: None,
            hours: None,
            instructor: String::new(),
            notes: String::new(),
        })
        .collect();
    s.log_session(&entries, "op").unwrap()
}

/// Adds a record that is a copy of `of` under the id `id` (raw SQL: the store makes its
/// own ids, and two sharing an ending is what a large database meets sooner or later).
fn copy_as(t: &TempDb, of: &str, id: &str) {
    db::open(&t.path)
        .unwrap()
        .conn
        .execute(
            "INSERT INTO attempt (id, person_id, module_id, date, result, score, hours,
                 instructor, notes, recorded_by, recorded_at)
             SELECT ?1, person_id, module_id, date, result, score, hours, instructor, notes,
                 recorded_by, recorded_at FROM attempt WHERE id = ?2",
            [id, of],
        )
        .unwrap();
}

#[test]
fn the_records_of_one_session_share_a_beginning_but_not_a_short_form() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let ids = one_session(&mut s);
    // What went wrong before: the beginning is the time, the same for the whole session.
    let e = s.attempt(&ids[0][..8]).unwrap_err().to_string();
    assert!(e.contains("matches 5 records"), "{e}");
    for (id, sn) in ids.iter().zip(SNS) {
        let found = s.attempt(short(id)).unwrap();
        assert_eq!(
            (
                found.attempt.id.as_str(),
                found.attempt.service_number.as_str()
            ),
            (id.as_str(), sn)
        );
        // As the app shows it, in capitals, and in full.
        assert_eq!(
            s.attempt(&format!("…{}", short(id))).unwrap().attempt.id,
            *id
        );
        assert_eq!(
            s.attempt(&short(id).to_uppercase()).unwrap().attempt.id,
            *id
        );
        assert_eq!(s.attempt(id).unwrap().attempt.id, *id);
        // A longer ending, with or without its hyphen.
        let tail = &id[id.len() - 17..];
        assert_eq!(s.attempt(tail).unwrap().attempt.id, *id, "{tail}");
        assert_eq!(s.attempt(&tail.replace('-', "")).unwrap().attempt.id, *id);
    }
}

#[test]
fn a_short_form_two_records_share_is_refused_naming_both() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let ids = one_session(&mut s);
    let twin = format!("00000000-0000-7000-8000-0000{}", short(&ids[0]));
    copy_as(&t, &ids[0], &twin);
    let e = s.attempt(short(&ids[0])).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "record id \"{}\" matches 2 records: {twin} (KZ100101, ROE, 2021-02-15); {} (KZ100101, ROE, 2021-02-15); give the full id",
            short(&ids[0]),
            ids[0]
        )
    );
    // Each full id, and an ending long enough to differ, still names one record.
    assert_eq!(s.attempt(&ids[0]).unwrap().attempt.id, ids[0]);
    assert_eq!(s.attempt(&twin).unwrap().attempt.id, twin);
    assert_eq!(s.attempt(&ids[0][24..]).unwrap().attempt.id, ids[0]);
    // Amending or voiding by the shared short form writes nothing.
    let before = s.history("KZ100101").unwrap().len();
    assert!(s.void(short(&ids[0]), "op", "wrong soldier").is_err());
    assert_eq!(s.history("KZ100101").unwrap().len(), before);
}

#[test]
fn a_long_list_of_candidates_shows_five_and_says_how_many() {
    let t = TempDb::new();
    let mut s = with_roster(&t);
    let ids = one_session(&mut s);
    for i in 0..7 {
        copy_as(
            &t,
            &ids[0],
            &format!("abcdef01-0000-7000-8000-00000000000{i}"),
        );
    }
    let e = s.attempt("abcdef01").unwrap_err().to_string();
    assert!(e.starts_with("record id \"abcdef01\" matches 7 records: abcdef01-0000-7000-8000-000000000000 (KZ100101, ROE, 2021-02-15); "), "{e}");
    assert_eq!(e.matches(", ROE, 2021-02-15)").count(), 5, "{e}");
    assert!(
        e.ends_with("-000000000004 (KZ100101, ROE, 2021-02-15); …; give the full id"),
        "{e}"
    );
}

#[test]
fn nothing_that_is_not_an_id_reaches_the_database() {
    let t = TempDb::new();
    let s = with_roster(&t);
    for typed in ["", "1234567", "zz'; drop", "12345678%", "1234_678"] {
        let e = s.attempt(typed).unwrap_err().to_string();
        assert!(e.contains("is not a record id"), "{typed}: {e}");
    }
    let e = s.attempt("0123abcd").unwrap_err().to_string();
    assert_eq!(e, "record \"0123abcd\" not found");
}

#[test]
fn the_command_line_prints_short_forms_and_takes_them_back() {
    let t = TempDb::new();
    drop(with_roster(&t));
    let mut args = vec!["log", "--module", "ROE", "--date", "15.02.2021", "--result"];
    args.extend(["pass", "--by", "op"]);
    args.extend(SNS);
    let out = muster(&t).ok(&args);
    // "  KZ100101  1f3a9c0e": the short form beside each attendee.
    let short_of = |sn: &str| -> String {
        let line = out.lines().find(|l| l.contains(sn)).unwrap();
        line.split_whitespace().last().unwrap().to_string()
    };
    let first = short_of("KZ100101");
    assert_eq!(first.len(), 8, "{out}");
    assert!(first.chars().all(|c| c.is_ascii_hexdigit()), "{out}");

    let amended = muster(&t).ok(&[
        "amend",
        &first,
        "--score",
        "91",
        "--by",
        "op",
        "--reason",
        "score left out",
    ]);
    let correction = amended.trim_end().rsplit(' ').next().unwrap().to_string();
    assert_eq!(
        amended,
        format!("record {first} amended: the correction is {correction}\n")
    );

    // The table shows short forms; the JSON keeps full ids, ending in them.
    let table = muster(&t).ok(&["history", "KZ100101"]);
    let rows: Vec<&str> = table.lines().filter(|l| l.contains("ROE")).collect();
    assert_eq!(rows.len(), 2, "{table}");
    assert!(rows[0].contains(&format!(" {first} ")), "{table}");
    assert!(
        rows[0].contains(&format!("amended by {correction}")),
        "{table}"
    );
    assert!(rows[1].contains(&format!(" {correction} ")), "{table}");
    assert!(
        rows[1].contains(&format!("corrects {first}: score left out")),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&muster(&t).ok(&["history", "KZ100101", "--format", "json"])).unwrap();
    let full = json["records"][0]["id"].as_str().unwrap();
    assert_eq!(full.len(), 36);
    assert_eq!(short(full), first);

    let voided = muster(&t).ok(&[
        "void",
        &correction,
        "--by",
        "op",
        "--reason",
        "wrong soldier",
    ]);
    assert_eq!(voided, format!("voided {correction}\n"));
}
