//! What `muster check` reads: SQLite's own checks, the chain entry by entry, and every
//! protected table row by row, hashed with the same function the triggers use. The
//! comparison and the wording live in `crate::check`; this file only reads.

use rusqlite::types::ValueRef;
use rusqlite::OptionalExtension;
use rustc_hash::FxHashMap;

use super::chain::{self, Table, GENESIS};
use super::scan::{Scan, ScanRow};
use super::Store;
use crate::error::Result;

/// A row's key as the chain holds it. A record id (a UUID) is kept as its 128 bits: a
/// million of them are compared without a million small strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Int(i64),
    Uuid(u128),
    Text(Box<str>),
}

impl Key {
    pub(crate) fn read(v: ValueRef) -> Key {
        match v {
            ValueRef::Integer(i) => Key::Int(i),
            // Only the form Muster writes (36 characters, lower case), so the key reads
            // back exactly as it was stored.
            ValueRef::Text(t) if t.len() == 36 && !t.iter().any(u8::is_ascii_uppercase) => {
                match uuid::Uuid::try_parse_ascii(t) {
                    Ok(u) => Key::Uuid(u.as_u128()),
                    Err(_) => Key::Text(String::from_utf8_lossy(t).into()),
                }
            }
            ValueRef::Text(t) => Key::Text(String::from_utf8_lossy(t).into()),
            ValueRef::Real(f) => Key::Text(f.to_string().into()),
            ValueRef::Blob(b) => Key::Text(format!("{b:02x?}").into()),
            ValueRef::Null => Key::Text("NULL".into()),
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Int(i) => write!(f, "#{i}"),
            Key::Uuid(u) => write!(f, "{}", uuid::Uuid::from_u128(*u).hyphenated()),
            Key::Text(t) => f.write_str(t),
        }
    }
}

/// The chain read from first entry to last.
pub struct ChainScan {
    pub entries: u64,
    /// Per table that may change (index into `chain::TABLES`), each key's latest row hash.
    pub latest: Vec<FxHashMap<Key, [u8; 32]>>,
    /// Per append-only table, the sum of its entries' row hashes: equal to the sum over
    /// its rows exactly when the rows are what the chain recorded (each row is entered
    /// once), which spares a map of a million keys when nothing is wrong.
    pub sums: Vec<Tally>,
    /// Entries whose hash does not follow from the entry before: (seq, table, key).
    pub breaks: Vec<(i64, String, Key)>,
    /// Entries naming a table the chain does not cover: (seq, table).
    pub strangers: Vec<(i64, String)>,
    pub head: Option<ChainHead>,
}

impl ChainScan {
    /// The part of the chain that follows this one, joined on.
    pub fn append(&mut self, next: ChainScan) {
        self.entries += next.entries;
        for (mine, theirs) in self.latest.iter_mut().zip(next.latest) {
            mine.extend(theirs);
        }
        for (mine, theirs) in self.sums.iter_mut().zip(&next.sums) {
            mine.merge(theirs);
        }
        self.breaks.extend(next.breaks);
        self.strangers.extend(next.strangers);
        if next.head.is_some() {
            self.head = next.head;
        }
    }
}

/// A multiset of row hashes, as a sum in four 64-bit lanes: the same rows in any order
/// give the same tally; any row changed, added or missing changes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    sum: [u64; 4],
    pub count: u64,
}

impl Tally {
    /// Both multisets together.
    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.sum.iter_mut().zip(other.sum) {
            *a = a.wrapping_add(b);
        }
        self.count += other.count;
    }

    pub fn add(&mut self, h: &[u8; 32]) {
        for (lane, bytes) in self.sum.iter_mut().zip(h.chunks_exact(8)) {
            *lane = lane.wrapping_add(u64::from_be_bytes(bytes.try_into().expect("8 bytes")));
        }
        self.count += 1;
    }
}

/// The chain's last entry: its number and SHA-256 (hex). A report that carries it pins
/// every record written before it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainHead {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub hash: String,
}

impl Store {
    /// Runs `f` inside one read transaction, so everything it reads is one moment of the
    /// database even while another program writes.
    pub fn in_read_transaction<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN")?;
        let out = f();
        // Nothing was written, so the transaction is ended by letting it go. That can
        // fail on a damaged file after the damage was found and reported by `f`; what
        // `f` read stands.
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        out
    }

    /// The schema version of the file as it is (a check may meet an old one).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Reads the chain entries numbered after `after` up to `last` and checks each link
    /// (the first against the entry before it), so two parts of a long chain can be read
    /// at once; `ChainScan::append` joins them in order.
    pub fn scan_chain(&self, after: i64, last: i64) -> Result<ChainScan> {
        let mut scan = ChainScan {
            entries: 0,
            latest: chain::TABLES.iter().map(|_| FxHashMap::default()).collect(),
            sums: vec![Tally::default(); chain::TABLES.len()],
            breaks: Vec::new(),
            strangers: Vec::new(),
            head: None,
        };
        let mut prev = self
            .conn
            .query_row(
                "SELECT hash FROM ledger WHERE seq <= ?1 ORDER BY seq DESC LIMIT 1",
                [after],
                |r| Ok(hash32(r.get_ref(0)?)),
            )
            .optional()?
            .map_or(GENESIS, |h| h.unwrap_or(GENESIS));
        let mut rows = Scan::new(
            &self.conn,
            "SELECT seq, tbl, row_key, row_hash, hash FROM ledger
             WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
            &[after, last],
        )?;
        let mut last_seq = 0;
        while let Some(r) = rows.next()? {
            let seq = r.integer(0)?;
            let table = r.get(1);
            let key = r.get(2);
            let row = hash32(r.get(3));
            let stored = hash32(r.get(4));
            let code = table.as_i64().ok();
            let linked = row.map(|row| chain::link(&prev, table, key, &row));
            if linked.is_none() || linked != stored {
                let name = code
                    .and_then(chain::table_coded)
                    .map_or_else(|| format!("{table:?}"), |t| t.name.to_string());
                scan.breaks.push((seq, name, Key::read(key)));
            }
            prev = stored.unwrap_or(GENESIS);
            last_seq = seq;
            scan.entries += 1;
            match code.and_then(|c| chain::TABLES.iter().position(|t| t.code == c)) {
                Some(i) if !chain::TABLES[i].mutable => scan.sums[i].add(&row.unwrap_or(GENESIS)),
                Some(i) => {
                    scan.latest[i].insert(Key::read(key), row.unwrap_or(GENESIS));
                }
                None => scan.strangers.push((seq, format!("{table:?}"))),
            }
        }
        if scan.entries > 0 {
            scan.head = Some(ChainHead {
                seq: last_seq,
                hash: hex(&prev),
            });
        }
        Ok(scan)
    }

    /// Every row of a protected table whose row id is in `rows`, streamed: its key and
    /// the hash of its content now, and the row itself with `extra` columns (SQL) from
    /// the index given.
    pub fn scan_table(
        &self,
        t: &Table,
        rows: std::ops::RangeInclusive<i64>,
        extra: &str,
        mut each: impl FnMut(Key, [u8; 32], &ScanRow, usize) -> rusqlite::Result<()>,
    ) -> Result<u64> {
        // The key, then the table's name and its columns: the values `muster_row` hashes.
        let cols: Vec<String> = t.columns.iter().map(|c| format!("\"{c}\"")).collect();
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(", {extra}")
        };
        let sql = format!(
            "SELECT \"{k}\", '{n}', {cols}{extra} FROM \"{n}\" WHERE rowid BETWEEN ?1 AND ?2",
            k = t.key,
            n = t.name,
            cols = cols.join(", ")
        );
        let values = t.columns.len() + 1;
        let mut rows = Scan::new(&self.conn, &sql, &[*rows.start(), *rows.end()])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            // A column index below the statement's width always reads.
            let hash = chain::row_digest(values, |i| r.get(i + 1));
            each(Key::read(r.get(0)), hash, &r, values + 1)?;
            n += 1;
        }
        Ok(n)
    }

    /// Each key's latest row hash in the chain, for one table (the slow path, taken only
    /// when that table's tally differs).
    pub fn chain_entries_of(&self, t: &Table) -> Result<FxHashMap<Key, [u8; 32]>> {
        let mut st = self
            .conn
            .prepare("SELECT row_key, row_hash FROM ledger WHERE tbl = ?1 ORDER BY seq")?;
        let mut rows = st.query([t.code])?;
        let mut out = FxHashMap::default();
        while let Some(r) = rows.next()? {
            out.insert(
                Key::read(r.get_ref(0)?),
                hash32(r.get_ref(1)?).unwrap_or(GENESIS),
            );
        }
        Ok(out)
    }

    /// Lets SQLite read the file through memory mapping: a check reads every page once,
    /// and copying each into the page cache first cost about a tenth of its time.
    pub fn map_file_for_reading(&self) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", 1i64 << 32)?;
        Ok(())
    }

    /// Who and what a completion record is about, by its id or, with `by_seq`, its order
    /// of entry: (record id, service number, module code).
    pub fn attempt_subject(
        &self,
        key: &dyn rusqlite::ToSql,
        by_seq: bool,
    ) -> Result<Option<(String, String, String)>> {
        let column = if by_seq { "seq" } else { "id" };
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT a.id, p.service_number, m.code FROM attempt a
                     LEFT JOIN person p ON p.id = a.person_id LEFT JOIN module m ON m.id = a.module_id
                     WHERE a.{column} = ?1"
                ),
                [key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// A person's service number by row id.
    pub fn service_number_of(&self, person_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT service_number FROM person WHERE id = ?1",
                [person_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The person an assignment is about, by the assignment's row id.
    pub fn assignment_subject(&self, id: i64) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT p.service_number, c.code FROM assignment s
                 LEFT JOIN person p ON p.id = s.person_id LEFT JOIN contingent c ON c.id = s.contingent_id
                 WHERE s.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// True when the file has a table of this name (a protected table dropped whole is
    /// a finding, not an error).
    pub fn has_table(&self, table: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// The largest row id of a table (0 when empty): where to cut it in parts.
    pub fn last_rowid(&self, table: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM \"{table}\""),
            [],
            |r| r.get(0),
        )?)
    }

    /// The chain's last entry now: what a report pins when it is made.
    pub fn chain_head(&self) -> Result<Option<ChainHead>> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)),
            )
            .optional()?
            .map(|(seq, hash)| ChainHead {
                seq,
                hash: hex(&hash),
            }))
    }

    /// The hash (hex) of one chain entry, if it is there.
    pub fn chain_entry(&self, seq: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT hash FROM ledger WHERE seq = ?1", [seq], |r| {
                r.get::<_, Vec<u8>>(0)
            })
            .optional()?
            .map(|h| hex(&h)))
    }

    /// When the chain began, if it has.
    pub fn chain_started(&self) -> Result<Option<chain::Started>> {
        Ok(self
            .meta(chain::STARTED_KEY)?
            .and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// Triggers Muster found missing, altered or foreign and put back, as the audit log
    /// recorded them: (when, trigger, what was found).
    pub fn trigger_repairs(&self) -> Result<Vec<(String, String, String)>> {
        let mut st = self.conn.prepare(
            "SELECT at, entity_id, coalesce(json_extract(new_value, '$.found'), '')
             FROM audit WHERE action = 'restore_trigger' ORDER BY id",
        )?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

fn hash32(v: ValueRef) -> Option<[u8; 32]> {
    v.as_blob().ok().and_then(|b| b.try_into().ok())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
