//! Signing keys as people read, type and name them: a key's fingerprint, a typed one, the
//! longest name. Plain values below both the store (which keeps trusted keys) and
//! `signing` (which makes and checks signatures), so the store needs nothing from signing.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::problem::Problem;

/// A key's short fingerprint: the first 8 bytes (16 hex digits) of the SHA-256 of its
/// 32-byte public key, shown in groups of four (`3F2A 9C01 77DE 5B40`) for people to read
/// to each other. The full SHA-256 is also accepted wherever a fingerprint is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    pub fn of(public_key: &[u8; 32]) -> Fingerprint {
        Fingerprint(Sha256::digest(public_key).into())
    }

    /// A fingerprint kept as its full SHA-256 (the 32 bytes `full_hex` spells).
    pub fn from_digest(digest: [u8; 32]) -> Fingerprint {
        Fingerprint(digest)
    }

    /// `3F2A 9C01 77DE 5B40`.
    pub fn short(&self) -> String {
        grouped(&self.short_hex())
    }

    /// `3F2A9C0177DE5B40`: what the database stores for a trusted key given by its short form.
    pub fn short_hex(&self) -> String {
        hex_upper(&self.0[..8])
    }

    /// All 64 hex digits of the SHA-256.
    pub fn full_hex(&self) -> String {
        hex_upper(&self.0)
    }

    /// Whether a typed fingerprint (short or full, as `FingerprintInput` normalised it)
    /// names this key.
    pub fn matches(&self, typed: &str) -> bool {
        let full = self.full_hex();
        typed.len() >= 16 && full.starts_with(typed)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// A fingerprint stored as hex (short or full, any case) as people read it everywhere: its
/// first 16 digits in groups of four. Anything else is given back as it is.
pub fn shown(hex: &str) -> String {
    match hex.get(..16) {
        Some(head) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            grouped(&head.to_ascii_uppercase())
        }
        _ => hex.to_string(),
    }
}

/// Hex digits in groups of four, as a person reads them aloud: `3F2A 9C01 77DE 5B40`.
pub fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fingerprint as a person types it: 16 or 64 hex digits, with any spaces, dashes or
/// colons between them; returned upper-case without separators.
pub fn parse_fingerprint(typed: &str) -> Result<String> {
    let hex: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | ':' | '\t'))
        .collect::<String>()
        .to_uppercase();
    if (hex.len() == 16 || hex.len() == 64) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(hex)
    } else {
        Err(Problem::NotAFingerprint {
            value: typed.trim().chars().take(80).collect(),
        }
        .into())
    }
}

pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower- or upper-case hex to bytes; `None` for anything else.
pub(crate) fn unhex(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.chunks(2)
        .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

/// The longest name a key may have (it is printed on every page footer of a report).
pub const MAX_NAME: u32 = 80;
