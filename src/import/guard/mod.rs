//! A workbook checked before a workbook library reads it. The libraries trust what a file
//! says about itself (a sheet's dimensions, a string table's size, how big a part unpacks
//! to) and allocate accordingly, which a 1.6 KB file turns into a 512 GiB allocation. The
//! checks here read the file the way those libraries will, but in bounded memory, and refuse
//! it with the limit it passes (see `limits`) before anything is allocated on its word.
//!
//! Zipped workbooks (.xlsx .xlsm .xlsb .ods): `zip`; the bound on one XML item, also used
//! while Muster's own ODS reader reads: `xml`.

mod xml;
#[cfg(test)]
mod xml_model;
mod zip;

pub(crate) use zip::Seen;

use std::fmt;
use std::io;
use std::path::Path;

use crate::error::Result;

pub(crate) use xml::XmlGuard;
pub(crate) use zip::{open_zip, Meter};

/// The workbook formats Muster reads, by the file's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xlsb" => Some(Format::Xlsb),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }
}

/// Refuses a workbook past a limit, or one too broken to be checked, before it is read.
/// (.xls files are read by Muster's own bounded reader, `import::xls`, and need none.)
pub(crate) fn check(path: &Path, format: Format) -> Result<Seen> {
    match format {
        Format::Xls => Ok(Seen::default()),
        _ => zip::check(path, format),
    }
}

/// A limit passed while bytes were being read, carried through `io::Read` as its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Breach {
    /// One XML item or cell element passed `MAX_XML_ITEM_BYTES`.
    XmlItem,
    /// The workbook unpacked to more than `MAX_UNPACKED_BYTES`.
    Unpacked,
    /// A part kept in memory unpacked to more than `MAX_PART_IN_MEMORY_BYTES`.
    Part,
    /// The shared string table holds (or says it holds) more than `MAX_SHARED_STRINGS`.
    SharedStrings,
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?} limit passed")
    }
}

impl std::error::Error for Breach {}

impl From<Breach> for io::Error {
    fn from(b: Breach) -> io::Error {
        io::Error::other(b)
    }
}

/// The limit an I/O error stands for, if it is one.
pub(crate) fn breach_of(e: &io::Error) -> Option<Breach> {
    e.get_ref()?.downcast_ref::<Breach>().copied()
}
