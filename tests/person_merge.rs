//! One soldier on file under two numbers: `Store::merge_person` moves the wrong number's
//! records and roster places to the right one, deleting nothing, and every laptop that
//! receives the merge by sync agrees on the result.

mod support;

use muster::domain::{Person, RecordState};
use muster::problem::Problem;
use muster::store::{MergeRecord, MergeRoster};
use muster::Store;
use support::records::*;
use support::sites::{bundle, import, site};

fn twin(number: &str) -> Person {
    Person {
        service_number: number.into(),
        ..people()[2].clone()
    }
}

fn status(store: &Store, sn: &str) -> Option<(bool, usize)> {
    let r = muster::readiness::compute(&store.readiness_input(CODE).unwrap(), as_of());
    let p = r.personnel.iter().find(|p| p.service_number == sn)?;
    Some((p.ready, r.personnel.len()))
}

/// The person's ROE standing and how many are on the roster.
fn roe(store: &Store, sn: &str) -> Option<(String, usize)> {
    let r = muster::readiness::compute(&store.readiness_input(CODE).unwrap(), as_of());
    let p = r.personnel.iter().find(|p| p.service_number == sn)?;
    let s = serde_json::to_value(p).unwrap()["modules"]["ROE"].clone();
    Some((s["status"].as_str().unwrap().to_string(), r.personnel.len()))
}

fn code(e: muster::Error) -> String {
    serde_json::to_value(e.problem()).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn records_move_duplicates_are_voided_and_the_wrong_number_leaves_the_roster() {
    let mut f = fixture();
    // KZ100003 failed ROE on 10 Feb; the same soldier was entered again as KZ100093 and
    // passed the retake under that number; CULT was logged under both.
    add_people(&mut f.store, &[twin("KZ100093")]);
    let retake = log(&mut f.store, "KZ100093", "ROE", "2025-02-24", "pass");
    let cult = log(&mut f.store, "KZ100093", "CULT", "2025-01-13", "pass");
    assert_eq!(status(&f.store, "KZ100003"), Some((false, 8)));
    let audit = f.store.audit_log(None, 1000).unwrap().len();

    let plan = f
        .store
        .merge_person("kz100093", "KZ100003", BY, "entered twice", true)
        .unwrap();
    let rec = |id: &str, module: &str, date: &str| MergeRecord {
        id: id.into(),
        module: module.into(),
        date: date.into(),
        result: muster::domain::Outcome::Pass,
    };
    assert_eq!(
        (plan.from.as_str(), plan.into.as_str()),
        ("KZ100093", "KZ100003")
    );
    assert_eq!(plan.moved, vec![rec(&retake, "ROE", "2025-02-24")]);
    assert_eq!(plan.duplicates, vec![rec(&cult, "CULT", "2025-01-13")]);
    assert_eq!(
        plan.rosters,
        vec![MergeRoster {
            contingent: CODE.into(),
            into_already_on: true,
            restored: false
        }]
    );
    // A dry run writes nothing.
    assert_eq!(f.store.audit_log(None, 1000).unwrap().len(), audit);
    assert_eq!(status(&f.store, "KZ100003"), Some((false, 8)));

    let done = f
        .store
        .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
        .unwrap();
    assert_eq!(done, plan);
    // The retake now counts for KZ100003, and the roster holds one of them.
    assert_eq!(status(&f.store, "KZ100003"), Some((true, 7)));
    assert_eq!(status(&f.store, "KZ100093"), None);

    let theirs = f.store.history("KZ100003").unwrap();
    let moved = theirs
        .iter()
        .find(|e| e.attempt.supersedes.as_deref() == Some(retake.as_str()))
        .unwrap();
    assert_eq!(moved.state, RecordState::Active);
    assert_eq!(moved.moved_from.as_deref(), Some("KZ100093"));
    assert_eq!(moved.attempt.reason.as_deref(), Some("entered twice"));
    let wrong = f.store.history("KZ100093").unwrap();
    assert_eq!(wrong.len(), 2, "nothing deleted");
    let by_id = |id: &str| wrong.iter().find(|e| e.attempt.id == id).unwrap();
    assert_eq!(by_id(&retake).state, RecordState::Superseded);
    assert_eq!(by_id(&retake).moved_to.as_deref(), Some("KZ100003"));
    assert_eq!(by_id(&cult).state, RecordState::Voided);
    let off = f.store.off_roster(CODE).unwrap();
    assert!(off
        .iter()
        .any(|o| o.person.service_number == "KZ100093" && o.reason == "entered twice"));
    let last = &f.store.audit_log(None, 1).unwrap()[0];
    assert_eq!(
        (
            last.action.as_str(),
            last.entity.as_str(),
            last.entity_id.as_str()
        ),
        ("merge", "person", "KZ100093")
    );
    assert!(muster::check::check_store(&f.store).unwrap().ok());

    // Done once: nothing is left to move.
    let e = f
        .store
        .merge_person("KZ100093", "KZ100003", BY, "again", false)
        .unwrap_err();
    assert_eq!(code(e), "merge_nothing");
}

#[test]
fn records_of_one_day_that_disagree_or_one_number_twice_are_refused_whole() {
    let mut f = fixture();
    add_people(&mut f.store, &[twin("KZ100094")]);
    // KZ100003 failed ROE on 10 Feb; the twin passed it that day, and has another record.
    log(&mut f.store, "KZ100094", "PATROL", "2025-02-05", "pass");
    log(&mut f.store, "KZ100094", "ROE", "2025-02-10", "pass");
    let audit = f.store.audit_log(None, 1000).unwrap().len();
    let e = f
        .store
        .merge_person("KZ100094", "KZ100003", BY, "entered twice", false)
        .unwrap_err();
    assert_eq!(
        e.problem(),
        Problem::MergeClash {
            from: "KZ100094".into(),
            module: "ROE".into(),
            date: "2025-02-10".into(),
            from_result: "pass".into(),
        }
    );
    assert!(e.to_string().contains("void or amend the wrong one first"));
    assert_eq!(f.store.audit_log(None, 1000).unwrap().len(), audit);
    assert_eq!(f.store.history("KZ100094").unwrap().len(), 2);
    assert_eq!(status(&f.store, "KZ100094").map(|s| s.1), Some(8));

    let e = f
        .store
        .merge_person("KZ100094", "kz100094", BY, "x", false)
        .unwrap_err();
    assert_eq!(code(e), "merge_same");
    let e = f
        .store
        .merge_person("KZ100094", "KZ-100003", BY, "x", false)
        .unwrap_err();
    assert_eq!(code(e), "no_such_soldier_looks_like");
    let e = f
        .store
        .merge_person("KZ100094", "KZ100003", BY, " ", false)
        .unwrap_err();
    assert!(e.to_string().contains("reason"), "{e}");
}

#[test]
fn the_right_number_takes_the_wrong_ones_place_on_a_roster_it_was_not_on() {
    let mut f = fixture();
    // KZ100095 is on file but on no roster; the roster has the same soldier as KZ100096.
    f.store
        .writer()
        .map(|mut w| {
            w.upsert_person(&twin("KZ100095"), BY).unwrap();
            w.commit().unwrap();
        })
        .unwrap();
    add_people(&mut f.store, &[twin("KZ100096")]);
    log(&mut f.store, "KZ100096", "SEA", "2025-01-20", "fail");
    assert_eq!(status(&f.store, "KZ100095"), None);
    let plan = f
        .store
        .merge_person("KZ100096", "KZ100095", BY, "roster had a typo", false)
        .unwrap();
    assert_eq!(
        plan.rosters,
        vec![MergeRoster {
            contingent: CODE.into(),
            into_already_on: false,
            restored: false
        }]
    );
    assert_eq!(status(&f.store, "KZ100095"), Some((false, 8)));
    assert_eq!(status(&f.store, "KZ100096"), None);
    assert_eq!(
        f.store.assignments("KZ100095").unwrap(),
        vec![CODE.to_string()]
    );
    assert!(f.store.assignments("KZ100096").unwrap().is_empty());
    assert!(muster::check::check_store(&f.store).unwrap().ok());
}

#[test]
fn a_merge_made_on_one_laptop_reads_the_same_on_another() {
    let mut hq = site(0);
    let mut platoon = site(1);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    let first = bundle(&mut hq);
    platoon.store.seed_default_curriculum(BY).unwrap();
    import(&mut platoon, &first, false).unwrap();
    add_people(&mut hq.store, &people()[..3]);
    log(&mut hq.store, "KZ100003", "ROE", "2025-02-10", "fail");
    // Before hearing of HQ's roster, the platoon read its own, which spelt the number
    // with a Cyrillic К.
    add_people(&mut platoon.store, &[twin("KZ-100003")]);
    log(&mut platoon.store, "KZ-100003", "ROE", "2025-02-24", "pass");
    let up = bundle(&mut platoon);
    import(&mut hq, &up, false).unwrap();
    let down = bundle(&mut hq);
    import(&mut platoon, &down, false).unwrap();
    assert_eq!(
        muster::sync::look_alikes(&platoon.store, false)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(roe(&hq.store, "KZ100003"), Some(("failed".into(), 4)));

    hq.store
        .merge_person(
            "KZ-100003",
            "KZ100003",
            BY,
            "the platoon's roster wrote it with a dash",
            false,
        )
        .unwrap();
    let down = bundle(&mut hq);
    import(&mut platoon, &down, false).unwrap();
    for s in [&hq, &platoon] {
        assert_eq!(
            roe(&s.store, "KZ100003"),
            Some(("complete".into(), 3)),
            "{}",
            s.name
        );
        assert_eq!(roe(&s.store, "KZ-100003"), None, "{}", s.name);
        let moved: Vec<_> = s
            .store
            .history("KZ100003")
            .unwrap()
            .into_iter()
            .filter_map(|e| e.moved_from)
            .collect();
        assert_eq!(moved, vec!["KZ-100003".to_string()], "{}", s.name);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
        assert!(muster::sync::look_alikes(&s.store, false)
            .unwrap()
            .is_empty());
    }
    let json = |s: &Store, sn: &str| serde_json::to_string(&s.history(sn).unwrap()).unwrap();
    for sn in ["KZ100003", "KZ-100003"] {
        assert_eq!(json(&hq.store, sn), json(&platoon.store, sn), "{sn}");
    }
}

fn session(sn: &str, module: &str, date: &str) -> muster::domain::NewAttempt {
    muster::domain::NewAttempt {
        service_number: sn.into(),
        module: module.into(),
        date: muster::dates::parse(date).unwrap(),
        result: muster::domain::Outcome::Pass,
        score: None,
        hours: None,
        instructor: "KAZCENT".into(),
        notes: String::new(),
    }
}

/// After a merge the wrong number is still on file (nothing is deleted), but a record
/// or a roster place given to it would count for no one: every way in refuses it, naming
/// the number to use, written however the user typed it.
#[test]
fn a_merged_number_takes_no_new_record_or_roster_place() {
    let mut f = fixture();
    add_people(&mut f.store, &[twin("KZ100093")]);
    f.store
        .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
        .unwrap();
    let merged = |e: muster::Error| match e.problem() {
        Problem::MergedNumber { value, into } => (value.to_string(), into),
        other => panic!("{other:?}"),
    };
    let records = f.store.history("KZ100093").unwrap().len();
    let theirs = f.store.history("KZ100001").unwrap().len();
    // A session, with the number in lower case among others who may be recorded.
    let e = f
        .store
        .log_session(
            &[
                session("KZ100001", "SEA", "2025-03-01"),
                session("kz100093", "SEA", "2025-03-01"),
            ],
            BY,
        )
        .unwrap_err();
    assert_eq!(merged(e), ("kz100093".to_string(), "KZ100003".to_string()));
    assert_eq!(
        f.store.history("KZ100001").unwrap().len(),
        theirs,
        "nothing of the session"
    );
    // Back on a roster by hand.
    let e = f.store.put_on_roster("KZ100093", CODE, BY).unwrap_err();
    assert_eq!(merged(e).1, "KZ100003");
    // Merged into: the records would go where no roster looks.
    add_people(&mut f.store, &[twin("KZ100094")]);
    log(&mut f.store, "KZ100094", "SEA", "2025-03-02", "pass");
    let e = f
        .store
        .merge_person("KZ100094", "KZ100093", BY, "x", false)
        .unwrap_err();
    assert_eq!(merged(e).1, "KZ100003");
    assert_eq!(f.store.history("KZ100093").unwrap().len(), records);
    assert!(muster::sync::left_behind(&f.store).unwrap().is_empty());
    // Files: a completions row and a roster row under the merged number refuse the file.
    let dir = tempfile::tempdir().unwrap();
    let done = dir.path().join("done.csv");
    std::fs::write(
        &done,
        "service_number;module;date;result\nKZ100001;POC;01.03.2025;pass\nKZ100093;POC;01.03.2025;pass\n",
    )
    .unwrap();
    let table = muster::import::Table::open(&done, &Default::default()).unwrap();
    let r = muster::import::import_completions(&mut f.store, table, &done, BY, false, &mut |_| {})
        .unwrap();
    assert!(!r.committed);
    assert_eq!(
        r.errors.iter().map(|e| (e.line, e.message.clone())).collect::<Vec<_>>(),
        [(3, "service number \"KZ100093\" was merged into KZ100003 (one soldier under two numbers): use KZ100003".to_string())]
    );
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "service_number;family_name;given_name;category;gender\nKZ100093;Омаров;Ерлан;enlisted;M\n",
    )
    .unwrap();
    let table = muster::import::Table::open(&roster, &Default::default()).unwrap();
    let r = muster::import::import_roster(&mut f.store, table, &roster, CODE, BY, false).unwrap();
    assert!(!r.committed);
    assert_eq!(code_of(&r.errors[0].problem), "merged_number");
    assert!(f.store.assignments("KZ100093").unwrap().is_empty());
}

fn code_of(p: &Problem) -> String {
    serde_json::to_value(p).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A laptop that has not yet received a merge logs a session under the wrong number. Once
/// the two have exchanged, both list the record as left behind (it counts for no one), the
/// same merge made again on either moves it, and both then agree, the record counting.
#[test]
fn records_logged_under_a_merged_number_elsewhere_are_listed_until_merged_again() {
    let mut hq = site(0);
    let mut platoon = site(1);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut hq.store, &people()[..3]);
    add_people(&mut hq.store, &[twin("KZ100093")]);
    let first = bundle(&mut hq);
    platoon.store.seed_default_curriculum(BY).unwrap();
    import(&mut platoon, &first, false).unwrap();
    hq.store
        .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
        .unwrap();
    // The platoon has not heard of it: its session goes under the wrong number.
    log(&mut platoon.store, "KZ100093", "ROE", "2025-02-24", "pass");
    let up = bundle(&mut platoon);
    import(&mut hq, &up, false).unwrap();
    let down = bundle(&mut hq);
    import(&mut platoon, &down, false).unwrap();
    for s in [&hq, &platoon] {
        let left = muster::sync::left_behind(&s.store).unwrap();
        assert_eq!(left.len(), 1, "{}", s.name);
        assert_eq!(
            (left[0].service_number.as_str(), left[0].into.as_str()),
            ("KZ100093", "KZ100003")
        );
        assert_eq!(
            left[0]
                .records
                .iter()
                .map(|r| (r.module.as_str(), r.date.as_str()))
                .collect::<Vec<_>>(),
            [("ROE", "2025-02-24")]
        );
        assert_eq!(
            roe(&s.store, "KZ100003"),
            Some(("missing".into(), 3)),
            "{}",
            s.name
        );
    }
    platoon
        .store
        .merge_person(
            "KZ100093",
            "KZ100003",
            BY,
            "logged before the merge arrived",
            false,
        )
        .unwrap();
    let up = bundle(&mut platoon);
    import(&mut hq, &up, false).unwrap();
    for s in [&hq, &platoon] {
        assert!(
            muster::sync::left_behind(&s.store).unwrap().is_empty(),
            "{}",
            s.name
        );
        assert_eq!(
            roe(&s.store, "KZ100003"),
            Some(("complete".into(), 3)),
            "{}",
            s.name
        );
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
}

/// Two laptops, before hearing of each other, merge one pair: HQ has KZ100093 merged into
/// KZ100003, the platoon the same. Once exchanged both read the soldier once, under the
/// right number, and list no conflict: the two laptops' corrections say the same.
#[test]
fn one_merge_made_on_two_laptops_reads_once_and_is_no_conflict() {
    let (mut hq, mut platoon) = two_laptops_with_a_twin();
    for s in [&mut hq, &mut platoon] {
        s.store
            .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
            .unwrap();
    }
    exchange(&mut hq, &mut platoon);
    for s in [&hq, &platoon] {
        assert_eq!(
            roe(&s.store, "KZ100003"),
            Some(("complete".into(), 3)),
            "{}",
            s.name
        );
        assert_eq!(roe(&s.store, "KZ100093"), None, "{}", s.name);
        assert!(muster::sync::left_behind(&s.store).unwrap().is_empty());
        assert!(
            muster::sync::conflicts(&s.store, false).unwrap().is_empty(),
            "{}",
            s.name
        );
        // Still there for whoever asks for every conflict, settled ones too.
        assert_eq!(muster::sync::conflicts(&s.store, true).unwrap().len(), 2);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
}

/// Two laptops merge one pair each its own way: HQ KZ100093 into KZ100003, the platoon
/// KZ100003 into KZ100093. The later merge stands on both (one number stays right, so the
/// soldier can still be logged), the roster place the earlier one took away is listed, and
/// merging again, as listed, puts the soldier back on the roster with every record.
#[test]
fn opposite_merges_on_two_laptops_leave_one_right_number_and_merging_again_restores_it() {
    let (mut hq, mut platoon) = two_laptops_with_a_twin();
    hq.store
        .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
        .unwrap();
    platoon
        .store
        .merge_person("KZ100003", "KZ100093", BY, "entered twice", false)
        .unwrap();
    exchange(&mut hq, &mut platoon);
    for s in [&hq, &platoon] {
        let merged = s.store.merged_numbers().unwrap();
        assert_eq!(
            merged.values().map(|m| m.from.as_str()).collect::<Vec<_>>(),
            ["KZ100003"],
            "{}",
            s.name
        );
        let left = muster::sync::left_behind(&s.store).unwrap();
        assert_eq!(left.len(), 1, "{}", s.name);
        assert_eq!(
            (left[0].service_number.as_str(), left[0].into.as_str()),
            ("KZ100003", "KZ100093")
        );
        assert_eq!(left[0].off_rosters, [CODE.to_string()]);
    }
    // The right number takes records (it is not refused as merged).
    log(&mut hq.store, "KZ100093", "CULT", "2025-03-03", "pass");
    let plan = platoon
        .store
        .merge_person("KZ100003", "KZ100093", BY, "merged both ways", false)
        .unwrap();
    assert_eq!(
        plan.rosters,
        vec![MergeRoster {
            contingent: CODE.into(),
            into_already_on: false,
            restored: true
        }]
    );
    exchange(&mut hq, &mut platoon);
    for s in [&hq, &platoon] {
        assert!(muster::sync::left_behind(&s.store).unwrap().is_empty());
        assert_eq!(
            roe(&s.store, "KZ100093"),
            Some(("complete".into(), 3)),
            "{}",
            s.name
        );
        assert_eq!(roe(&s.store, "KZ100003"), None, "{}", s.name);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
}

/// HQ and a platoon holding the same records: KZ100003 failed ROE, and the same soldier,
/// entered again as KZ100093, passed the retake and CULT; both numbers on the roster.
fn two_laptops_with_a_twin() -> (support::sites::Site, support::sites::Site) {
    let mut hq = site(0);
    let mut platoon = site(1);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut hq.store, &people()[..3]);
    add_people(&mut hq.store, &[twin("KZ100093")]);
    log(&mut hq.store, "KZ100003", "ROE", "2025-02-10", "fail");
    log(&mut hq.store, "KZ100093", "ROE", "2025-02-24", "pass");
    log(&mut hq.store, "KZ100093", "CULT", "2025-01-13", "pass");
    let first = bundle(&mut hq);
    platoon.store.seed_default_curriculum(BY).unwrap();
    import(&mut platoon, &first, false).unwrap();
    (hq, platoon)
}

/// Each receives what the other holds.
fn exchange(a: &mut support::sites::Site, b: &mut support::sites::Site) {
    let up = bundle(b);
    import(a, &up, false).unwrap();
    let down = bundle(a);
    import(b, &down, false).unwrap();
}

/// One soldier under three numbers, every laptop holding all three and their records:
/// KZ100003 failed ROE, KZ100093 passed the retake, KZ100083 passed CULT.
fn laptops_with_three_numbers(n: u8) -> Vec<support::sites::Site> {
    let mut sites: Vec<_> = (0..n).map(site).collect();
    sites[0].store.seed_default_curriculum(BY).unwrap();
    sites[0].store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut sites[0].store, &people()[..3]);
    add_people(&mut sites[0].store, &[twin("KZ100093"), twin("KZ100083")]);
    log(&mut sites[0].store, "KZ100003", "ROE", "2025-02-10", "fail");
    log(&mut sites[0].store, "KZ100093", "ROE", "2025-02-24", "pass");
    log(
        &mut sites[0].store,
        "KZ100083",
        "CULT",
        "2025-01-13",
        "pass",
    );
    let first = bundle(&mut sites[0]);
    for s in &mut sites[1..] {
        s.store.seed_default_curriculum(BY).unwrap();
        import(s, &first, false).unwrap();
    }
    sites
}

/// Every laptop receives every other's bundle, twice round.
fn exchange_all(sites: &mut [support::sites::Site]) {
    for _ in 0..2 {
        for from in 0..sites.len() {
            let b = bundle(&mut sites[from]);
            for to in (0..sites.len()).filter(|t| *t != from) {
                import(&mut sites[to], &b, false).unwrap();
            }
        }
    }
}

/// What `left_behind` lists: each merged number, the number to merge it into, what it
/// holds and the rosters that number is off.
fn listed(store: &Store) -> Vec<(String, String, usize, Vec<String>)> {
    muster::sync::left_behind(store)
        .unwrap()
        .into_iter()
        .map(|l| (l.service_number, l.into, l.records.len(), l.off_rosters))
        .collect()
}

/// A chain made apart: HQ merges KZ100093 into KZ100003 while the platoon merges KZ100083
/// into KZ100093. The CULT pass the platoon moved lands under a number merged away: it is
/// listed on both, to be merged into the end of the chain, and merging it counts it.
#[test]
fn a_chain_of_merges_made_apart_lists_what_it_strands_and_the_number_at_its_end() {
    let mut sites = laptops_with_three_numbers(2);
    sites[0]
        .store
        .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
        .unwrap();
    sites[1]
        .store
        .merge_person("KZ100083", "KZ100093", BY, "entered twice", false)
        .unwrap();
    exchange_all(&mut sites);
    for s in &mut sites {
        let merged = s.store.merged_numbers().unwrap();
        assert_eq!(merged["KZ100083"].into, "KZ100003", "{}", s.name);
        assert_eq!(
            listed(&s.store),
            [("KZ100093".into(), "KZ100003".into(), 1, vec![])],
            "{}",
            s.name
        );
        // A session under the first number is refused naming the end of the chain, not
        // the number merged away.
        let e = s
            .store
            .log_session(&[session("KZ100083", "POC", "2025-03-01")], BY)
            .unwrap_err();
        assert!(e.to_string().contains("use KZ100003"), "{}: {e}", s.name);
    }
    sites[1]
        .store
        .merge_person("KZ100093", "KZ100003", BY, "the chain's end", false)
        .unwrap();
    exchange_all(&mut sites);
    for s in &sites {
        assert!(listed(&s.store).is_empty(), "{}", s.name);
        let r = muster::readiness::compute(&s.store.readiness_input(CODE).unwrap(), as_of());
        let p = r
            .personnel
            .iter()
            .find(|p| p.service_number == "KZ100003")
            .unwrap();
        let m = serde_json::to_value(&p.modules).unwrap();
        assert_eq!(m["CULT"]["status"], "complete", "{}", s.name);
        assert_eq!(m["ROE"]["status"], "complete", "{}", s.name);
        assert_eq!(r.personnel.len(), 3, "{}", s.name);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
}

/// Three laptops merge the soldier's three numbers round a loop before hearing of each
/// other (KZ100003 into KZ100093, KZ100093 into KZ100083, KZ100083 into KZ100003). The
/// earliest merge gives way everywhere: KZ100003 is the number to use, the other two are
/// listed with what they hold and the roster KZ100003 is off, and merging them as listed
/// puts the soldier back with every record.
#[test]
fn a_loop_of_merges_made_apart_gives_way_at_its_earliest_and_merging_again_restores_all() {
    let mut sites = laptops_with_three_numbers(3);
    for (i, (from, into)) in [
        ("KZ100003", "KZ100093"),
        ("KZ100093", "KZ100083"),
        ("KZ100083", "KZ100003"),
    ]
    .into_iter()
    .enumerate()
    {
        sites[i]
            .store
            .merge_person(from, into, BY, "entered twice", false)
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    exchange_all(&mut sites);
    let first = listed(&sites[0].store);
    assert_eq!(
        first
            .iter()
            .map(|(sn, into, _, off)| (sn.as_str(), into.as_str(), off.clone()))
            .collect::<Vec<_>>(),
        [
            ("KZ100083", "KZ100003", vec![CODE.to_string()]),
            ("KZ100093", "KZ100003", vec![CODE.to_string()]),
        ]
    );
    for s in &sites {
        assert_eq!(listed(&s.store), first, "{}", s.name);
        let r = muster::readiness::compute(&s.store.readiness_input(CODE).unwrap(), as_of());
        assert_eq!(
            r.personnel.len(),
            2,
            "{}: the soldier is off the roster",
            s.name
        );
    }
    for (from, _, _, _) in &first {
        sites[2]
            .store
            .merge_person(from, "KZ100003", BY, "merged round a loop", false)
            .unwrap();
    }
    exchange_all(&mut sites);
    for s in &sites {
        assert!(listed(&s.store).is_empty(), "{}", s.name);
        let r = muster::readiness::compute(&s.store.readiness_input(CODE).unwrap(), as_of());
        assert_eq!(r.personnel.len(), 3, "{}", s.name);
        let p = r
            .personnel
            .iter()
            .find(|p| p.service_number == "KZ100003")
            .unwrap();
        let m = serde_json::to_value(&p.modules).unwrap();
        assert_eq!(m["CULT"]["status"], "complete", "{}", s.name);
        assert_eq!(m["ROE"]["status"], "complete", "{}", s.name);
        assert!(muster::check::check_store(&s.store).unwrap().ok());
    }
}

/// The platoon, not yet aware of HQ's merge of KZ100093 into KZ100003, enters the
/// soldier's promotion and new unit under KZ100093. A merge moves records, not details:
/// both laptops list the two changes with the number kept, and editing a detail of the
/// number kept settles that one.
#[test]
fn details_changed_under_a_merged_number_after_the_merge_are_listed_until_edited_where_kept() {
    let (mut hq, mut platoon) = two_laptops_with_a_twin();
    hq.store
        .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let promotion = muster::domain::PersonPatch {
        rank: Some("ефрейтор".into()),
        unit: Some("2 взвод".into()),
        ..Default::default()
    };
    platoon
        .store
        .edit_person("KZ100093", &promotion, BY)
        .unwrap();
    exchange(&mut hq, &mut platoon);
    let details = |s: &Store| -> Vec<(String, String)> {
        muster::sync::left_behind(s)
            .unwrap()
            .into_iter()
            .flat_map(|l| {
                assert_eq!(l.into, "KZ100003");
                l.details.into_iter().map(|d| (d.field, d.value))
            })
            .collect()
    };
    for s in [&hq, &platoon] {
        assert_eq!(
            details(&s.store),
            [
                ("rank".to_string(), "ефрейтор".to_string()),
                ("unit".to_string(), "2 взвод".to_string())
            ],
            "{}",
            s.name
        );
        let left = muster::sync::left_behind(&s.store).unwrap();
        assert!(!left[0].moves_anything(), "nothing for a merge to move");
    }
    std::thread::sleep(std::time::Duration::from_millis(5));
    hq.store
        .edit_person(
            "KZ100003",
            &muster::domain::PersonPatch {
                rank: Some("ефрейтор".into()),
                ..Default::default()
            },
            BY,
        )
        .unwrap();
    exchange(&mut hq, &mut platoon);
    for s in [&hq, &platoon] {
        assert_eq!(
            details(&s.store),
            [("unit".to_string(), "2 взвод".to_string())],
            "{}",
            s.name
        );
    }
}

/// HQ merges KZ100093 into KZ100003 (not on the roster: the merge puts it there in the
/// wrong number's place) while the platoon, not yet aware, takes KZ100093 off the roster
/// ("discharged"). Both laptops list it (the soldier still counts there) until someone
/// takes KZ100003 off too.
#[test]
fn a_removal_made_apart_from_a_merge_is_listed_until_the_number_kept_leaves_too() {
    let mut hq = site(0);
    let mut platoon = site(1);
    hq.store.seed_default_curriculum(BY).unwrap();
    hq.store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut hq.store, &people()[..3]);
    add_people(&mut hq.store, &[twin("KZ100093")]);
    hq.store
        .take_off_roster("KZ100003", CODE, BY, "serves at headquarters")
        .unwrap();
    let first = bundle(&mut hq);
    platoon.store.seed_default_curriculum(BY).unwrap();
    import(&mut platoon, &first, false).unwrap();
    hq.store
        .merge_person("KZ100093", "KZ100003", BY, "entered twice", false)
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    platoon
        .store
        .take_off_roster("KZ100093", CODE, BY, "discharged, not deploying")
        .unwrap();
    exchange(&mut hq, &mut platoon);
    let removed = |s: &Store| -> Vec<(String, String)> {
        muster::sync::left_behind(s)
            .unwrap()
            .into_iter()
            .flat_map(|l| l.removed_apart)
            .map(|r| (r.contingent, r.reason))
            .collect()
    };
    for s in [&hq, &platoon] {
        assert_eq!(
            removed(&s.store),
            [(CODE.to_string(), "discharged, not deploying".to_string())],
            "{}",
            s.name
        );
        assert!(
            roe(&s.store, "KZ100003").is_some(),
            "still counted: {}",
            s.name
        );
    }
    hq.store
        .take_off_roster("KZ100003", CODE, BY, "discharged, not deploying")
        .unwrap();
    exchange(&mut hq, &mut platoon);
    for s in [&hq, &platoon] {
        assert!(removed(&s.store).is_empty(), "{}", s.name);
        assert!(muster::sync::left_behind(&s.store).unwrap().is_empty());
        assert_eq!(roe(&s.store, "KZ100003"), None, "{}", s.name);
    }
}
