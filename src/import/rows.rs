//! A worksheet's cells turned into rows as a reader finds them, on a thread of their own,
//! so a sheet of a million rows is never in memory whole. The reader hands each cell to a
//! `Sink` in the order the sheet stores them (row by row); the sink applies the limits on a
//! row, a cell and a sheet (`limits`) before it keeps anything, and sends rows in small
//! batches over a bounded channel. The table reads them on the other side (`Rows`).
//!
//! A reader that panics on a malformed file becomes a refusal of that file, not a crash;
//! the thread marks itself so the command line's panic message stays quiet about it.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use super::headers::column_letter;
use super::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_BYTES, MAX_SHEET_CELLS, MAX_SHEET_ROWS};
use crate::error::{Error, Problem};
use crate::problem::Shown;

/// Why a row was not given.
#[derive(Debug)]
pub enum RowFault {
    /// This row is wrong (its line, and what is wrong); the rows after it are read on.
    Row(usize, Problem),
    /// The file cannot be read on: a limit passed, a broken workbook. Nothing is imported.
    Stop(Error),
}

/// A row as a file gives it, before the header is known: its cells as text and, for a row
/// whose cell is not a value (an Excel error, text not in the file's encoding), what is
/// wrong with it.
#[derive(Debug)]
pub(super) struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
    pub bad: Option<Problem>,
    /// Hidden in the workbook (filtered out, or hidden by hand): read all the same, and
    /// said (`Problem::HiddenRows`), since the person who filtered it believes they import
    /// what they see.
    pub hidden: bool,
}

pub(super) type RawItem = std::result::Result<RawRow, RowFault>;

/// Rows sent at once, and the text they may hold, before the reader waits for the table.
const BATCH_ROWS: usize = 1024;
const BATCH_BYTES: usize = 1 << 20;

thread_local! {
    static READING: Cell<bool> = const { Cell::new(false) };
}

/// True on a thread that is reading a workbook for an import: a panic there is a malformed
/// file, already turned into a refusal, and not worth a second message.
pub fn in_workbook_reader() -> bool {
    READING.with(Cell::get)
}

/// Runs `f`, a workbook library reading `file`, turning a panic into a refusal of the file.
pub(super) fn quietly<T>(
    file: &str,
    f: impl FnOnce() -> crate::error::Result<T>,
) -> crate::error::Result<T> {
    let was = READING.with(|r| r.replace(true));
    let out = catch_unwind(AssertUnwindSafe(f));
    READING.with(|r| r.set(was));
    out.unwrap_or_else(|panic| Err(reader_failed(file, panic)))
}

fn reader_failed(file: &str, panic: Box<dyn std::any::Any + Send>) -> Error {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Problem::NotAWorkbook {
        file: file.to_string(),
        detail: Shown::detail(&format!("the workbook reader failed: {what}")),
    }
    .into()
}

/// A cell's value as text, or what it holds instead of a value (`time`, `duration` or
/// `excel_error`, `formula`, and the value as the file has it).
pub(super) type CellValue = Result<String, (&'static str, String)>;

/// Why a reader stops early.
pub(super) enum Halt {
    /// The table is gone, or a limit was passed and said: nothing more to do.
    Stopped,
    /// The file cannot be read on.
    Failed(Box<Error>),
}

impl From<Error> for Halt {
    fn from(e: Error) -> Halt {
        Halt::Failed(Box::new(e))
    }
}

struct Batch {
    items: Vec<RawItem>,
    last: bool,
}

/// Where a reader puts cells: see the module comment.
pub(super) struct Sink {
    tx: SyncSender<Batch>,
    batch: Vec<RawItem>,
    batch_bytes: usize,
    file: String,
    sheet: String,
    /// The row being filled (0-based) and the last one sent.
    row: Option<u32>,
    sent: Option<u32>,
    cells: Vec<String>,
    bytes: usize,
    bad: Option<Problem>,
    cells_read: usize,
    /// The sheet's merged areas, handed to the rows' reader (`Rows::merged_areas`).
    merged: Arc<Mutex<Vec<super::merged::Area>>>,
    /// The rows the workbook hides (0-based), as far as its reader says (`hide`).
    hidden: std::collections::HashSet<u32>,
}

impl Sink {
    /// Merged areas of the sheet, given before the first of the rows each covers: the table
    /// fills them in below its header (`merged::Merged`), which only it knows.
    pub fn merged(&mut self, areas: impl IntoIterator<Item = super::merged::Area>) {
        self.merged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(areas);
    }

    /// Row `row` (0-based) is hidden in the workbook. Said by the reader before the row's
    /// cells are handed on, or at any time before the end of the sheet for a reader that
    /// keeps the cells to sort them.
    pub fn hide(&mut self, row: u32) {
        if (row as usize) < MAX_SHEET_ROWS {
            self.hidden.insert(row);
        }
    }

    /// One cell, at its 0-based row and column. Empty cells may be left out.
    pub fn cell(&mut self, row: u32, col: u32, value: CellValue) -> Result<(), Halt> {
        let line = row as usize + 1;
        if row as usize >= MAX_SHEET_ROWS {
            return Err(self.refuse(Problem::TooManyRows {
                file: self.file.clone(),
                sheet: Shown::new(&self.sheet),
                max: MAX_SHEET_ROWS as u64,
            }));
        }
        if col as usize >= MAX_COLUMNS {
            return Err(self.refuse(Problem::TooManyColumns {
                file: self.file.clone(),
                line: line as u64,
                max: MAX_COLUMNS as u64,
            }));
        }
        if self.row != Some(row) {
            self.flush()?;
            if self.sent.is_some_and(|s| row <= s) {
                return Err(Error::from(Problem::NotAWorkbook {
                    file: self.file.clone(),
                    detail: Shown::detail(&format!(
                        "row {line} comes again after row {}",
                        self.sent.unwrap_or(0) + 1
                    )),
                })
                .into());
            }
            self.row = Some(row);
        }
        let col = col as usize;
        // A cell given twice (a row element repeated, a cell written twice in it): one
        // value would silently replace the other.
        if self.cells.get(col).is_some_and(|c| !c.is_empty()) {
            return Err(Error::from(Problem::NotAWorkbook {
                file: self.file.clone(),
                detail: Shown::detail(&format!("cell {}{line} comes twice", column_letter(col))),
            })
            .into());
        }
        let text = match value {
            Ok(t) if t.is_empty() => return Ok(()),
            Ok(t) => t,
            Err((kind, value)) => {
                if self.bad.is_none() {
                    self.bad = Some(Problem::CellNotAValue {
                        column: column_letter(col),
                        kind: kind.to_string(),
                        value: Shown::new(&value),
                    });
                }
                String::new()
            }
        };
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(self.refuse(Problem::CellTooLong {
                file: self.file.clone(),
                line: line as u64,
                column: column_letter(col),
                chars: (text.chars().count()) as u64,
                max: MAX_CELL_CHARS as u64,
            }));
        }
        if col >= self.cells.len() {
            self.cells_read += col + 1 - self.cells.len();
            if self.cells_read > MAX_SHEET_CELLS {
                return Err(self.refuse(Problem::TooManyCells {
                    file: self.file.clone(),
                    sheet: Shown::new(&self.sheet),
                    max: MAX_SHEET_CELLS as u64,
                }));
            }
            self.cells.resize(col + 1, String::new());
        }
        self.bytes = self.bytes - self.cells[col].len() + text.len();
        if self.bytes > MAX_ROW_BYTES {
            return Err(self.refuse(Problem::RowTooLong {
                file: self.file.clone(),
                line: line as u64,
                max_mib: super::limits::mib(MAX_ROW_BYTES as u64),
            }));
        }
        self.cells[col] = text;
        Ok(())
    }

    /// Refuses at once what a reader is about to hand over if it would pass the limits on
    /// rows or cells anyway: rows up to `last_row` (0-based) holding `cells` cells in all.
    /// A declared repeat of a billion rows is refused without a billion calls to `cell`.
    pub fn ahead(&mut self, last_row: u64, cells: u64) -> Result<(), Halt> {
        if last_row >= MAX_SHEET_ROWS as u64 {
            return Err(self.refuse(Problem::TooManyRows {
                file: self.file.clone(),
                sheet: Shown::new(&self.sheet),
                max: MAX_SHEET_ROWS as u64,
            }));
        }
        if (self.cells_read as u64).saturating_add(cells) > MAX_SHEET_CELLS as u64 {
            return Err(self.refuse(Problem::TooManyCells {
                file: self.file.clone(),
                sheet: Shown::new(&self.sheet),
                max: MAX_SHEET_CELLS as u64,
            }));
        }
        Ok(())
    }

    /// Sends the row being filled, if it holds anything.
    fn flush(&mut self) -> Result<(), Halt> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        if self.cells.is_empty() && self.bad.is_none() {
            return Ok(());
        }
        self.sent = Some(row);
        self.batch_bytes += self.bytes + self.cells.len() * std::mem::size_of::<String>();
        self.bytes = 0;
        self.batch.push(Ok(RawRow {
            line: row as usize + 1,
            cells: std::mem::take(&mut self.cells),
            bad: self.bad.take(),
            hidden: self.hidden.contains(&row),
        }));
        if self.batch.len() >= BATCH_ROWS || self.batch_bytes >= BATCH_BYTES {
            self.send(false)?;
        }
        Ok(())
    }

    fn send(&mut self, last: bool) -> Result<(), Halt> {
        let items = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        self.tx
            .send(Batch { items, last })
            .map_err(|_| Halt::Stopped)
    }

    /// Sends what was read before a limit was passed, then the refusal.
    fn refuse(&mut self, p: Problem) -> Halt {
        self.fail(p.into());
        Halt::Stopped
    }

    fn fail(&mut self, e: Error) {
        self.batch.push(Err(RowFault::Stop(e)));
        let _ = self.send(true);
    }

    fn finish(&mut self) {
        if self.flush().is_ok() {
            let _ = self.send(true);
        }
    }
}

/// Runs `read` on a thread of its own and returns its rows as they come. `file` and `sheet`
/// name what is read in refusals.
pub(super) fn spawn<F>(file: String, sheet: String, read: F) -> Rows
where
    F: FnOnce(&mut Sink) -> Result<(), Halt> + Send + 'static,
{
    let (tx, rx) = sync_channel(2);
    let merged: Arc<Mutex<Vec<super::merged::Area>>> = Arc::default();
    let areas = Arc::clone(&merged);
    std::thread::spawn(move || {
        crate::priority::give_way();
        READING.with(|r| r.set(true));
        let mut sink = Sink {
            tx,
            batch: Vec::new(),
            batch_bytes: 0,
            file: file.clone(),
            sheet,
            row: None,
            sent: None,
            cells: Vec::new(),
            bytes: 0,
            bad: None,
            cells_read: 0,
            merged: areas,
            hidden: Default::default(),
        };
        match catch_unwind(AssertUnwindSafe(|| read(&mut sink))) {
            Ok(Ok(())) => sink.finish(),
            Ok(Err(Halt::Stopped)) => {}
            Ok(Err(Halt::Failed(e))) => sink.fail(*e),
            Err(panic) => sink.fail(reader_failed(&file, panic)),
        }
    });
    Rows {
        rx,
        items: Vec::new().into_iter(),
        done: false,
        merged,
    }
}

/// The rows a reader thread sends, in order; a thread that ends without saying it is done
/// is a refusal, never a silently shorter sheet.
pub(super) struct Rows {
    rx: Receiver<Batch>,
    items: std::vec::IntoIter<RawItem>,
    done: bool,
    merged: Arc<Mutex<Vec<super::merged::Area>>>,
}

impl Rows {
    /// The sheet's merged areas: a handle, read once rows have come (the reader gives the
    /// areas before its first row).
    pub fn merged_areas(&self) -> Arc<Mutex<Vec<super::merged::Area>>> {
        Arc::clone(&self.merged)
    }
}

impl Iterator for Rows {
    type Item = RawItem;

    fn next(&mut self) -> Option<RawItem> {
        loop {
            if let Some(item) = self.items.next() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.rx.recv() {
                Ok(b) => {
                    self.items = b.items.into_iter();
                    self.done = b.last;
                }
                Err(_) => {
                    self.done = true;
                    return Some(Err(RowFault::Stop(Error::invalid(
                        "the workbook reader stopped before the end of the sheet; nothing was imported",
                    ))));
                }
            }
        }
    }
}
