//! Every index checked against its table, as SQLite's `integrity_check` does, in linear
//! time. `integrity_check` looks each row up in each of its table's indexes: a B-tree
//! descent per row per index, about a second for 600,000 records under five indexes.
//! Here a table is read once and each index once (an index-only scan), and the two sides
//! are compared as multisets of entries (row id and indexed values) by keyed digests;
//! the index scan also checks, entry by entry, that the index is in order and that a
//! UNIQUE index holds no two equal keys. With `quick_check` (page structure, NOT NULL,
//! CHECK) that is everything `integrity_check` verifies.
//!
//! The digests are keyed with a secret drawn for each check, so no one can prepare an
//! index that sums like its table without matching it. An index this cannot read
//! provably from the index alone (an expression SQLite would recompute from the row, a
//! collation it does not know, SQL it cannot take apart) is left to SQLite's own
//! `integrity_check` of that table.

use std::cmp::Ordering;
use std::hash::{BuildHasher, Hasher, RandomState};

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use super::scan::{Scan, ScanRow};
use super::Store;
use crate::error::Result;

/// The secret the digests of one check are keyed with (SipHash-1-3 under random keys):
/// both sides of every comparison must use the same one.
#[derive(Clone)]
pub struct DigestKey(RandomState);

impl DigestKey {
    pub fn new() -> DigestKey {
        DigestKey(RandomState::new())
    }
}

impl Default for DigestKey {
    fn default() -> Self {
        DigestKey::new()
    }
}

/// A multiset of index entries: a sum of 64-bit keyed hashes, and a count. Without the
/// key no one can choose a change that keeps the sum; by chance, a change keeps it once
/// in 2^64.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Multiset {
    sum: u64,
    count: u64,
}

impl Multiset {
    /// Adds the entry `values` (the index's keys), then its row id. The entry is encoded
    /// in one buffer and hashed in one call: hashing each value on its own cost more than
    /// the hash itself.
    #[cfg(test)]
    fn add(&mut self, key: &DigestKey, values: &[ValueRef], rowid: i64) {
        self.add_with(key, values.len(), |i| values[i], rowid);
    }

    /// Adds the entry whose `n` keys `value` gives, then its row id.
    fn add_with<'a>(
        &mut self,
        key: &DigestKey,
        n: usize,
        value: impl Fn(usize) -> ValueRef<'a>,
        rowid: i64,
    ) {
        let mut buf = Encoded::default();
        for i in 0..n {
            buf.value(value(i));
        }
        buf.put(&rowid.to_le_bytes());
        let mut h = key.0.build_hasher();
        h.write(buf.bytes());
        self.sum = self.sum.wrapping_add(h.finish());
        self.count += 1;
    }
}

/// An index entry as bytes: each value typed and, where its length varies, prefixed by
/// it, so no two different entries encode alike. Short entries stay on the stack.
struct Encoded {
    short: Vec<u8>,
    inline: [u8; 128],
    len: usize,
}

impl Default for Encoded {
    fn default() -> Self {
        Encoded {
            short: Vec::new(),
            inline: [0; 128],
            len: 0,
        }
    }
}

impl Encoded {
    #[inline(always)]
    fn put(&mut self, b: &[u8]) {
        if self.short.is_empty() && self.len + b.len() <= self.inline.len() {
            self.inline[self.len..self.len + b.len()].copy_from_slice(b);
            self.len += b.len();
        } else {
            if self.short.is_empty() {
                self.short.extend_from_slice(&self.inline[..self.len]);
            }
            self.short.extend_from_slice(b);
        }
    }

    fn bytes(&self) -> &[u8] {
        if self.short.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.short
        }
    }

    /// A value as an index compares it: a REAL that is a whole number is the same entry
    /// as the INTEGER (SQLite may store either form of it).
    #[inline(always)]
    fn value(&mut self, v: ValueRef) {
        match v {
            ValueRef::Null => self.put(&[0]),
            ValueRef::Integer(i) => {
                self.put(&[1]);
                self.put(&i.to_le_bytes());
            }
            ValueRef::Real(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                self.put(&[1]);
                self.put(&(f as i64).to_le_bytes());
            }
            ValueRef::Real(f) => {
                self.put(&[2]);
                self.put(&f.to_bits().to_le_bytes());
            }
            ValueRef::Text(t) => {
                self.put(&[3]);
                self.put(&(t.len() as u64).to_le_bytes());
                self.put(t);
            }
            ValueRef::Blob(b) => {
                self.put(&[4]);
                self.put(&(b.len() as u64).to_le_bytes());
                self.put(b);
            }
        }
    }
}

/// How an index orders one of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collation {
    Binary,
    NoCase,
    RTrim,
}

/// One index as the schema defines it.
#[derive(Debug, Clone)]
struct Index {
    name: String,
    unique: bool,
    /// Each key column: the SQL that computes it from a row, its collation, descending.
    keys: Vec<(String, Collation, bool)>,
    /// A partial index's WHERE clause.
    partial: Option<String>,
}

/// Why an index is left to SQLite's own check.
struct Unprovable;

/// A table's indexes, each proved readable from the index alone, and how to read them.
#[derive(Debug, Clone)]
pub struct IndexPlan {
    pub table: String,
    indexes: Vec<Index>,
    /// Per index, the query that reads its entries in its order.
    reads: Vec<String>,
}

/// One index read: the digest of its entries, and what was wrong in their order.
#[derive(Debug, Clone)]
pub struct IndexSide {
    sum: Multiset,
    lines: Vec<String>,
}

/// Where a scan of a table finds what each index must hold: the SQL it adds to its
/// SELECT, and the positions of the row id, each index's keys and, for a partial index,
/// whether the row belongs in it.
#[derive(Debug, Clone)]
pub struct RowLayout {
    pub extra: String,
    rowid: usize,
    keys: Vec<Vec<usize>>,
    partial: Vec<Option<usize>>,
}

/// What the indexes of a table must hold, as read from its rows.
#[derive(Debug, Clone)]
pub struct TableSide {
    sums: Vec<Multiset>,
}

impl IndexPlan {
    pub fn len(&self) -> usize {
        self.indexes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indexes.is_empty()
    }

    /// How a scan of the table reads what each index must hold. `given` are the columns
    /// (quoted, as SQL) the scan selects anyway, from column `given_at` of its statement
    /// on; `extra_at` is where the columns this adds begin. A key that is one of the
    /// given columns is read from there, not a second time; the rest (the row id, other
    /// keys, whether a row belongs in a partial index) are added.
    pub fn row_layout(&self, given: &[String], given_at: usize, extra_at: usize) -> RowLayout {
        let mut extra: Vec<String> = Vec::new();
        let add = |sql: String, extra: &mut Vec<String>| {
            extra.push(sql);
            extra_at + extra.len() - 1
        };
        let rowid = add("rowid".into(), &mut extra);
        let mut keys = Vec::new();
        let mut partial = Vec::new();
        for ix in &self.indexes {
            let mut at = Vec::new();
            for (expr, _, _) in &ix.keys {
                at.push(match given.iter().position(|g| g == expr) {
                    Some(i) => given_at + i,
                    None => add(expr.clone(), &mut extra),
                });
            }
            keys.push(at);
            partial.push(
                ix.partial
                    .as_ref()
                    .map(|w| add(format!("CASE WHEN ({w}) THEN 1 ELSE 0 END"), &mut extra)),
            );
        }
        RowLayout {
            extra: extra.join(", "),
            rowid,
            keys,
            partial,
        }
    }

    pub fn table_side(&self) -> TableSide {
        TableSide {
            sums: vec![Multiset::default(); self.indexes.len()],
        }
    }

    /// Adds one row of a scan laid out as `layout` says.
    pub fn add_row(
        &self,
        side: &mut TableSide,
        key: &DigestKey,
        r: &ScanRow,
        layout: &RowLayout,
    ) -> rusqlite::Result<()> {
        let rowid = r.integer(layout.rowid)?;
        for ((at, partial), sum) in layout.keys.iter().zip(&layout.partial).zip(&mut side.sums) {
            let belongs = match partial {
                Some(p) => r.int(*p) == Some(1),
                None => true,
            };
            if belongs {
                // Every position is below the statement's width (made by `row_layout`).
                sum.add_with(key, at.len(), |i| r.get(at[i]), rowid);
            }
        }
        Ok(())
    }

    /// Each index against what the rows say it must hold: one line per disagreement, in
    /// the manner of `integrity_check`. `read` holds each index's side, in plan order.
    pub fn compare(&self, rows: &TableSide, read: &[IndexSide]) -> Vec<String> {
        let mut lines = Vec::new();
        for ((ix, on_table), on_index) in self.indexes.iter().zip(&rows.sums).zip(read) {
            lines.extend(on_index.lines.iter().cloned());
            if on_table.count != on_index.sum.count {
                lines.push(format!(
                    "wrong # of entries in index {}: {} rows of {} belong in it, it holds {}",
                    ix.name, on_table.count, self.table, on_index.sum.count
                ));
            } else if on_table != &on_index.sum {
                lines.push(format!(
                    "index {} does not match table {}: an entry differs from its row",
                    ix.name, self.table
                ));
            }
        }
        lines
    }
}

impl TableSide {
    /// Both stretches of a table together.
    pub fn merge(&mut self, other: &TableSide) {
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            a.sum = a.sum.wrapping_add(b.sum);
            a.count += b.count;
        }
    }
}

impl Store {
    /// Tables that have at least one index, by name.
    pub fn indexed_tables(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY tbl_name",
        )?;
        let names = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// How to check a table's indexes from the indexes themselves; None when one of them
    /// cannot be proved to be read so, and `sqlite_table_check` must do it.
    pub fn index_plan(&self, table: &str) -> Result<Option<IndexPlan>> {
        match plan_of(&self.conn, table) {
            Ok(plan) => Ok(Some(plan)),
            Err(Fallback::Sql(e)) => Err(e.into()),
            Err(Fallback::Unprovable) => Ok(None),
        }
    }

    /// Reads the `i`th index of a plan.
    pub fn index_entries(&self, plan: &IndexPlan, i: usize, key: &DigestKey) -> Result<IndexSide> {
        Ok(index_entries(&self.conn, plan, i, key)?)
    }

    /// What the indexes of a plan's table must hold, from one scan of its rows.
    pub fn index_rows(&self, plan: &IndexPlan, key: &DigestKey) -> Result<TableSide> {
        Ok(index_rows(&self.conn, plan, key)?)
    }

    /// SQLite's own `integrity_check` of one table and its indexes.
    pub fn sqlite_table_check(&self, table: &str) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT * FROM pragma_integrity_check(?1)")?;
        let lines: Vec<String> = st
            .query_map([table], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(lines.into_iter().filter(|l| l != "ok").collect())
    }

    /// Every index of `table` against the table, on this one connection: empty when all
    /// agree, else one line per disagreement.
    pub fn index_check(&self, table: &str, key: &DigestKey) -> Result<Vec<String>> {
        match self.index_plan(table)? {
            Some(plan) => Ok(check_with(&self.conn, &plan, key)?),
            None => self.sqlite_table_check(table),
        }
    }

    /// SQLite's `quick_check`: the file's structure, NOT NULL and CHECK constraints; not
    /// the indexes against their tables (see `index_check`). Empty when sound.
    pub fn sqlite_quick_check(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("PRAGMA quick_check")?;
        let lines: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(lines.into_iter().filter(|l| l != "ok").collect())
    }
}

fn index_entries(
    conn: &Connection,
    plan: &IndexPlan,
    i: usize,
    key: &DigestKey,
) -> rusqlite::Result<IndexSide> {
    let ix = &plan.indexes[i];
    let (sum, mut lines) = scan_index(conn, ix, &plan.reads[i], key)?;
    if ix.partial.is_some() {
        let held = entries_in_pages(conn, &ix.name)?;
        if held != sum.count {
            lines.push(format!(
                "index {} holds {} entries its WHERE clause excludes",
                ix.name,
                held.saturating_sub(sum.count)
            ));
        }
    }
    Ok(IndexSide { sum, lines })
}

fn index_rows(conn: &Connection, plan: &IndexPlan, key: &DigestKey) -> rusqlite::Result<TableSide> {
    let layout = plan.row_layout(&[], 0, 0);
    let sql = format!(
        "SELECT {} FROM {} NOT INDEXED",
        layout.extra,
        quote(&plan.table)
    );
    let mut side = plan.table_side();
    let mut rows = Scan::new(conn, &sql, &[])?;
    while let Some(r) = rows.next()? {
        plan.add_row(&mut side, key, &r, &layout)?;
    }
    Ok(side)
}

/// Both sides of every index of a plan, on one connection.
fn check_with(
    conn: &Connection,
    plan: &IndexPlan,
    key: &DigestKey,
) -> rusqlite::Result<Vec<String>> {
    let read = (0..plan.len())
        .map(|i| index_entries(conn, plan, i, key))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(plan.compare(&index_rows(conn, plan, key)?, &read))
}

enum Fallback {
    Sql(rusqlite::Error),
    Unprovable,
}

impl From<rusqlite::Error> for Fallback {
    fn from(e: rusqlite::Error) -> Self {
        Fallback::Sql(e)
    }
}

impl From<Unprovable> for Fallback {
    fn from(_: Unprovable) -> Self {
        Fallback::Unprovable
    }
}

fn plan_of(conn: &Connection, table: &str) -> std::result::Result<IndexPlan, Fallback> {
    let indexes = indexes_of(conn, table)?;
    let t = quote(table);
    let mut reads = Vec::new();
    for ix in &indexes {
        let sql = format!(
            "SELECT {cols}, rowid FROM {t} INDEXED BY {i}{w}",
            cols = ix.select_list(),
            i = quote(&ix.name),
            w = ix
                .partial
                .as_ref()
                .map_or(String::new(), |w| format!(" WHERE {w}")),
        );
        // A query SQLite cannot answer from the index alone is not checked here at all.
        if !reads_index_only(conn, &sql, table, &ix.name)? {
            return Err(Unprovable.into());
        }
        reads.push(sql);
    }
    Ok(IndexPlan {
        table: table.to_string(),
        indexes,
        reads,
    })
}

/// Reads one index in its order: the digest of its entries, and a line for each entry
/// out of order or repeating a UNIQUE key.
fn scan_index(
    conn: &Connection,
    ix: &Index,
    sql: &str,
    key: &DigestKey,
) -> rusqlite::Result<(Multiset, Vec<String>)> {
    let n = ix.keys.len();
    let mut rows = Scan::new(conn, sql, &[])?;
    let mut sum = Multiset::default();
    let mut lines = Vec::new();
    let mut prev: Option<i64> = None;
    let mut before: Vec<Kept> = (0..n).map(|_| Kept::Null).collect();
    while let Some(r) = rows.next()? {
        // An index of up to 8 keys (all Muster makes) reads its entry without allocating.
        let mut inline = [ValueRef::Null; 8];
        let mut long = Vec::new();
        let values: &mut [ValueRef] = if n <= inline.len() {
            &mut inline[..n]
        } else {
            long.resize(n, ValueRef::Null);
            &mut long
        };
        for (i, v) in values.iter_mut().enumerate() {
            *v = r.get(i);
        }
        let values = &*values;
        let rowid = r.integer(n)?;
        sum.add_with(key, n, |i| values[i], rowid);
        if let Some(before_rowid) = prev {
            let mut keys = Ordering::Equal;
            for ((a, b), (_, coll, desc)) in before.iter().zip(values).zip(&ix.keys) {
                let o = compare(a.as_ref(), *b, *coll);
                let o = if *desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    keys = o;
                    break;
                }
            }
            let whole = keys.then(before_rowid.cmp(&rowid));
            if whole != Ordering::Less {
                lines.push(format!("index {} is out of order at row {rowid}", ix.name));
            } else if ix.unique && keys == Ordering::Equal && !values.contains(&ValueRef::Null) {
                lines.push(format!(
                    "non-unique entry in index {} at row {rowid}",
                    ix.name
                ));
            }
        }
        for (k, v) in before.iter_mut().zip(values) {
            k.set(*v);
        }
        prev = Some(rowid);
    }
    Ok((sum, lines))
}

/// The entry before, kept in buffers used again for each entry (an index of a million
/// record ids would otherwise allocate a million strings).
enum Kept {
    Null,
    Int(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl Kept {
    fn set(&mut self, v: ValueRef) {
        match (&mut *self, v) {
            (Kept::Text(b), ValueRef::Text(t)) | (Kept::Blob(b), ValueRef::Blob(t)) => {
                b.clear();
                b.extend_from_slice(t);
            }
            (_, ValueRef::Null) => *self = Kept::Null,
            (_, ValueRef::Integer(i)) => *self = Kept::Int(i),
            (_, ValueRef::Real(f)) => *self = Kept::Real(f),
            (_, ValueRef::Text(t)) => *self = Kept::Text(t.to_vec()),
            (_, ValueRef::Blob(b)) => *self = Kept::Blob(b.to_vec()),
        }
    }

    fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Kept::Null => ValueRef::Null,
            Kept::Int(i) => ValueRef::Integer(*i),
            Kept::Real(f) => ValueRef::Real(*f),
            Kept::Text(t) => ValueRef::Text(t),
            Kept::Blob(b) => ValueRef::Blob(b),
        }
    }
}

/// SQLite's order of values: NULL, numbers, text (by collation), blobs.
fn compare(a: ValueRef, b: ValueRef, coll: Collation) -> Ordering {
    fn class(v: ValueRef) -> u8 {
        match v {
            ValueRef::Null => 0,
            ValueRef::Integer(_) | ValueRef::Real(_) => 1,
            ValueRef::Text(_) => 2,
            ValueRef::Blob(_) => 3,
        }
    }
    match (a, b) {
        (ValueRef::Integer(x), ValueRef::Integer(y)) => x.cmp(&y),
        (ValueRef::Integer(_) | ValueRef::Real(_), ValueRef::Integer(_) | ValueRef::Real(_)) => {
            let f = |v: ValueRef| {
                v.as_f64()
                    .unwrap_or_else(|_| v.as_i64().unwrap_or(0) as f64)
            };
            f(a).partial_cmp(&f(b)).unwrap_or(Ordering::Equal)
        }
        (ValueRef::Text(x), ValueRef::Text(y)) => match coll {
            Collation::Binary => x.cmp(y),
            Collation::NoCase => x
                .iter()
                .map(u8::to_ascii_lowercase)
                .cmp(y.iter().map(u8::to_ascii_lowercase)),
            Collation::RTrim => trim_end(x).cmp(trim_end(y)),
        },
        (ValueRef::Blob(x), ValueRef::Blob(y)) => x.cmp(y),
        _ => class(a).cmp(&class(b)),
    }
}

fn trim_end(t: &[u8]) -> &[u8] {
    let end = t.iter().rposition(|c| *c != b' ').map_or(0, |i| i + 1);
    &t[..end]
}

/// True when the program SQLite compiles for `sql` reads the index and nothing else: the
/// proof that a value it returns is what the index holds, not recomputed from the row. A
/// cursor on the table may be opened (for a seek SQLite defers until a column of the row
/// is read), but no instruction may read through it.
fn reads_index_only(
    conn: &Connection,
    sql: &str,
    table: &str,
    index: &str,
) -> rusqlite::Result<bool> {
    let root = |name: &str| -> rusqlite::Result<i64> {
        conn.query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
    };
    let (table_root, index_root) = (root(table)?, root(index)?);
    let mut st = conn.prepare(&format!("EXPLAIN {sql}"))?;
    let program: Vec<(String, i64, i64)> = st
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut table_cursor = None;
    let mut index_cursor = None;
    for (op, p1, p2) in &program {
        if op == "OpenRead" {
            match *p2 {
                r if r == index_root => index_cursor = Some(*p1),
                r if r == table_root => table_cursor = Some(*p1),
                _ => return Ok(false),
            }
        }
    }
    let reads_table = program
        .iter()
        .any(|(op, p1, _)| READS_A_CURSOR.contains(&op.as_str()) && Some(*p1) == table_cursor);
    Ok(index_cursor.is_some() && !reads_table)
}

/// The instructions that read or move the cursor named in their first operand.
const READS_A_CURSOR: &[&str] = &[
    "Column",
    "Rowid",
    "SeekRowid",
    "NotExists",
    "Rewind",
    "Last",
    "Next",
    "Prev",
    "SeekGE",
    "SeekGT",
    "SeekLE",
    "SeekLT",
    "SeekScan",
    "SeekHit",
    "NullRow",
    "RowData",
    "RowCell",
    "Found",
    "NotFound",
    "NoConflict",
    "IfNoHope",
    "IfNullRow",
    "IdxRowid",
    "IdxGE",
    "IdxGT",
    "IdxLE",
    "IdxLT",
    "Count",
    "Offset",
    "DeferredSeek",
    "FinishSeek",
    "Sequence",
    "SequenceTest",
    "VColumn",
    "VNext",
    "VFilter",
];

/// Entries an index holds, counted in its pages: a partial index read with its WHERE
/// clause would pass over an entry the clause excludes.
fn entries_in_pages(conn: &Connection, index: &str) -> rusqlite::Result<u64> {
    // Index B-trees hold entries in interior pages too, so every page's cells count.
    conn.query_row(
        "SELECT ncell FROM dbstat('main', 1) WHERE name = ?1",
        [index],
        |r| r.get(0),
    )
}

/// The indexes of a table as its schema defines them.
fn indexes_of(conn: &Connection, table: &str) -> std::result::Result<Vec<Index>, Fallback> {
    let mut st = conn.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 ORDER BY name",
    )?;
    let found: Vec<(String, Option<String>)> = st
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (name, sql) in found {
        let unique: bool = conn.query_row(
            "SELECT \"unique\" FROM pragma_index_list(?1) WHERE name = ?2",
            [table, &name],
            |r| r.get(0),
        )?;
        let mut st = conn.prepare(
            "SELECT cid, name, desc, coll FROM pragma_index_xinfo(?1) WHERE key ORDER BY seqno",
        )?;
        let cols: Vec<(i64, Option<String>, bool, String)> = st
            .query_map([&name], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let (written, partial) = match &sql {
            Some(sql) => {
                let (cols, partial) = parse_create_index(sql).ok_or(Unprovable)?;
                (Some(cols), partial)
            }
            // An index SQLite made for a UNIQUE or PRIMARY KEY constraint: plain columns.
            None => (None, None),
        };
        if written.as_ref().is_some_and(|w| w.len() != cols.len()) {
            return Err(Unprovable.into());
        }
        let mut keys = Vec::new();
        for (i, (cid, col, desc, coll)) in cols.into_iter().enumerate() {
            let expr = match (cid, col) {
                (c, Some(col)) if c >= 0 => quote(&col),
                // An expression (cid -2): as the CREATE INDEX wrote it.
                _ => written.as_ref().ok_or(Unprovable)?[i].clone(),
            };
            let coll = match coll.to_ascii_uppercase().as_str() {
                "BINARY" => Collation::Binary,
                "NOCASE" => Collation::NoCase,
                "RTRIM" => Collation::RTrim,
                _ => return Err(Unprovable.into()),
            };
            keys.push((expr, coll, desc));
        }
        out.push(Index {
            name,
            unique,
            keys,
            partial,
        });
    }
    Ok(out)
}

impl Index {
    fn select_list(&self) -> String {
        let cols: Vec<&str> = self.keys.iter().map(|(e, _, _)| e.as_str()).collect();
        cols.join(", ")
    }
}

/// `CREATE [UNIQUE] INDEX … ON t(a, b COLLATE x DESC, (expr)) [WHERE …]`: each key as
/// SQL a SELECT can use (without ASC/DESC), and the WHERE clause.
fn parse_create_index(sql: &str) -> Option<(Vec<String>, Option<String>)> {
    let open = sql.find('(')?;
    let mut depth = 0;
    let mut quote_char: Option<char> = None;
    let mut parts = Vec::new();
    let mut start = open + 1;
    let mut close = None;
    for (i, c) in sql.char_indices().skip_while(|(i, _)| *i < open) {
        match (quote_char, c) {
            (Some(q), c) if c == q => quote_char = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote_char = Some(c),
            (None, '[') => quote_char = Some(']'),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    parts.push(sql[start..i].to_string());
                    close = Some(i);
                    break;
                }
            }
            (None, ',') if depth == 1 => {
                parts.push(sql[start..i].to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    let close = close?;
    let keys = parts
        .into_iter()
        .map(|p| strip_order(p.trim()).to_string())
        .collect();
    let rest = sql[close + 1..].trim();
    let partial = match rest.get(..5) {
        Some(w) if w.eq_ignore_ascii_case("where") => Some(rest[5..].trim().to_string()),
        _ if rest.is_empty() => None,
        _ => return None,
    };
    Some((keys, partial))
}

/// A key without its trailing ASC or DESC.
fn strip_order(key: &str) -> &str {
    for word in ["ASC", "DESC"] {
        let cut = key.len().saturating_sub(word.len());
        if cut > 0 && key.is_char_boundary(cut) {
            let (head, tail) = key.split_at(cut);
            if tail.eq_ignore_ascii_case(word) && head.ends_with(char::is_whitespace) {
                return head.trim_end();
            }
        }
    }
    key
}

pub(super) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests;
