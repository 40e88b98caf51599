//! The tamper-evident chain. Every row of every table that readiness, history or a report
//! depends on is entered in the `ledger` when it is written (and again each time a row
//! that may change, such as a person's details, changes): a SHA-256 over the row's
//! canonical content, linked to the previous entry's hash. An edit, deletion, insertion or
//! reordering made behind Muster's back (raw SQL, a dropped trigger) then disagrees with
//! the chain, and `muster check` names it.
//!
//! The ledger is written by triggers, not by Rust code, so no write path can forget it.
//! The triggers call two SQL functions that only Muster registers (`muster_row`,
//! `muster_link`): a plain `sqlite3` shell cannot even prepare an INSERT or UPDATE on a
//! protected table. Other triggers refuse UPDATE and DELETE of append-only rows and every
//! statement that would overwrite a row (`INSERT OR REPLACE`, `REPLACE`, UPSERT,
//! `UPDATE OR REPLACE`), because SQLite's REPLACE deletes without firing delete triggers.
//!
//! What a SHA-256 chain cannot stop: someone who rewrites rows *and* recomputes every hash
//! after them. Signed reports carry the chain's head, so such a rewrite is still caught
//! against any report issued before it.

use super::feed::Feed;
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

/// A protected table: what the chain keys it by, its columns in order, and what may
/// happen to a row once written.
pub struct Table {
    pub name: &'static str,
    /// How the chain names the table: a small number, never reused (a ledger entry is
    /// about 40% smaller than with the name, and the import writes one per record).
    pub code: i64,
    /// The column that names a row for as long as it exists (never changes).
    pub key: &'static str,
    /// Every column, in the table's order. A column added later must be added at the end
    /// and be NULL in old rows: trailing NULLs are left out of the hash, so rows written
    /// before it keep their hash.
    pub columns: &'static [&'static str],
    /// Rows may be updated (each update is entered in the chain again); never deleted.
    pub mutable: bool,
    /// Each unique key other than `key`, as SQL comparing a stored row `t` with `NEW`
    /// (the row being written). A write that matches one would overwrite that row.
    pub unique: &'static [&'static str],
}

/// Every table the chain covers, in the order an upgraded database enters its rows.
pub const TABLES: &[Table] = &[
    Table {
        name: "meta",
        code: 1,
        key: "key",
        columns: &["key", "value"],
        mutable: true,
        unique: &[],
    },
    Table {
        name: "contingent",
        code: 2,
        key: "id",
        columns: &[
            "id",
            "code",
            "name",
            "mission",
            "parent_unit",
            "training_start",
            "deploy_on",
            "tour_months",
            "created_at",
            "created_by",
            "archived_at",
            "archived_by",
            "hlc",
            "origin",
        ],
        mutable: true,
        unique: &["t.code = NEW.code"],
    },
    Table {
        name: "module",
        code: 3,
        key: "id",
        columns: &[
            "id",
            "code",
            "title",
            "per_rotation",
            "validity_months",
            "applies_to",
            "hours",
            "pass_mark",
            "retired_at",
            "created_at",
            "title_ru",
            "title_kk",
            "hlc",
            "origin",
        ],
        mutable: true,
        unique: &["t.code = NEW.code"],
    },
    Table {
        name: "person",
        code: 4,
        key: "id",
        columns: &[
            "id",
            "service_number",
            "sn_key",
            "family_name",
            "given_name",
            "patronymic",
            "rank",
            "category",
            "gender",
            "role",
            "unit",
            "created_at",
            "updated_at",
            "hlc",
            "origin",
        ],
        mutable: true,
        unique: &["t.sn_key = NEW.sn_key"],
    },
    Table {
        name: "import",
        code: 5,
        key: "id",
        columns: &[
            "id",
            "kind",
            "file_name",
            "sha256",
            "sheet",
            "encoding",
            "contingent_id",
            "operator",
            "imported_at",
            "rows",
            "people_new",
            "people_updated",
            "people_unchanged",
            "assigned",
            "attempts_new",
            "attempts_unchanged",
            "undone_at",
            "undone_by",
            "undo_reason",
            "origin",
            "origin_id",
        ],
        mutable: true,
        unique: &["t.origin = NEW.origin AND t.origin_id = NEW.origin_id"],
    },
    Table {
        name: "assignment",
        code: 6,
        key: "id",
        columns: &[
            "id",
            "person_id",
            "contingent_id",
            "assigned_at",
            "assigned_by",
            "ended_at",
            "ended_by",
            "ended_reason",
            "import_id",
            "hlc",
            "ended_hlc",
        ],
        mutable: true,
        unique: &[
            "t.contingent_id = NEW.contingent_id AND t.person_id = NEW.person_id
                   AND t.ended_at IS NULL AND NEW.ended_at IS NULL",
        ],
    },
    Table {
        name: "attempt",
        code: 7,
        key: "seq",
        columns: &[
            "seq",
            "id",
            "person_id",
            "module_id",
            "date",
            "result",
            "score",
            "hours",
            "instructor",
            "notes",
            "recorded_by",
            "recorded_at",
            "supersedes",
            "reason",
            "import_id",
            "hlc",
            "origin",
        ],
        mutable: false,
        // A record may be corrected on two installations (migration 0013): both are kept.
        unique: &["t.id = NEW.id"],
    },
    Table {
        name: "voiding",
        code: 8,
        key: "attempt_id",
        columns: &[
            "attempt_id",
            "reason",
            "voided_by",
            "voided_at",
            "hlc",
            "origin",
        ],
        mutable: false,
        unique: &[],
    },
    Table {
        name: "validation",
        code: 9,
        key: "id",
        columns: &[
            "id",
            "contingent_id",
            "as_of",
            "team",
            "validator",
            "decision",
            "notes",
            "recorded_by",
            "recorded_at",
            "report_json",
            "report_sha256",
        ],
        mutable: false,
        unique: &[],
    },
    Table {
        name: "key_trust",
        code: 10,
        key: "id",
        columns: &[
            "id",
            "fingerprint",
            "trusted",
            "name",
            "reason",
            "recorded_by",
            "recorded_at",
        ],
        mutable: false,
        unique: &[],
    },
    Table {
        name: "audit",
        code: 11,
        key: "id",
        columns: &[
            "id",
            "at",
            "actor",
            "action",
            "entity",
            "entity_id",
            "old_value",
            "new_value",
            "origin",
            "origin_id",
        ],
        mutable: false,
        unique: &["t.origin = NEW.origin AND t.origin_id = NEW.origin_id"],
    },
    Table {
        name: "sync_receipt",
        code: 12,
        key: "id",
        columns: &[
            "id",
            "fingerprint",
            "sender_name",
            "sender_database",
            "bundle_sha256",
            "format_version",
            "made_at",
            "received_at",
            "received_by",
            "added",
            "acks",
        ],
        mutable: false,
        unique: &["t.bundle_sha256 = NEW.bundle_sha256"],
    },
    Table {
        name: "voiding_also",
        code: 13,
        key: "id",
        columns: &[
            "id",
            "attempt_id",
            "reason",
            "voided_by",
            "voided_at",
            "hlc",
            "origin",
        ],
        mutable: false,
        unique: &[],
    },
    Table {
        name: "detail_edit",
        code: 14,
        key: "id",
        columns: &[
            "id",
            "entity",
            "entity_key",
            "field",
            "value",
            "old",
            "replaces",
            "hlc",
            "origin",
            "edited_by",
            "edited_at",
            "import_id",
        ],
        mutable: false,
        unique: &["t.id = NEW.id"],
    },
    Table {
        name: "sync_sent",
        code: 15,
        key: "id",
        columns: &[
            "id",
            "bundle_sha256",
            "made_at",
            "made_by",
            "for_peer",
            "since",
            "upto",
        ],
        mutable: false,
        unique: &["t.bundle_sha256 = NEW.bundle_sha256"],
    },
    Table {
        name: "identity",
        code: 16,
        key: "id",
        columns: &[
            "id",
            "database_id",
            "audit_after",
            "import_after",
            "reason",
            "installation",
            "taken_at",
        ],
        mutable: false,
        unique: &["t.database_id = NEW.database_id"],
    },
];

/// Protected tables made after the chain began whose rows are never updated or deleted:
/// their append-only triggers are made with the chain's (earlier ones shipped their own).
const APPEND_ONLY: &[(&str, &str)] = &[
    (
        "sync_receipt",
        "received bundles are records: they are never changed or removed",
    ),
    ("voiding_also", "voidings are permanent"),
    (
        "detail_edit",
        "edits of details are records: a later edit supersedes one",
    ),
    (
        "sync_sent",
        "bundles made are records: they are never changed or removed",
    ),
    (
        "identity",
        "the identities of a database are records: a copy takes a new one",
    ),
];

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The table a ledger entry names, by its code.
pub fn table_coded(code: i64) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.code == code)
}

/// The hash an entry links from when it is the first.
pub const GENESIS: [u8; 32] = [0; 32];

/// Registers the SQL functions the chain's triggers call. Every connection that writes
/// needs them; so does `check`, which hashes rows with the same function.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    // Innocuous: usable from triggers with trusted_schema off. Deterministic: the same
    // row always hashes the same.
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("muster_row", -1, flags, |ctx| {
        Ok(row_digest(ctx.len(), |i| ctx.get_raw(i)).to_vec())
    })?;
    conn.create_scalar_function("muster_link", 4, flags, |ctx| {
        let prev = blob32(ctx, 0)?.unwrap_or(GENESIS);
        let row = blob32(ctx, 3)?.ok_or_else(|| bad("muster_link: no row hash"))?;
        Ok(link(&prev, ctx.get_raw(1), ctx.get_raw(2), &row).to_vec())
    })?;
    Ok(())
}

/// The hash of a row's content: its `n` values (the table's name first, then its columns
/// in order) as `value(i)` gives them. The triggers reach it through `muster_row`; `muster
/// check` calls it directly on the values it reads, which spares a SQL function call and a
/// copied blob per row.
pub fn row_digest<'a>(n: usize, value: impl Fn(usize) -> ValueRef<'a>) -> [u8; 32] {
    let mut h = Feed::new(b"muster-row\0");
    let mut n = n;
    // Trailing NULLs are left out, so a column added later keeps old rows' hashes.
    while n > 1 && value(n - 1) == ValueRef::Null {
        n -= 1;
    }
    for i in 0..n {
        h.value(value(i));
    }
    h.finish()
}

/// The hash of a chain entry: the previous entry's hash, then what this entry says.
pub fn link(prev: &[u8; 32], table: ValueRef, key: ValueRef, row: &[u8; 32]) -> [u8; 32] {
    let mut h = Feed::new(b"muster-link\0");
    h.put(prev);
    h.value(table);
    h.value(key);
    h.put(row);
    h.finish()
}

fn blob32(ctx: &Context, i: usize) -> rusqlite::Result<Option<[u8; 32]>> {
    match ctx.get_raw(i) {
        ValueRef::Null => Ok(None),
        ValueRef::Blob(b) => b
            .try_into()
            .map(Some)
            .map_err(|_| bad("muster_link: a hash is not 32 bytes")),
        _ => Err(bad("muster_link: a hash is not a blob")),
    }
}

fn bad(msg: &str) -> rusqlite::Error {
    rusqlite::Error::UserFunctionError(msg.into())
}

/// `muster_row('t', NEW.c1, NEW.c2, …)` for a row reached as `prefix.column`.
pub fn row_hash_sql(t: &Table, prefix: &str) -> String {
    columns_hash_sql(t, t.columns, prefix)
}

fn columns_hash_sql(t: &Table, columns: &[&str], prefix: &str) -> String {
    let cols: Vec<String> = columns.iter().map(|c| format!("{prefix}\"{c}\"")).collect();
    format!("muster_row('{}', {})", t.name, cols.join(", "))
}

/// The table's columns a database being upgraded already has: a column a later migration
/// adds is not there yet when the chain starts. Columns are only ever added at the end, and
/// NULL in old rows, so the hash of a row without them is the hash it keeps once they come.
fn columns_present(conn: &Connection, t: &Table) -> rusqlite::Result<Vec<&'static str>> {
    let have: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{}')", t.name))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(t.columns
        .iter()
        .copied()
        .filter(|c| have.iter().any(|h| h == c))
        .collect())
}

/// A trigger the database must have, by name, with the SQL that creates it.
pub struct Trigger {
    pub name: String,
    pub table: &'static str,
    pub sql: String,
}

/// Every protective trigger, in the order they are created. The first ones are those
/// earlier migrations shipped, word for word, so an upgraded database needs no change.
pub fn triggers() -> Vec<Trigger> {
    let mut out: Vec<Trigger> = SHIPPED
        .iter()
        .map(|(name, table, sql)| Trigger {
            name: name.to_string(),
            table,
            sql: sql.to_string(),
        })
        .collect();
    for t in TABLES {
        let entry = |event: &str| {
            format!(
                "CREATE TRIGGER {n}_chain_{e} AFTER {E} ON \"{n}\" BEGIN
  INSERT INTO ledger (tbl, row_key, row_hash, hash)
  SELECT {c}, NEW.\"{k}\", r.h,
         muster_link((SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1), {c}, NEW.\"{k}\", r.h)
  FROM (SELECT {row} AS h) AS r;
END",
                n = t.name,
                c = t.code,
                k = t.key,
                e = &event[..1].to_lowercase(),
                E = event,
                row = row_hash_sql(t, "NEW."),
            )
        };
        out.push(Trigger {
            name: format!("{}_chain_i", t.name),
            table: t.name,
            sql: entry("INSERT"),
        });
        if t.mutable {
            out.push(Trigger {
                name: format!("{}_chain_u", t.name),
                table: t.name,
                sql: entry("UPDATE"),
            });
        }
        // A key SQLite is about to assign reads -1 in a BEFORE INSERT trigger: nothing to
        // look up then, which spares every ordinary insert a search.
        let mut clash = vec![(
            format!("NEW.\"{k}\" IS NOT -1", k = t.key),
            format!("t.\"{k}\" = NEW.\"{k}\"", k = t.key),
        )];
        clash.extend(t.unique.iter().map(|u| ("1".to_string(), u.to_string())));
        let any_clash = |other: &str| {
            clash
                .iter()
                .map(|(when, c)| clash_sql(t, when, c, other))
                .collect::<Vec<_>>()
                .join(CLASH_OR)
        };
        out.push(Trigger {
            name: format!("{}_no_overwrite", t.name),
            table: t.name,
            sql: format!(
                "CREATE TRIGGER {n}_no_overwrite BEFORE INSERT ON \"{n}\"
WHEN {c}
BEGIN SELECT RAISE(ABORT, '{n}: a row with this key is already recorded; Muster never overwrites a record'); END",
                n = t.name,
                c = any_clash(""),
            ),
        });
        if t.mutable {
            out.push(Trigger {
                name: format!("{}_no_rekey", t.name),
                table: t.name,
                sql: format!(
                    "CREATE TRIGGER {n}_no_rekey BEFORE UPDATE ON \"{n}\"
WHEN NEW.\"{k}\" IS NOT OLD.\"{k}\"
    OR {c}
BEGIN SELECT RAISE(ABORT, '{n}: a record keeps its key, and an update never overwrites another record'); END",
                    n = t.name,
                    k = t.key,
                    c = any_clash(" AND t.rowid IS NOT OLD.rowid"),
                ),
            });
        }
    }
    for (name, table, what) in [
        ("meta_never_deleted", "meta", "settings of the records"),
        ("contingent_never_deleted", "contingent", "contingents"),
        (
            "module_never_deleted",
            "module",
            "modules (retire one instead)",
        ),
    ] {
        out.push(Trigger {
            name: name.into(),
            table,
            sql: format!(
                "CREATE TRIGGER {name} BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{what} are never deleted'); END"
            ),
        });
    }
    for (table, why) in APPEND_ONLY {
        for (event, verb) in [("UPDATE", "u"), ("DELETE", "d")] {
            out.push(Trigger {
                name: format!("{table}_append_only_{verb}"),
                table,
                sql: format!(
                    "CREATE TRIGGER {table}_append_only_{verb} BEFORE {event} ON {table}
BEGIN SELECT RAISE(ABORT, '{why}'); END"
                ),
            });
        }
    }
    for (event, verb) in [("UPDATE", "u"), ("DELETE", "d")] {
        out.push(Trigger {
            name: format!("ledger_append_only_{verb}"),
            table: "ledger",
            sql: format!(
                "CREATE TRIGGER ledger_append_only_{verb} BEFORE {event} ON ledger
BEGIN SELECT RAISE(ABORT, 'the chain of records is append-only'); END"
            ),
        });
    }
    out.push(Trigger {
        name: "ledger_no_overwrite".into(),
        table: "ledger",
        sql: "CREATE TRIGGER ledger_no_overwrite BEFORE INSERT ON ledger
WHEN EXISTS (SELECT 1 FROM ledger t WHERE t.seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'the chain of records is append-only'); END"
            .into(),
    });
    out
}

/// The protective triggers migrations 0001, 0003, 0004 and 0007 created, as they wrote them.
const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "attempt_append_only_u",
        "attempt",
        "CREATE TRIGGER attempt_append_only_u BEFORE UPDATE ON attempt
BEGIN SELECT RAISE(ABORT, 'attempts are append-only: amend or void instead'); END",
    ),
    (
        "attempt_append_only_d",
        "attempt",
        "CREATE TRIGGER attempt_append_only_d BEFORE DELETE ON attempt
BEGIN SELECT RAISE(ABORT, 'attempts are append-only: amend or void instead'); END",
    ),
    (
        "voiding_append_only_u",
        "voiding",
        "CREATE TRIGGER voiding_append_only_u BEFORE UPDATE ON voiding
BEGIN SELECT RAISE(ABORT, 'voidings are permanent'); END",
    ),
    (
        "voiding_append_only_d",
        "voiding",
        "CREATE TRIGGER voiding_append_only_d BEFORE DELETE ON voiding
BEGIN SELECT RAISE(ABORT, 'voidings are permanent'); END",
    ),
    (
        "audit_append_only_u",
        "audit",
        "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    (
        "audit_append_only_d",
        "audit",
        "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    (
        "person_never_deleted",
        "person",
        "CREATE TRIGGER person_never_deleted BEFORE DELETE ON person
BEGIN SELECT RAISE(ABORT, 'people are never deleted: end their assignment instead'); END",
    ),
    (
        "assignment_never_deleted",
        "assignment",
        "CREATE TRIGGER assignment_never_deleted BEFORE DELETE ON assignment
BEGIN SELECT RAISE(ABORT, 'assignments are ended, never deleted'); END",
    ),
    (
        "validation_append_only_u",
        "validation",
        "CREATE TRIGGER validation_append_only_u BEFORE UPDATE ON validation
BEGIN SELECT RAISE(ABORT, 'validation decisions are permanent: record a new one instead'); END",
    ),
    (
        "validation_append_only_d",
        "validation",
        "CREATE TRIGGER validation_append_only_d BEFORE DELETE ON validation
BEGIN SELECT RAISE(ABORT, 'validation decisions are permanent: record a new one instead'); END",
    ),
    (
        "import_undo_once",
        "import",
        "CREATE TRIGGER import_undo_once BEFORE UPDATE ON import
WHEN OLD.undone_at IS NOT NULL
  OR NEW.kind IS NOT OLD.kind OR NEW.file_name IS NOT OLD.file_name
  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.imported_at IS NOT OLD.imported_at
  OR NEW.operator IS NOT OLD.operator
BEGIN SELECT RAISE(ABORT, 'an import record is permanent; an undone import stays undone'); END",
    ),
    (
        "import_never_deleted",
        "import",
        "CREATE TRIGGER import_never_deleted BEFORE DELETE ON import
BEGIN SELECT RAISE(ABORT, 'import records are never deleted'); END",
    ),
    (
        "meta_database_id_u",
        "meta",
        "CREATE TRIGGER meta_database_id_u BEFORE UPDATE ON meta WHEN old.key = 'database_id'
BEGIN SELECT RAISE(ABORT, 'the database identity is permanent'); END",
    ),
    (
        "meta_database_id_d",
        "meta",
        "CREATE TRIGGER meta_database_id_d BEFORE DELETE ON meta WHEN old.key = 'database_id'
BEGIN SELECT RAISE(ABORT, 'the database identity is permanent'); END",
    ),
    (
        "key_trust_append_only_u",
        "key_trust",
        "CREATE TRIGGER key_trust_append_only_u BEFORE UPDATE ON key_trust
BEGIN SELECT RAISE(ABORT, 'trusted keys are append-only: trust or withdraw again instead'); END",
    ),
    (
        "key_trust_append_only_d",
        "key_trust",
        "CREATE TRIGGER key_trust_append_only_d BEFORE DELETE ON key_trust
BEGIN SELECT RAISE(ABORT, 'trusted keys are append-only: trust or withdraw again instead'); END",
    ),
];

/// Two trigger definitions are the same when they differ only in spacing.
pub fn same_sql(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Why a trigger had to be made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// It was not there.
    Missing,
    /// It was there with other SQL.
    Altered,
    /// A trigger on a protected table that Muster does not make (removed).
    Foreign,
}

/// One trigger put right.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Repair {
    pub trigger: String,
    pub table: String,
    pub found: Found,
}

/// Which triggers to record in the audit log when they are put right.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Record {
    All,
    /// While the chain is first installed, only the ones earlier versions made: the rest
    /// are new, not missing.
    Shipped,
}

/// What the triggers on Muster's tables differ from what they must be, without changing
/// anything.
pub fn survey(conn: &Connection) -> rusqlite::Result<Vec<Repair>> {
    let mut st =
        conn.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")?;
    let have: Vec<(String, String, Option<String>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // A table a later migration makes is not there yet while an older database is being
    // upgraded: its triggers come with it (`renew`).
    let want: Vec<Trigger> = triggers()
        .into_iter()
        .filter(|t| tables.iter().any(|n| n == t.table))
        .collect();
    let mut out = Vec::new();
    for t in &want {
        match have.iter().find(|(name, _, _)| *name == t.name) {
            None => out.push(Repair {
                trigger: t.name.clone(),
                table: t.table.into(),
                found: Found::Missing,
            }),
            Some((_, table, sql))
                if table != t.table || !same_sql(sql.as_deref().unwrap_or(""), &t.sql) =>
            {
                out.push(Repair {
                    trigger: t.name.clone(),
                    table: t.table.into(),
                    found: Found::Altered,
                })
            }
            Some(_) => {}
        }
    }
    let protected = |table: &str| table == "ledger" || table_named(table).is_some();
    for (name, table, _) in &have {
        if protected(table) && !want.iter().any(|t| t.name == *name) {
            out.push(Repair {
                trigger: name.clone(),
                table: table.clone(),
                found: Found::Foreign,
            });
        }
    }
    Ok(out)
}

fn table_named(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name.eq_ignore_ascii_case(name))
}

/// Puts every protective trigger back as it must be, recording in the audit log (and so
/// in the chain) each one that was missing, altered or foreign. Run whenever a database
/// is opened for writing: a dropped trigger does not stay dropped.
pub fn ensure(conn: &Connection) -> crate::Result<Vec<Repair>> {
    if survey(conn)?.is_empty() {
        return Ok(Vec::new());
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let done = repair(&tx, Record::All)?;
    tx.commit()?;
    Ok(done)
}

fn repair(conn: &Connection, record: Record) -> crate::Result<Vec<Repair>> {
    let found = survey(conn)?;
    let want = triggers();
    for r in &found {
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS \"{}\"",
            r.trigger.replace('"', "\"\"")
        ))?;
        if let Some(t) = want.iter().find(|t| t.name == r.trigger) {
            conn.execute_batch(&as_table_is(conn, t)?)?;
        }
    }
    // Recorded once every trigger is back, so the audit entries are chained themselves.
    for r in &found {
        let shipped = SHIPPED.iter().any(|(name, _, _)| *name == r.trigger);
        if record == Record::All || shipped || r.found == Found::Foreign {
            super::audit(
                conn,
                SYSTEM_ACTOR,
                "restore_trigger",
                "trigger",
                &r.trigger,
                super::NONE,
                Some(r),
            )?;
        }
    }
    Ok(found)
}

/// Makes a table's triggers again after a migration changed the table (a column added):
/// the chain then hashes the new columns too. Not recorded as a repair: nothing was
/// missing or altered behind Muster's back, the schema moved on.
pub(crate) fn renew(conn: &Connection, table: &str) -> rusqlite::Result<()> {
    let stale: Vec<Repair> = survey(conn)?
        .into_iter()
        .filter(|r| r.table == table && r.found != Found::Foreign)
        .collect();
    let want = triggers();
    for r in &stale {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS \"{}\"", r.trigger))?;
        if let Some(t) = want.iter().find(|t| t.name == r.trigger) {
            conn.execute_batch(&as_table_is(conn, t)?)?;
        }
    }
    Ok(())
}

/// How the triggers refusing an overwrite join their tests of one key.
const CLASH_OR: &str = "\n    OR ";

/// The test that a row being written (`NEW`) clashes with a stored one on a key (`c`).
fn clash_sql(t: &Table, when: &str, c: &str, other: &str) -> String {
    format!(
        "({when} AND EXISTS (SELECT 1 FROM \"{}\" t WHERE ({c}){other}))",
        t.name
    )
}

/// A chain trigger hashing only the columns its table has now, and a trigger refusing an
/// overwrite testing only the keys whose columns it has: an upgrade from an old schema
/// renews a table's triggers at the step that changed it, and writes rows (new module
/// titles, audit entries) before a later step adds more columns; the step that adds them
/// renews again.
pub(crate) fn as_table_is(conn: &Connection, t: &Trigger) -> rusqlite::Result<String> {
    let Some(table) = table(t.table) else {
        return Ok(t.sql.clone());
    };
    let present = columns_present(conn, table)?;
    if t.name.contains("_chain_") {
        return Ok(t.sql.replace(
            &columns_hash_sql(table, table.columns, "NEW."),
            &columns_hash_sql(table, &present, "NEW."),
        ));
    }
    let mut sql = t.sql.clone();
    let missing: Vec<&str> = table
        .columns
        .iter()
        .copied()
        .filter(|c| !present.contains(c))
        .collect();
    for key in table.unique {
        if missing
            .iter()
            .any(|c| key.contains(&format!("t.{c} ")) || key.ends_with(&format!("NEW.{c}")))
        {
            for other in ["", " AND t.rowid IS NOT OLD.rowid"] {
                sql = sql.replace(
                    &format!("{CLASH_OR}{}", clash_sql(table, "1", key, other)),
                    "",
                );
            }
        }
    }
    Ok(sql)
}

/// Who the audit log says did what Muster did by itself.
pub const SYSTEM_ACTOR: &str = "Muster";

/// The key `meta` keeps when the chain began, and from what.
pub const STARTED_KEY: &str = "chain_started";

/// When and from what schema version the chain began.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Started {
    pub at: String,
    /// 0 for a database created with the chain; else the version it was upgraded from.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub from_schema: i64,
    /// Rows already in the database that were entered when the chain began.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entries: u64,
}

/// Installs the chain on a database being upgraded (or created): the triggers, then one
/// entry for every row already there, vouched for from this moment on.
pub(crate) fn start(conn: &Connection, from_schema: i64) -> rusqlite::Result<()> {
    // The rows already there first, while no chain trigger exists to enter them twice.
    let mut prev: [u8; 32] = conn
        .query_row(
            "SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .optional()?
        .and_then(|h| h.try_into().ok())
        .unwrap_or(GENESIS);
    let mut entries = 0u64;
    let mut insert =
        conn.prepare("INSERT INTO ledger (tbl, row_key, row_hash, hash) VALUES (?1, ?2, ?3, ?4)")?;
    for t in TABLES {
        let present = columns_present(conn, t)?;
        if present.is_empty() {
            // Made by a later migration: nothing in it yet.
            continue;
        }
        let mut st = conn.prepare(&format!(
            "SELECT \"{k}\", {row} FROM \"{n}\" ORDER BY rowid",
            k = t.key,
            n = t.name,
            row = columns_hash_sql(t, &present, "")
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let key = r.get_ref(0)?;
            let row: [u8; 32] = r
                .get_ref(1)?
                .as_blob()?
                .try_into()
                .map_err(|_| bad("a row hash is not 32 bytes"))?;
            let hash = link(&prev, ValueRef::Integer(t.code), key, &row);
            insert.execute(rusqlite::params![
                t.code,
                rusqlite::types::Value::from(key),
                row.as_slice(),
                hash.as_slice()
            ])?;
            prev = hash;
            entries += 1;
        }
    }
    repair(conn, Record::Shipped).map_err(|e| match e {
        crate::Error::Db(e) => e,
        other => rusqlite::Error::UserFunctionError(other.to_string().into()),
    })?;
    let started = Started {
        at: crate::dates::now_utc(),
        from_schema,
        entries,
    };
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        rusqlite::params![
            STARTED_KEY,
            serde_json::to_string(&started).expect("serialisable")
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        crate::store::db::open_in_memory().unwrap()
    }

    /// The chain hashes the columns it lists: a column added to a table and not to
    /// `TABLES` would change unnoticed.
    #[test]
    fn the_chain_lists_every_column_of_every_table_in_order() {
        let conn = fresh();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut covered: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        covered.push("ledger");
        covered.sort_unstable();
        assert_eq!(tables, covered, "a table the chain does not cover");
        let mut known = crate::store::db::KNOWN_TABLES.to_vec();
        known.sort_unstable();
        assert_eq!(tables, known, "db::KNOWN_TABLES is out of step");
        for t in TABLES {
            let cols: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{}')", t.name))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(cols, t.columns, "{}", t.name);
        }
    }

    #[test]
    fn a_fresh_database_has_exactly_the_protective_triggers() {
        let conn = fresh();
        assert_eq!(survey(&conn).unwrap(), vec![]);
        let n: usize = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, triggers().len());
    }

    /// Trailing NULLs are left out, so a nullable column added later keeps old hashes;
    /// anything else in the row changes the hash, types included.
    #[test]
    fn a_row_hash_covers_every_value_and_its_type() {
        let conn = fresh();
        let h = |sql: &str| -> Vec<u8> {
            conn.query_row(&format!("SELECT {sql}"), [], |r| r.get(0))
                .unwrap()
        };
        let base = h("muster_row('t', 1, 'a', 2.5, NULL)");
        assert_eq!(base, h("muster_row('t', 1, 'a', 2.5)"));
        assert_eq!(base, h("muster_row('t', 1, 'a', 2.5, NULL, NULL)"));
        for other in [
            "muster_row('t', 1, 'a', 2.5, 0)",
            "muster_row('t', '1', 'a', 2.5)",
            "muster_row('t', 1, x'61', 2.5)",
            "muster_row('t', 1, 'a', 2.50001)",
            "muster_row('u', 1, 'a', 2.5)",
            "muster_row('t', 1, 'a', NULL, 2.5)",
            "muster_row('t', 1, 'a2', '.5')",
        ] {
            assert_ne!(base, h(other), "{other}");
        }
        assert_eq!(base.len(), 32);
    }
}
