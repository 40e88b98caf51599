//! Signed report files: every PDF, HTML and JSON report Muster writes is signed with the
//! installation's Ed25519 key over every byte of its content, so no page, figure, name or
//! stamp can change under the same signature; and any such file can be checked on any
//! machine, with or without the database it came from. The three schemes are described
//! for outside readers in docs/signing.md.
//!
//! `open` is the whole check of a file's signature, and only that: what the file says
//! about the records is `signoff::verify`'s business.

pub mod cms;
pub mod html;
pub mod json;
pub mod key;
pub mod pades;
mod pdf_objects;

use std::fmt;

use serde::Serialize;

use crate::problem::Problem;
pub use key::{parse_fingerprint, Fingerprint, InstallationKey};

/// The three kinds of report file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Html,
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Html => "HTML",
            Format::Json => "JSON",
        }
    }

    /// What a file's first bytes say it is, if it is one of Muster's kinds at all.
    pub fn sniff(file: &[u8]) -> Option<Format> {
        let start = file.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(file);
        let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if start.starts_with(b"%PDF") {
            Some(Format::Pdf)
        } else if start.len() >= 9 && start[..9].eq_ignore_ascii_case(b"<!doctype")
            || start.starts_with(b"<html")
        {
            Some(Format::Html)
        } else if start.starts_with(b"{") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who issues a report file: printed on it and bound into its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The signing key's short fingerprint, `3F2A 9C01 77DE 5B40`.
    pub fingerprint: String,
    /// The name the installation's user gave its key.
    pub name: String,
    /// The identity of the database the report was built from (`meta.database_id`).
    pub database_id: String,
}

impl Issuer {
    pub fn new(key: &InstallationKey, database_id: &str) -> Issuer {
        Issuer {
            fingerprint: key.fingerprint().short(),
            name: key.name().to_string(),
            database_id: database_id.to_string(),
        }
    }
}

/// Why a file is not exactly as Muster signed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealError {
    /// Not a PDF, HTML or JSON file Muster could have written.
    NotAReport,
    /// No Muster signature in it at all.
    Unsigned(Format),
    /// Shorter than its signature says.
    Truncated(Format),
    /// Longer than its signature says, by this many bytes.
    Extended(Format, usize),
    /// The signature is sound and names other content: the file was edited.
    Tampered(Format),
    /// The signature itself was changed (which part).
    Damaged(Format, &'static str),
    /// A JSON whose content is as signed but whose bytes are not Muster's canonical form.
    Reformatted,
}

impl From<SealError> for Problem {
    fn from(e: SealError) -> Problem {
        let format = |f: Format| f.name().to_string();
        match e {
            SealError::NotAReport => Problem::NotAReport,
            SealError::Unsigned(f) => Problem::ReportUnsigned { format: format(f) },
            SealError::Truncated(f) => Problem::ReportTruncated { format: format(f) },
            SealError::Extended(f, n) => Problem::ReportExtended {
                format: format(f),
                extra: n.to_string(),
            },
            SealError::Tampered(f) => Problem::ReportTampered { format: format(f) },
            SealError::Damaged(f, part) => Problem::ReportSignatureDamaged {
                format: format(f),
                part: part.to_string(),
            },
            SealError::Reformatted => Problem::ReportReformatted,
        }
    }
}

impl From<SealError> for crate::Error {
    fn from(e: SealError) -> crate::Error {
        crate::Error::Invalid(e.into())
    }
}

/// What a file whose signature holds says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Sealed {
    pub format: Format,
    pub public_key: [u8; 32],
    /// The name the signing installation gave itself (its claim, not this laptop's word).
    pub signer_name: String,
    /// The database the report was built from.
    pub database_id: String,
    /// The hash of the frozen report, when the file is a signed-off report.
    pub report_sha256: Option<String>,
    /// A JSON file's text, the report document it carries (`report::from_json` reads it:
    /// signing knows the signature, not the report).
    pub json: Option<String>,
}

impl Sealed {
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.public_key)
    }
}

/// Checks a report file's signature, whatever its kind.
pub fn open(file: &[u8]) -> Result<Sealed, SealError> {
    match Format::sniff(file).ok_or(SealError::NotAReport)? {
        Format::Pdf => {
            let signer = pades::open(file)?;
            let marker = |m: &str| marker_value(file, m);
            Ok(Sealed {
                format: Format::Pdf,
                public_key: signer.public_key,
                signer_name: signer.name,
                database_id: marker(DATABASE_MARKER).unwrap_or_default(),
                report_sha256: marker(PDF_MARKER),
                json: None,
            })
        }
        Format::Html => html::open(file),
        Format::Json => json::open(file),
    }
}

/// The keyword a PDF carries with the SHA-256 of the report it prints, so the sign-off
/// (`crate::signoff::verify`) can find its frozen report again.
pub const PDF_MARKER: &str = "muster-report-sha256:";

/// The keyword a PDF carries naming the database it was issued from.
pub const DATABASE_MARKER: &str = "muster-database:";

/// The hex after a keyword marker in a signed PDF's metadata (read only once the signature
/// has shown the bytes are Muster's own).
pub fn marker_value(file: &[u8], marker: &str) -> Option<String> {
    let m = marker.as_bytes();
    let at = file.windows(m.len()).position(|w| w == m)? + m.len();
    let hex: Vec<u8> = file[at..]
        .iter()
        .take(64)
        .take_while(|b| b.is_ascii_hexdigit())
        .copied()
        .collect();
    (hex.len() >= 32).then(|| String::from_utf8_lossy(&hex).to_lowercase())
}
