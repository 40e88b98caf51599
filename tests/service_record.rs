//! A soldier's record across rotations: every contingent they served in, their standing
//! in each, and which certificates an earlier rotation carried over.

mod support;

use muster::domain::Contingent;
use muster::rules::Status;
use muster::service_record::{service_record, Rotation};
use support::records::*;

const SN: &str = "KZ100003";

/// The fixture's contingent (training 6 Jan 2025, deploying 7 Apr 2025) and a later one
/// the same soldier joins.
fn later() -> Contingent {
    Contingent {
        code: "KAZBAT-5".into(),
        name: "5-я рота".into(),
        mission: "UNIFIL".into(),
        parent_unit: "INDBATT".into(),
        training_start: d("2026-01-05"),
        deploy_on: d("2026-04-06"),
        tour_months: 6,
    }
}

fn module<'a>(r: &'a Rotation, code: &str) -> &'a muster::service_record::RotationModule {
    r.modules.iter().find(|m| m.code == code).unwrap()
}

#[test]
fn every_rotation_with_its_standing_and_what_was_carried_over() {
    let mut f = fixture();
    f.store.add_contingent(&later(), BY).unwrap();
    f.store.put_on_roster(SN, "kazbat-5", BY).unwrap();
    // First aid (valid 36 months) passed in the first rotation's training; rules of
    // engagement (per rotation) too. In the second rotation only first aid carries over.
    log(&mut f.store, SN, "BFAC", "2025-02-20", "pass");
    log(&mut f.store, SN, "ROE", "2025-02-24", "pass");
    let today = d("2026-02-01");
    let rs = service_record(&f.store, SN, today).unwrap();
    assert_eq!(
        rs.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(),
        [CODE, "KAZBAT-5"]
    );
    let (first, second) = (&rs[0], &rs[1]);

    // The first rotation is judged on its deployment day, what the soldier deployed with;
    // the second, not yet deployed, on today.
    assert_eq!(first.judged_on, d("2025-04-07"));
    assert_eq!(second.judged_on, today);
    assert!(first.on_roster && second.on_roster);

    let bfac = module(second, "BFAC");
    assert!(bfac.status.status.is_ready(), "{bfac:?}");
    assert!(bfac.carried_over);
    assert_eq!(bfac.earned_in.as_deref(), Some(CODE));
    let roe = module(second, "ROE");
    assert_eq!(
        roe.status.status,
        Status::Missing,
        "per-rotation: does not carry over"
    );
    assert!(!roe.carried_over);
    assert!(!second.ready);
    // In its own rotation a pass is not "carried over"; one older than every rotation of
    // the soldier's (sexual exploitation and abuse, 1 Dec 2024) is, from no rotation.
    assert!(!module(first, "BFAC").carried_over && !module(first, "ROE").carried_over);
    let sea = module(first, "SEA");
    assert!(sea.carried_over && sea.earned_in.is_none(), "{sea:?}");
    assert!(first.ready, "{first:?}");
}

#[test]
fn the_standing_in_each_rotation_is_what_the_contingent_readiness_says() {
    let mut f = fixture();
    f.store.add_contingent(&later(), BY).unwrap();
    f.store.put_on_roster(SN, "KAZBAT-5", BY).unwrap();
    log(&mut f.store, SN, "ROE", "2026-01-20", "pass");
    let today = d("2026-02-01");
    for r in service_record(&f.store, SN, today).unwrap() {
        let whole = muster::readiness::readiness(&f.store, &r.code, r.judged_on).unwrap();
        let p = whole
            .personnel
            .iter()
            .find(|p| p.service_number == SN)
            .unwrap();
        assert_eq!(p.ready, r.ready, "{}", r.code);
        for m in &r.modules {
            assert_eq!(
                p.modules.get(m.code.as_str()),
                Some(&m.status),
                "{} {}",
                r.code,
                m.code
            );
        }
    }
}

#[test]
fn taken_off_a_roster_stays_in_the_record_with_the_reason() {
    let mut f = fixture();
    f.store.add_contingent(&later(), BY).unwrap();
    f.store.put_on_roster(SN, "KAZBAT-5", BY).unwrap();
    f.store
        .take_off_roster(SN, "KAZBAT-5", BY, "medical: not fit to deploy")
        .unwrap();
    let rs = service_record(&f.store, SN, d("2026-02-01")).unwrap();
    let r = rs.iter().find(|r| r.code == "KAZBAT-5").unwrap();
    assert!(!r.on_roster);
    assert_eq!(
        r.taken_off_reason.as_deref(),
        Some("medical: not fit to deploy")
    );
    assert!(r.taken_off_at.is_some());
    // Put back: on the roster again, once.
    f.store.put_on_roster(SN, "KAZBAT-5", BY).unwrap();
    let rs = service_record(&f.store, SN, d("2026-02-01")).unwrap();
    assert_eq!(rs.iter().filter(|r| r.code == "KAZBAT-5").count(), 1);
    assert!(rs.iter().all(|r| r.on_roster));
}

#[test]
fn voided_and_corrected_records_do_not_count() {
    let mut f = fixture();
    f.store.add_contingent(&later(), BY).unwrap();
    f.store.put_on_roster(SN, "KAZBAT-5", BY).unwrap();
    let id = log(&mut f.store, SN, "SEA", "2026-01-10", "pass");
    let today = d("2026-02-01");
    let sea = |f: &Fixture| {
        let rs = service_record(&f.store, SN, today).unwrap();
        module(&rs[1], "SEA").status
    };
    assert_eq!(sea(&f).completed_on, Some(d("2026-01-10")));
    f.store
        .void(&id, BY, "logged for the wrong soldier")
        .unwrap();
    assert_ne!(sea(&f).completed_on, Some(d("2026-01-10")));
}

#[test]
fn an_unknown_soldier_is_named() {
    let f = fixture();
    let e = service_record(&f.store, "KZ999999", d("2026-02-01")).unwrap_err();
    assert!(e.to_string().contains("KZ999999"), "{e}");
}

/// KAZBAT-4 (the fixture's) trains from 6 Jan 2025 and is abroad until 7 Oct 2025; this one
/// starts training in September and overlaps it; `later()` overlaps neither.
fn overlapping() -> Contingent {
    Contingent {
        code: "KAZBAT-4B".into(),
        training_start: d("2025-09-01"),
        deploy_on: d("2025-12-01"),
        tour_months: 1,
        ..later()
    }
}

#[test]
fn a_soldier_on_two_overlapping_rotations_is_flagged_on_each_until_taken_off_one() {
    let mut f = fixture();
    f.store.add_contingent(&overlapping(), BY).unwrap();
    f.store.add_contingent(&later(), BY).unwrap();
    f.store.put_on_roster(SN, "KAZBAT-5", BY).unwrap();
    let today = d("2025-10-01");
    let none = service_record(&f.store, SN, today).unwrap();
    assert!(none.iter().all(|r| r.overlaps.is_empty()), "{none:?}");

    f.store.put_on_roster(SN, "KAZBAT-4B", BY).unwrap();
    let rs = service_record(&f.store, SN, today).unwrap();
    let overlaps = |code: &str| rs.iter().find(|r| r.code == code).unwrap().overlaps.clone();
    assert_eq!(overlaps(CODE), ["KAZBAT-4B"]);
    assert_eq!(overlaps("KAZBAT-4B"), [CODE]);
    assert!(overlaps("KAZBAT-5").is_empty());

    // Taken off the one they left, neither is flagged; the record keeps both rotations.
    f.store
        .take_off_roster(SN, CODE, BY, "moved to KAZBAT-4B")
        .unwrap();
    let rs = service_record(&f.store, SN, today).unwrap();
    assert!(rs.iter().all(|r| r.overlaps.is_empty()), "{rs:?}");
    assert_eq!(rs.len(), 3);
}

#[test]
fn an_archived_rotation_is_not_weighed_against_current_ones_on_any_screen() {
    let mut f = fixture();
    f.store.add_contingent(&overlapping(), BY).unwrap();
    f.store.put_on_roster(SN, "KAZBAT-4B", BY).unwrap();
    let today = d("2025-10-01");
    let flagged = |f: &Fixture| {
        let rs = service_record(&f.store, SN, today).unwrap();
        let on_person_screen: Vec<_> = rs
            .iter()
            .filter(|r| !r.overlaps.is_empty())
            .map(|r| r.code.clone())
            .collect();
        let on_dashboards: Vec<_> = [CODE, "KAZBAT-4B"]
            .iter()
            .filter(|c| !f.store.also_on_overlapping_rotations(c).unwrap().is_empty())
            .map(|c| c.to_string())
            .collect();
        (on_person_screen, on_dashboards)
    };
    let both = vec![CODE.to_string(), "KAZBAT-4B".to_string()];
    assert_eq!(flagged(&f), (both.clone(), both));

    // Archived out of the way, its roster is history: no screen flags either rotation.
    f.store
        .archive_contingent("KAZBAT-4B", BY, "entered by mistake")
        .unwrap();
    assert_eq!(flagged(&f), (vec![], vec![]));
}
