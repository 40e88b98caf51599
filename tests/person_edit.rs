//! Correcting a person's details: a promotion, a move to another platoon, a misspelt
//! name. The row is brought up to date; the audit log keeps what it said before.

mod support;

use muster::domain::{Category, PersonPatch};
use muster::field::Field;
use muster::problem::Problem;
use muster::Error;
use support::records::*;

#[test]
fn a_move_and_a_promotion_are_saved_and_kept_in_the_change_history() {
    let mut f = fixture();
    let mut p = f.store.person("KZ100002").unwrap();
    let before = p.clone();
    p.rank = "старший сержант".into();
    p.unit = "2 взвод".into();
    // Matched case-insensitively; the stored spelling of the number stays.
    p.service_number = " kz100002 ".into();
    let changed = f.store.update_person(&p, "капитан Омаров").unwrap();
    assert_eq!(
        changed.iter().map(|c| c.field.name()).collect::<Vec<_>>(),
        ["rank", "unit"]
    );
    let now = f.store.person("KZ100002").unwrap();
    assert_eq!(now.service_number, "KZ100002");
    assert_eq!(
        (now.rank.as_str(), now.unit.as_str()),
        ("старший сержант", "2 взвод")
    );
    assert_eq!(now.family_name, before.family_name);

    let changes = f.store.person_changes("kz100002").unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].by, "капитан Омаров");
    let fields: Vec<_> = changes[0]
        .fields
        .iter()
        .map(|c| (c.field.name(), c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("rank", before.rank.as_str(), "старший сержант"),
            ("unit", before.unit.as_str(), "2 взвод")
        ]
    );

    // The move shows in readiness by unit at once.
    let r = muster::readiness::compute(&f.store.readiness_input(CODE).unwrap(), as_of());
    let her = r
        .personnel
        .iter()
        .find(|x| x.service_number == "KZ100002")
        .unwrap();
    assert_eq!(her.unit, "2 взвод");

    // Saving the same details again changes nothing and adds nothing to the history.
    assert!(f
        .store
        .update_person(&now, "капитан Омаров")
        .unwrap()
        .is_empty());
    assert_eq!(f.store.person_changes("KZ100002").unwrap().len(), 1);

    // A second change is listed first.
    let mut again = now.clone();
    again.patronymic = None;
    f.store.update_person(&again, "капитан Омаров").unwrap();
    let changes = f.store.person_changes("KZ100002").unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].fields[0].field, Field::Patronymic);
    assert_eq!(changes[0].fields[0].new, "");
}

#[test]
fn bad_details_and_unknown_soldiers_are_refused_and_change_nothing() {
    let mut f = fixture();
    let before = f.store.person("KZ100002").unwrap();

    let mut p = before.clone();
    p.family_name = "  ".into();
    let e = f.store.update_person(&p, "капитан Омаров").unwrap_err();
    assert_eq!(e.to_string(), "family_name is empty");

    let mut p = before.clone();
    p.given_name = "Әсел\u{202E}".into();
    let e = f.store.update_person(&p, "капитан Омаров").unwrap_err();
    assert!(e.to_string().contains("U+202E"), "{e}");

    let mut p = before.clone();
    p.service_number = "KZ999999".into();
    let e = f.store.update_person(&p, "капитан Омаров").unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("KZ999999"), "{e}");
    assert!(f.store.person("KZ999999").is_err(), "not created");

    let e = f.store.update_person(&before, " ").unwrap_err();
    assert!(e.to_string().contains("operator"), "{e}");

    assert_eq!(f.store.person("KZ100002").unwrap(), before);
    assert!(f.store.person_changes("KZ100002").unwrap().is_empty());
}

/// `person edit` gives only what changes: the core merges it into the person on file.
#[test]
fn a_patch_changes_only_what_it_gives_and_is_checked_as_a_whole_person() {
    let mut f = fixture();
    let before = f.store.person("KZ100002").unwrap();
    let patch = PersonPatch {
        unit: Some("2 взвод".into()),
        category: Some(Category::Officer),
        patronymic: Some(" ".into()),
        ..Default::default()
    };
    let changed = f
        .store
        .edit_person(" kz100002 ", &patch, "капитан Омаров")
        .unwrap();
    // She had a patronymic: a blank one removes it.
    assert!(before.patronymic.is_some());
    assert_eq!(
        changed.iter().map(|c| c.field.name()).collect::<Vec<_>>(),
        ["patronymic", "category", "unit"]
    );
    let now = f.store.person("KZ100002").unwrap();
    assert_eq!(now, patch.apply(before.clone()));
    assert_eq!(
        (now.family_name, now.rank),
        (before.family_name, before.rank)
    );

    // The same patch again changes nothing; an empty one neither.
    assert!(f
        .store
        .edit_person("KZ100002", &patch, "капитан Омаров")
        .unwrap()
        .is_empty());
    let none = PersonPatch::default();
    assert!(f
        .store
        .edit_person("KZ100002", &none, "капитан Омаров")
        .unwrap()
        .is_empty());
    assert_eq!(f.store.person_changes("KZ100002").unwrap().len(), 1);

    // Refused as a whole person is: a blank name, an unknown soldier.
    let blank = PersonPatch {
        family_name: Some(" ".into()),
        ..Default::default()
    };
    let e = f
        .store
        .edit_person("KZ100002", &blank, "капитан Омаров")
        .unwrap_err();
    assert_eq!(e.problem(), Problem::empty(Field::FamilyName));
    let e = f
        .store
        .edit_person("KZ999999", &patch, "капитан Омаров")
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    assert_eq!(f.store.person_changes("KZ100002").unwrap().len(), 1);
}
