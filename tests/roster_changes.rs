//! Taking a soldier off a contingent's roster and putting them back: readiness counts only
//! those on it now, nothing is deleted, and every step is in the audit log.

mod support;
use muster::problem::Problem;
use muster::readiness::readiness;
use muster::Error;
use support::records::{as_of, fixture, BY, CODE};

#[test]
fn a_soldier_taken_off_the_roster_stops_counting_and_comes_back_with_the_same_records() {
    let mut f = fixture();
    let before = readiness(&f.store, CODE, as_of()).unwrap();
    let sn = "KZ100001";
    let standing = |r: &muster::readiness::Readiness| {
        r.personnel
            .iter()
            .find(|p| p.service_number == sn)
            .map(|p| (p.ready, p.modules.clone()))
    };
    let was = standing(&before).expect("on the roster");
    let history = f.store.history(sn).unwrap();

    f.store
        .take_off_roster(" kz100001 ", CODE, BY, "posted to another unit")
        .unwrap();
    let after = readiness(&f.store, CODE, as_of()).unwrap();
    assert_eq!(after.summary.personnel, before.summary.personnel - 1);
    assert_eq!(standing(&after), None);
    assert!(f.store.assignments(sn).unwrap().is_empty());
    // The person and every record stay.
    assert!(f.store.person(sn).is_ok());
    assert_eq!(f.store.history(sn).unwrap(), history);

    // Twice is a conflict, not a silent no-op; a reason is required; unknown people are named.
    let off = f.store.off_roster(CODE).unwrap();
    assert_eq!(off.len(), 1);
    assert_eq!(
        (
            off[0].person.service_number.as_str(),
            off[0].reason.as_str(),
            off[0].ended_by.as_str()
        ),
        (sn, "posted to another unit", BY)
    );
    let e = f.store.take_off_roster(sn, CODE, BY, "again").unwrap_err();
    assert!(
        matches!(&e, Error::Conflict(Problem::NotOnRoster { service_number, contingent })
            if service_number == sn && contingent == CODE),
        "{e}"
    );
    assert_eq!(e.to_string(), "KZ100001 is not on the roster of KAZBAT-4");
    let e = f
        .store
        .take_off_roster("KZ100002", CODE, BY, "  ")
        .unwrap_err();
    assert_eq!(e.problem(), Problem::empty(muster::field::Field::Reason));
    assert!(f.store.take_off_roster("KZ404", CODE, BY, "x").is_err());
    assert!(f.store.put_on_roster(sn, "NOPE", BY).is_err());

    // Back on the roster: the same standing as before, from the same records.
    f.store.put_on_roster(sn, CODE, BY).unwrap();
    let back = readiness(&f.store, CODE, as_of()).unwrap();
    assert_eq!(back.summary.personnel, before.summary.personnel);
    assert_eq!(standing(&back), Some(was));
    assert!(
        f.store.off_roster(CODE).unwrap().is_empty(),
        "back on, no longer listed off"
    );
    let e = f.store.put_on_roster(sn, CODE, BY).unwrap_err();
    assert!(
        matches!(e, Error::Conflict(Problem::AlreadyOnRoster { .. })),
        "{e}"
    );

    // The audit log says who did what, and why.
    let log = f.store.audit_log(Some(sn), 10).unwrap();
    let steps: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.entity.as_str()))
        .take(2)
        .collect();
    assert_eq!(steps, [("start", "assignment"), ("end", "assignment")]);
    assert_eq!(
        log[1].new_value.as_ref().unwrap()["reason"],
        "posted to another unit"
    );
    assert_eq!(log[1].actor, BY);
}
