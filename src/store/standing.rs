//! An attempt's standing (migration 0005): module, date and result packed into one integer
//! that SQLite keeps in the `attempt_standing` index. Readiness reads that one value per
//! attempt instead of four columns. This file holds both halves of the packing, the SQL
//! expression the index was built on and its Rust twin, and the tests that keep them and
//! the migration in step.

use chrono::{Datelike, NaiveDate};

/// The indexed expression. A query gets the value from the index only when it repeats this
/// expression; SQLite matches it by structure, so spacing does not matter.
pub(crate) const SQL: &str =
    "((module_id << 32) | (CAST(replace(date, '-', '') AS INTEGER) << 1) | (result = 'pass'))";

/// The value SQLite computes for an attempt: `module_id << 32 | yyyymmdd << 1 | passed`.
pub(crate) fn encode(module_id: i64, date: NaiveDate, passed: bool) -> i64 {
    let ymd = date.year() as i64 * 10_000 + date.month() as i64 * 100 + date.day() as i64;
    (module_id << 32) | (ymd << 1) | passed as i64
}

/// Module id, date and pass back from a packed value; None for a date that is no date
/// (the column's CHECKs and the Rust-side validation make that unreachable in practice).
pub(crate) fn decode(v: i64) -> Option<(i64, NaiveDate, bool)> {
    let low = (v & 0xFFFF_FFFF) as u32;
    let ymd = low >> 1;
    let date = NaiveDate::from_ymd_opt((ymd / 10_000) as i32, ymd / 100 % 100, ymd % 100)?;
    Some((v >> 32, date, low & 1 == 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{NewAttempt, Outcome};
    use crate::store::Store;

    /// The Rust packing equals what SQLite stores, for the dates that stress it: month and
    /// year ends, a leap day, and the far past and future.
    #[test]
    fn rust_and_sql_pack_alike() {
        let mut store = Store::open_in_memory().unwrap();
        store.seed_default_curriculum("t").unwrap();
        let mut w = store.writer().unwrap();
        let p = crate::domain::Person {
            service_number: "KZ1".into(),
            family_name: "Сейітқали".into(),
            given_name: "Ерлан".into(),
            patronymic: None,
            rank: "рядовой".into(),
            category: crate::domain::Category::Enlisted,
            gender: crate::domain::Gender::M,
            role: String::new(),
            unit: "1 взвод".into(),
        };
        let (pid, _) = w.upsert_person(&p, "t").unwrap();
        let (mid, _) = w.module("BFAC").unwrap().unwrap();
        let dates = [
            "1990-01-01",
            "2020-02-29",
            "2021-12-31",
            "2024-03-01",
            "2199-11-30",
        ];
        for (i, d) in dates.iter().enumerate() {
            let a = NewAttempt {
                service_number: "KZ1".into(),
                module: "BFAC".into(),
                date: crate::dates::parse(d).unwrap(),
                result: if i % 2 == 0 {
                    Outcome::Pass
                } else {
                    Outcome::Fail
                },
                score: None,
                hours: None,
                instructor: String::new(),
                notes: String::new(),
            };
            let id = w.add_attempt(pid, mid, &a, "t", None).unwrap();
            let stored: i64 = w
                .tx()
                .query_row(
                    &format!("SELECT {SQL} FROM attempt WHERE id = ?1"),
                    [&id],
                    |r| r.get(0),
                )
                .unwrap();
            let passed = a.result == Outcome::Pass;
            assert_eq!(stored, encode(mid, a.date, passed), "{d}");
            assert_eq!(decode(stored), Some((mid, a.date, passed)), "{d}");
        }
    }

    /// The expression queries repeat is the one the index was built on.
    #[test]
    fn queries_repeat_the_indexed_expression() {
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let migration = include_str!("../../migrations/0005_standing.sql");
        assert!(squash(migration).contains(&squash(SQL)), "{SQL}");
    }

    /// Readiness reads the packed value from the index alone, never from the table.
    #[test]
    fn the_scan_reads_the_index_alone() {
        let store = Store::open_in_memory().unwrap();
        let plan: String = store
            .conn
            .query_row(
                &format!(
                    "EXPLAIN QUERY PLAN SELECT seq, person_id, {SQL} FROM attempt
                     INDEXED BY attempt_standing"
                ),
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("attempt_standing"), "{plan}");
    }

    #[test]
    fn a_packed_value_that_is_no_date_decodes_to_none() {
        assert_eq!(decode((3 << 32) | (20211331 << 1)), None);
        assert_eq!(decode(0), None);
    }
}
