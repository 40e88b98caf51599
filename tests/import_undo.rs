//! Undoing a roster import puts back the details it changed (units, ranks, names), on the
//! laptop that read it and on any other that holds it; a detail changed again since is
//! someone's later word and stays, said as such.

mod support;

use muster::domain::Person;
use muster::sync;
use support::records::*;
use support::sites::{import, roster_csv, site, Site};

/// An installation with the curriculum, KAZBAT-4 and four of its people.
fn headquarters() -> Site {
    let mut s = site(0);
    s.store.seed_default_curriculum(BY).unwrap();
    s.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut s.store, &people()[..4]);
    s
}

/// Reads a roster file at `s` whose rows are the people given, as its operator; returns
/// the import's number.
fn read_roster(s: &mut Site, name: &str, rows: &[Person]) -> i64 {
    let path = s._dir.path().join(name);
    std::fs::write(&path, roster_csv(rows)).unwrap();
    let table = muster::import::Table::open_csv(&path).unwrap();
    let by = s.name.clone();
    let r = muster::import::import_roster(&mut s.store, table, &path, CODE, &by, false).unwrap();
    assert!(r.committed, "{:?}", r.errors);
    r.import_id.expect("recorded")
}

fn person(s: &Site, sn: &str) -> Person {
    s.store.person(sn).unwrap()
}

/// The wrong file: the first two people moved to another platoon, the second promoted too,
/// the third renamed; the fourth as on file.
fn wrong_file(s: &Site) -> Vec<Person> {
    let mut rows: Vec<Person> = people()[..4]
        .iter()
        .map(|p| person(s, &p.service_number))
        .collect();
    rows[0].unit = "3 взвод".into();
    rows[1].unit = "3 взвод".into();
    rows[1].rank = "старший сержант".into();
    rows[2].family_name = "Қасымов".into();
    rows
}

#[test]
fn undoing_a_roster_import_puts_back_the_details_it_changed_and_keeps_later_ones() {
    let mut hq = headquarters();
    let before: Vec<Person> = people()[..4]
        .iter()
        .map(|p| person(&hq, &p.service_number))
        .collect();
    let rows = wrong_file(&hq);
    let id = read_roster(&mut hq, "wrong-company.csv", &rows);
    assert_eq!(person(&hq, "KZ100002").rank, "старший сержант");
    // Someone corrects the first soldier's unit by hand after the import: their word.
    hq.store
        .edit_person(
            "KZ100001",
            &muster::domain::PersonPatch {
                unit: Some("2 взвод".into()),
                ..Default::default()
            },
            BY,
        )
        .unwrap();

    let undo = hq
        .store
        .undo_import(id, BY, "the roster of another company")
        .unwrap();
    // The second's unit and rank, the third's name: three groups back; the first's unit
    // kept and said.
    assert_eq!(undo.details_restored, 3, "{undo:?}");
    assert_eq!(undo.details_kept.len(), 1, "{undo:?}");
    let kept = &undo.details_kept[0];
    assert_eq!(
        (kept.key.as_str(), kept.field.as_str(), kept.now.as_str()),
        ("KZ100001", "unit", "2 взвод")
    );
    assert_eq!(person(&hq, "KZ100001").unit, "2 взвод");
    for was in &before[1..] {
        assert_eq!(&person(&hq, &was.service_number), was);
    }
    // Both values stay in the history, the undo's newest, the two details in one change.
    let changes = hq.store.person_changes("KZ100002").unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0].fields.len(), 2, "{changes:?}");
    // Said as the undo of that file, and why; the import's own change is not.
    let undo = changes[0].undo_of.as_ref().expect("said as an undo");
    assert_eq!(
        (undo.file.as_str(), undo.reason.as_str()),
        ("wrong-company.csv", "the roster of another company")
    );
    assert!(changes[1].undo_of.is_none());
    assert_eq!(
        (
            changes[0].fields[0].old.as_str(),
            changes[0].fields[0].new.as_str()
        ),
        ("старший сержант", "сержант")
    );
    // Still exactly as Muster wrote it.
    assert!(muster::check::check_store(&hq.store).unwrap().ok());
}

#[test]
fn a_roster_import_undone_on_another_laptop_puts_its_details_back_everywhere() {
    let mut hq = headquarters();
    let mut platoon = site(1);
    let before: Vec<Person> = people()[..4]
        .iter()
        .map(|p| person(&hq, &p.service_number))
        .collect();
    let rows = wrong_file(&hq);
    read_roster(&mut hq, "wrong-company.csv", &rows);
    // People new to the platoon's laptop arrive as they are: nothing held there changes.
    let first = send(&hq, &mut platoon);
    assert_eq!(first.added.people, 4);
    assert_eq!(first.added.details_changed, 0, "{:?}", first.added);
    assert_eq!(person(&platoon, "KZ100002").rank, "старший сержант");

    // The platoon's laptop undoes it: it knows which details the import changed.
    let held = platoon.store.imports().unwrap()[0].id;
    let undo = platoon
        .store
        .undo_import(held, &platoon.name.clone(), "wrong file")
        .unwrap();
    assert_eq!(
        (undo.details_restored, undo.details_kept.len()),
        (4, 0),
        "{undo:?}"
    );
    // Before headquarters takes the undo in, its dry run names what it would put back,
    // as it reads now and as it will read, and changes nothing.
    let bundle = sync::export(&platoon.store, &platoon.key).unwrap().bytes;
    let preview = import(&mut hq, &bundle, true).unwrap();
    let lines: Vec<String> = preview
        .added
        .details_changed_listed
        .iter()
        .map(|c| c.describe())
        .collect();
    assert_eq!(preview.added.details_changed, 4, "{lines:?}");
    assert!(
        lines.contains(&format!(
            "person KZ100002 rank: «старший сержант» → «{}»",
            before[1].rank
        )),
        "{lines:?}"
    );
    assert!(
        lines.contains(&format!(
            "person KZ100003 family_name: «Қасымов» → «{}»",
            before[2].family_name
        )),
        "{lines:?}"
    );
    assert_eq!(person(&hq, "KZ100002").rank, "старший сержант");
    // Back at headquarters, the details read as before the import there too.
    let received = import(&mut hq, &bundle, false).unwrap();
    assert_eq!(
        received.added.details_changed_listed,
        preview.added.details_changed_listed
    );
    for was in &before {
        assert_eq!(&person(&hq, &was.service_number), was);
        assert_eq!(&person(&platoon, &was.service_number), was);
    }
    // Headquarters' history says why, as the platoon's does: the entry travelled.
    let changes = hq.store.person_changes("KZ100002").unwrap();
    assert_eq!(
        changes[0].undo_of.as_ref().map(|u| u.reason.as_str()),
        Some("wrong file")
    );
    // Undone there already, the import cannot be undone again here.
    let at_hq = hq.store.imports().unwrap()[0].id;
    assert!(hq.store.undo_import(at_hq, BY, "again").is_err());
    // Received again, nothing changes.
    let again = send(&platoon, &mut hq);
    assert_eq!(again.added.changed(), 0);
    assert!(muster::check::check_store(&hq.store).unwrap().ok());
    assert!(muster::check::check_store(&platoon.store).unwrap().ok());
}

#[test]
fn undoing_a_roster_import_that_only_added_people_changes_no_details() {
    let mut hq = site(0);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    let rows = people()[..3].to_vec();
    let id = read_roster(&mut hq, "first.csv", &rows);
    let undo = hq.store.undo_import(id, BY, "wrong contingent").unwrap();
    assert_eq!(
        (
            undo.details_restored,
            undo.details_kept.len(),
            undo.assignments_ended
        ),
        (0, 0, 3)
    );
    // The people stay on file as they were read.
    assert_eq!(person(&hq, "KZ100001").family_name, rows[0].family_name);
}

/// The roster as on file with KZ100003's unit set to `unit`.
fn with_unit(s: &Site, unit: &str) -> Vec<Person> {
    let mut rows: Vec<Person> = people()[..4]
        .iter()
        .map(|p| person(s, &p.service_number))
        .collect();
    rows[2].unit = unit.into();
    rows
}

/// `from` sends everything it holds to `to`.
fn send(from: &Site, to: &mut Site) -> sync::ImportReport {
    import(
        to,
        &sync::export(&from.store, &from.key).unwrap().bytes,
        false,
    )
    .unwrap()
}

/// `a` sends everything it holds to `b`, then `b` to `a`.
fn exchange(a: &mut Site, b: &mut Site) {
    send(a, b);
    send(b, a);
}

fn unit(s: &Site) -> String {
    person(s, "KZ100003").unit
}

#[test]
fn two_imports_undone_in_either_order_leave_the_unit_as_before_both() {
    for first_undone in [0, 1] {
        let mut hq = headquarters();
        assert_eq!(unit(&hq), "1 взвод");
        let rows = with_unit(&hq, "2 взвод");
        let a = read_roster(&mut hq, "week-1.csv", &rows);
        let rows = with_unit(&hq, "3 взвод");
        let b = read_roster(&mut hq, "week-2.csv", &rows);
        let (x, y) = if first_undone == 0 { (a, b) } else { (b, a) };
        hq.store.undo_import(x, BY, "wrong file").unwrap();
        hq.store.undo_import(y, BY, "wrong file").unwrap();
        // Not a value only an undone import ever set.
        assert_eq!(unit(&hq), "1 взвод", "undone {x} then {y}");
        assert!(muster::check::check_store(&hq.store).unwrap().ok());
    }
}

#[test]
fn a_later_import_or_edit_that_set_the_same_value_again_keeps_it() {
    let mut hq = headquarters();
    let rows = with_unit(&hq, "2 взвод");
    let first = read_roster(&mut hq, "week-1.csv", &rows);
    let rows = with_unit(&hq, "3 взвод");
    let second = read_roster(&mut hq, "week-2.csv", &rows);
    let rows = with_unit(&hq, "2 взвод");
    read_roster(&mut hq, "week-3.csv", &rows);
    // The third file says 2 взвод on its own account: undoing the first keeps it, and says so.
    let undo = hq.store.undo_import(first, BY, "wrong file").unwrap();
    assert_eq!(unit(&hq), "2 взвод");
    assert_eq!(undo.details_restored, 0, "{undo:?}");
    assert_eq!(undo.details_kept.len(), 1, "{undo:?}");
    assert_eq!(undo.details_kept[0].now, "2 взвод");
    // Undoing the second changes nothing either: the third still decides.
    hq.store.undo_import(second, BY, "wrong file").unwrap();
    assert_eq!(unit(&hq), "2 взвод");
}

#[test]
fn a_correction_made_on_another_laptop_before_the_undo_reached_it_stands_everywhere() {
    let mut hq = headquarters();
    let mut platoon = site(1);
    let rows = with_unit(&hq, "2 взвод");
    let id = read_roster(&mut hq, "week-1.csv", &rows);
    send(&hq, &mut platoon);
    // The platoon corrects the unit by hand; headquarters, not knowing, undoes the file.
    platoon
        .store
        .edit_person(
            "KZ100003",
            &muster::domain::PersonPatch {
                unit: Some("3 взвод".into()),
                ..Default::default()
            },
            &platoon.name.clone(),
        )
        .unwrap();
    hq.store.undo_import(id, BY, "wrong file").unwrap();
    assert_eq!(unit(&hq), "1 взвод");
    // Whichever way they exchange, both read the platoon's correction: the undo takes back
    // the import's word, not a later one.
    exchange(&mut hq, &mut platoon);
    assert_eq!(
        (unit(&hq), unit(&platoon)),
        ("3 взвод".into(), "3 взвод".into())
    );
    assert!(hq.store.competing_edits().unwrap().is_empty());
    // The history lists the undo (2 → 1) as the newest change, made after the correction
    // it received: what the unit reads is said beside it, on both laptops.
    for s in [&hq, &platoon] {
        let changes = s.store.person_changes("KZ100003").unwrap();
        let said = muster::store::reads_otherwise(&person(s, "KZ100003"), &changes);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(
            (said[0].field, said[0].old.as_str(), said[0].new.as_str()),
            (muster::field::Field::Unit, "1 взвод", "3 взвод")
        );
    }
    // A person whose history ends on what they read has nothing to say.
    let changes = hq.store.person_changes("KZ100001").unwrap();
    assert!(muster::store::reads_otherwise(&person(&hq, "KZ100001"), &changes).is_empty());
}

#[test]
fn two_laptops_each_undoing_one_of_two_imports_agree_on_the_value_before_both() {
    let mut hq = headquarters();
    let mut platoon = site(1);
    let rows = with_unit(&hq, "2 взвод");
    read_roster(&mut hq, "week-1.csv", &rows);
    let rows = with_unit(&hq, "3 взвод");
    read_roster(&mut hq, "week-2.csv", &rows);
    send(&hq, &mut platoon);
    let ids = |s: &Site| -> Vec<i64> {
        let mut l = s.store.imports().unwrap();
        l.sort_by(|a, b| a.facts.imported_at.cmp(&b.facts.imported_at));
        l.iter().map(|i| i.id).collect()
    };
    let (at_hq, at_platoon) = (ids(&hq), ids(&platoon));
    hq.store.undo_import(at_hq[1], BY, "wrong file").unwrap();
    platoon
        .store
        .undo_import(at_platoon[0], &platoon.name.clone(), "wrong file")
        .unwrap();
    assert_eq!(
        (unit(&hq), unit(&platoon)),
        ("2 взвод".into(), "3 взвод".into())
    );
    exchange(&mut hq, &mut platoon);
    assert_eq!(
        (unit(&hq), unit(&platoon)),
        ("1 взвод".into(), "1 взвод".into())
    );
    assert!(muster::check::check_store(&hq.store).unwrap().ok());
    assert!(muster::check::check_store(&platoon.store).unwrap().ok());
}

#[test]
fn an_edit_made_from_an_undone_imports_value_still_competes_with_one_made_after_the_undo() {
    let mut hq = headquarters();
    let mut platoon = site(1);
    let rows = with_unit(&hq, "2 взвод");
    let id = read_roster(&mut hq, "week-1.csv", &rows);
    send(&hq, &mut platoon);
    // Headquarters undoes the file, then sets the unit by hand; the platoon, not knowing
    // of the undo, corrects the unit the file had set. Neither saw the other's edit.
    hq.store.undo_import(id, BY, "wrong file").unwrap();
    let patch = |unit: &str| muster::domain::PersonPatch {
        unit: Some(unit.into()),
        ..Default::default()
    };
    hq.store
        .edit_person("KZ100003", &patch("5 взвод"), BY)
        .unwrap();
    let name = platoon.name.clone();
    platoon
        .store
        .edit_person("KZ100003", &patch("3 взвод"), &name)
        .unwrap();
    exchange(&mut hq, &mut platoon);
    assert_eq!(unit(&hq), unit(&platoon));
    // Listed for a person to settle, as two hand edits made apart are.
    for s in [&hq, &platoon] {
        let listed = s.store.competing_edits().unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        let values: Vec<&str> = listed[0].edits.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(values.len(), 2, "{values:?}");
    }
}

#[test]
fn undone_the_import_leaves_the_details_of_the_creation_that_counts() {
    // The same soldier set up on two laptops before they exchanged: the later creation's
    // details count everywhere.
    let mut hq = headquarters();
    let mut platoon = site(1);
    platoon.store.seed_default_curriculum(BY).unwrap();
    platoon.store.add_contingent(&contingent(), BY).unwrap();
    let mut theirs = people()[2].clone();
    theirs.unit = "9 взвод".into();
    add_people(&mut platoon.store, &[theirs]);
    // Headquarters reads a wrong file before hearing of the platoon's.
    let rows = with_unit(&hq, "2 взвод");
    let id = read_roster(&mut hq, "week-1.csv", &rows);
    exchange(&mut hq, &mut platoon);
    assert_eq!(
        (unit(&hq), unit(&platoon)),
        ("2 взвод".into(), "2 взвод".into())
    );
    hq.store.undo_import(id, BY, "wrong file").unwrap();
    exchange(&mut hq, &mut platoon);
    // Not headquarters' own first version, which the platoon's creation replaced.
    assert_eq!(
        (unit(&hq), unit(&platoon)),
        ("9 взвод".into(), "9 взвод".into())
    );
}

/// A soldier a wrong roster put on the rotation, whom a platoon took off and put back by
/// hand before the file was undone at headquarters: the undo ends the place the file made,
/// not the platoon's, on every laptop and whichever way the bundles go (it once took him
/// off everywhere, as a removal by hand would).
#[test]
fn an_undo_received_from_another_laptop_leaves_a_place_put_back_by_hand() {
    let newcomer = people()[4].clone();
    let on_roster = |s: &Site| {
        s.store
            .roster(CODE)
            .unwrap()
            .iter()
            .any(|p| p.service_number == newcomer.service_number)
    };
    for hq_first in [true, false] {
        let mut hq = headquarters();
        let mut platoon = site(1);
        let mut rows = wrong_file(&hq);
        rows.push(newcomer.clone());
        let id = read_roster(&mut hq, "wrong-company.csv", &rows);
        send(&hq, &mut platoon);
        let by = platoon.name.clone();
        platoon
            .store
            .take_off_roster(&newcomer.service_number, CODE, &by, "not ours yet")
            .unwrap();
        platoon
            .store
            .put_on_roster(&newcomer.service_number, CODE, &by)
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let undo = hq.store.undo_import(id, BY, "wrong file").unwrap();
        assert!(undo.assignments_ended >= 1, "{undo:?}");
        assert!(!on_roster(&hq));
        if hq_first {
            exchange(&mut hq, &mut platoon);
        } else {
            exchange(&mut platoon, &mut hq);
        }
        for s in [&hq, &platoon] {
            assert!(on_roster(s), "hq first: {hq_first}, at {}", s.name);
            assert!(muster::check::check_store(&s.store).unwrap().ok());
        }
        assert_eq!(
            hq.store.roster(CODE).unwrap(),
            platoon.store.roster(CODE).unwrap()
        );
    }
}
