//! `fixture()`: a fixed contingent with explicit people and records, read at `as_of()`,
//! for reports, sign-off, sync and the command line; and the fixed signing keys.

use chrono::NaiveDate;
use muster::domain::{Category, Contingent, Gender, NewAttempt, Outcome, Person};
use muster::signing::{InstallationKey, Issuer};
use muster::Store;

pub use super::{d, fixture_file, kazbat, TempDb, CODE};

/// The operator who enters the fixture's records.
pub const BY: &str = "майор Тұрсынов Ә.";

/// The report date the fixture is read at.
pub fn as_of() -> NaiveDate {
    d("2025-03-03")
}

/// A fixed signing key: output that is compared byte for byte is never signed with a
/// random one.
pub fn test_key() -> InstallationKey {
    InstallationKey::from_seed([42; 32], "KAZBAT-4 training office")
}

/// Another installation's key (a validator's laptop).
pub fn other_key() -> InstallationKey {
    InstallationKey::from_seed([9; 32], "INDBATT validation team")
}

/// A fixed database identity for renderings compared with snapshots.
pub const TEST_DATABASE: &str = "0123456789abcdef0123456789abcdef";

pub fn test_issuer() -> Issuer {
    Issuer::new(&test_key(), TEST_DATABASE)
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

impl Fixture {
    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("muster.sqlite3")
    }
}

#[allow(clippy::too_many_arguments)]
fn person(
    sn: &str,
    family: &str,
    given: &str,
    patronymic: Option<&str>,
    rank: &str,
    category: Category,
    gender: Gender,
    role: &str,
    unit: &str,
) -> Person {
    Person {
        service_number: sn.into(),
        family_name: family.into(),
        given_name: given.into(),
        patronymic: patronymic.map(Into::into),
        rank: rank.into(),
        category,
        gender,
        role: role.into(),
        unit: unit.into(),
    }
}

pub fn people() -> Vec<Person> {
    use Category::*;
    use Gender::*;
    vec![
        person(
            "KZ100001",
            "Әбілқасымов",
            "Нұрғали",
            Some("Төлеуұлы"),
            "капитан",
            Officer,
            M,
            "командир роты",
            "Управление роты",
        ),
        person(
            "KZ100002",
            "Ғабдуллина",
            "Әсел",
            Some("Ғаниқызы"),
            "сержант",
            Nco,
            F,
            "фельдшер",
            "1 взвод",
        ),
        person(
            "KZ100003",
            "ТАҢСЫҚБАЕВ",
            "Ерлан",
            None,
            "рядовой",
            Enlisted,
            M,
            "стрелок",
            "1 взвод",
        ),
        person(
            "KZ100004",
            "Ұлықбекова",
            "Үміт",
            Some("Һадиқызы"),
            "ефрейтор",
            Enlisted,
            F,
            "связист",
            "2 взвод",
        ),
        person(
            "KZ100005",
            "Жаңабергенов",
            "Ілияс",
            Some("Өмірұлы"),
            "рядовой",
            Enlisted,
            M,
            "водитель",
            "2 взвод",
        ),
        person(
            "KZ100006",
            "Иванова",
            "Мария",
            Some("Петровна"),
            "лейтенант",
            Officer,
            F,
            "командир взвода",
            "Управление роты",
        ),
        person(
            "KZ100007",
            "Шаһмарданов",
            "Күнболат",
            Some("Іңкәрұлы"),
            "сержант",
            Nco,
            M,
            "командир отделения",
            "2 взвод",
        ),
    ]
}

/// (service number, module, date, result)
pub const RECORDS: &[(&str, &str, &str, &str)] = &[
    ("KZ100001", "CULT", "2025-01-13", "pass"),
    ("KZ100001", "ROE", "2025-01-20", "pass"),
    ("KZ100001", "PATROL", "2025-02-03", "pass"),
    ("KZ100001", "BFAC", "2024-06-01", "pass"),
    ("KZ100001", "SEA", "2024-11-20", "pass"),
    ("KZ100001", "POC", "2025-02-10", "pass"),
    ("KZ100001", "KINPOT", "2025-02-17", "pass"),
    ("KZ100002", "CULT", "2025-01-13", "pass"),
    ("KZ100002", "ROE", "2025-01-20", "pass"),
    ("KZ100002", "PATROL", "2025-02-03", "pass"),
    ("KZ100002", "BFAC", "2023-09-01", "pass"),
    // Lapses during the tour: expiring, still ready.
    ("KZ100002", "SEA", "2024-05-10", "pass"),
    ("KZ100002", "POC", "2025-02-10", "pass"),
    ("KZ100002", "KINPOT", "2025-02-24", "pass"),
    ("KZ100003", "CULT", "2025-01-13", "pass"),
    ("KZ100003", "ROE", "2025-02-10", "fail"),
    ("KZ100003", "PATROL", "2025-02-03", "pass"),
    ("KZ100003", "BFAC", "2024-01-15", "pass"),
    ("KZ100003", "SEA", "2024-12-01", "pass"),
    ("KZ100003", "POC", "2025-02-10", "pass"),
    ("KZ100003", "KINPOT", "2025-02-17", "pass"),
    ("KZ100004", "CULT", "2025-01-13", "pass"),
    ("KZ100004", "ROE", "2025-01-20", "pass"),
    ("KZ100004", "PATROL", "2025-02-03", "pass"),
    // Lapses before deployment: expired.
    ("KZ100004", "BFAC", "2022-03-15", "pass"),
    ("KZ100004", "SEA", "2024-12-01", "pass"),
    ("KZ100004", "POC", "2025-02-10", "pass"),
    ("KZ100004", "KINPOT", "2025-02-17", "pass"),
    // Before training start: does not count for a per-rotation module.
    ("KZ100005", "CULT", "2024-10-01", "pass"),
    ("KZ100005", "ROE", "2025-01-20", "pass"),
    ("KZ100005", "PATROL", "2025-02-03", "pass"),
    ("KZ100005", "BFAC", "2024-01-15", "pass"),
    ("KZ100005", "SEA", "2024-12-01", "pass"),
    ("KZ100006", "CULT", "2025-01-13", "pass"),
    ("KZ100006", "ROE", "2025-01-20", "fail"),
    ("KZ100006", "ROE", "2025-01-27", "pass"),
    ("KZ100006", "PATROL", "2025-02-03", "pass"),
    ("KZ100006", "BFAC", "2024-02-01", "pass"),
    ("KZ100006", "SEA", "2024-12-01", "pass"),
    ("KZ100006", "POC", "2025-02-10", "pass"),
    ("KZ100006", "KINPOT", "2025-03-03", "pass"),
    ("KZ100007", "CULT", "2025-01-13", "pass"),
    ("KZ100007", "ROE", "2025-01-20", "pass"),
    ("KZ100007", "PATROL", "2025-02-03", "pass"),
    ("KZ100007", "BFAC", "2024-02-01", "pass"),
    ("KZ100007", "SEA", "2024-12-01", "pass"),
    ("KZ100007", "POC", "2025-02-10", "pass"),
    // Dated after the report date: does not count.
    ("KZ100007", "KINPOT", "2025-03-10", "pass"),
];

pub fn contingent() -> Contingent {
    Contingent {
        code: CODE.into(),
        name: "4-я казахстанская миротворческая рота".into(),
        mission: "UNIFIL".into(),
        parent_unit: "INDBATT".into(),
        training_start: d("2025-01-06"),
        deploy_on: d("2025-04-07"),
        tour_months: 6,
    }
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("muster.sqlite3")).unwrap();
    store.seed_default_curriculum(BY).unwrap();
    store.add_contingent(&contingent(), BY).unwrap();
    add_people(&mut store, &people());
    for (sn, module, date, result) in RECORDS {
        log(&mut store, sn, module, date, result);
    }
    Fixture { dir, store }
}

pub fn add_people(store: &mut Store, people: &[Person]) {
    let mut w = store.writer().unwrap();
    let cid = w.contingent_id(CODE).unwrap().unwrap();
    for p in people {
        let (pid, _) = w.upsert_person(p, BY).unwrap();
        w.assign(pid, cid, BY).unwrap();
    }
    w.commit().unwrap();
}

/// Logs one record; returns its id.
pub fn log(store: &mut Store, sn: &str, module: &str, date: &str, result: &str) -> String {
    let a = NewAttempt {
        service_number: sn.into(),
        module: module.into(),
        date: d(date),
        result: if result == "pass" {
            Outcome::Pass
        } else {
            Outcome::Fail
        },
        score: None,
        hours: None,
        instructor: "KAZCENT".into(),
        notes: String::new(),
    };
    store.log_session(&[a], BY).unwrap().remove(0)
}

/// The id of the active record of a person in a module on a date.
pub fn record_id(store: &Store, sn: &str, module: &str, date: &str) -> String {
    store
        .history(sn)
        .unwrap()
        .into_iter()
        .find(|h| {
            h.attempt.module == module
                && h.attempt.date == d(date)
                && h.state == muster::domain::RecordState::Active
        })
        .unwrap()
        .attempt
        .id
}
