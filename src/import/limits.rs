//! What Muster reads from one file, at most. A file comes from anyone (a mailed workbook, a
//! stick from another office), and a few kilobytes can claim a sheet of a billion cells or
//! unpack to gigabytes. Every limit is checked before the memory it guards is taken, so a
//! file past one is refused in one line naming it, within seconds and in bounded memory.
//!
//! Each limit is far beyond what a roster or training log holds (a contingent is about a
//! thousand people; 100,000 people with seven modules is 700,000 rows) and, where Excel has
//! one, no tighter than Excel's own: 1,048,576 rows, 16,384 columns (XFD) and 32,767
//! characters a cell. README ("Reading files") and docs/spreadsheets.md state them.

/// Columns in any row, the header included: Excel's own limit (column XFD).
pub const MAX_COLUMNS: usize = 16_384;

/// Characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Bytes of text (UTF-8) in one row, all its cells together. In a CSV file a quote that is
/// never closed makes the rest of the file one row: this is where that stops.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// The last row of a worksheet Muster reads (Excel's sheets have 1,048,576). CSV files are
/// read as a stream and have no row limit.
pub const MAX_SHEET_ROWS: usize = 1_000_000;

/// Cells read from one worksheet, each row counted up to its last filled cell: a sheet of
/// a million rows whose one cell sits in column XFD would otherwise be 16 billion cells.
pub const MAX_SHEET_CELLS: usize = 20_000_000;

/// Parts (files) inside a zipped workbook (.xlsx .xlsm .xlsb .ods); a real one has dozens.
pub const MAX_ZIP_PARTS: usize = 10_000;

/// Bytes a zipped workbook unpacks to, all parts together (a million-row training log is
/// about 300 MB of XML; a sheet of 601,928 rows exported by Muster is 188 MB). Counted
/// while unpacking: the sizes a zip declares are not trusted. Unpacking is most of the
/// time a refusal takes, so this also keeps a refused bomb to a few seconds.
pub const MAX_UNPACKED_BYTES: u64 = 512 << 20;

/// Bytes one part unpacks to when the workbook reader keeps it in memory whole (shared
/// strings, styles, the workbook part and its relationships). Worksheets are streamed and
/// have only the limit above.
pub const MAX_PART_IN_MEMORY_BYTES: u64 = 64 << 20;

/// Bytes of one XML item (a tag, a run of text, a comment) in a workbook part: an XML
/// reader holds each item whole, and a 2 GiB run of spaces is 2 GiB of memory.
pub const MAX_XML_ITEM_BYTES: usize = 1 << 20;

/// Sheets in one workbook: their names are listed to choose from.
pub const MAX_SHEETS: usize = 10_000;

/// Strings in a workbook's shared string table, which the reader keeps in memory.
pub const MAX_SHARED_STRINGS: usize = 1_000_000;

/// Size of an Excel 97-2003 (.xls) file: its reader loads the whole file and every sheet.
pub const MAX_XLS_BYTES: u64 = 64 << 20;

/// Cells of all the sheets of an .xls file together, each sheet counted as the rectangle
/// from its first to its last filled cell (what its reader allocates). Such a file has at
/// most 65,536 rows × 256 columns a sheet.
pub const MAX_XLS_CELLS: u64 = 2_000_000;

/// A byte count in MiB, as the messages give it.
pub fn mib(bytes: u64) -> u64 {
    bytes >> 20
}
