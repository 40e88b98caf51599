//! `muster check`: is this database exactly what Muster wrote? SQLite's own integrity and
//! foreign-key checks, every protective trigger in place, the chain intact link by link,
//! and every protected table equal to what its chain says, row by row. Reads only: a
//! database is checked as it is found, on read-only media too.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::error::Result;
use crate::store::chain::{self, Found, Started};
use rustc_hash::FxHashMap;

use crate::store::integrity::{ChainHead, Key, Tally};
use crate::Store;

/// What is wrong with one thing the check looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Flaw {
    /// SQLite's integrity check failed (a damaged file).
    Damaged,
    /// A row points at a row that is not there.
    DanglingReference,
    /// A protective trigger is not there.
    TriggerMissing,
    /// A protective trigger was changed.
    TriggerAltered,
    /// A trigger Muster does not make sits on one of its tables.
    TriggerForeign,
    /// A chain entry's hash does not follow from the one before: an entry was edited,
    /// removed, inserted or moved.
    ChainBroken,
    /// The chain names a table it does not cover.
    ChainUnknownTable,
    /// The row differs from what the chain recorded for it.
    Changed,
    /// The chain recorded the row; it is gone.
    Deleted,
    /// The row is not in the chain: it was written behind Muster's back.
    Inserted,
    /// The database is from an older Muster (before the chain, or before a later schema
    /// change) and has not been upgraded: it cannot be checked as this Muster checks.
    NoChain,
}

impl Flaw {
    /// True for a flaw in the records themselves; false for a missing or altered trigger
    /// (put back whenever the database is opened for writing) and for a database that
    /// only needs upgrading.
    pub fn is_in_the_records(self) -> bool {
        !matches!(
            self,
            Flaw::TriggerMissing | Flaw::TriggerAltered | Flaw::TriggerForeign | Flaw::NoChain
        )
    }
}

/// One broken thing, with what a reader needs to find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub flaw: Flaw,
    /// The table (or, for triggers, the trigger's table).
    pub table: String,
    /// The record's id or key, the trigger's name, the chain entry's number.
    pub record: Option<String>,
    pub service_number: Option<String>,
    pub module: Option<String>,
    /// SQLite's own words for damage, or more detail.
    pub detail: Option<String>,
}

impl Finding {
    fn new(flaw: Flaw, table: &str) -> Finding {
        Finding {
            flaw,
            table: table.to_string(),
            record: None,
            service_number: None,
            module: None,
            detail: None,
        }
    }

    /// One line in English.
    pub fn describe(&self) -> String {
        let trigger = self.record.as_deref().unwrap_or("");
        match self.flaw {
            Flaw::TriggerMissing => {
                return format!("{}: protective trigger {trigger} is missing", self.table)
            }
            Flaw::TriggerAltered => {
                return format!("{}: protective trigger {trigger} was altered", self.table)
            }
            Flaw::TriggerForeign => {
                return format!("{}: trigger {trigger} is not one Muster makes", self.table)
            }
            _ => {}
        }
        let mut what = self.table.clone();
        if let Some(r) = &self.record {
            what.push(' ');
            what.push_str(r);
        }
        let subject: Vec<&str> = [&self.service_number, &self.module]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !subject.is_empty() {
            what.push_str(&format!(" ({})", subject.join(", ")));
        }
        let says = match self.flaw {
            Flaw::Damaged => "the file is damaged",
            Flaw::DanglingReference => "points at a record that is not there",
            Flaw::TriggerMissing | Flaw::TriggerAltered | Flaw::TriggerForeign => {
                unreachable!("said above")
            }
            Flaw::ChainBroken => {
                "the chain is broken here: an entry was edited, removed, inserted or moved"
            }
            Flaw::ChainUnknownTable => "the chain names a table Muster does not protect",
            Flaw::Changed => "changed after it was recorded (the chain holds another version)",
            Flaw::Deleted => "deleted (the chain recorded it)",
            Flaw::Inserted => "written outside Muster (not in the chain)",
            Flaw::NoChain => "this database is from an older Muster and has not been upgraded: open it once with this Muster (e.g. `muster init`) to upgrade it",
        };
        match &self.detail {
            Some(d) => format!("{what}: {says}: {d}"),
            None => format!("{what}: {says}"),
        }
    }
}

/// How many rows of one table were checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableCount {
    pub table: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: u64,
}

/// A trigger Muster found wrong earlier and put back, as the audit log recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairNote {
    pub at: String,
    pub trigger: String,
    /// `missing`, `altered` or `foreign`.
    pub found: String,
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub file: String,
    pub findings: Vec<Finding>,
    /// Entries in the chain.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub entries: u64,
    /// Rows checked, per table, in the chain's table order.
    pub rows: Vec<TableCount>,
    /// Protective triggers that must be there.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub triggers: u64,
    /// When the chain began; rows before it are vouched for from that day on.
    pub started: Option<Started>,
    /// Triggers found missing, altered or foreign earlier and put back.
    pub repaired: Vec<RepairNote>,
    /// The chain's last entry.
    pub head: Option<ChainHead>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub millis: u64,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }

    /// Records checked, all tables together.
    pub fn total_rows(&self) -> u64 {
        self.rows.iter().map(|c| c.rows).sum()
    }
}

/// Checks a database file without writing to it. SQLite's own checks read every page;
/// they run on a second connection, on the other core, while this one reads the chain
/// and every table in one read transaction.
pub fn check(path: &Path) -> Result<CheckReport> {
    let started = Instant::now();
    let store = Store::open_for_check(path)?;
    store.map_file_for_reading()?;
    let (sqlite, report) = std::thread::scope(|s| {
        let sqlite = s.spawn(|| {
            let other = Store::open_for_check(path)?;
            other.map_file_for_reading()?;
            sqlite_findings(&other)
        });
        let report = store.in_read_transaction(|| chain_report(&store));
        (sqlite.join().expect("the check does not panic"), report)
    });
    let mut report = report?;
    let mut findings = sqlite?;
    findings.append(&mut report.findings);
    report.findings = findings;
    report.file = path.display().to_string();
    report.millis = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// Checks an open database on its one connection (an in-memory one, in tests).
pub fn check_store(store: &Store) -> Result<CheckReport> {
    let started = Instant::now();
    let mut findings = sqlite_findings(store)?;
    let mut report = chain_report(store)?;
    findings.append(&mut report.findings);
    report.findings = findings;
    report.millis = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// What SQLite's integrity and foreign-key checks say.
fn sqlite_findings(store: &Store) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for line in store.sqlite_integrity()? {
        out.push(Finding {
            detail: Some(line),
            ..Finding::new(Flaw::Damaged, "database")
        });
    }
    for (table, rowid, parent) in store.foreign_key_breaks()? {
        out.push(Finding {
            record: rowid.map(|r| format!("#{r}")),
            detail: Some(format!("no such row in {parent}")),
            ..Finding::new(Flaw::DanglingReference, &table)
        });
    }
    Ok(out)
}

/// The triggers, the chain, and every table against the chain.
fn chain_report(store: &Store) -> Result<CheckReport> {
    let mut report = CheckReport {
        file: store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        findings: Vec::new(),
        entries: 0,
        rows: Vec::new(),
        triggers: chain::triggers().len() as u64,
        started: None,
        repaired: Vec::new(),
        head: None,
        millis: 0,
    };
    let out = &mut report.findings;
    if store.schema_version()? < crate::store::db::SCHEMA_VERSION {
        out.push(Finding::new(Flaw::NoChain, "database"));
        return Ok(report);
    }
    for r in store.trigger_survey()? {
        let flaw = match r.found {
            Found::Missing => Flaw::TriggerMissing,
            Found::Altered => Flaw::TriggerAltered,
            Found::Foreign => Flaw::TriggerForeign,
        };
        out.push(Finding {
            record: Some(r.trigger),
            ..Finding::new(flaw, &r.table)
        });
    }
    let scan = store.scan_chain()?;
    for (seq, table, key) in &scan.breaks {
        out.push(Finding {
            record: Some(format!("entry #{seq}")),
            detail: Some(format!("{table} {key}")),
            ..Finding::new(Flaw::ChainBroken, "ledger")
        });
    }
    for (seq, table) in &scan.strangers {
        out.push(Finding {
            record: Some(format!("entry #{seq}")),
            detail: Some(table.clone()),
            ..Finding::new(Flaw::ChainUnknownTable, "ledger")
        });
    }
    let mut latest = scan.latest;
    for (i, t) in chain::TABLES.iter().enumerate() {
        let mut flawed = Vec::new();
        let rows = if t.mutable {
            let mut chained = std::mem::take(&mut latest[i]);
            let n = compare(store, t, &mut chained, &mut flawed)?;
            flawed.extend(chained.into_keys().map(|k| (Flaw::Deleted, k)));
            n
        } else {
            let mut tally = Tally::default();
            store.scan_table(t, |_, hash| tally.add(&hash))?;
            if tally != scan.sums[i] {
                let mut chained = store.chain_entries_of(t)?;
                compare(store, t, &mut chained, &mut flawed)?;
                flawed.extend(chained.into_keys().map(|k| (Flaw::Deleted, k)));
            }
            tally.count
        };
        report.rows.push(TableCount {
            table: t.name.to_string(),
            rows,
        });
        flawed.sort_by(|a, b| a.1.cmp(&b.1));
        for (flaw, key) in flawed {
            out.push(name(store, t.name, flaw, key)?);
        }
    }
    report.entries = scan.entries;
    report.head = scan.head;
    report.started = store.chain_started()?;
    report.repaired = store
        .trigger_repairs()?
        .into_iter()
        .map(|(at, trigger, found)| RepairNote { at, trigger, found })
        .collect();
    Ok(report)
}

/// Takes each row of a table off the map of what the chain holds, noting the rows that
/// differ or are not there; what stays on the map was deleted.
fn compare(
    store: &Store,
    t: &chain::Table,
    chained: &mut FxHashMap<Key, [u8; 32]>,
    flawed: &mut Vec<(Flaw, Key)>,
) -> Result<u64> {
    store.scan_table(t, |key, hash| match chained.remove(&key) {
        Some(h) if h == hash => {}
        Some(_) => flawed.push((Flaw::Changed, key)),
        None => flawed.push((Flaw::Inserted, key)),
    })
}

/// A finding about a row, named the way a reader knows it: a record by its id with the
/// soldier and module, a person by service number.
fn name(store: &Store, table: &str, flaw: Flaw, key: Key) -> Result<Finding> {
    let mut f = Finding {
        record: Some(key.to_string()),
        ..Finding::new(flaw, table)
    };
    match (table, &key) {
        ("attempt", Key::Int(seq)) => {
            // Named by its record id while it is there; a deleted one by its order of entry.
            if let Some((id, sn, module)) = store.attempt_subject(seq, true)? {
                f.record = Some(id);
                f.service_number = Some(sn);
                f.module = Some(module);
            }
        }
        ("voiding", Key::Uuid(_) | Key::Text(_)) => {
            if let Some((_, sn, module)) = store.attempt_subject(&key.to_string(), false)? {
                f.service_number = Some(sn);
                f.module = Some(module);
            }
        }
        ("person", Key::Int(id)) => f.service_number = store.service_number_of(*id)?,
        ("assignment", Key::Int(id)) => {
            if let Some((sn, contingent)) = store.assignment_subject(*id)? {
                f.service_number = Some(sn);
                f.detail = Some(format!("contingent {contingent}"));
            }
        }
        _ => {}
    }
    Ok(f)
}
