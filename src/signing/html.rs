//! The HTML report's signature: one last line,
//!
//! ```text
//! <!-- muster-signature Ed25519 key=<64 hex> signature=<128 hex> -->
//! ```
//!
//! where the signature is Ed25519 over every byte of the file before its own hex digits
//! (the whole page, and the line up to `signature=`), so the key is covered too. Nothing may
//! follow ` -->` but one newline. The page names its database and, once signed off, the
//! frozen report's hash in `<meta name="muster-database">` and
//! `<meta name="muster-report-sha256">`, which the signature covers.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use super::key::{hex_lower, unhex, InstallationKey};
use super::pades::rfind;
use super::{Format, SealError, Sealed};

const PREFIX: &str = "<!-- muster-signature Ed25519 key=";
const SIG: &str = " signature=";
const SUFFIX: &str = " -->\n";
const LINE: usize = PREFIX.len() + 64 + SIG.len() + 128 + SUFFIX.len();

pub const DATABASE_META: &str = "<meta name=\"muster-database\" content=\"";
pub const SHA_META: &str = "<meta name=\"muster-report-sha256\" content=\"";

/// The page with its signature line appended.
pub fn sign(page: String, key: &InstallationKey) -> Vec<u8> {
    let mut out = page.into_bytes();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    out.extend_from_slice(PREFIX.as_bytes());
    out.extend_from_slice(hex_lower(&key.public_key()).as_bytes());
    out.extend_from_slice(SIG.as_bytes());
    let value = key.sign(&out);
    out.extend_from_slice(hex_lower(&value).as_bytes());
    out.extend_from_slice(SUFFIX.as_bytes());
    out
}

pub fn open(file: &[u8]) -> Result<Sealed, SealError> {
    let f = Format::Html;
    let Some(start) = rfind(file, PREFIX.as_bytes()) else {
        return Err(SealError::Unsigned(f));
    };
    if start == 0 || file[start - 1] != b'\n' {
        return Err(SealError::Damaged(f, "signature line"));
    }
    let line = &file[start..];
    if line.len() < LINE {
        return Err(SealError::Truncated(f));
    }
    let (line, extra) = line.split_at(LINE);
    let key_at = PREFIX.len();
    let sig_at = key_at + 64 + SIG.len();
    if &line[key_at + 64..sig_at] != SIG.as_bytes() || &line[sig_at + 128..] != SUFFIX.as_bytes() {
        return Err(SealError::Damaged(f, "signature line"));
    }
    if !extra.is_empty() {
        return Err(SealError::Extended(f, extra.len()));
    }
    let hex = |b: &[u8]| unhex(b).filter(|v| hex_lower(v).as_bytes() == b);
    let public_key: [u8; 32] = hex(&line[key_at..key_at + 64])
        .and_then(|v| v.try_into().ok())
        .ok_or(SealError::Damaged(f, "key"))?;
    let value: [u8; 64] = hex(&line[sig_at..sig_at + 128])
        .and_then(|v| v.try_into().ok())
        .ok_or(SealError::Damaged(f, "signature value"))?;
    let key = VerifyingKey::from_bytes(&public_key).map_err(|_| SealError::Damaged(f, "key"))?;
    key.verify(&file[..start + sig_at], &Signature::from_bytes(&value))
        .map_err(|_| SealError::Tampered(f))?;
    let page = &file[..start];
    let meta = |m: &str| super::marker_value(page, m);
    Ok(Sealed {
        format: f,
        public_key,
        signer_name: meta_text(page, "<meta name=\"muster-signer\" content=\"").unwrap_or_default(),
        database_id: meta(DATABASE_META).unwrap_or_default(),
        report_sha256: meta(SHA_META),
        json: None,
    })
}

/// An attribute value Muster wrote (escaped by `report::html::esc`), read back.
fn meta_text(page: &[u8], marker: &str) -> Option<String> {
    let at = page
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())?
        + marker.len();
    let end = page[at..].iter().position(|&b| b == b'"')?;
    let raw = std::str::from_utf8(&page[at..at + end]).ok()?;
    Some(
        raw.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}
