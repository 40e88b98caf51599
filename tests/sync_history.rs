//! The history travels with the records (bundle format 5, docs/sync.md "History"): the
//! audit trail and the import history reach every installation under the names their
//! writers gave them, once each whatever the route; an import made on one laptop can be
//! undone on another, and the undo comes back.

mod support;

use muster::domain::{PersonPatch, RecordState};
use muster::sync;
use support::records::*;
use support::sites::{import, site, Site};

/// An installation with the curriculum, KAZBAT-4 and three of its people.
fn headquarters() -> Site {
    let mut s = site(0);
    s.store.seed_default_curriculum(BY).unwrap();
    s.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut s.store, &people()[..3]);
    s
}

/// Reads a day's sheet of results at `s`, as its operator.
fn read_sheet(s: &mut Site, name: &str, rows: &str) -> i64 {
    let path = s._dir.path().join(name);
    std::fs::write(
        &path,
        format!("service_number;module;date;result;score;instructor\n{rows}"),
    )
    .unwrap();
    let table = muster::import::Table::open_csv(&path).unwrap();
    let by = s.name.clone();
    let r = muster::import::import_completions(&mut s.store, table, &path, &by, false, &mut |_| {})
        .unwrap();
    assert!(r.committed, "{:?}", r.errors);
    s.store.imports().unwrap()[0].id
}

/// The audit trail as a reader sees it: (who, what, about what), newest first.
fn log_of(s: &Site) -> Vec<(String, String, String)> {
    s.store
        .audit_log(None, 1000)
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, format!("{} {}", e.action, e.entity), e.entity_id))
        .collect()
}

#[test]
fn an_import_made_on_one_laptop_is_undone_on_another_and_the_undo_comes_back() {
    let mut a = headquarters();
    let mut b = site(1);
    b.store.seed_default_curriculum(BY).unwrap();
    read_sheet(
        &mut a,
        "roe-10-jan.csv",
        "KZ100001;ROE;10.01.2025;pass;91;Capt. Mehta\nKZ100002;ROE;10.01.2025;pass;88;Capt. Mehta\n",
    );
    let got = import(
        &mut b,
        &sync::export(&a.store, &a.key).unwrap().bytes,
        false,
    )
    .unwrap();
    assert_eq!((got.added.imports, got.added.records), (1, 2));

    // B holds A's import, with who read which file and what it did, and A's entries.
    let held = &b.store.imports().unwrap()[0];
    assert_eq!(
        (
            held.facts.file_name.as_str(),
            held.facts.operator.as_str(),
            held.facts.counts.attempts_new
        ),
        ("roe-10-jan.csv", a.name.as_str(), 2)
    );
    let b_log = log_of(&b);
    assert!(
        b_log.iter().any(|(who, what, file)| who == &a.name
            && what == "import completions"
            && file.ends_with("roe-10-jan.csv")),
        "{b_log:?}"
    );
    // What is about A alone stayed there: B holds no entry of a bundle A received or a key
    // A trusts, only its own.
    assert!(b_log
        .iter()
        .all(|(who, what, _)| !(who == &a.name
            && (what.ends_with(" bundle") || what.ends_with(" key")))));

    // B undoes it: the records it added are voided there, and the undo goes back to A.
    let undo = b
        .store
        .undo_import(held.id, &b.name.clone(), "the sheet was of another company")
        .unwrap();
    assert_eq!(undo.attempts_voided, 2);
    let back = import(
        &mut a,
        &sync::export(&b.store, &b.key).unwrap().bytes,
        false,
    )
    .unwrap();
    assert_eq!((back.added.imports_undone, back.added.voidings), (1, 2));
    let at_a = &a.store.imports().unwrap()[0];
    assert_eq!(at_a.facts.undone_by.as_deref(), Some(b.name.as_str()));
    assert_eq!(
        at_a.facts.undo_reason.as_deref(),
        Some("the sheet was of another company")
    );
    for h in a.store.history("KZ100001").unwrap() {
        assert_eq!(h.state, RecordState::Voided);
    }
    assert!(log_of(&a).contains(&(b.name.clone(), "undo import".into(), held.id.to_string())));
    // Undone once, it stays undone: A cannot undo it again.
    assert!(a.store.undo_import(at_a.id, BY, "again").is_err());
    for s in [&a, &b] {
        let report = muster::check::check_store(&s.store).unwrap();
        assert!(report.ok(), "{}: {:?}", s.name, report.findings);
    }
}

/// A's entries reach C by two routes (straight, and through B): C holds each once, and
/// lists the log in the same order as A and B do.
#[test]
fn the_audit_trail_reaches_a_third_laptop_once_whatever_the_route() {
    let mut a = headquarters();
    let mut b = site(1);
    let mut c = site(2);
    for s in [&mut b, &mut c] {
        let by = s.name.clone();
        s.store.seed_default_curriculum(&by).unwrap();
    }
    a.store
        .edit_person(
            "KZ100002",
            &PersonPatch {
                unit: Some("2 взвод".into()),
                ..PersonPatch::default()
            },
            BY,
        )
        .unwrap();
    let from_a = sync::export(&a.store, &a.key).unwrap().bytes;
    import(&mut b, &from_a, false).unwrap();
    let from_b = sync::export(&b.store, &b.key).unwrap().bytes;
    let first = import(&mut c, &from_b, false).unwrap();
    assert!(first.added.audit > 0);
    let second = import(&mut c, &from_a, false).unwrap();
    assert_eq!(second.added.changed(), 0, "{:?}", second.added);
    // Each laptop's view of what happened to the records is the same: the receipts of
    // bundles and the trust of keys are each laptop's own.
    let records_log = |s: &Site| -> Vec<(String, String, String)> {
        log_of(s)
            .into_iter()
            .filter(|(_, what, _)| !what.ends_with(" bundle") && !what.ends_with(" key"))
            .collect()
    };
    // A does not hold B's and C's own entries (their curricula): compare what A wrote.
    let of_a = |s: &Site| -> Vec<(String, String, String)> {
        records_log(s)
            .into_iter()
            .filter(|(who, _, _)| who == BY)
            .collect()
    };
    assert_eq!(of_a(&c), of_a(&a));
    assert_eq!(of_a(&b), of_a(&a));
    // The person's history of details is A's edit, on every laptop.
    for s in [&a, &b, &c] {
        let changes = s.store.person_changes("KZ100002").unwrap();
        assert_eq!(changes.len(), 1, "{}", s.name);
        assert_eq!(
            (changes[0].by.as_str(), changes[0].fields[0].new.as_str()),
            (BY, "2 взвод")
        );
    }
}

/// A bundle of format 4 carries no audit trail: the receiver records each row the merge
/// changed in its own log, as before, so the person's history still shows the change.
#[test]
fn a_format_4_bundle_leaves_the_change_in_the_receivers_own_log() {
    let mut a = headquarters();
    let mut b = site(1);
    b.store.seed_default_curriculum(BY).unwrap();
    import(
        &mut b,
        &sync::export(&a.store, &a.key).unwrap().bytes,
        false,
    )
    .unwrap();
    a.store
        .edit_person(
            "KZ100003",
            &PersonPatch {
                rank: Some("младший сержант".into()),
                ..PersonPatch::default()
            },
            BY,
        )
        .unwrap();
    let old = sync::export_format_4(&a.store, &a.key).unwrap().bytes;
    let got = import(&mut b, &old, false).unwrap();
    assert_eq!(got.added.audit, 0);
    let changes = b.store.person_changes("KZ100003").unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].by.as_str(), changes[0].fields[0].new.as_str()),
        (b.name.as_str(), "младший сержант")
    );
}
