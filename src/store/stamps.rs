//! The hybrid logical clock that stamps each attempt (migration 0012) and each voiding
//! (0013) when it is entered:
//! wall-clock milliseconds shifted left 16 bits, plus a counter in the low bits. A stamp
//! is never below one already held (entered here or received in a bundle), so it never
//! goes backwards on this installation, and an installation that has received another's
//! records stamps its next ones after them. The readiness rules order attempts of one day
//! by (stamp, record id) (`rules::Entry`), which every installation agrees on.

use rusqlite::Connection;

use crate::error::Result;

/// Bits of a stamp below the milliseconds: the counter.
pub const COUNTER_BITS: u32 = 16;

/// The first of `n` stamps after `last` (the largest held) at wall-clock `now_ms`: the
/// clock when it is ahead, else one past the last. A batch takes `first..first + n`; a
/// counter that runs past its 16 bits carries into the milliseconds, which only puts this
/// installation's clock a little ahead.
pub fn first_after(last: Option<i64>, now_ms: i64) -> i64 {
    let clock = now_ms.max(0).saturating_mul(1 << COUNTER_BITS);
    match last {
        Some(last) => clock.max(last.saturating_add(1)),
        None => clock,
    }
}

/// The wall clock, in milliseconds since 1970.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The largest stamp held, of an attempt, a voiding, an edit of details, a creation of
/// a person, contingent or module, or a roster place given or ended (through the indexes
/// on each, and the few rows of contingents and modules). An aggregate over the
/// three, not SQL's scalar `max(a, b, c)`: that one is NULL when any table holds no stamp
/// (no voiding yet), and a clock that forgets the stamps it holds stamps two writes of one
/// millisecond alike and goes back behind records received from a clock ahead.
pub(super) fn last(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT max(h) FROM (
           SELECT max(hlc) AS h FROM attempt WHERE hlc IS NOT NULL
           UNION ALL SELECT max(hlc) FROM voiding WHERE hlc IS NOT NULL
           UNION ALL SELECT max(hlc) FROM voiding_also
           UNION ALL SELECT max(hlc) FROM detail_edit
           UNION ALL SELECT max(hlc) FROM person WHERE hlc IS NOT NULL
           UNION ALL SELECT max(hlc) FROM contingent
           UNION ALL SELECT max(hlc) FROM module
           UNION ALL SELECT max(hlc) FROM assignment WHERE hlc IS NOT NULL
           UNION ALL SELECT max(ended_hlc) FROM assignment WHERE ended_hlc IS NOT NULL)",
        [],
        |r| r.get(0),
    )?)
}

/// The first stamp free for records about to be written in the caller's transaction; they
/// take `first, first + 1, …` in the order they are entered.
pub(super) fn reserve(conn: &Connection) -> Result<i64> {
    Ok(first_after(last(conn)?, now_ms()))
}

/// The installation that enters records: the identity this database writes under now.
pub(super) fn origin(conn: &Connection) -> Result<Option<String>> {
    super::identity::current(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_never_goes_backwards() {
        let now = 1_764_720_000_000;
        assert_eq!(first_after(None, now), now << 16);
        // Behind the wall clock: the wall clock.
        assert_eq!(first_after(Some((now - 5) << 16), now), now << 16);
        // A stamp held from the same millisecond, or from a clock ahead: one past it.
        assert_eq!(first_after(Some(now << 16), now), (now << 16) + 1);
        assert_eq!(
            first_after(Some(((now + 9_000) << 16) | 7), now),
            ((now + 9_000) << 16) + 8
        );
        // Stamps of rows entered before the clock (their row numbers) are far below it.
        assert_eq!(first_after(Some(600_000), now), now << 16);
        // A wall clock before 1970 reads as 1970, never negative.
        assert_eq!(first_after(None, -5), 0);
    }

    /// The stamp held is read whichever of the tables holds it, and the others empty: an
    /// attempt alone, a voiding alone, a further voiding alone, or none at all.
    #[test]
    fn the_largest_stamp_is_read_from_any_one_table() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = &store.conn;
        assert_eq!(last(conn).unwrap(), None);
        let ahead = (now_ms() + 3_600_000) << COUNTER_BITS;
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             CREATE TEMP TABLE attempt (hlc INTEGER);
             CREATE TEMP TABLE voiding (hlc INTEGER);
             CREATE TEMP TABLE voiding_also (hlc INTEGER);",
        )
        .unwrap();
        for (i, table) in ["attempt", "voiding", "voiding_also"].iter().enumerate() {
            let stamp = ahead + i as i64;
            conn.execute(&format!("INSERT INTO temp.{table} VALUES (?1)"), [stamp])
                .unwrap();
            assert_eq!(last(conn).unwrap(), Some(stamp), "{table}");
            // A record entered now comes after it, though the wall clock is behind.
            assert_eq!(reserve(conn).unwrap(), stamp + 1, "{table}");
            conn.execute(&format!("DELETE FROM temp.{table}"), [])
                .unwrap();
        }
    }
}
