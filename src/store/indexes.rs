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

use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

use super::Store;
use crate::error::Result;

/// The secret the digests of one check are keyed with: both sides of every comparison
/// must use the same one.
#[derive(Clone)]
pub struct DigestKey([RandomState; 2]);

impl DigestKey {
    pub fn new() -> DigestKey {
        DigestKey([RandomState::new(), RandomState::new()])
    }
}

impl Default for DigestKey {
    fn default() -> Self {
        DigestKey::new()
    }
}

/// A multiset of index entries: a sum of 128-bit keyed hashes, and a count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Multiset {
    sum: [u64; 2],
    count: u64,
}

impl Multiset {
    fn add(&mut self, key: &DigestKey, values: &[ValueRef], rowid: i64) {
        for (lane, state) in self.sum.iter_mut().zip(&key.0) {
            let mut h = state.build_hasher();
            for v in values {
                feed(&mut h, *v);
            }
            h.write_i64(rowid);
            *lane = lane.wrapping_add(h.finish());
        }
        self.count += 1;
    }
}

/// A value as an index compares it: a REAL that is a whole number is the same entry as
/// the INTEGER (SQLite may store either form of it).
fn feed(h: &mut impl Hasher, v: ValueRef) {
    match v {
        ValueRef::Null => h.write_u8(0),
        ValueRef::Integer(i) => {
            h.write_u8(1);
            h.write_i64(i);
        }
        ValueRef::Real(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
            h.write_u8(1);
            h.write_i64(f as i64);
        }
        ValueRef::Real(f) => {
            h.write_u8(2);
            h.write_u64(f.to_bits());
        }
        ValueRef::Text(t) => {
            h.write_u8(3);
            h.write_usize(t.len());
            h.write(t);
        }
        ValueRef::Blob(b) => {
            h.write_u8(4);
            h.write_usize(b.len());
            h.write(b);
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

    /// Every index of `table` against the table: empty when all agree, else one line per
    /// disagreement in the manner of `integrity_check`.
    pub fn index_check(&self, table: &str, key: &DigestKey) -> Result<Vec<String>> {
        match check_table(&self.conn, table, key) {
            Ok(lines) => Ok(lines),
            Err(Fallback::Sql(e)) => Err(e.into()),
            Err(Fallback::Unprovable) => {
                let mut st = self
                    .conn
                    .prepare("SELECT * FROM pragma_integrity_check(?1)")?;
                let lines: Vec<String> = st
                    .query_map([table], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(lines.into_iter().filter(|l| l != "ok").collect())
            }
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

fn check_table(
    conn: &Connection,
    table: &str,
    key: &DigestKey,
) -> std::result::Result<Vec<String>, Fallback> {
    let indexes = indexes_of(conn, table)?;
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let t = quote(table);
    // The index side first: a query SQLite cannot answer from the index alone is not
    // checked here at all.
    let mut lines = Vec::new();
    let mut from_index = Vec::new();
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
        if !reads_index_only(conn, &sql, table, &ix.name)? {
            return Err(Unprovable.into());
        }
        from_index.push((ix, sql));
    }
    let mut index_sums = Vec::new();
    for (ix, sql) in &from_index {
        let (sum, mut found) = scan_index(conn, ix, sql, key)?;
        lines.append(&mut found);
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
        index_sums.push(sum);
    }
    // The table side: every index's values for every row, in one scan.
    let mut select = vec!["rowid".to_string()];
    for ix in &indexes {
        select.push(ix.select_list());
        select.push(match &ix.partial {
            Some(w) => format!("CASE WHEN ({w}) THEN 1 ELSE 0 END"),
            None => "1".into(),
        });
    }
    let mut st = conn.prepare(&format!(
        "SELECT {} FROM {t} NOT INDEXED",
        select.join(", ")
    ))?;
    let mut table_sums = vec![Multiset::default(); indexes.len()];
    let mut rows = st.query([])?;
    let width = indexes.iter().map(|ix| ix.keys.len()).max().unwrap_or(0);
    while let Some(r) = rows.next()? {
        // Borrows the row: one small vector per row, not one reused across rows.
        let mut values: Vec<ValueRef> = Vec::with_capacity(width);
        let rowid: i64 = r.get(0)?;
        let mut at = 1;
        for (ix, sum) in indexes.iter().zip(&mut table_sums) {
            let n = ix.keys.len();
            values.clear();
            for i in at..at + n {
                values.push(r.get_ref(i)?);
            }
            if r.get_ref(at + n)?.as_i64() == Ok(1) {
                sum.add(key, &values, rowid);
            }
            at += n + 1;
        }
    }
    for ((ix, on_table), on_index) in indexes.iter().zip(&table_sums).zip(&index_sums) {
        if on_table.count != on_index.count {
            lines.push(format!(
                "wrong # of entries in index {}: {} rows of {table} belong in it, it holds {}",
                ix.name, on_table.count, on_index.count
            ));
        } else if on_table != on_index {
            lines.push(format!(
                "index {} does not match table {table}: an entry differs from its row",
                ix.name
            ));
        }
    }
    Ok(lines)
}

/// Reads one index in its order: the digest of its entries, and a line for each entry
/// out of order or repeating a UNIQUE key.
fn scan_index(
    conn: &Connection,
    ix: &Index,
    sql: &str,
    key: &DigestKey,
) -> std::result::Result<(Multiset, Vec<String>), Fallback> {
    let n = ix.keys.len();
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    let mut sum = Multiset::default();
    let mut lines = Vec::new();
    let mut prev: Option<(Vec<Value>, i64)> = None;
    while let Some(r) = rows.next()? {
        let mut values: Vec<ValueRef> = Vec::with_capacity(n);
        for i in 0..n {
            values.push(r.get_ref(i)?);
        }
        let rowid: i64 = r.get(n)?;
        sum.add(key, &values, rowid);
        if let Some((before, before_rowid)) = &prev {
            let mut keys = Ordering::Equal;
            for ((a, b), (_, coll, desc)) in before.iter().zip(&values).zip(&ix.keys) {
                let o = compare(a.into(), *b, *coll);
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
        prev = Some((values.iter().map(|v| Value::from(*v)).collect(), rowid));
    }
    Ok((sum, lines))
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

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests;
