//! One table per rule. Dates: training start S = 2026-03-01, deployment D = 2026-09-01,
//! six-month tour, so tour end E = 2027-03-01; report date A = 2026-06-15 unless a case
//! says otherwise (then C = max(A, D) = D).

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::domain::{Category, Contingent, Module};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn contingent() -> Contingent {
    Contingent {
        code: "KAZBAT-4".into(),
        name: "test".into(),
        mission: "UNIFIL".into(),
        parent_unit: "INDBATT".into(),
        training_start: d("2026-03-01"),
        deploy_on: d("2026-09-01"),
        tour_months: 6,
    }
}

fn window(as_of: &str) -> Window {
    Window::new(&contingent(), d(as_of))
}

fn module(per_rotation: bool, validity_months: Option<u32>, applies_to: Vec<Category>) -> Module {
    Module {
        code: "X".into(),
        title: "x".into(),
        title_ru: None,
        title_kk: None,
        per_rotation,
        validity_months,
        applies_to,
        hours: 1.0,
        pass_mark: None,
        retired: false,
    }
}

fn pass(date: &str, seq: i64) -> Fact {
    Fact {
        date: d(date),
        passed: true,
        entry: Entry { hlc: seq, id: 0 },
    }
}

fn fail(date: &str, seq: i64) -> Fact {
    Fact {
        date: d(date),
        passed: false,
        entry: Entry { hlc: seq, id: 0 },
    }
}

fn status(m: &Module, facts: &[Fact], as_of: &str) -> Status {
    module_status(m, Category::Enlisted, facts, &window(as_of)).status
}

#[test]
fn window_dates() {
    let w = window("2026-06-15");
    assert_eq!(
        w.check_on,
        d("2026-09-01"),
        "C is deployment day before deployment"
    );
    assert_eq!(w.tour_end, d("2027-03-01"));
    assert_eq!(
        window("2026-10-01").check_on,
        d("2026-10-01"),
        "C is the report date after deployment"
    );
}

#[test]
fn rule_1_only_attempts_up_to_the_report_date_count() {
    let m = module(false, None, vec![]);
    let cases = [
        (vec![pass("2026-06-15", 1)], "2026-06-15", Status::Complete), // on A counts
        (vec![pass("2026-06-16", 1)], "2026-06-15", Status::Missing),  // after A does not
        (
            vec![pass("2026-06-01", 1), fail("2026-06-20", 2)],
            "2026-06-15",
            Status::Complete,
        ),
        (
            vec![pass("2026-06-01", 1), fail("2026-06-20", 2)],
            "2026-06-20",
            Status::Failed,
        ),
    ];
    for (facts, as_of, want) in cases {
        assert_eq!(status(&m, &facts, as_of), want, "{facts:?} as of {as_of}");
    }
}

#[test]
fn rule_1_per_rotation_cut_off_at_training_start() {
    let per_rotation = module(true, None, vec![]);
    let any_time = module(false, None, vec![]);
    let cases = [
        ("2026-03-01", Status::Complete, Status::Complete), // on S counts
        ("2026-02-28", Status::Missing, Status::Complete),  // the day before does not
        ("2025-06-01", Status::Missing, Status::Complete),  // last rotation's pass
    ];
    for (date, want_rot, want_any) in cases {
        assert_eq!(
            status(&per_rotation, &[pass(date, 1)], "2026-06-15"),
            want_rot,
            "per rotation {date}"
        );
        assert_eq!(
            status(&any_time, &[pass(date, 1)], "2026-06-15"),
            want_any,
            "any time {date}"
        );
    }
    // An old fail does not make a per-rotation module failed: it does not count at all.
    assert_eq!(
        status(&per_rotation, &[fail("2025-06-01", 1)], "2026-06-15"),
        Status::Missing
    );
}

#[test]
fn rule_2_the_latest_counting_attempt_decides() {
    let m = module(false, None, vec![]);
    let cases = [
        (vec![], Status::Missing),
        (vec![fail("2026-04-01", 1)], Status::Failed),
        (
            vec![fail("2026-04-01", 1), pass("2026-04-20", 2)],
            Status::Complete,
        ), // fail then pass
        (
            vec![pass("2026-04-01", 1), fail("2026-04-20", 2)],
            Status::Failed,
        ), // pass then fail
        // entered out of order: the date decides, not the order of entry
        (
            vec![pass("2026-04-20", 1), fail("2026-04-01", 2)],
            Status::Complete,
        ),
        // same day: the later entry decides
        (
            vec![fail("2026-04-01", 1), pass("2026-04-01", 2)],
            Status::Complete,
        ),
        (
            vec![pass("2026-04-01", 1), fail("2026-04-01", 2)],
            Status::Failed,
        ),
        // the same, listed later entry first: the order of entry decides, not the list's
        (
            vec![pass("2026-04-01", 2), fail("2026-04-01", 1)],
            Status::Complete,
        ),
        (
            vec![fail("2026-04-01", 2), pass("2026-04-01", 1)],
            Status::Failed,
        ),
    ];
    for (facts, want) in cases {
        assert_eq!(status(&m, &facts, "2026-06-15"), want, "{facts:?}");
    }
}

/// Order of entry is the hybrid clock, then the record id: what every installation holds
/// for the attempt, whatever order its rows or the list are in.
#[test]
fn rule_2_order_of_entry_is_the_clock_then_the_record_id() {
    let m = module(false, None, vec![]);
    let at = |passed: bool, hlc: i64, id: &str| Fact {
        date: d("2026-04-01"),
        passed,
        entry: Entry::new(hlc, id),
    };
    // Two laptops' stamps (ms << 16 | counter): the later stamp decides, listed first or last.
    let early = (1_764_000_000_000_i64 << 16) | 3;
    let late = 1_764_000_000_001_i64 << 16;
    let (a, b) = (
        "01900000-0000-7000-8000-00000000000a",
        "01900000-0000-7000-8000-00000000000b",
    );
    let cases = [
        (
            vec![at(false, early, b), at(true, late, a)],
            Status::Complete,
        ),
        (
            vec![at(true, late, a), at(false, early, b)],
            Status::Complete,
        ),
        (vec![at(true, early, b), at(false, late, a)], Status::Failed),
        (vec![at(false, late, a), at(true, early, b)], Status::Failed),
        // Equal stamps (two laptops in the same millisecond): the larger record id decides.
        (
            vec![at(false, early, a), at(true, early, b)],
            Status::Complete,
        ),
        (
            vec![at(true, early, b), at(false, early, a)],
            Status::Complete,
        ),
        (
            vec![at(true, early, a), at(false, early, b)],
            Status::Failed,
        ),
        (
            vec![at(false, early, b), at(true, early, a)],
            Status::Failed,
        ),
        // A stamp from before stamps (the row number) is earlier than any clock stamp.
        (vec![at(true, late, a), at(false, 900, b)], Status::Complete),
        (vec![at(false, 900, b), at(true, late, a)], Status::Complete),
    ];
    for (facts, want) in cases {
        assert_eq!(status(&m, &facts, "2026-06-15"), want, "{facts:?}");
    }
    // The id is compared as a number: the same order as its text, hyphens and all.
    assert!(Entry::new(1, a) < Entry::new(1, b));
    assert!(
        Entry::new(1, "0190ffff-ffff-7fff-bfff-ffffffffffff")
            < Entry::new(1, "01910000-0000-7000-8000-000000000000")
    );
    assert_eq!(Entry::new(5, "not an id"), Entry { hlc: 5, id: 0 });
}

#[test]
fn rule_2_failed_reports_the_attempt_date_and_no_completion() {
    let m = module(false, Some(12), vec![]);
    let s = module_status(
        &m,
        Category::Nco,
        &[fail("2026-04-01", 1)],
        &window("2026-06-15"),
    );
    assert_eq!(s.completed_on, None);
    assert_eq!(s.expires_on, None);
    assert_eq!(s.attempted_on, Some(d("2026-04-01")));
}

#[test]
fn rule_3_validity_against_deployment_day_and_tour_end() {
    // 12-month validity; C = 2026-09-01, E = 2027-03-01.
    let m = module(false, Some(12), vec![]);
    let cases = [
        ("2025-08-31", "2026-08-31", Status::Expired), // lapses before deployment
        ("2025-09-01", "2026-09-01", Status::Expired), // lapses on deployment day: expired
        ("2025-09-02", "2026-09-02", Status::Expiring), // valid on deployment day
        ("2026-03-01", "2027-03-01", Status::Expiring), // lapses on the last day of the tour
        ("2026-03-02", "2027-03-02", Status::Complete), // outlasts the tour
    ];
    for (date, expires, want) in cases {
        let s = module_status(
            &m,
            Category::Officer,
            &[pass(date, 1)],
            &window("2026-06-15"),
        );
        assert_eq!(s.status, want, "pass on {date}");
        assert_eq!(s.expires_on, Some(d(expires)), "pass on {date}");
        assert_eq!(s.completed_on, Some(d(date)));
    }
}

#[test]
fn rule_3_after_deployment_the_report_date_is_the_check() {
    let m = module(false, Some(12), vec![]);
    // As of 2026-11-01 (deployed): a pass expiring 2026-10-15 has expired, one expiring
    // 2026-11-02 is still valid but lapses in the tour.
    assert_eq!(
        status(&m, &[pass("2025-10-15", 1)], "2026-11-01"),
        Status::Expired
    );
    assert_eq!(
        status(&m, &[pass("2025-11-01", 1)], "2026-11-01"),
        Status::Expired
    );
    assert_eq!(
        status(&m, &[pass("2025-11-02", 1)], "2026-11-01"),
        Status::Expiring
    );
}

#[test]
fn rule_3_calendar_months_clamp_to_month_end() {
    // A pass on 31 Aug 2025 + 12 months = 31 Aug 2026; + 1 month from 31 Jan = 28/29 Feb.
    let one = module(false, Some(1), vec![]);
    let s = module_status(
        &one,
        Category::Nco,
        &[pass("2026-01-31", 1)],
        &window("2026-02-10"),
    );
    assert_eq!(s.expires_on, Some(d("2026-02-28")));
    let s = module_status(
        &one,
        Category::Nco,
        &[pass("2024-01-31", 1)],
        &window("2024-02-10"),
    );
    assert_eq!(s.expires_on, Some(d("2024-02-29")), "leap year");
}

#[test]
fn rule_3_no_validity_never_expires() {
    let m = module(false, None, vec![]);
    let s = module_status(
        &m,
        Category::Nco,
        &[pass("2001-01-01", 1)],
        &window("2026-06-15"),
    );
    assert_eq!(s.status, Status::Complete);
    assert_eq!(s.expires_on, None);
}

#[test]
fn rule_3_a_later_fail_overrides_a_valid_pass_and_a_retake_renews() {
    let m = module(false, Some(12), vec![]);
    assert_eq!(
        status(
            &m,
            &[pass("2026-05-01", 1), fail("2026-06-01", 2)],
            "2026-06-15"
        ),
        Status::Failed
    );
    // An old lapsing pass renewed by a new one: the new one decides.
    assert_eq!(
        status(
            &m,
            &[pass("2025-08-01", 1), pass("2026-06-01", 2)],
            "2026-06-15"
        ),
        Status::Complete
    );
}

#[test]
fn rule_4_applies_to() {
    let officers_only = module(false, None, vec![Category::Officer]);
    let w = window("2026-06-15");
    let s = module_status(&officers_only, Category::Enlisted, &[], &w);
    assert_eq!(s.status, Status::NotRequired);
    // Even with records, a module that does not apply is not required.
    let s = module_status(&officers_only, Category::Nco, &[fail("2026-04-01", 1)], &w);
    assert_eq!(s.status, Status::NotRequired);
    let s = module_status(&officers_only, Category::Officer, &[], &w);
    assert_eq!(s.status, Status::Missing);
    let everyone = module(false, None, vec![]);
    for c in Category::ALL {
        assert_eq!(module_status(&everyone, c, &[], &w).status, Status::Missing);
    }
}

#[test]
fn rule_5_ready_iff_every_required_module_is_complete_or_expiring() {
    let s = |status| ModuleStatus {
        status,
        completed_on: None,
        expires_on: None,
        attempted_on: None,
        lapses_before_deployment: false,
    };
    use Status::*;
    assert!(is_ready(&[s(Complete), s(Expiring), s(NotRequired)]));
    assert!(is_ready(&[]), "nothing required: ready");
    for blocker in [Expired, Failed, Missing] {
        assert!(!is_ready(&[s(Complete), s(blocker)]), "{blocker:?} blocks");
    }
}

proptest! {
    /// Entry order of the facts never changes the outcome (the order of entry breaks ties, not the slice).
    #[test]
    fn order_of_the_slice_does_not_matter(
        days in proptest::collection::vec((0i64..600, any::<bool>()), 0..8),
        as_of in 0i64..700,
    ) {
        let base = d("2025-10-01");
        let facts: Vec<Fact> = days.iter().enumerate()
            .map(|(i, (off, p))| Fact { date: base + chrono::Duration::days(*off), passed: *p, entry: Entry { hlc: i as i64, id: 0 } })
            .collect();
        let mut rev = facts.clone();
        rev.reverse();
        let w = Window::new(&contingent(), base + chrono::Duration::days(as_of));
        let m = module(true, Some(12), vec![]);
        prop_assert_eq!(
            module_status(&m, Category::Nco, &facts, &w),
            module_status(&m, Category::Nco, &rev, &w)
        );
    }

    /// A fact dated after the report date never changes the status.
    #[test]
    fn the_future_does_not_count(off in 1i64..400, passed: bool) {
        let w = window("2026-06-15");
        let m = module(false, Some(12), vec![]);
        let base = [pass("2026-04-01", 1)];
        let mut with_future = base.to_vec();
        with_future.push(Fact { date: d("2026-06-15") + chrono::Duration::days(off), passed, entry: Entry { hlc: 2, id: 0 } });
        prop_assert_eq!(module_status(&m, Category::Nco, &base, &w), module_status(&m, Category::Nco, &with_future, &w));
    }

    /// A longer validity never makes a status worse.
    #[test]
    fn longer_validity_is_never_worse(months in 1u32..60, extra in 1u32..24, day in 0i64..900) {
        let w = window("2026-06-15");
        let f = [Fact { date: d("2024-01-01") + chrono::Duration::days(day), passed: true, entry: Entry { hlc: 1, id: 0 } }];
        let rank = |s: Status| match s { Status::Complete => 0, Status::Expiring => 1, _ => 2 };
        let short = module_status(&module(false, Some(months), vec![]), Category::Nco, &f, &w).status;
        let long = module_status(&module(false, Some(months + extra), vec![]), Category::Nco, &f, &w).status;
        prop_assert!(rank(long) <= rank(short), "{:?} vs {:?}", long, short);
    }
}

/// "Lapses later": a certificate valid on the day that runs out before the tour ends.
/// Expiring or expired by the rules, but with its expiry still ahead of the day; a lapsed
/// one (expiry on or before the day) is not "lapsing", nor is one that outlasts the tour.
#[test]
fn lapses_later_only_while_still_valid_on_the_day() {
    let m = module(false, Some(12), vec![]);
    let at = |passed: &str, as_of: &str| {
        module_status(&m, Category::Enlisted, &[pass(passed, 1)], &window(as_of))
    };
    // Expires 2026-08-31, before deployment: expired, but valid on 15 June.
    assert!(at("2025-08-31", "2026-06-15").lapses_later());
    // Expires in the tour: expiring, valid on the day.
    assert!(at("2026-03-01", "2026-06-15").lapses_later());
    // Expired on 15 June itself, or before: lapsed, not lapsing.
    let gone = at("2025-06-15", "2026-06-15");
    assert_eq!(gone.status, Status::Expired);
    assert!(!gone.lapses_later());
    assert!(!at("2025-01-10", "2026-06-15").lapses_later());
    // Outlasts the tour, or never expires, or not passed: nothing lapses.
    assert!(!at("2026-03-02", "2026-06-15").lapses_later());
    let forever = module(false, None, vec![]);
    let s = module_status(
        &forever,
        Category::Enlisted,
        &[pass("2026-03-02", 1)],
        &window("2026-06-15"),
    );
    assert!(!s.lapses_later());
    let failed = module_status(
        &m,
        Category::Enlisted,
        &[fail("2026-03-02", 1)],
        &window("2026-06-15"),
    );
    assert!(!failed.lapses_later());
}

/// "Lapses before deployment" is the expired certificate still valid on the day, decided
/// once by the rules: read and counted apart from the expired, still not ready (rule 5).
/// Deployment is 2026-09-01 (`contingent()`), so an expiry on it is expired, the day after
/// is expiring; on or before the report date it has lapsed.
#[test]
fn lapses_before_deployment_is_an_expired_certificate_still_valid() {
    let m = module(false, Some(12), vec![]);
    let at = |passed: &str, as_of: &str| {
        module_status(&m, Category::Enlisted, &[pass(passed, 1)], &window(as_of))
    };
    for (passed, as_of, status, lapses) in [
        ("2025-08-31", "2026-06-15", Status::Expired, true),
        ("2025-09-01", "2026-06-15", Status::Expired, true),
        ("2025-06-16", "2026-06-15", Status::Expired, true),
        ("2025-06-15", "2026-06-15", Status::Expired, false),
        ("2025-09-02", "2026-06-15", Status::Expiring, false),
        // After deployment the report date is the day checked: nothing lapses "before".
        ("2025-10-01", "2026-10-01", Status::Expired, false),
        ("2025-10-02", "2026-10-01", Status::Expiring, false),
    ] {
        let s = at(passed, as_of);
        assert_eq!(
            (s.status, s.lapses_before_deployment),
            (status, lapses),
            "passed {passed}, as of {as_of}"
        );
        let reading = if lapses {
            Reading::LapsesBeforeDeployment
        } else {
            Reading::Status(status)
        };
        assert_eq!(s.reading(), reading, "passed {passed}, as of {as_of}");
        assert!(!is_ready(&[s]) || status == Status::Expiring);
    }
    let failed = module_status(
        &m,
        Category::Enlisted,
        &[fail("2026-03-02", 1)],
        &window("2026-06-15"),
    );
    assert!(!failed.lapses_before_deployment);
    // Left out of JSON when false, so reports frozen before it existed hash as they were.
    let json = serde_json::to_value(at("2025-06-15", "2026-06-15")).unwrap();
    assert!(json.get("lapses_before_deployment").is_none(), "{json}");
    let json = serde_json::to_value(at("2025-08-31", "2026-06-15")).unwrap();
    assert_eq!(json["lapses_before_deployment"], true);
}

/// The word a status is written as in the HTML report (`as_str`) is its
/// serialised name, the one the app and the JSON report read: one word per status.
#[test]
fn a_status_is_written_as_its_serialised_name() {
    for s in Status::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str(), "{s:?}");
    }
    assert_eq!(Status::NotRequired.as_str(), "not_required");
}
