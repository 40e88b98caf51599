//! Conflicting corrections (issue 12, docs/sync.md "Conflicts"): a record amended on two
//! installations, or amended on one and voided on another, keeps every correction on every
//! installation; the latest by order of entry counts everywhere, and the conflict is listed
//! the same everywhere until a person settles it.

mod support;

use std::time::Duration;

use muster::domain::{AttemptPatch, Outcome, RecordState};
use muster::store::SyncRecords;
use muster::sync::{self, CorrectionKind};
use support::records::*;
use support::sites::{bundle, import, site, Site};

/// `from`'s records to `to`.
fn send(sites: &mut [Site], from: usize, to: usize) {
    let b = bundle(&mut sites[from]);
    import(&mut sites[to], &b, false).unwrap();
}

const SN: &str = "KZ100001";

/// `n` installations holding the same records: the curriculum, KAZBAT-4, three people, a
/// pass of ROE for KZ100001 on 2025-01-10 (the record they will correct). Returns its id.
fn sites(n: u8) -> (Vec<Site>, String) {
    let mut sites: Vec<Site> = (0..n).map(site).collect();
    for s in &mut sites {
        s.store.seed_default_curriculum(BY).unwrap();
    }
    sites[0].store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut sites[0].store, &people()[..3]);
    let id = log(&mut sites[0].store, SN, "ROE", "2025-01-10", "pass");
    log(&mut sites[0].store, "KZ100002", "SEA", "2025-01-11", "pass");
    for k in 1..n as usize {
        send(&mut sites, 0, k);
    }
    (sites, id)
}

/// What every installation must agree on once it has every bundle.
#[derive(Debug, PartialEq)]
struct Seen {
    records: SyncRecords,
    readiness: String,
    history: String,
    conflicts: String,
}

fn seen(s: &Site) -> Seen {
    let mut records = s.store.sync_records().unwrap();
    records.attempts.sort_by(|a, b| a.id.cmp(&b.id));
    records
        .voidings
        .sort_by(|a, b| (&a.attempt_id, a.hlc).cmp(&(&b.attempt_id, b.hlc)));
    records
        .people
        .sort_by(|a, b| a.service_number.cmp(&b.service_number));
    for m in &mut records.modules {
        m.created_at.clear();
    }
    // The audit trail by the names every installation gives its entries.
    records.audit.sort_by(|a, b| a.written.cmp(&b.written));
    let json = |v: serde_json::Value| serde_json::to_string_pretty(&v).unwrap();
    Seen {
        records,
        readiness: json(
            serde_json::to_value(muster::readiness::readiness(&s.store, CODE, as_of()).unwrap())
                .unwrap(),
        ),
        history: json(serde_json::to_value(s.store.history(SN).unwrap()).unwrap()),
        conflicts: json(serde_json::to_value(sync::conflicts(&s.store, true).unwrap()).unwrap()),
    }
}

/// Every site has every other's latest bundle; all agree, every chain is intact, and
/// every bundle received again changes nothing.
fn converged(sites: &mut [Site]) -> Seen {
    let first = seen(&sites[0]);
    for s in sites.iter() {
        in_step(s);
    }
    for (k, s) in sites.iter().enumerate() {
        assert_eq!(seen(s), first, "site {k} differs from site 0");
        let report = muster::check::check_store(&s.store).unwrap();
        assert!(report.ok(), "site {k}: {:?}", report.findings);
    }
    let all: Vec<Vec<u8>> = sites.iter().flat_map(|s| s.sent.clone()).collect();
    for s in sites.iter_mut() {
        for b in &all {
            assert_eq!(
                import(s, b, false).unwrap().added.changed(),
                0,
                "received again"
            );
        }
    }
    for s in sites.iter() {
        assert_eq!(seen(s), first);
    }
    first
}

/// The list's winner (`rules::corrections`, in Rust) is what the history and readiness
/// count (view `overruled`, in SQL): the winning amendment is active unless corrected since,
/// and every other is not.
fn in_step(s: &Site) {
    let history = s.store.history(SN).unwrap();
    for c in sync::conflicts(&s.store, true).unwrap() {
        for k in c
            .corrections
            .iter()
            .filter(|k| k.kind == CorrectionKind::Amendment)
        {
            let state = history.iter().find(|e| e.attempt.id == k.id).unwrap().state;
            let counts = k.wins && !k.corrected_since;
            assert_eq!(state == RecordState::Active, counts, "{k:?}");
        }
    }
}

/// Each site sends to every other, in the order of `routes`, twice over (the second round
/// carries what the first brought).
fn exchange(sites: &mut [Site], routes: &[(usize, usize)]) {
    for _ in 0..2 {
        for &(from, to) in routes {
            send(sites, from, to);
        }
    }
}

fn amend(s: &mut Site, id: &str, patch: AttemptPatch, why: &str) -> String {
    // A millisecond apart at least, so the order of entry is the order of the test.
    std::thread::sleep(Duration::from_millis(3));
    s.store.amend(id, &patch, &s.name.clone(), why).unwrap()
}

fn void(s: &mut Site, id: &str, why: &str) {
    std::thread::sleep(Duration::from_millis(3));
    s.store.void(id, &s.name.clone(), why).unwrap();
}

fn failed() -> AttemptPatch {
    AttemptPatch {
        result: Some(Outcome::Fail),
        ..AttemptPatch::default()
    }
}

fn scored(score: f64) -> AttemptPatch {
    AttemptPatch {
        score: Some(Some(score)),
        ..AttemptPatch::default()
    }
}

/// ROE's status for KZ100001 as the readiness JSON has it.
fn roe(seen: &Seen) -> String {
    let v: serde_json::Value = serde_json::from_str(&seen.readiness).unwrap();
    let person = v["personnel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["service_number"] == SN)
        .unwrap();
    let m = &person["modules"]["ROE"];
    m["status"].as_str().unwrap().to_string()
}

fn conflicts(s: &Site) -> Vec<sync::Conflict> {
    sync::conflicts(&s.store, false).unwrap()
}

#[test]
fn amended_on_two_installations_both_kept_the_later_counts_in_either_order() {
    for a_first in [true, false] {
        let (mut s, id) = sites(2);
        let early = amend(&mut s[0], &id, failed(), "failed on review");
        let late = amend(&mut s[1], &id, scored(91.0), "score was left out");
        let routes = if a_first {
            [(0, 1), (1, 0)]
        } else {
            [(1, 0), (0, 1)]
        };
        exchange(&mut s, &routes);
        let seen = converged(&mut s);
        // The later amendment (a pass with 91) counts everywhere.
        assert_eq!(roe(&seen), "complete");
        let list = conflicts(&s[0]);
        assert_eq!(list.len(), 1, "{list:?}");
        let c = &list[0];
        assert_eq!(
            (
                c.service_number.as_str(),
                c.module.as_str(),
                c.record.as_str()
            ),
            (SN, "ROE", id.as_str())
        );
        assert_eq!(c.winner, late);
        assert!(!c.settled);
        let k: Vec<(&str, CorrectionKind, bool, &str)> = c
            .corrections
            .iter()
            .map(|k| (k.id.as_str(), k.kind, k.wins, k.by.as_str()))
            .collect();
        assert_eq!(
            k,
            [
                (early.as_str(), CorrectionKind::Amendment, false, "site 0"),
                (late.as_str(), CorrectionKind::Amendment, true, "site 1"),
            ]
        );
        assert_eq!(
            c.corrections[0].says,
            "fail on 2025-01-10 (reason: failed on review)"
        );
        assert_eq!(
            c.corrections[1].says,
            "pass 91 on 2025-01-10 (reason: score was left out)"
        );
        assert_eq!(
            c.corrections[0].origin,
            Some(s[0].store.database_id().unwrap())
        );
        // The history says which is current: the winner active, the loser superseded by it.
        let h = s[0].store.history(SN).unwrap();
        let state = |rid: &str| {
            let e = h.iter().find(|e| e.attempt.id == rid).unwrap();
            (e.state, e.superseded_by.clone())
        };
        assert_eq!(state(&late), (RecordState::Active, None));
        assert_eq!(state(&early), (RecordState::Superseded, Some(late.clone())));
        assert_eq!(state(&id), (RecordState::Superseded, Some(late.clone())));
        // The loser is said to be overruled (the winner corrects the original, not it);
        // the original is amended as ever.
        let overruled = |rid: &str| h.iter().find(|e| e.attempt.id == rid).unwrap().overruled;
        assert!(overruled(&early));
        assert!(!overruled(&id) && !overruled(&late));
    }
}

#[test]
fn amended_on_one_voided_on_another_the_later_decides_in_either_order() {
    // (void first, so the amendment counts) and (amendment first, so the voiding counts),
    // each exchanged both ways round.
    for void_first in [true, false] {
        for a_first in [true, false] {
            let (mut s, id) = sites(2);
            let amendment = if void_first {
                void(&mut s[0], &id, "wrong soldier");
                amend(&mut s[1], &id, failed(), "failed on review")
            } else {
                let a = amend(&mut s[1], &id, failed(), "failed on review");
                void(&mut s[0], &id, "wrong soldier");
                a
            };
            let routes = if a_first {
                [(0, 1), (1, 0)]
            } else {
                [(1, 0), (0, 1)]
            };
            exchange(&mut s, &routes);
            let seen = converged(&mut s);
            let list = conflicts(&s[1]);
            assert_eq!(list.len(), 1);
            let kinds: Vec<(CorrectionKind, bool)> = list[0]
                .corrections
                .iter()
                .map(|k| (k.kind, k.wins))
                .collect();
            if void_first {
                assert_eq!(roe(&seen), "failed", "the amendment counts");
                assert_eq!(list[0].winner, amendment);
                assert_eq!(
                    kinds,
                    [
                        (CorrectionKind::Voiding, false),
                        (CorrectionKind::Amendment, true)
                    ]
                );
            } else {
                assert_eq!(roe(&seen), "missing", "the voiding counts");
                assert_eq!(list[0].winner, "void");
                assert_eq!(
                    kinds,
                    [
                        (CorrectionKind::Amendment, false),
                        (CorrectionKind::Voiding, true)
                    ]
                );
                assert_eq!(list[0].corrections[1].says, "void (reason: wrong soldier)");
            }
        }
    }
}

#[test]
fn settling_by_amending_what_counts_clears_the_list_everywhere() {
    let (mut s, id) = sites(2);
    amend(&mut s[0], &id, failed(), "failed on review");
    let late = amend(&mut s[1], &id, scored(91.0), "score was left out");
    exchange(&mut s, &[(0, 1), (1, 0)]);
    assert_eq!(conflicts(&s[0]).len(), 1);
    // Site 0's officer looks, and the fail was right: amends the record that counts.
    let settled = amend(&mut s[0], &late, failed(), "settling: failed on review");
    assert!(conflicts(&s[0]).is_empty());
    assert_eq!(conflicts(&s[1]).len(), 1, "not yet received");
    exchange(&mut s, &[(0, 1), (1, 0)]);
    let seen = converged(&mut s);
    assert!(conflicts(&s[1]).is_empty());
    assert_eq!(roe(&seen), "failed");
    // Still there to read, as settled.
    let all = sync::conflicts(&s[1].store, true).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].settled);
    assert!(all[0].corrections[1].corrected_since);
    let h = s[1].store.history(SN).unwrap();
    let current: Vec<&str> = h
        .iter()
        .filter(|e| e.state == RecordState::Active)
        .map(|e| e.attempt.id.as_str())
        .filter(|i| *i == settled)
        .collect();
    assert_eq!(current, [settled.as_str()]);
}

#[test]
fn settling_a_voiding_that_counts_by_voiding_the_other_amendment() {
    let (mut s, id) = sites(2);
    let lost = amend(&mut s[1], &id, failed(), "failed on review");
    void(&mut s[0], &id, "wrong soldier");
    exchange(&mut s, &[(1, 0), (0, 1)]);
    assert_eq!(conflicts(&s[1])[0].winner, "void");
    // The overruled amendment cannot be amended (the voiding counts) but can be voided.
    let e = s[1]
        .store
        .amend(&lost, &scored(50.0), "site 1", "try")
        .unwrap_err();
    assert!(
        matches!(
            e.problem(),
            muster::problem::Problem::VoidedCannotAmend { .. }
        ),
        "{e}"
    );
    void(&mut s[1], &lost, "agreed: wrong soldier");
    assert!(conflicts(&s[1]).is_empty());
    exchange(&mut s, &[(1, 0), (0, 1)]);
    let seen = converged(&mut s);
    assert!(conflicts(&s[0]).is_empty());
    assert_eq!(roe(&seen), "missing");
}

#[test]
fn three_installations_amend_amend_and_void_and_converge_by_any_route() {
    for routes in [
        vec![(0, 1), (1, 2), (2, 0), (0, 2), (2, 1), (1, 0)],
        vec![(2, 1), (1, 0), (0, 2), (1, 2), (2, 0), (0, 1)],
    ] {
        let (mut s, id) = sites(3);
        let first = amend(&mut s[0], &id, scored(70.0), "score");
        // Site 0 corrects its own amendment again before it hears of the others.
        let again = amend(&mut s[0], &first, scored(75.0), "score, again");
        void(&mut s[2], &id, "duplicate");
        let last = amend(&mut s[1], &id, failed(), "failed on review");
        exchange(&mut s, &routes);
        let seen = converged(&mut s);
        assert_eq!(roe(&seen), "failed");
        let list = conflicts(&s[2]);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].corrections.len(), 3);
        assert_eq!(list[0].winner, last);
        // A correction of the overruled amendment is overruled too: it counts for nothing
        // (ROE stays failed, not a pass with 75).
        let h = s[2].store.history(SN).unwrap();
        let active: Vec<&str> = h
            .iter()
            .filter(|e| e.state == RecordState::Active)
            .map(|e| e.attempt.id.as_str())
            .collect();
        assert!(active.contains(&last.as_str()));
        assert!(!active.contains(&again.as_str()) && !active.contains(&first.as_str()));
    }
}

#[test]
fn voided_on_two_installations_for_different_reasons_both_kept_in_either_order() {
    for a_first in [true, false] {
        let (mut s, id) = sites(2);
        void(&mut s[0], &id, "wrong soldier");
        void(&mut s[1], &id, "entered twice");
        let routes = if a_first {
            [(0, 1), (1, 0)]
        } else {
            [(1, 0), (0, 1)]
        };
        exchange(&mut s, &routes);
        let seen = converged(&mut s);
        assert_eq!(roe(&seen), "missing");
        assert_eq!(seen.records.voidings.len(), 2, "both kept everywhere");
        // Nothing to settle (voided either way), so not in the list of open ones; listed
        // with the settled ones, the later voiding counting.
        assert!(conflicts(&s[0]).is_empty());
        let all = sync::conflicts(&s[1].store, true).unwrap();
        assert_eq!(all.len(), 1);
        assert!(all[0].settled);
        let says: Vec<(&str, bool)> = all[0]
            .corrections
            .iter()
            .map(|k| (k.says.as_str(), k.wins))
            .collect();
        assert_eq!(
            says,
            [
                ("void (reason: wrong soldier)", false),
                ("void (reason: entered twice)", true)
            ]
        );
        // The history names the voiding that counts, on both.
        for site in &s {
            let h = site.store.history(SN).unwrap();
            let e = h.iter().find(|e| e.attempt.id == id).unwrap();
            assert_eq!(e.voided.as_ref().unwrap().reason, "entered twice");
        }
    }
}

#[test]
fn a_format_2_bundle_is_read_and_its_voidings_stamped_on_receipt() {
    let (mut s, id) = sites(2);
    void(&mut s[0], &id, "wrong soldier");
    let made = sync::export_format_2(&s[0].store, &s[0].key).unwrap();
    let before = chrono::Utc::now().timestamp_millis() << 16;
    let r = import(&mut s[1], &made.bytes, false).unwrap();
    assert_eq!(r.added.voidings, 1);
    let v = &s[1].store.sync_records().unwrap().voidings[0];
    assert!(v.hlc.unwrap() >= before, "the receiver's clock");
    assert_eq!(v.origin, None, "who voided it is not known");
    assert!(muster::check::check_store(&s[1].store).unwrap().ok());
}

/// A bundle carrying a conflict already settled where it was made does not announce it as
/// a new one to settle: the preview's count agrees with the list it sends the user to
/// (it used to count every record corrected twice, settled or not).
#[test]
fn a_conflict_settled_before_it_travels_is_not_counted_as_new() {
    let (mut s, id) = sites(3);
    amend(&mut s[0], &id, failed(), "failed on review");
    let late = amend(&mut s[1], &id, scored(91.0), "score was left out");
    send(&mut s, 1, 0);
    assert_eq!(conflicts(&s[0]).len(), 1);
    amend(&mut s[0], &late, failed(), "settling: failed on review");
    assert!(conflicts(&s[0]).is_empty());
    let b = bundle(&mut s[0]);
    let dry = import(&mut s[2], &b, true).unwrap();
    assert_eq!(dry.added.contested, 0);
    let real = import(&mut s[2], &b, false).unwrap();
    assert_eq!(real.added.contested, 0);
    assert!(conflicts(&s[2]).is_empty());
    assert_eq!(
        sync::conflicts(&s[2].store, true).unwrap().len(),
        1,
        "kept, settled"
    );
}

/// Reads a completions file at `s` with one pass of ROE for `SN`; returns the import's
/// number and the record's id.
fn read_completions(s: &mut Site) -> (i64, String) {
    let path = s._dir.path().join("done.csv");
    std::fs::write(
        &path,
        format!("service_number;module;date;result\n{SN};POC;12.01.2025;pass\n"),
    )
    .unwrap();
    let table = muster::import::Table::open(&path, &Default::default()).unwrap();
    let by = s.name.clone();
    let r = muster::import::import_completions(&mut s.store, table, &path, &by, false, &mut |_| {})
        .unwrap();
    assert!(r.committed, "{:?}", r.errors);
    let id = record_id(&s.store, SN, "POC", "2025-01-12");
    (r.import_id.expect("recorded"), id)
}

/// An amendment that lost its conflict counts for nothing, so it does not stand in the
/// way of undoing the import it corrects: the undo and a void ask about the same records
/// as the history and readiness count (view `overruled`), not about every last correction.
#[test]
fn an_overruled_amendment_does_not_block_undoing_the_import_it_corrects() {
    for voided_last in [true, false] {
        let (mut s, _) = sites(2);
        let (import_id, id) = read_completions(&mut s[0]);
        send(&mut s, 0, 1);
        let early = amend(&mut s[1], &id, failed(), "failed on review");
        let late = if voided_last {
            void(&mut s[0], &id, "wrong soldier");
            None
        } else {
            Some(amend(&mut s[0], &id, scored(91.0), "score was left out"))
        };
        exchange(&mut s, &[(0, 1), (1, 0)]);
        let history = s[0].store.history(SN).unwrap();
        let state = |rid: &str| history.iter().find(|e| e.attempt.id == rid).unwrap().state;
        assert_ne!(state(&early), RecordState::Active, "overruled");
        match late {
            // The voiding won: nothing of the record counts, and undoing the import has
            // nothing left to withdraw but is not refused for the overruled amendment.
            None => {
                let undo = s[0].store.undo_import(import_id, BY, "wrong file").unwrap();
                assert_eq!(
                    (undo.attempts_voided, undo.attempts_already_inactive),
                    (0, 1),
                    "{undo:?}"
                );
            }
            // The later amendment won: it alone is named as the correction since.
            Some(late) => {
                let e = s[0]
                    .store
                    .undo_import(import_id, BY, "wrong file")
                    .unwrap_err()
                    .to_string();
                assert!(e.contains("1 of its records"), "{e}");
                assert!(e.contains(muster::record_id::short(&late)), "{e}");
                assert!(!e.contains(muster::record_id::short(&early)), "{e}");
            }
        }
    }
}
