//! Details corrected after the fact: a contingent's (a deployment that slipped, a longer
//! tour) and a module retired by mistake brought back. Readiness follows, the change is an
//! edit record that other laptops receive and converge on, and nothing else changes.

mod support;

use muster::domain::Contingent;
use muster::field::Field;
use support::records::*;
use support::sites::{bundle, import, site};

/// HQ with the fixture's contingent, people and records, and a platoon laptop that has
/// received them all.
fn two_laptops() -> (support::sites::Site, support::sites::Site) {
    let mut hq = site(0);
    let mut platoon = site(1);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut hq.store, &people());
    for (sn, module, date, result) in RECORDS {
        log(&mut hq.store, sn, module, date, result);
    }
    platoon.store.seed_default_curriculum(BY).unwrap();
    let first = bundle(&mut hq);
    import(&mut platoon, &first, false).unwrap();
    (hq, platoon)
}

#[test]
fn a_slipped_deployment_moves_readiness_and_reaches_the_other_laptop() {
    let (mut hq, mut platoon) = two_laptops();
    let ready = |s: &muster::Store| {
        muster::readiness::readiness(s, CODE, as_of())
            .unwrap()
            .summary
            .ready
    };
    let before = ready(&hq.store);

    let was = hq.store.contingent(CODE).unwrap();
    let later = Contingent {
        deploy_on: d("2026-03-01"),
        tour_months: 12,
        ..was.clone()
    };
    let changed = hq.store.edit_contingent(CODE, &later, BY).unwrap();
    assert_eq!(
        changed,
        vec![
            (Field::DeployOn, "2025-04-07".into(), "2026-03-01".into()),
            (Field::TourMonths, "6".into(), "12".into()),
        ]
    );
    assert_eq!(hq.store.contingent(CODE).unwrap(), later);
    // Certificates that lapse before the later deployment now stop readiness.
    assert!(ready(&hq.store) < before, "{} < {before}", ready(&hq.store));
    // The same again changes nothing; dates that contradict each other are refused whole.
    assert!(hq
        .store
        .edit_contingent(CODE, &later, BY)
        .unwrap()
        .is_empty());
    let e = hq
        .store
        .edit_contingent(
            CODE,
            &Contingent {
                deploy_on: d("2024-01-01"),
                ..later.clone()
            },
            BY,
        )
        .unwrap_err();
    assert!(e.to_string().contains("before training start"), "{e}");
    assert_eq!(hq.store.contingent(CODE).unwrap(), later);

    let down = bundle(&mut hq);
    import(&mut platoon, &down, false).unwrap();
    assert_eq!(platoon.store.contingent(CODE).unwrap(), later);
    assert_eq!(ready(&platoon.store), ready(&hq.store));
    for s in [&hq, &platoon] {
        assert!(
            muster::check::check_store(&s.store).unwrap().ok(),
            "{}",
            s.name
        );
        let audit = s.store.audit_log(Some(CODE), 10).unwrap();
        assert!(
            audit
                .iter()
                .any(|a| a.action == "change" && a.entity == "contingent"),
            "{}",
            s.name
        );
    }
}

#[test]
fn a_module_retired_by_mistake_comes_back_on_every_laptop() {
    let (mut hq, mut platoon) = two_laptops();
    let modules = |s: &muster::Store| {
        muster::readiness::readiness(s, CODE, as_of())
            .unwrap()
            .modules
            .iter()
            .map(|m| m.code.clone())
            .collect::<Vec<_>>()
    };
    let all = modules(&hq.store);
    assert!(all.contains(&"POC".to_string()));
    let e = hq.store.restore_module("POC", BY, "x").unwrap_err();
    assert!(e.to_string().contains("is not retired"), "{e}");
    hq.store
        .retire_module("POC", BY, "merged into KINPOT")
        .unwrap();
    assert!(!modules(&hq.store).contains(&"POC".to_string()));
    let down = bundle(&mut hq);
    import(&mut platoon, &down, false).unwrap();
    assert!(!modules(&platoon.store).contains(&"POC".to_string()));
    // A reason is required; then it counts again, with the records it kept.
    assert!(hq.store.restore_module("POC", BY, " ").is_err());
    hq.store
        .restore_module("POC", BY, "retired by mistake")
        .unwrap();
    assert_eq!(modules(&hq.store), all);
    let down = bundle(&mut hq);
    import(&mut platoon, &down, false).unwrap();
    assert_eq!(modules(&platoon.store), all);
    for s in [&hq, &platoon] {
        assert!(
            muster::check::check_store(&s.store).unwrap().ok(),
            "{}",
            s.name
        );
        assert_eq!(
            s.store.audit_log(Some("POC"), 10).unwrap()[0].action,
            "restore"
        );
    }
}
