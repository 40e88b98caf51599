//! "Lapses before deployment" is decided once, by the rules (`ModuleStatus::reading`), and
//! every view counts and words it from there: the report's JSON, the dashboard's data and
//! the matrix export show the same figures for the demo contingent, pinned here exactly.
//! A certificate still valid on the day that runs out on or before deployment day is
//! counted as "lapses before deployment", not as "expired" (README, "The desktop app" and
//! the glossary), and still stops its holder being ready (rule 5).

mod support;

use calamine::DataType;
use calamine::{Data, Reader};
use muster::dashboard;
use muster::demo::DEMO_CODE;
use muster::domain::Lang;
use muster::export::{export_matrix, matrix_sheet};
use muster::readiness;
use muster::report;
use muster::rules::{Reading, Status};
use muster::Store;
use support::records::*;

/// The demo contingent loaded as of a fixed day, read that day.
fn demo() -> (tempfile::TempDir, Store, chrono::NaiveDate) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.sqlite3")).unwrap();
    let today = d("2026-03-02");
    muster::demo::load(&mut store, today).unwrap();
    (dir, store, today)
}

/// Per module: complete, expiring, expired, failed, missing, not required, lapses before
/// deployment.
type Counts = (String, [u64; 7]);

#[test]
fn report_dashboard_and_matrix_export_count_lapses_alike() {
    let (dir, store, today) = demo();

    let r = report::build(&store, DEMO_CODE, today).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report::to_json(&r)).unwrap();
    let from_report: Vec<Counts> = json["summary"]["by_module"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let n = |k: &str| m.get(k).map_or(0, |v| v.as_u64().unwrap());
            (
                m["code"].as_str().unwrap().to_string(),
                [
                    n("complete"),
                    n("expiring"),
                    n("expired"),
                    n("failed"),
                    n("missing"),
                    n("not_required"),
                    n("lapses_before_deployment"),
                ],
            )
        })
        .collect();

    let dash = dashboard::dashboard(&store, DEMO_CODE, today).unwrap();
    let from_dashboard: Vec<Counts> = dash
        .modules
        .iter()
        .map(|m| {
            (
                m.code.clone(),
                [
                    m.complete,
                    m.expiring,
                    m.expired,
                    m.failed,
                    m.missing,
                    m.not_required,
                    m.lapses_before_deployment,
                ]
                .map(|n| n as u64),
            )
        })
        .collect();

    let xlsx = dir.path().join("matrix.xlsx");
    export_matrix(&store, DEMO_CODE, today, Lang::En, &xlsx).unwrap();
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let sheet = book.worksheet_range("Summary").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let at = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("By module".into())))
        .unwrap();
    let text = |c: &Data| match c {
        Data::String(s) => s.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        rows[at][2..9].iter().map(text).collect::<Vec<_>>(),
        [
            "complete",
            "expiring",
            "expired",
            "failed",
            "missing",
            "not required",
            "lapses before deployment"
        ]
    );
    let from_export: Vec<Counts> = rows[at + 1..]
        .iter()
        .take_while(|r| r.first().is_some_and(|c| *c != Data::Empty))
        .map(|r| {
            let mut n = [0; 7];
            for (i, c) in r[2..9].iter().enumerate() {
                n[i] = c.get_float().unwrap() as u64;
            }
            (text(&r[0]), n)
        })
        .collect();

    // The demo, as of 2 March 2026: BFAC has 11 expired and 2 that lapse before
    // deployment (13 "expired" by the rules, as the report used to count them), SEA 19
    // that lapse and none expired. Each row adds up to the 122 people.
    let want: Vec<Counts> = vec![
        ("CULT".into(), [118, 0, 0, 0, 4, 0, 0]),
        ("ROE".into(), [114, 0, 0, 1, 7, 0, 0]),
        ("PATROL".into(), [82, 0, 0, 0, 40, 0, 0]),
        ("BFAC".into(), [95, 1, 11, 6, 7, 0, 2]),
        ("SEA".into(), [66, 15, 0, 0, 22, 0, 19]),
        ("POC".into(), [87, 0, 0, 0, 35, 0, 0]),
        ("KINPOT".into(), [48, 0, 0, 0, 74, 0, 0]),
    ];
    assert_eq!(from_report, want);
    assert_eq!(from_dashboard, want);
    assert_eq!(from_export, want);
    for (code, n) in &want {
        assert_eq!(n.iter().sum::<u64>(), 122, "{code}");
    }

    // Each matrix cell says what its status reads as: 2 BFAC cells and 19 SEA cells
    // "lapses before deployment", 11 BFAC cells "expired".
    let r = readiness::readiness(&store, DEMO_CODE, today).unwrap();
    let sheet = matrix_sheet(&r, Lang::En);
    let cells = |module: &str, word: &str| {
        let col = sheet.headers.iter().position(|h| h == module).unwrap();
        sheet
            .rows
            .iter()
            .filter(|row| format!("{:?}", row[col]).contains(word))
            .count()
    };
    assert_eq!(cells("BFAC", "lapses before deployment"), 2);
    assert_eq!(cells("BFAC", " expired"), 11);
    assert_eq!(cells("SEA", "lapses before deployment"), 19);
    assert_eq!(cells("SEA", " expired"), 0);
    // Dated as every view dates it: by the day it lapses, not by the pass.
    let col = sheet.headers.iter().position(|h| h == "SEA").unwrap();
    for (p, row) in r.personnel.iter().zip(&sheet.rows) {
        let m = &p.modules["SEA"];
        if m.reading() == Reading::LapsesBeforeDeployment {
            let want = m.expires_on.unwrap().format("%d.%m.%Y").to_string();
            assert!(format!("{:?}", row[col]).contains(&want), "{:?}", row[col]);
        }
    }

    // The same people, from the rules: an expired certificate still valid on the day, not
    // ready, listed as lapsing; the report's gaps list them as lapsing before deployment.
    let lapsing: Vec<(String, String)> = r
        .personnel
        .iter()
        .flat_map(|p| {
            p.modules
                .iter()
                .filter(|(_, m)| m.reading() == Reading::LapsesBeforeDeployment)
                .map(|(code, m)| {
                    assert_eq!(m.status, Status::Expired);
                    assert!(m.expires_on.unwrap() > today && !p.ready);
                    assert!(p.lapsing.iter().any(|c| &**c == code));
                    (p.service_number.clone(), code.to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(lapsing.len(), 21);
    let mut before: Vec<(String, String)> = json["gaps"]["lapsing"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["before_deployment"] == true)
        .map(|l| {
            (
                l["service_number"].as_str().unwrap().to_string(),
                l["module"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut lapsing = lapsing;
    lapsing.sort();
    before.sort();
    assert_eq!(before, lapsing);
    // And among what the people not ready lack, the same 21 read as lapsing, not expired.
    let mut lacks: Vec<(String, String)> = json["gaps"]["not_ready"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["lacking"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["lapses_before_deployment"] == true)
                .map(|x| {
                    assert_eq!(x["status"], "expired");
                    (
                        p["service_number"].as_str().unwrap().to_string(),
                        x["module"].as_str().unwrap().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    lacks.sort();
    assert_eq!(lacks, lapsing);
}
