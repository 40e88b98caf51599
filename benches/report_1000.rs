//! Benchmark: the readiness report of a 1,000-person contingent, built from a real
//! database and rendered to PDF and HTML. Prints the time of each step (not a test).
//!
//! Run: cargo bench --bench report_1000

// The allocator the `muster` binary and the app use.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use muster::domain::Lang;
use muster::domain::{Category, Contingent, Gender, NewAttempt, Outcome, Person};
use muster::report::{self, html::Signatories};
use muster::Store;

const FAMILY: &[&str] = &[
    "Әбілқасымов",
    "Ғабдуллин",
    "Қасымов",
    "Жаңабергенов",
    "Өмірзақов",
    "Ұлықбеков",
    "Үсенов",
    "Шаһмарданов",
    "Ісмағұлов",
    "Иванов",
];
const GIVEN: &[&str] = &[
    "Нұрғали",
    "Ерлан",
    "Ілияс",
    "Күнболат",
    "Асылхан",
    "Дәурен",
    "Мирас",
    "Сергей",
];
const MODULES: &[&str] = &["CULT", "ROE", "PATROL", "BFAC", "SEA", "POC", "KINPOT"];

fn main() {
    // As the command line and the app run (src/huge_pages.rs).
    muster::huge_pages::disable();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("database");
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).expect("date");
    let as_of = start + Duration::days(120);
    store.seed_default_curriculum("bench").expect("curriculum");
    store
        .add_contingent(
            &Contingent {
                code: "BENCH".into(),
                name: "1,000 people".into(),
                mission: "UNIFIL".into(),
                parent_unit: "INDBATT".into(),
                training_start: start,
                deploy_on: start + Duration::days(182),
                tour_months: 6,
            },
            "bench",
        )
        .expect("contingent");
    let t = Instant::now();
    {
        let mut w = store.writer().expect("writer");
        let cid = w.contingent_id("BENCH").expect("id").expect("exists");
        let mods: Vec<i64> = MODULES
            .iter()
            .map(|m| w.module(m).expect("module").expect("seeded").0)
            .collect();
        for i in 0..1000usize {
            let p = Person {
                service_number: format!("B{i:05}"),
                family_name: FAMILY[i % FAMILY.len()].into(),
                given_name: GIVEN[i % GIVEN.len()].into(),
                patronymic: Some("Сәкенұлы".into()),
                rank: "рядовой".into(),
                category: if i % 20 == 0 {
                    Category::Nco
                } else {
                    Category::Enlisted
                },
                gender: if i % 9 == 0 { Gender::F } else { Gender::M },
                role: "стрелок".into(),
                unit: format!("{} взвод", i % 8 + 1),
            };
            let (pid, _) = w.upsert_person(&p, "bench").expect("person");
            w.assign(pid, cid, "bench").expect("assign");
            for (k, mid) in mods.iter().enumerate() {
                if (i + k) % 11 == 0 {
                    continue;
                }
                let a = NewAttempt {
                    service_number: p.service_number.clone(),
                    module: MODULES[k].into(),
                    date: start + Duration::days(((i * 7 + k * 13) % 110) as i64)
                        - Duration::days(if k == 4 { 200 } else { 0 }),
                    result: if (i + k) % 17 == 0 {
                        Outcome::Fail
                    } else {
                        Outcome::Pass
                    },
                    score: None,
                    hours: None,
                    instructor: String::new(),
                    notes: String::new(),
                };
                w.add_attempt(pid, *mid, &a, "bench", None)
                    .expect("attempt");
            }
        }
        w.commit().expect("commit");
    }
    println!("setup: 1,000 people, ~6,400 records in {:?}", t.elapsed());

    let key = muster::signing::InstallationKey::from_seed([1; 32], "bench");
    let issuer = muster::signing::Issuer::new(&key, &store.database_id().expect("id"));
    let t = Instant::now();
    let r = report::build(&store, "BENCH", as_of).expect("report");
    println!(
        "build report (readiness + {} weekly trend points + gaps + records): {:?}",
        r.trend.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let json = report::to_json(&r);
    let sha = report::sha256_hex(&report::canonical_json(&r));
    println!(
        "JSON + SHA-256: {:?} ({} KiB, {sha})",
        t.elapsed(),
        json.len() / 1024
    );
    let t = Instant::now();
    let html = report::html::render(&r, Lang::Kk, &Signatories::default(), &issuer);
    println!("HTML: {:?} ({} KiB)", t.elapsed(), html.len() / 1024);
    let t = Instant::now();
    let pdf = report::pdf::render(&r, Lang::Kk, &Signatories::default(), &issuer).expect("pdf");
    println!("PDF: {:?} ({} KiB)", t.elapsed(), pdf.len() / 1024);
    let t = Instant::now();
    let pdf = muster::signing::pades::sign(&pdf, &key).expect("sign");
    println!(
        "PDF signature (PAdES incremental update): {:?}",
        t.elapsed()
    );
    let t = Instant::now();
    muster::signing::open(&pdf).expect("signed");
    println!("PDF signature checked: {:?}", t.elapsed());
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).expect("write");
    if let Ok(out) = std::process::Command::new("pdfinfo").arg(&path).output() {
        let info = String::from_utf8_lossy(&out.stdout);
        if let Some(pages) = info.lines().find(|l| l.starts_with("Pages:")) {
            println!(
                "PDF {}",
                pages.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
}
