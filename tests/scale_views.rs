//! The views the app asks for at scale, each the same as the part of the whole readiness
//! it stands for: the dashboard's figures and its list of people not ready, the matrix's
//! pages under each filter, one person's standing and retakes.

mod support;

use muster::dashboard::{self, NOT_READY_LISTED};
use muster::domain::{Category, Gender, Person};
use muster::matrix::{self, MatrixFilter};
use muster::readiness::{self, PersonReadiness, Readiness};
use muster::rules::Status;
use muster::service_record;
use muster::Store;
use support::records::*;

/// The demo contingent (122 people, every status), loaded as of a fixed day.
fn demo() -> (tempfile::TempDir, Store, chrono::NaiveDate) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
    let today = d("2026-03-02");
    muster::demo::load(&mut store, today).unwrap();
    (dir, store, today)
}

fn sns<'a>(people: impl IntoIterator<Item = &'a PersonReadiness>) -> Vec<String> {
    people
        .into_iter()
        .map(|p| p.service_number.clone())
        .collect()
}

#[test]
fn the_dashboard_lists_who_is_not_ready_with_what_they_lack() {
    let (_dir, store, today) = demo();
    let r = readiness::readiness(&store, muster::demo::DEMO_CODE, today).unwrap();
    let dash = dashboard::dashboard(&store, muster::demo::DEMO_CODE, today).unwrap();
    let blockers: Vec<&PersonReadiness> = r.personnel.iter().filter(|p| !p.ready).collect();
    assert!(!blockers.is_empty() && blockers.len() < NOT_READY_LISTED);
    assert_eq!(dash.not_ready_total, blockers.len());
    assert_eq!(dash.not_ready.len(), blockers.len());
    for (n, p) in dash.not_ready.iter().zip(&blockers) {
        assert_eq!(n.service_number, p.service_number);
        assert_eq!(n.unit, p.unit);
        let lacking: Vec<(String, Status)> = n
            .lacking
            .iter()
            .map(|l| (l.module.clone(), l.status))
            .collect();
        let want: Vec<(String, Status)> = p
            .lacking
            .iter()
            .map(|c| (c.to_string(), p.modules.get(c).unwrap().status))
            .collect();
        assert_eq!(lacking, want, "{}", p.service_number);
    }
    assert_eq!(dash.summary, r.summary);
    assert_eq!(dash.modules, r.modules);
    // The roster lists people in the order readiness does.
    let roster: Vec<String> = store
        .roster(muster::demo::DEMO_CODE)
        .unwrap()
        .into_iter()
        .map(|p| p.service_number)
        .collect();
    assert_eq!(roster, sns(&r.personnel));
    // The units in roster order, each once.
    let mut units: Vec<String> = r.personnel.iter().map(|p| p.unit.clone()).collect();
    units.dedup();
    assert_eq!(dash.units, units);
}

#[test]
fn the_list_of_people_not_ready_is_bounded_and_the_count_is_not() {
    let mut f = fixture();
    let many: Vec<Person> = (0..250)
        .map(|i| Person {
            service_number: format!("ZZ{i:04}"),
            family_name: "Қасымов".into(),
            given_name: format!("Ерлан{i}"),
            patronymic: None,
            rank: "рядовой".into(),
            category: Category::Enlisted,
            gender: Gender::M,
            role: "стрелок".into(),
            unit: "9 взвод".into(),
        })
        .collect();
    add_people(&mut f.store, &many);
    let today = d("2025-03-05");
    let r = readiness::readiness(&f.store, CODE, today).unwrap();
    let not_ready = r.personnel.iter().filter(|p| !p.ready).count();
    assert!(not_ready >= 250);
    let dash = dashboard::dashboard(&f.store, CODE, today).unwrap();
    assert_eq!(dash.not_ready_total, not_ready);
    assert_eq!(dash.not_ready.len(), NOT_READY_LISTED);
    let first: Vec<String> = r
        .personnel
        .iter()
        .filter(|p| !p.ready)
        .take(NOT_READY_LISTED)
        .map(|p| p.service_number.clone())
        .collect();
    let listed: Vec<String> = dash
        .not_ready
        .iter()
        .map(|n| n.service_number.clone())
        .collect();
    assert_eq!(listed, first);
}

/// The matrix's filters as the screen applied them before they moved into the core; a
/// certificate still valid on the day that lapses before deployment is "lapses", never
/// "expired".
fn by_hand(r: &Readiness, f: &MatrixFilter) -> Vec<String> {
    let is = |m: &muster::rules::ModuleStatus| {
        if f.lapses {
            m.lapses_before_deployment
        } else {
            f.status
                .is_none_or(|st| m.status == st && !m.lapses_before_deployment)
        }
    };
    sns(r.personnel.iter().filter(|p| {
        (f.unit.is_empty() || p.unit == f.unit)
            && f.category.is_none_or(|c| c == p.category)
            && (f.status.is_none() && !f.lapses
                || if f.module.is_empty() {
                    p.modules.iter().any(|(_, m)| is(m))
                } else {
                    p.modules.get(&f.module).is_some_and(is)
                })
            && muster::text::search::matches(
                &format!(
                    "{} {} {} {}",
                    p.family_name,
                    p.given_name,
                    p.patronymic.clone().unwrap_or_default(),
                    p.service_number
                ),
                &f.query,
            )
    }))
}

#[test]
fn matrix_pages_are_the_filtered_roster_cut_in_windows() {
    let (_dir, store, today) = demo();
    let r = readiness::readiness(&store, muster::demo::DEMO_CODE, today).unwrap();
    let unit = r.personnel[40].unit.clone();
    let someone = &r.personnel[17];
    let filters = [
        MatrixFilter::default(),
        MatrixFilter {
            unit: unit.clone(),
            ..Default::default()
        },
        MatrixFilter {
            category: Some(Category::Officer),
            ..Default::default()
        },
        MatrixFilter {
            status: Some(Status::Expired),
            ..Default::default()
        },
        MatrixFilter {
            status: Some(Status::Missing),
            module: "POC".into(),
            ..Default::default()
        },
        MatrixFilter {
            lapses: true,
            ..Default::default()
        },
        MatrixFilter {
            lapses: true,
            module: "SEA".into(),
            ..Default::default()
        },
        MatrixFilter {
            query: someone.family_name.clone(),
            ..Default::default()
        },
        MatrixFilter {
            query: someone.service_number.to_lowercase(),
            ..Default::default()
        },
        MatrixFilter {
            query: "no such name at all".into(),
            ..Default::default()
        },
        MatrixFilter {
            unit,
            status: Some(Status::Complete),
            category: Some(Category::Enlisted),
            ..Default::default()
        },
    ];
    for f in &filters {
        let want = by_hand(&r, f);
        let mut got = Vec::new();
        let mut offset = 0;
        loop {
            let page = matrix::page(&r, f, offset, 7);
            assert_eq!(page.offset, offset);
            assert_eq!(page.total, want.len(), "{f:?}");
            assert_eq!(page.personnel, r.personnel.len());
            if page.rows.is_empty() {
                break;
            }
            assert!(page.rows.len() <= 7);
            got.extend(sns(&page.rows));
            offset += page.rows.len();
        }
        assert_eq!(got, want, "{f:?}");
    }
    // Some filters are not empty, one is: the cases mean something.
    assert_eq!(matrix::page(&r, &filters[0], 0, 1000).total, 122);
    assert_eq!(matrix::page(&r, &filters[9], 0, 10).total, 0);
    // The demo has certificates lapsing before deployment, each read as that alone.
    assert!(matrix::page(&r, &filters[5], 0, 10).total > 0);
    assert!(matrix::page(&r, &filters[6], 0, 10).total > 0);
    assert!(matrix::page(&r, &filters[3], 0, 10).total > 0);
    assert!(matrix::page(&r, &filters[4], 0, 10).total > 0);
    assert!(sns(&matrix::page(&r, &filters[8], 0, 10).rows).contains(&someone.service_number));
    // A page past the end is empty, with the count.
    let past = matrix::page(&r, &filters[0], 500, 10);
    assert_eq!((past.rows.len(), past.total), (0, 122));
    // Rows are the readiness's rows, statuses and all.
    assert_eq!(matrix::page(&r, &filters[0], 17, 1).rows[0], *someone);
}

#[test]
fn a_persons_standing_is_their_row_of_the_contingent_and_their_retakes() {
    let (_dir, store, today) = demo();
    let code = muster::demo::DEMO_CODE;
    let r = readiness::readiness(&store, code, today).unwrap();
    let due = muster::due::due(&store, code, today, None).unwrap();
    assert!(!due.is_empty());
    for p in &r.personnel {
        let s = service_record::standing(&store, code, &p.service_number, today)
            .unwrap()
            .expect("on the roster");
        assert_eq!(s.person, *p);
        assert_eq!(s.as_of, today);
        let mine: Vec<_> = due
            .iter()
            .filter(|d| d.service_number == p.service_number)
            .cloned()
            .collect();
        assert_eq!(s.retakes, mine, "{}", p.service_number);
    }
}

#[test]
fn someone_off_the_roster_has_no_standing_there() {
    let (_dir, mut store, today) = demo();
    let code = muster::demo::DEMO_CODE;
    let r = readiness::readiness(&store, code, today).unwrap();
    let sn = r.personnel[3].service_number.clone();
    store.take_off_roster(&sn, code, BY, "переведён").unwrap();
    assert_eq!(
        service_record::standing(&store, code, &sn, today).unwrap(),
        None
    );
    // An unknown soldier is a refusal, not an empty standing.
    assert!(service_record::standing(&store, code, "NO-SUCH-1", today).is_err());
}

#[test]
fn the_revision_moves_on_every_write_here_or_elsewhere_and_not_on_reading() {
    let f = fixture();
    let mut store = f.store;
    let first = store.revision().unwrap();
    // Reading changes nothing.
    readiness::readiness(&store, CODE, d("2025-03-05")).unwrap();
    muster::dashboard::dashboard(&store, CODE, d("2025-03-05")).unwrap();
    assert_eq!(store.revision().unwrap(), first);
    log(&mut store, "KZ100001", "ROE", "2025-03-01", "pass");
    let after_ours = store.revision().unwrap();
    assert_ne!(after_ours, first);
    // Another connection (the command line) writes: seen here.
    let mut other = Store::open(&f.dir.path().join("muster.sqlite3")).unwrap();
    log(&mut other, "KZ100001", "CULT", "2025-03-01", "pass");
    assert_ne!(store.revision().unwrap(), after_ours);
    let settled = store.revision().unwrap();
    assert_eq!(store.revision().unwrap(), settled);
}
