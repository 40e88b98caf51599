//! Every kind of entry the store writes to the audit log reads back as its typed event:
//! each change made through the real store, then the log read as a screen reads it.

mod support;

use muster::activity::{ActivityEntry, Event};
use muster::domain::{AttemptPatch, Decision, ModulePatch, NewAttempt, Outcome};
use muster::store::NewValidation;
use muster::Store;
use support::sheets::*;

fn events(store: &Store) -> Vec<Event> {
    let mut log: Vec<Event> = store
        .audit_log(None, 10_000)
        .unwrap()
        .iter()
        .map(|e| ActivityEntry::from(e).event)
        .collect();
    log.reverse();
    log
}

fn one(store: &Store, kind: impl Fn(&Event) -> bool) -> Event {
    let all = events(store);
    let mut found: Vec<Event> = all.iter().filter(|e| kind(e)).cloned().collect();
    assert_eq!(found.len(), 1, "{all:#?}");
    found.remove(0)
}

#[test]
fn every_change_the_store_makes_reads_as_its_event() {
    let (dir, mut store) = store();
    let ro = roster(&mut store, "sample_roster.csv");
    assert_eq!(
        ro.people_new, 5,
        "sample_roster.csv: a header and five soldiers"
    );
    let co = completions(&mut store, "sample_completions.csv");
    let e = one(&store, |e| matches!(e, Event::RosterImported { .. }));
    assert_eq!(
        e,
        Event::RosterImported {
            file: "sample_roster.csv".into(),
            rows: ro.rows as u32,
            new: ro.people_new as u32
        }
    );
    let e = one(&store, |e| matches!(e, Event::CompletionsImported { .. }));
    assert_eq!(
        e,
        Event::CompletionsImported {
            file: "sample_completions.csv".into(),
            rows: co.rows as u32,
            new: co.attempts_new as u32
        }
    );
    assert!(events(&store)
        .iter()
        .any(|e| matches!(e, Event::ContingentAdded { code } if code == CODE)));
    assert!(events(&store)
        .iter()
        .any(|e| matches!(e, Event::ModuleAdded { code } if code == "ROE")));
    assert!(events(&store).iter().any(
        |e| matches!(e, Event::PersonAdded { service_number } if service_number == "KZ100101")
    ));

    // A session of two.
    let a = |sn: &str| NewAttempt {
        service_number: sn.into(),
        module: "SEA".into(),
        date: ymd(2021, 3, 2),
        result: Outcome::Pass,
        score: Some(90.0),
        hours: None,
        instructor: "Ким".into(),
        notes: String::new(),
    };
    let ids = store
        .log_session(&[a("KZ100101"), a("KZ100102")], IMPORTED_BY)
        .unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::SessionLogged { .. })),
        Event::SessionLogged {
            module: "SEA".into(),
            date: "2021-03-02".into(),
            attendees: 2
        }
    );
    let patch = AttemptPatch {
        score: Some(Some(95.0)),
        ..Default::default()
    };
    store
        .amend(&ids[0], &patch, IMPORTED_BY, "score misread")
        .unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::RecordAmended { .. })),
        Event::RecordAmended {
            record: ids[0].clone(),
            service_number: "KZ100101".into(),
            module: "SEA".into(),
            reason: "score misread".into()
        }
    );
    store.void(&ids[1], IMPORTED_BY, "not there").unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::RecordVoided { .. })),
        Event::RecordVoided {
            record: ids[1].clone(),
            service_number: "KZ100102".into(),
            module: "SEA".into(),
            reason: "not there".into()
        }
    );

    let m = ModulePatch {
        title: Some("Rules of engagement (UNIFIL)".into()),
        ..Default::default()
    };
    store.change_module("ROE", &m, IMPORTED_BY).unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::ModuleChanged { .. })),
        Event::ModuleChanged {
            code: "ROE".into(),
            fields: vec!["title".into()]
        }
    );
    store
        .retire_module("POC", IMPORTED_BY, "merged into ROE")
        .unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::ModuleRetired { .. })),
        Event::ModuleRetired {
            code: "POC".into(),
            reason: "merged into ROE".into()
        }
    );

    let mut p = store.person("KZ100101").unwrap();
    p.rank = "полковник".into();
    p.unit = "штаб".into();
    store.update_person(&p, IMPORTED_BY).unwrap();
    let changed = events(&store)
        .into_iter()
        .rev()
        .find_map(|e| match e {
            Event::PersonChanged {
                service_number,
                fields,
            } if service_number == "KZ100101" => Some(fields),
            _ => None,
        })
        .unwrap();
    assert_eq!(changed, ["rank", "unit"]);

    store
        .take_off_roster("KZ100102", CODE, IMPORTED_BY, "injured")
        .unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::TakenOffRoster { .. })),
        Event::TakenOffRoster {
            service_number: "KZ100102".into(),
            contingent: CODE.into(),
            reason: "injured".into()
        }
    );
    store.put_on_roster("kz100102", CODE, IMPORTED_BY).unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::PutOnRoster { .. })),
        Event::PutOnRoster {
            service_number: "KZ100102".into(),
            contingent: CODE.into()
        }
    );

    let v = NewValidation {
        as_of: ymd(2021, 5, 1),
        team: "INDBATT".into(),
        validator: "Lt Col R. Sharma".into(),
        decision: Decision::Validated,
        notes: String::new(),
    };
    muster::signoff::validate(&mut store, CODE, &v, IMPORTED_BY).unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::ContingentValidated { .. })),
        Event::ContingentValidated {
            code: CODE.into(),
            validated: true,
            validator: "Lt Col R. Sharma".into(),
            as_of: "2021-05-01".into()
        }
    );

    let fp = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    store
        .trust_key(fp, "Ноутбук 2 взвода", IMPORTED_BY)
        .unwrap();
    store
        .withdraw_trust(fp, "laptop lost", IMPORTED_BY)
        .unwrap();
    let trusted = one(&store, |e| matches!(e, Event::KeyTrusted { .. }));
    assert!(
        matches!(&trusted, Event::KeyTrusted { name, .. } if name == "Ноутбук 2 взвода"),
        "{trusted:?}"
    );
    let withdrawn = one(&store, |e| matches!(e, Event::KeyWithdrawn { .. }));
    assert!(
        matches!(&withdrawn, Event::KeyWithdrawn { reason, .. } if reason == "laptop lost"),
        "{withdrawn:?}"
    );

    let undo = store
        .undo_import(co.import_id.unwrap(), IMPORTED_BY, "wrong file")
        .unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::ImportUndone { .. })),
        Event::ImportUndone {
            import: co.import_id.unwrap().to_string(),
            file: "sample_completions.csv".into(),
            records_voided: undo.attempts_voided as u32,
            roster_entries_ended: 0
        }
    );
    // The roster file undone: the people it put on the roster are said taken off.
    let undo = store
        .undo_import(ro.import_id.unwrap(), IMPORTED_BY, "wrong rotation")
        .unwrap();
    assert!(undo.assignments_ended > 0);
    let undone: Vec<Event> = events(&store)
        .into_iter()
        .filter(|e| matches!(e, Event::ImportUndone { .. }))
        .collect();
    assert!(
        undone.iter().any(|e| matches!(
            e,
            Event::ImportUndone { roster_entries_ended, .. }
                if *roster_entries_ended as usize == undo.assignments_ended
        )),
        "{undone:?}"
    );

    // A rotation archived out of the way and brought back.
    add_contingent(&mut store, "KAZBAT-5");
    assert!(store
        .archive_contingent(CODE, IMPORTED_BY, "returned from the tour")
        .unwrap());
    assert!(store.restore_contingent(CODE, IMPORTED_BY).unwrap());
    assert_eq!(
        one(&store, |e| matches!(e, Event::ContingentArchived { .. })),
        Event::ContingentArchived {
            code: CODE.into(),
            reason: "returned from the tour".into()
        }
    );
    assert_eq!(
        one(&store, |e| matches!(e, Event::ContingentRestored { .. })),
        Event::ContingentRestored { code: CODE.into() }
    );

    // A trigger dropped behind Muster's back is put back on the next open, and says so.
    let path = dir.path().join("muster.sqlite3");
    drop(store);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TRIGGER attempt_append_only_u")
        .unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::TriggerRestored { .. })),
        Event::TriggerRestored {
            trigger: "attempt_append_only_u".into()
        }
    );

    // Opened to write by another installation: a copy, with an identity of its own.
    store.adopt("HQ's key").unwrap();
    let taken = store.claim("a platoon's key", None).unwrap().unwrap();
    assert_eq!(
        one(&store, |e| matches!(e, Event::IdentityTaken { .. })),
        Event::IdentityTaken {
            identity: taken.to,
            reason: "copy".into()
        }
    );

    // Nothing the store writes falls through to the untyped case.
    let other: Vec<Event> = events(&store)
        .into_iter()
        .filter(|e| matches!(e, Event::Other { .. }))
        .collect();
    assert!(other.is_empty(), "{other:#?}");
}

#[test]
fn an_action_this_build_does_not_know_still_reads() {
    let e = muster::store::AuditEntry {
        at: "2026-12-02T10:00:00Z".into(),
        actor: "Muster 9".into(),
        action: "teleport".into(),
        entity: "platoon".into(),
        entity_id: "1 взвод".into(),
        old_value: None,
        new_value: Some(serde_json::json!({"to": "Naqoura"})),
        installation: None,
    };
    assert_eq!(
        ActivityEntry::from(&e).event,
        Event::Other {
            action: "teleport".into(),
            entity: "platoon".into(),
            entity_id: "1 взвод".into()
        }
    );
}

/// A bundle received reads as such (who sent it, its key as people read it, what it
/// added), and what was done on the sending laptop is said to be done there: the modules
/// that laptop seeded at its first start are its history, not a change of the curriculum
/// here.
#[test]
fn entries_received_from_another_laptop_name_it() {
    use support::sites::{import, site};
    let mut hq = site(0);
    hq.store.seed_default_curriculum(IMPORTED_BY).unwrap();
    let mut platoon = site(1);
    platoon.store.seed_default_curriculum(IMPORTED_BY).unwrap();
    let bundle = muster::sync::export(&platoon.store, &platoon.key)
        .unwrap()
        .bytes;
    let got = import(&mut hq, &bundle, false).unwrap();
    let log = muster::activity::log(&hq.store, 1000).unwrap();
    let received: Vec<_> = log
        .iter()
        .filter(|e| matches!(e.event, Event::BundleReceived { .. }))
        .collect();
    assert_eq!(received.len(), 1, "{log:#?}");
    assert_eq!(
        received[0].event,
        Event::BundleReceived {
            from: "site 1".into(),
            fingerprint: platoon.key.fingerprint().short(),
            records: got.added.records_changed(),
        }
    );
    assert_eq!(received[0].elsewhere, None, "received here");
    let trusted = log
        .iter()
        .find(|e| matches!(e.event, Event::KeyTrusted { .. }))
        .unwrap();
    assert!(
        matches!(&trusted.event, Event::KeyTrusted { fingerprint, .. } if *fingerprint == platoon.key.fingerprint().short()),
        "{trusted:?}"
    );
    let added_modules: Vec<_> = log
        .iter()
        .filter(|e| matches!(e.event, Event::ModuleAdded { .. }))
        .map(|e| e.elsewhere.clone())
        .collect();
    // Seven modules seeded on each laptop: HQ's own, and the platoon's by its trusted name.
    let there = Some("key site 1".to_string());
    assert_eq!(
        added_modules.iter().filter(|e| **e == there).count(),
        7,
        "{added_modules:?}"
    );
    assert_eq!(added_modules.iter().filter(|e| e.is_none()).count(), 7);
}
