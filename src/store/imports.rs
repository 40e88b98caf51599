//! Import history: each imported file is recorded with what it did, and the attempts and
//! assignments it added point back at it (set when they are inserted), so a mistaken
//! import can be undone later: its records voided, its assignments ended, nothing deleted.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{Store, Writer};
use crate::dates;
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::text;

/// Where the rows of an import came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSource {
    /// The file's name as given (not its full path: the path says nothing to a reader of
    /// the history on another machine).
    pub file_name: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// The worksheet read, for workbooks.
    pub sheet: Option<String>,
    /// The text encoding read, for CSV files.
    pub encoding: Option<String>,
}

/// What an import did, as counted by the importer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportCounts {
    pub rows: usize,
    pub people_new: usize,
    pub people_updated: usize,
    pub people_unchanged: usize,
    pub assigned: usize,
    pub attempts_new: usize,
    pub attempts_unchanged: usize,
}

/// One line of `muster import history`: an import made or received here, with its number
/// here.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportRecord {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[serde(flatten)]
    pub facts: ImportFacts,
}

/// What an import of a file was, wherever it was made: the import history's line without
/// its number here, as a bundle carries it too (`SyncImport`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportFacts {
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    /// The contingent's code.
    pub contingent: Option<String>,
    pub operator: String,
    pub imported_at: String,
    #[serde(flatten)]
    pub counts: ImportCounts,
    pub undone_at: Option<String>,
    pub undone_by: Option<String>,
    pub undo_reason: Option<String>,
}

/// What undoing an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UndoReport {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    /// Records of the import that were active and are now voided.
    pub attempts_voided: usize,
    /// Records of the import that had been voided or amended before: left as they were.
    pub attempts_already_inactive: usize,
    /// Assignments the import made that are now ended (the people stay on file).
    pub assignments_ended: usize,
    /// Who they were, by service number: a later file may list some of them, and a person
    /// puts those back on the roster by hand.
    pub taken_off: Vec<String>,
    /// The roster they were taken off (a roster import's contingent).
    pub contingent: Option<String>,
    /// Groups of details (a unit, a rank, names …) the import changed that now read as
    /// they did before it.
    pub details_restored: usize,
    /// Details the import changed that a later edit decides (by hand, by another import,
    /// from another laptop, or a value kept): left as they are.
    pub details_kept: Vec<super::DetailKept>,
}

pub(super) const COLUMNS: &str =
    "i.id, i.kind, i.file_name, i.sha256, i.sheet, i.encoding, c.code, i.operator,
    i.imported_at, i.rows, i.people_new, i.people_updated, i.people_unchanged, i.assigned,
    i.attempts_new, i.attempts_unchanged, i.undone_at, i.undone_by, i.undo_reason";

pub(super) fn from_row(r: &Row) -> rusqlite::Result<ImportRecord> {
    let n = |i: usize| r.get::<_, i64>(i).map(|v| v as usize);
    Ok(ImportRecord {
        id: r.get(0)?,
        facts: ImportFacts {
            kind: r.get(1)?,
            file_name: r.get(2)?,
            sha256: r.get(3)?,
            sheet: r.get(4)?,
            encoding: r.get(5)?,
            contingent: r.get(6)?,
            operator: r.get(7)?,
            imported_at: r.get(8)?,
            counts: ImportCounts {
                rows: n(9)?,
                people_new: n(10)?,
                people_updated: n(11)?,
                people_unchanged: n(12)?,
                assigned: n(13)?,
                attempts_new: n(14)?,
                attempts_unchanged: n(15)?,
            },
            undone_at: r.get(16)?,
            undone_by: r.get(17)?,
            undo_reason: r.get(18)?,
        },
    })
}

fn find(conn: &rusqlite::Connection, id: i64) -> Result<Option<ImportRecord>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM import i LEFT JOIN contingent c ON c.id = i.contingent_id
                 WHERE i.id = ?1"
            ),
            [id],
            from_row,
        )
        .optional()?)
}

impl Writer<'_> {
    /// Records that this batch is an import; every attempt and assignment added from now on
    /// in this batch points back at it. The record is written with the batch or not at all.
    pub fn begin_import(
        &mut self,
        kind: &str,
        source: &ImportSource,
        contingent_id: Option<i64>,
        by: &str,
    ) -> Result<i64> {
        self.tx().execute(
            "INSERT INTO import (kind, file_name, sha256, sheet, encoding, contingent_id,
                                 operator, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                kind,
                source.file_name,
                source.sha256,
                source.sheet,
                source.encoding,
                contingent_id,
                by,
                dates::now_utc()
            ],
        )?;
        let id = self.tx().last_insert_rowid();
        self.import_id = Some(id);
        Ok(id)
    }

    /// The edit in force that decides a person's `field` now, when it was made by hand
    /// (not by an import) after `since`: (when, by whom).
    pub fn hand_edit_since(
        &self,
        service_number: &str,
        field: &str,
        since: &str,
    ) -> Result<Option<(String, String)>> {
        let latest: Option<(String, String, Option<i64>)> = self
            .tx()
            .query_row(
                &format!(
                    "SELECT edited_at, edited_by, import_id FROM detail_edit
                     WHERE entity = 'person' AND entity_key = ?1 AND field = ?2
                       AND {}
                     ORDER BY hlc DESC, id DESC LIMIT 1",
                    super::details::IN_FORCE
                ),
                params![crate::text::sn_key(service_number), field],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(latest
            .filter(|(at, _, import)| import.is_none() && at.as_str() > since)
            .map(|(at, by, _)| (at, by)))
    }

    /// The latest import, not undone, of a file with these exact bytes, as the same kind
    /// and into the same contingent: reading the same file twice is usually a slip worth a
    /// word (one roster read into two rotations is not).
    pub fn earlier_import(
        &self,
        sha256: &str,
        kind: &str,
        contingent_id: Option<i64>,
    ) -> Result<Option<ImportRecord>> {
        Ok(self
            .tx()
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM import i LEFT JOIN contingent c ON c.id = i.contingent_id
                     WHERE i.sha256 = ?1 AND i.kind = ?2 AND i.contingent_id IS ?3
                       AND i.undone_at IS NULL
                     ORDER BY i.id DESC LIMIT 1"
                ),
                params![sha256, kind, contingent_id],
                from_row,
            )
            .optional()?)
    }

    /// Stores the import's final counts.
    pub fn finish_import(&self, c: &ImportCounts) -> Result<()> {
        let Some(id) = self.import_id else {
            return Ok(());
        };
        self.tx().execute(
            "UPDATE import SET rows = ?2, people_new = ?3, people_updated = ?4,
                    people_unchanged = ?5, assigned = ?6, attempts_new = ?7,
                    attempts_unchanged = ?8
             WHERE id = ?1",
            params![
                id,
                c.rows as i64,
                c.people_new as i64,
                c.people_updated as i64,
                c.people_unchanged as i64,
                c.assigned as i64,
                c.attempts_new as i64,
                c.attempts_unchanged as i64
            ],
        )?;
        Ok(())
    }
}

impl Store {
    /// Every import, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM import i LEFT JOIN contingent c ON c.id = i.contingent_id
             ORDER BY i.imported_at DESC, i.id DESC"
        ))?;
        let rows = st.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn import_record(&self, id: i64) -> Result<ImportRecord> {
        find(&self.conn, id)?.ok_or_else(|| Error::NotFound {
            what: "import",
            key: format!("#{id}"),
            hint: " (see `muster import history`)",
        })
    }

    /// Undoes an import in one transaction: voids every record it added that still counts,
    /// ends every assignment it made, and puts back the details it changed that nobody
    /// changed since (`undo_details`). People stay on file.
    ///
    /// Refused when the import was undone already, or when a record it added has an active
    /// correction (amendment): the correction is someone's later word and is voided
    /// on its own, on purpose.
    pub fn undo_import(&mut self, id: i64, by: &str, reason: &str) -> Result<UndoReport> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let w = self.writer()?;
        let tx = w.tx();
        let rec = find(tx, id)?.ok_or_else(|| Error::NotFound {
            what: "import",
            key: format!("#{id}"),
            hint: " (see `muster import history`)",
        })?;
        if let (Some(at), Some(who)) = (&rec.facts.undone_at, &rec.facts.undone_by) {
            return Err(Error::Conflict(Problem::ImportAlreadyUndone {
                id: id.to_string(),
                file: rec.facts.file_name,
                at: at.clone(),
                who: who.clone(),
            }));
        }
        // Each correction as a person finds it on a history: the soldier, the module and the
        // day, with the record's short id (not the full one, which no screen shows whole).
        let amended: Vec<String> = tx
            .prepare(
                "SELECT n.id, p.service_number, m.code, n.date
                 FROM attempt a JOIN attempt n ON n.supersedes = a.id
                 JOIN person p ON p.id = n.person_id JOIN module m ON m.id = n.module_id
                 WHERE a.import_id = ?1
                 ORDER BY n.seq",
            )?
            .query_map([id], |r| {
                let record: String = r.get(0)?;
                let (sn, module, date): (String, String, String) =
                    (r.get(1)?, r.get(2)?, r.get(3)?);
                Ok((
                    record.clone(),
                    format!(
                        "{sn} {module} {date}, record {}",
                        crate::record_id::short(&record)
                    ),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            // A correction whose chain was withdrawn (voided at its end) is no later word.
            .filter_map(
                |(record, shown)| match super::attempts::chain_counts(tx, &record) {
                    Ok(true) => Some(Ok(shown)),
                    Ok(false) => None,
                    Err(e) => Some(Err(e)),
                },
            )
            .collect::<Result<_>>()?;
        if let Some(first) = amended.first() {
            return Err(Error::Conflict(Problem::ImportCorrectedSince {
                id: id.to_string(),
                count: amended.len().to_string(),
                first: first.clone(),
            }));
        }
        let now = dates::now_utc();
        let total: i64 = tx.query_row(
            "SELECT count(*) FROM attempt WHERE import_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        // Stamped in the order the records were entered, like any voiding.
        let voided = tx.execute(
            "INSERT INTO voiding (attempt_id, reason, voided_by, voided_at, hlc, origin)
             SELECT a.id, ?2, ?3, ?4, ?5 + row_number() OVER (ORDER BY a.seq) - 1, ?6
             FROM attempt a
             WHERE a.import_id = ?1
               AND NOT EXISTS (SELECT 1 FROM voiding v WHERE v.attempt_id = a.id)
               AND NOT EXISTS (SELECT 1 FROM attempt n WHERE n.supersedes = a.id)
             ORDER BY a.seq",
            params![
                id,
                reason,
                by,
                now,
                super::stamps::reserve(tx)?,
                super::stamps::origin(tx)?
            ],
        )?;
        let taken_off: Vec<String> = tx
            .prepare(
                "SELECT DISTINCT p.service_number FROM assignment a JOIN person p ON p.id = a.person_id
                 WHERE a.import_id = ?1 AND a.ended_at IS NULL ORDER BY p.service_number",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let ended = tx.execute(
            "UPDATE assignment SET ended_at = ?2, ended_by = ?3, ended_reason = ?4, ended_hlc = ?5
             WHERE import_id = ?1 AND ended_at IS NULL",
            params![id, now, by, reason, super::stamps::reserve(tx)?],
        )?;
        tx.execute(
            "UPDATE import SET undone_at = ?2, undone_by = ?3, undo_reason = ?4 WHERE id = ?1",
            params![id, now, by, reason],
        )?;
        let (details_restored, details_kept) = super::undo_details::put_back(tx, id, &by)?;
        let report = UndoReport {
            id,
            kind: rec.facts.kind.clone(),
            file_name: rec.facts.file_name.clone(),
            attempts_voided: voided,
            attempts_already_inactive: total as usize - voided,
            assignments_ended: ended,
            taken_off,
            contingent: rec.facts.contingent.clone(),
            details_restored,
            details_kept,
        };
        w.audit(
            &by,
            "undo",
            "import",
            &id.to_string(),
            Some(&rec),
            Some(&report),
        )?;
        w.commit()?;
        Ok(report)
    }
}
