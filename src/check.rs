//! `muster check`: is this database exactly what Muster wrote? SQLite's own integrity and
//! foreign-key checks, every protective trigger in place, the chain intact link by link,
//! and every protected table equal to what its chain says, row by row. Reads only: a
//! database is checked as it is found, on read-only media too.

mod references;

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::error::Result;
use crate::store::chain::{self, Found, Started};
use rustc_hash::FxHashMap;

use crate::store::indexes::{DigestKey, IndexPlan, IndexSide, TableSide};
use crate::store::integrity::{ChainHead, ChainScan, Key, Tally};
use crate::store::schema::Difference;
use crate::Store;
use references::{ReferencePlan, Referred};

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
    /// A table or view is not defined as Muster defines it (its references, constraints
    /// or columns rewritten).
    SchemaAltered,
    /// A table or view Muster does not make.
    SchemaForeign,
    /// A table or view Muster makes is not there.
    SchemaMissing,
    /// `PRAGMA user_version` says an older schema than the file's tables are (`record`
    /// what it says, `detail` what they are).
    VersionLowered,
    /// A rollback journal (`record`: its file name) that SQLite would play back on the
    /// next write: what was checked is not what Muster would read.
    PlantedJournal,
    /// The file's tables are neither those of the schema version it says (`record`) nor
    /// this build's (`detail`): not an older Muster's file but one changed outside it.
    SchemaOfNoVersion,
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
            Flaw::SchemaAltered => {
                return format!(
                    "{}: its definition was changed outside Muster (its columns, references or constraints)",
                    self.table
                )
            }
            Flaw::SchemaForeign => {
                return format!("{}: a table, view or index Muster does not make", self.table)
            }
            Flaw::SchemaMissing => {
                return format!("{}: a table, view or index Muster makes is missing", self.table)
            }
            Flaw::VersionLowered => {
                return format!(
                    "database: its schema version says {trigger}, but its tables are those of version {}: the version was changed outside Muster",
                    self.detail.as_deref().unwrap_or("")
                )
            }
            Flaw::SchemaOfNoVersion => {
                return format!(
                    "database: its tables are neither those of the schema version it says ({trigger}) nor those of this Muster's ({}): it was changed outside Muster, and its records cannot be checked against their chain",
                    self.detail.as_deref().unwrap_or("")
                )
            }
            Flaw::PlantedJournal => {
                return format!(
                    "database: a rollback journal lies beside it ({trigger}): SQLite applies it when the file is next opened for writing, so what was checked is not what Muster will read. Muster keeps no such journal (it writes ahead in a -wal file): open the file once with `muster init` and check it again"
                )
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
            Flaw::SchemaAltered
            | Flaw::SchemaForeign
            | Flaw::SchemaMissing
            | Flaw::VersionLowered
            | Flaw::SchemaOfNoVersion
            | Flaw::PlantedJournal => unreachable!("said above"),
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

/// Checks a database file without writing to it. The check is cut into parts (SQLite's
/// structure check, the foreign keys, the chain in stretches, each protected table in
/// stretches, each table's indexes) that run at once on one connection per core, each
/// connection in a read transaction on the same state of the file.
pub fn check(path: &Path) -> Result<CheckReport> {
    let started = Instant::now();
    let store = Store::open_for_check(path)?;
    store.map_file_for_reading()?;
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let mut report = store.in_read_transaction(|| {
        // A writer may commit between two connections' first reads; then they see two
        // states, and the check runs again (at last on one connection).
        for _ in 0..2 {
            if let Some(report) = run(&store, Some(path), threads)? {
                return Ok(report);
            }
        }
        Ok(run(&store, None, 1)?.expect("one connection sees one state"))
    })?;
    report.file = path.display().to_string();
    if let Some((says, is)) = store.version_lowered()? {
        report.findings.insert(
            0,
            Finding {
                record: Some(says.to_string()),
                detail: Some(is.to_string()),
                ..Finding::new(Flaw::VersionLowered, "database")
            },
        );
    }
    if let Some(journal) = hot_journal(path) {
        report.findings.insert(
            0,
            Finding {
                record: Some(journal),
                ..Finding::new(Flaw::PlantedJournal, "database")
            },
        );
    }
    report.millis = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// The name of a rollback journal beside `path` that SQLite would play back (a "hot"
/// journal: it starts with the journal's magic number), if there is one. A check opens
/// the file read-only and never plays it back; the next command that writes would.
fn hot_journal(path: &Path) -> Option<String> {
    const MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
    // Beside the name given, and beside the file a link there points to (where SQLite
    // looks for it).
    let real = std::fs::canonicalize(path).ok();
    [Some(path.to_path_buf()), real]
        .into_iter()
        .flatten()
        .find_map(|p| {
            let mut name = p.into_os_string();
            name.push("-journal");
            let journal = std::path::PathBuf::from(name);
            let mut head = [0u8; 8];
            let mut f = std::fs::File::open(&journal).ok()?;
            std::io::Read::read_exact(&mut f, &mut head).ok()?;
            (head == MAGIC).then(|| journal.display().to_string())
        })
}

/// Checks an open database on its one connection (an in-memory one, in tests).
pub fn check_store(store: &Store) -> Result<CheckReport> {
    let started = Instant::now();
    let mut report = store
        .in_read_transaction(|| Ok(run(store, None, 1)?.expect("one connection sees one state")))?;
    report.millis = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// One part of the check.
#[derive(Debug, Clone)]
enum Part {
    /// SQLite's `quick_check`: the file's pages, NOT NULL and CHECK constraints.
    Structure,
    /// SQLite's `foreign_key_check` of the tables whose references are not read with
    /// their rows (`references`).
    ForeignKeys,
    /// The chain entries after the first number up to the second.
    Chain(i64, i64),
    /// The rows of a protected table (its place in `chain::TABLES`) in a range of row ids,
    /// with what its indexes must hold and the values its references point at.
    Rows(usize, i64, i64),
    /// One index of a plan (its place in the plans, then in the plan): its entries.
    IndexEntries(usize, usize),
    /// What the indexes of a table the chain does not cover must hold, from its rows.
    IndexRows(usize),
    /// SQLite's own check of a table whose indexes cannot be read provably.
    TableBySqlite(String),
}

impl Part {
    fn describe(&self) -> String {
        match self {
            Part::Structure => "the file's structure".into(),
            Part::ForeignKeys => "the references between records".into(),
            Part::Chain(..) => "the chain".into(),
            Part::Rows(i, ..) => format!("table {}", chain::TABLES[*i].name),
            Part::IndexEntries(..) | Part::IndexRows(_) | Part::TableBySqlite(_) => {
                "an index".into()
            }
        }
    }
}

/// True for an error that says the file is damaged, not that it cannot be opened.
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// What a part found.
enum Done {
    Findings(Vec<Finding>),
    /// The part stopped at damage: the records cannot be compared with the chain.
    Unreadable(Finding),
    Chain(i64, ChainScan),
    Rows(usize, Rows, Option<TableSide>, Vec<Referred>),
    IndexEntries(usize, usize, IndexSide),
    IndexRows(usize, TableSide),
}

/// A stretch of a protected table: each row's hash where rows may change (compared key
/// by key with the chain), a tally where they never do (compared as a whole).
enum Rows {
    Hashes(Vec<(Key, [u8; 32])>),
    Tally(Tally),
}

/// A stretch long enough to be worth a core of its own.
const STRETCH: i64 = 150_000;

/// Runs every part on `threads` connections (the first is `store`, whose read
/// transaction is open) and puts the report together; None when the connections saw
/// different states of the file.
fn run(store: &Store, path: Option<&Path>, threads: usize) -> Result<Option<CheckReport>> {
    let key = DigestKey::new();
    // A version set back outside Muster does not hide the records from the check: the
    // tables say which schema the file is (`version_lowered`, said in `check`).
    let current = store.schema_version()? >= crate::store::db::SCHEMA_VERSION
        || store.version_lowered()?.is_some();
    // What every connection must see alike: any change to a protected table adds an
    // entry to the chain. (A database from before the chain is checked by SQLite's
    // parts only, which need no common state.)
    let head_of = |s: &Store| if current { s.chain_head() } else { Ok(None) };
    let head = head_of(store)?;
    let mut plans = Vec::new();
    let mut by_sqlite = Vec::new();
    for t in store.indexed_tables()? {
        match store.index_plan(&t)? {
            Some(p) => plans.push(p),
            None => by_sqlite.push(t),
        }
    }
    let plans = &plans;
    let refs = &ReferencePlan::new(store, current)?;
    let mut parts = plan(
        store,
        current,
        head.as_ref().map_or(0, |h| h.seq),
        threads,
        plans,
        refs,
    )?;
    parts.extend(by_sqlite.into_iter().map(Part::TableBySqlite));
    let queue = std::sync::Mutex::new(std::collections::VecDeque::from(parts));
    let work = |on: &Store| -> Result<Vec<Done>> {
        let mut done = Vec::new();
        loop {
            let next = queue.lock().expect("no part panics").pop_front();
            match next {
                Some(part) => {
                    let what = part.describe();
                    done.push(match run_part(on, part, &key, plans, refs) {
                        Err(crate::error::Error::Db(e)) if is_damage(&e) => {
                            Done::Unreadable(Finding {
                                detail: Some(format!("{what} could not be read: {e}")),
                                ..Finding::new(Flaw::Damaged, "database")
                            })
                        }
                        other => other?,
                    })
                }
                None => return Ok(done),
            }
        }
    };
    let (mine, theirs) = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads)
            .filter_map(|_| path)
            .map(|path| {
                s.spawn(|| {
                    let other = Store::open_for_check(path)?;
                    other.map_file_for_reading()?;
                    other.in_read_transaction(|| Ok((head_of(&other)?, work(&other)?)))
                })
            })
            .collect();
        let mine = work(store);
        let theirs: Vec<Result<(Option<ChainHead>, Vec<Done>)>> = others
            .into_iter()
            .map(|h| h.join().expect("the check does not panic"))
            .collect();
        (mine, theirs)
    });
    let mut done = mine?;
    for t in theirs {
        let (seen, mut more) = t?;
        if seen != head {
            return Ok(None);
        }
        done.append(&mut more);
    }
    Ok(Some(assemble(store, current, done, plans, refs)?))
}

/// The parts, largest first, so the last to finish is a short one.
fn plan(
    store: &Store,
    current: bool,
    last_entry: i64,
    threads: usize,
    plans: &[IndexPlan],
    refs: &ReferencePlan,
) -> Result<Vec<Part>> {
    let stretches = |last: i64| -> Vec<(i64, i64)> {
        let n = (last / STRETCH).clamp(1, threads as i64);
        let step = last / n + 1;
        (0..n)
            .map(|i| {
                let from = if i == 0 { i64::MIN } else { i * step };
                let to = if i == n - 1 {
                    i64::MAX
                } else {
                    (i + 1) * step - 1
                };
                (from, to)
            })
            .collect()
    };
    let mut parts = Vec::new();
    let mut covered = Vec::new();
    if current {
        for (from, to) in stretches(last_entry) {
            // `Chain` starts after its first number.
            parts.push(Part::Chain(from.saturating_sub(1), to));
        }
        for (i, t) in chain::TABLES.iter().enumerate() {
            if !store.has_table(t.name)? {
                continue;
            }
            let cut = if t.mutable {
                vec![(i64::MIN, i64::MAX)]
            } else {
                stretches(store.last_rowid(t.name)?)
            };
            parts.extend(cut.into_iter().map(|(from, to)| Part::Rows(i, from, to)));
            covered.push(t.name);
        }
    }
    // The indexes of the largest table first.
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|p| plans[*p].table != "attempt");
    for p in order {
        parts.extend((0..plans[p].len()).map(|i| Part::IndexEntries(p, i)));
        if !covered.contains(&plans[p].table.as_str()) {
            parts.push(Part::IndexRows(p));
        }
    }
    parts.insert(parts.len().min(2 * threads), Part::Structure);
    if !refs.by_sqlite.is_empty() {
        parts.insert(parts.len().min(2 * threads + 1), Part::ForeignKeys);
    }
    Ok(parts)
}

fn run_part(
    store: &Store,
    part: Part,
    key: &DigestKey,
    plans: &[IndexPlan],
    refs: &ReferencePlan,
) -> Result<Done> {
    Ok(match part {
        Part::Structure => Done::Findings(damage(store.sqlite_quick_check()?)),
        Part::TableBySqlite(table) => Done::Findings(damage(store.sqlite_table_check(&table)?)),
        Part::IndexEntries(p, i) => {
            Done::IndexEntries(p, i, store.index_entries(&plans[p], i, key)?)
        }
        Part::IndexRows(p) => Done::IndexRows(p, store.index_rows(&plans[p], key)?),
        Part::ForeignKeys => {
            let mut out = Vec::new();
            for table in &refs.by_sqlite {
                out.extend(dangling(store.foreign_key_breaks_in(table)?));
            }
            Done::Findings(out)
        }
        Part::Chain(after, last) => Done::Chain(after, store.scan_chain(after, last)?),
        Part::Rows(i, from, to) => {
            let t = &chain::TABLES[i];
            // The same scan reads what the table's indexes must hold.
            let plan = plans.iter().find(|p| p.table == t.name);
            // The table's columns come after its key and name in the scan's statement.
            let given: Vec<String> = t.columns.iter().map(|c| format!("\"{c}\"")).collect();
            let layout = plan.map(|p| p.row_layout(&given, 2, given.len() + 2));
            let extra = layout.as_ref().map_or("", |l| l.extra.as_str());
            let mut side = plan.map(IndexPlan::table_side);
            let mut hashes = Vec::new();
            let mut tally = Tally::default();
            let mut referred = refs.gatherers(i);
            store.scan_table(t, from..=to, extra, |k, h, row, _| {
                if t.mutable {
                    hashes.push((k, h));
                } else {
                    tally.add(&h);
                }
                for ((at, _), r) in refs.read[i].iter().zip(referred.iter_mut()) {
                    r.add(row.get(*at));
                }
                match (plan, side.as_mut(), layout.as_ref()) {
                    (Some(p), Some(s), Some(l)) => p.add_row(s, key, row, l),
                    _ => Ok(()),
                }
            })?;
            let rows = if t.mutable {
                Rows::Hashes(hashes)
            } else {
                Rows::Tally(tally)
            };
            Done::Rows(i, rows, side, referred)
        }
    })
}

/// SQLite's `foreign_key_check` rows, one finding each.
fn dangling(breaks: Vec<(String, Option<i64>, String)>) -> Vec<Finding> {
    breaks
        .into_iter()
        .map(|(table, rowid, parent)| Finding {
            record: rowid.map(|r| format!("#{r}")),
            detail: Some(format!("no such row in {parent}")),
            ..Finding::new(Flaw::DanglingReference, &table)
        })
        .collect()
}

/// SQLite's words for damage, one finding each.
fn damage(lines: Vec<String>) -> Vec<Finding> {
    lines
        .into_iter()
        .map(|line| Finding {
            detail: Some(line),
            ..Finding::new(Flaw::Damaged, "database")
        })
        .collect()
}

/// The report from every part's result: the chain joined in order, each table compared
/// with it.
fn assemble(
    store: &Store,
    current: bool,
    done: Vec<Done>,
    plans: &[IndexPlan],
    refs: &ReferencePlan,
) -> Result<CheckReport> {
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
    let mut chains = Vec::new();
    let mut tables: Vec<Vec<Rows>> = chain::TABLES.iter().map(|_| Vec::new()).collect();
    let mut damage = Vec::new();
    let mut unreadable = false;
    let mut referred: Vec<Vec<Referred>> = (0..chain::TABLES.len())
        .map(|i| refs.gatherers(i))
        .collect();
    let mut rows_say: Vec<Option<TableSide>> = plans.iter().map(|_| None).collect();
    let mut indexes_say: Vec<Vec<Option<IndexSide>>> =
        plans.iter().map(|p| vec![None; p.len()]).collect();
    let mut add_side = |p: usize, side: &TableSide| match &mut rows_say[p] {
        Some(s) => s.merge(side),
        None => rows_say[p] = Some(side.clone()),
    };
    for d in done {
        match d {
            Done::Findings(mut f) => damage.append(&mut f),
            Done::IndexEntries(p, i, side) => indexes_say[p][i] = Some(side),
            Done::IndexRows(p, side) => add_side(p, &side),
            Done::Rows(i, rows, side, gathered) => {
                for (all, part) in referred[i].iter_mut().zip(gathered) {
                    all.merge(part);
                }
                if let Some(side) = side {
                    let p = plans
                        .iter()
                        .position(|p| p.table == chain::TABLES[i].name)
                        .expect("a side is read for a planned table");
                    add_side(p, &side);
                }
                tables[i].push(rows);
            }
            Done::Unreadable(f) => {
                damage.push(f);
                unreadable = true;
            }
            Done::Chain(after, scan) => chains.push((after, scan)),
        }
    }
    for ((plan, rows), read) in plans.iter().zip(rows_say).zip(indexes_say) {
        // Each side is missing only when a part stopped at damage, which is said above.
        if let (Some(rows), Some(read)) = (rows, read.into_iter().collect::<Option<Vec<_>>>()) {
            damage.extend(self::damage(plan.compare(&rows, &read)));
        }
    }
    if !unreadable {
        // (In a damaged file what SQLite says is the finding: see below.)
        damage.extend(dangling(references::breaks(store, refs, referred)?));
    }
    // SQLite's findings first, in a stable order.
    damage.sort_by(|a, b| (a.flaw, &a.table, &a.detail).cmp(&(b.flaw, &b.table, &b.detail)));
    report.findings = damage;
    let out = &mut report.findings;
    if !current {
        // An older Muster's file waits for its upgrade; one whose tables are no version's
        // was changed outside Muster (a version set back, then a table changed), and is
        // said so, not sent to an upgrade that cannot run.
        if store.schema_of_no_version()? {
            out.push(Finding {
                record: Some(store.schema_version()?.to_string()),
                detail: Some(crate::store::db::SCHEMA_VERSION.to_string()),
                ..Finding::new(Flaw::SchemaOfNoVersion, "database")
            });
        } else {
            out.push(Finding::new(Flaw::NoChain, "database"));
        }
        return Ok(report);
    }
    if unreadable {
        // A damaged file: what SQLite says is the finding, not a comparison of half-read
        // tables with the chain.
        return Ok(report);
    }
    for (name, _, how) in store.schema_differences()? {
        let flaw = match how {
            Difference::Altered => Flaw::SchemaAltered,
            Difference::Foreign => Flaw::SchemaForeign,
            Difference::Missing => Flaw::SchemaMissing,
        };
        out.push(Finding::new(flaw, &name));
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
    chains.sort_by_key(|(after, _)| *after);
    let mut chains = chains.into_iter().map(|(_, scan)| scan);
    let mut scan = chains.next().expect("the chain is always one part or more");
    for next in chains {
        scan.append(next);
    }
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
    for (i, (t, parts)) in chain::TABLES.iter().zip(tables).enumerate() {
        if !store.has_table(t.name)? {
            let held = latest[i].len() as u64 + scan.sums[i].count;
            out.push(Finding {
                detail: Some(format!(
                    "the whole table is gone, with the {held} record(s) the chain holds for it"
                )),
                ..Finding::new(Flaw::Deleted, t.name)
            });
            report.rows.push(TableCount {
                table: t.name.to_string(),
                rows: 0,
            });
            continue;
        }
        let mut flawed = Vec::new();
        let mut tally = Tally::default();
        let mut rows = 0;
        let mut chained = std::mem::take(&mut latest[i]);
        for part in parts {
            match part {
                Rows::Hashes(hashes) => {
                    rows += hashes.len() as u64;
                    for (key, hash) in hashes {
                        match chained.remove(&key) {
                            Some(h) if h == hash => {}
                            Some(_) => flawed.push((Flaw::Changed, key)),
                            None => flawed.push((Flaw::Inserted, key)),
                        }
                    }
                }
                Rows::Tally(part) => tally.merge(&part),
            }
        }
        if !t.mutable {
            rows = tally.count;
            if tally != scan.sums[i] {
                // The slow path, only for a table whose rows differ from the chain.
                chained = store.chain_entries_of(t)?;
                compare(store, t, &mut chained, &mut flawed)?;
            }
        }
        flawed.extend(chained.into_keys().map(|k| (Flaw::Deleted, k)));
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
    report.started = if store.has_table("meta")? {
        store.chain_started()?
    } else {
        None
    };
    if store.has_table("audit")? {
        report.repaired = store
            .trigger_repairs()?
            .into_iter()
            .map(|(at, trigger, found)| RepairNote { at, trigger, found })
            .collect();
    }
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
    store.scan_table(t, i64::MIN..=i64::MAX, "", |key, hash, _, _| {
        match chained.remove(&key) {
            Some(h) if h == hash => {}
            Some(_) => flawed.push((Flaw::Changed, key)),
            None => flawed.push((Flaw::Inserted, key)),
        }
        Ok(())
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
