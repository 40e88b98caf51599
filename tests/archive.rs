//! Old rotations archived out of the way: hidden from the lists, never deleted, still
//! answering to their code; the chain covers the change.

mod support;

use muster::problem::Problem;
use muster::Error;
use support::sheets::*;

#[test]
fn an_archived_contingent_leaves_the_list_and_keeps_everything() {
    let (_dir, mut store) = store();
    roster(&mut store, "sample_roster.csv");
    completions(&mut store, "sample_completions.csv");
    add_contingent(&mut store, "KAZBAT-5");
    let before = muster::readiness::readiness(&store, CODE, ymd(2021, 5, 1)).unwrap();
    let history = store.history("KZ100101").unwrap();
    assert_eq!(history.len(), 1, "{history:?}");

    assert!(store
        .archive_contingent("kazbat-4", IMPORTED_BY, "returned from the tour")
        .unwrap());
    let codes: Vec<String> = store
        .contingents()
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes, ["KAZBAT-5"]);
    let archived = store.archived_contingents().unwrap();
    assert_eq!(archived.len(), 1);
    assert_eq!(archived[0].contingent.code, CODE);
    assert_eq!(archived[0].archived_by, IMPORTED_BY);
    // Everything still answers to the code, unchanged.
    let after = muster::readiness::readiness(&store, CODE, ymd(2021, 5, 1)).unwrap();
    assert_eq!(before, after);
    assert_eq!(store.history("KZ100101").unwrap(), history);
    // Twice is nothing; the chain covers the change.
    assert!(!store
        .archive_contingent(CODE, IMPORTED_BY, "again")
        .unwrap());
    let check = muster::check::check_store(&store).unwrap();
    assert!(check.ok(), "{:?}", check.findings);

    assert!(store.restore_contingent(CODE, IMPORTED_BY).unwrap());
    assert!(!store.restore_contingent(CODE, IMPORTED_BY).unwrap());
    assert_eq!(store.contingents().unwrap().len(), 2);
    assert!(store.archived_contingents().unwrap().is_empty());
    assert!(muster::check::check_store(&store).unwrap().ok());
}

#[test]
fn the_last_contingent_in_use_cannot_be_archived() {
    let (_dir, mut store) = store();
    let e = store
        .archive_contingent(CODE, IMPORTED_BY, "done")
        .unwrap_err();
    assert!(
        matches!(&e, Error::Conflict(Problem::LastContingentInUse { contingent }) if contingent == CODE),
        "{e:?}"
    );
    assert!(e.to_string().contains("add the next rotation"), "{e}");
    assert_eq!(store.contingents().unwrap().len(), 1);
    // A reason is required, and the contingent must exist.
    add_contingent(&mut store, "KAZBAT-5");
    assert!(store.archive_contingent(CODE, IMPORTED_BY, "  ").is_err());
    let e = store
        .archive_contingent("NOPE", IMPORTED_BY, "x")
        .unwrap_err();
    assert!(e.to_string().contains("NOPE"), "{e}");
}
