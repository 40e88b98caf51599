//! Field sync: installations that are never networked exchange **bundle files** (on a USB
//! stick, by hand) and converge on one body of records. The format and the merge contract
//! are written for outside readers in docs/sync.md.
//!
//! A bundle is a zip (deflate) of two parts:
//! - `bundle.json`, the header: format name and version, when it was made, the sending
//!   installation's name, fingerprint and public key, its database's identity, what the
//!   records part holds and its SHA-256;
//! - `records.json`, every record (`store::SyncRecords`);
//!
//! and its zip comment, the file's last 128 bytes, is the Ed25519 signature by the
//! sender's key (128 lower-case hex digits) over **every byte of the file before the
//! comment's length field**. No byte of a bundle can change unnoticed: not a record, not
//! the header, not the zip's own structure.
//!
//! `open` checks a bundle completely before anything is read into the records: the format
//! version (a newer one is refused), the signature over the file, the header's fingerprint
//! against its key, and the records part against the SHA-256 in the header. `import` then
//! takes the union in one transaction (`Store::receive_bundle`).

mod clocks;
mod conflicts;
mod detail_conflicts;
mod hidden_text;
mod left_behind;
mod look_alikes;
mod values;

pub use clocks::ClocksApart;
pub use conflicts::{
    conflicts, installations, open_records, Conflict, Correction, CorrectionKind, Installations,
};
pub use detail_conflicts::{detail_conflicts, DetailConflict, DetailEdit};
pub use left_behind::{left_behind, LeftBehind};
pub use look_alikes::{look_alikes, LookAlike, LookAlikePerson};
pub use values::{first_bad, BadValue, Clock, ValueRule};

use std::io::{Cursor, Read, Write};
use std::path::Path;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::dates;
use crate::error::{Error, Result};
use crate::fingerprint::{hex_lower, unhex, Fingerprint};
use crate::problem::Problem;
use crate::signing::InstallationKey;
use crate::store::{Added, BundleFrom, Peer, Receive, Store, SyncRecords};

/// What the header's `format` says.
pub const FORMAT: &str = "muster-bundle";
/// The bundle format this build writes, and the newest it reads.
/// Format 3 (migration 0013) adds each voiding's order of entry and author: an older build
/// would drop them and pick another winner of a conflict, so it must refuse the bundle.
/// Format 4 (migration 0014) adds the edits of details and each creation's stamp, for the
/// same reason: an older build would keep its own details and never converge.
/// Format 5 (migration 0015) adds the audit trail and the import history, and the import
/// each record came from: an older build would drop them.
pub const VERSION: u32 = 5;
/// The file extension bundles are given.
pub const EXTENSION: &str = "muster";

const HEADER: &str = "bundle.json";
const RECORDS: &str = "records.json";
/// The zip comment that ends the file: the signature, in hex.
const SIGNATURE_HEX: usize = 128;
/// The end of the zip's central directory record, before its comment.
const EOCD: &[u8] = b"PK\x05\x06";
const EOCD_LEN: usize = 22;

/// A bundle file larger than this is refused before it is read.
pub const MAX_FILE: u64 = 1 << 30;
/// Unpacked, the header may not exceed this, nor the records `MAX_RECORDS`.
const MAX_HEADER: u64 = 1 << 20;
pub const MAX_RECORDS: u64 = 2 << 30;

/// The sending installation, as its bundle says (and its signature proves).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sender {
    /// The name its key signs with ("KAZBAT-4 training office").
    pub name: String,
    /// Short fingerprint, `3F2A 9C01 77DE 5B40`.
    pub fingerprint: String,
    /// The 32-byte Ed25519 public key, 64 lower-case hex digits.
    pub public_key: String,
}

/// A part of the bundle the header vouches for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    /// SHA-256 of the part's bytes (unpacked), lower-case hex.
    pub sha256: String,
    pub bytes: u64,
}

/// How many records of each kind a bundle carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Counts {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub contingents: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub modules: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub people: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub assignments: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub attempts: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub voidings: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub validations: u64,
}

impl Counts {
    fn of(r: &SyncRecords) -> Counts {
        Counts {
            contingents: r.contingents.len() as u64,
            modules: r.modules.len() as u64,
            people: r.people.len() as u64,
            assignments: r.assignments.len() as u64,
            attempts: r.attempts.len() as u64,
            voidings: r.voidings.len() as u64,
            validations: r.validations.len() as u64,
        }
    }
}

/// The signed header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// UTC timestamp.
    pub made_at: String,
    pub sender: Sender,
    /// The sending database's identity (`meta.database_id`).
    pub database_id: String,
    pub records: Part,
    pub counts: Counts,
    /// The bundles this installation has received, the latest few from each sender
    /// (format 4): how a sender learns what arrived, so its next bundle for this
    /// installation carries only the rest (`export --for`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub received: Vec<String>,
    /// For a bundle made for one peer: the entry of the sender's chain it carries rows
    /// changed after (absent: every row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
}

/// A bundle made: its bytes and what its header says.
pub struct Made {
    pub bytes: Vec<u8>,
    pub header: Header,
    /// The last entry of the sender's chain when it was made: it carries every row entered
    /// or changed up to there (after `header.since`).
    pub upto: i64,
}

impl Made {
    /// SHA-256 of the whole file, lower-case hex: how its receiver names it.
    pub fn sha256(&self) -> String {
        hex_lower(&Sha256::digest(&self.bytes))
    }
}

/// Makes a bundle of every record in `store`, signed with `key`.
pub fn export(store: &Store, key: &InstallationKey) -> Result<Made> {
    export_since(store, key, None)
}

/// Makes a bundle of the rows entered or changed after entry `since` of the chain (every
/// row for None), signed with `key`.
pub fn export_since(store: &Store, key: &InstallationKey, since: Option<i64>) -> Result<Made> {
    // Read first: a row written meanwhile is carried again next time, never missed.
    let upto = store.ledger_head()?;
    let records = store.sync_records_since(since)?;
    let mut made = make(
        store,
        key,
        records,
        VERSION,
        since,
        store.received_bundles()?,
    )?;
    made.upto = upto;
    Ok(made)
}

/// A bundle in format 1, as the first Muster with sync wrote it (no order-of-entry stamps):
/// for tests that this build still reads one.
#[doc(hidden)]
pub fn export_format_1(store: &Store, key: &InstallationKey) -> Result<Made> {
    let mut records = before_format_4(store.sync_records()?);
    for a in &mut records.attempts {
        (a.hlc, a.origin) = (None, None);
    }
    for v in &mut records.voidings {
        (v.hlc, v.origin) = (None, None);
    }
    make(store, key, records, 1, None, Vec::new())
}

/// A bundle in format 2, as Muster wrote it before voidings were stamped: for tests that
/// this build still reads one.
#[doc(hidden)]
pub fn export_format_2(store: &Store, key: &InstallationKey) -> Result<Made> {
    let mut records = before_format_4(store.sync_records()?);
    for v in &mut records.voidings {
        (v.hlc, v.origin) = (None, None);
    }
    make(store, key, records, 2, None, Vec::new())
}

/// A bundle in format 3, as Muster wrote it before details were edited as records: for
/// tests that this build still reads one.
#[doc(hidden)]
pub fn export_format_3(store: &Store, key: &InstallationKey) -> Result<Made> {
    make(
        store,
        key,
        before_format_4(store.sync_records()?),
        3,
        None,
        Vec::new(),
    )
}

/// A bundle in format 4, as Muster wrote it before the history travelled: for tests that
/// this build still reads one.
#[doc(hidden)]
pub fn export_format_4(store: &Store, key: &InstallationKey) -> Result<Made> {
    make(
        store,
        key,
        before_format_5(store.sync_records()?),
        4,
        None,
        store.received_bundles()?,
    )
}

/// Records as a format before 5 carries them: no audit trail, no import history.
fn before_format_5(mut records: SyncRecords) -> SyncRecords {
    records.audit.clear();
    records.imports.clear();
    for a in &mut records.attempts {
        a.import = None;
    }
    for a in &mut records.assignments {
        a.import = None;
    }
    records
}

/// Records as a format before 4 carries them: no edits of details, no creation stamps.
fn before_format_4(records: SyncRecords) -> SyncRecords {
    let mut records = before_format_5(records);
    records.detail_edits.clear();
    for c in &mut records.contingents {
        (c.hlc, c.origin) = (None, None);
    }
    for m in &mut records.modules {
        (m.hlc, m.origin) = (None, None);
    }
    for p in &mut records.people {
        (p.hlc, p.origin) = (None, None);
    }
    for a in &mut records.assignments {
        (a.hlc, a.ended_hlc) = (None, None);
    }
    records
}

fn make(
    store: &Store,
    key: &InstallationKey,
    records: SyncRecords,
    version: u32,
    since: Option<i64>,
    received: Vec<String>,
) -> Result<Made> {
    let body = serde_json::to_vec(&records).expect("serialisable");
    let header = Header {
        format: FORMAT.into(),
        version,
        made_at: dates::now_utc(),
        sender: Sender {
            name: key.name().into(),
            fingerprint: key.fingerprint().short(),
            public_key: hex_lower(&key.public_key()),
        },
        database_id: store.database_id()?,
        records: Part {
            name: RECORDS.into(),
            sha256: hex_lower(&Sha256::digest(&body)),
            bytes: body.len() as u64,
        },
        counts: Counts::of(&records),
        received,
        since,
    };
    let head = serde_json::to_vec_pretty(&header).expect("serialisable");
    Ok(Made {
        bytes: seal(key, &head, &body)?,
        header,
        upto: 0,
    })
}

/// The bundle file: the header and the records zipped, then signed.
fn seal(key: &InstallationKey, head: &[u8], body: &[u8]) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(body.len() as u64 >= u32::MAX as u64);
    let failed = |e: zip::result::ZipError| Error::invalid(format!("cannot make the bundle: {e}"));
    let io_failed = |e: std::io::Error| Error::invalid(format!("cannot make the bundle: {e}"));
    for (name, bytes) in [(HEADER, head), (RECORDS, body)] {
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(bytes).map_err(io_failed)?;
    }
    let mut bytes = zip.finish().map_err(failed)?.into_inner();
    // The zip ends with its directory's end record and an empty comment: the comment's
    // length (two bytes, 0) is the last thing in the file. The signature covers what
    // comes before that field, then the field says 128 and the signature follows.
    let n = bytes.len();
    assert!(
        n >= EOCD_LEN && bytes[n - EOCD_LEN..].starts_with(EOCD) && bytes[n - 2..] == [0, 0],
        "a zip written without a comment ends with its directory's end record"
    );
    bytes.truncate(n - 2);
    let signature = hex_lower(&key.sign(&bytes));
    bytes.extend_from_slice(&(SIGNATURE_HEX as u16).to_le_bytes());
    bytes.extend_from_slice(signature.as_bytes());
    Ok(bytes)
}

/// Makes a bundle and writes it to `out` atomically (never over the database), and keeps
/// it as sent. With `peer` (a name or fingerprint of an installation this one has received
/// from), only what that peer has not acknowledged.
pub fn export_to(
    store: &Store,
    key: &InstallationKey,
    out: &Path,
    peer: Option<&str>,
) -> Result<Exported> {
    let peer = match peer {
        None => None,
        Some(p) => Some(store.find_peer(p)?.ok_or_else(|| {
            Error::Invalid(Problem::UnknownPeer {
                peer: p.trim().to_string(),
            })
        })?),
    };
    let since = match &peer {
        Some((fingerprint, _)) => Some(store.acknowledged_by(fingerprint)?).filter(|s| *s > 0),
        None => None,
    };
    let made = export_since(store, key, since)?;
    crate::output::write_bytes(out, store.path(), &made.bytes)?;
    store.record_sent(
        &made.sha256(),
        key.name(),
        peer.as_ref().map(|(f, _)| f.as_str()),
        since.unwrap_or(0),
        made.upto,
    )?;
    // The state sent: a backup older than it, put back, then takes an identity of its own.
    if let Some(dir) = key.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::installation::note_sent(dir, store)?;
    }
    Ok(Exported {
        header: made.header,
        peer: peer.map(|(_, name)| name),
    })
}

/// A bundle written: its header, and the peer it was made for.
#[derive(Debug, Clone)]
pub struct Exported {
    pub header: Header,
    /// The peer's name, for a bundle of what it has not acknowledged.
    pub peer: Option<String>,
}

/// A bundle whose signature and content check out.
#[derive(Debug, Clone)]
pub struct Opened {
    pub header: Header,
    pub records: SyncRecords,
    /// The sender's key.
    pub key: Fingerprint,
    /// SHA-256 of the whole file: which bundle exactly.
    pub sha256: String,
}

/// Reads a bundle file and checks it whole: nothing from a bundle that does not check out
/// is ever used.
pub fn open_file(path: &Path) -> Result<Opened> {
    let file = path.display().to_string();
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    crate::input::regular_file(path)?;
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_FILE {
        return Err(not_a_bundle(
            &file,
            &format!("{len} bytes; a bundle is at most {MAX_FILE} bytes"),
        ));
    }
    let bytes = crate::input::read_whole(path, MAX_FILE)?;
    open(&file, &bytes)
}

fn not_a_bundle(file: &str, detail: &str) -> Error {
    Error::Invalid(Problem::NotABundle {
        file: file.into(),
        detail: detail.into(),
    })
}

fn tampered(file: &str) -> Error {
    Error::Invalid(Problem::BundleTampered { file: file.into() })
}

/// Checks a bundle's bytes (`file` names it in refusals).
pub fn open(file: &str, bytes: &[u8]) -> Result<Opened> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(not_a_bundle(file, "not a zip file"));
    }
    // From here on it is a zip: a part that cannot be read is damage, not another kind of
    // file.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| tampered(file))?;
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| tampered(file))?;
    if !names.iter().any(|n| n == HEADER) {
        return Err(not_a_bundle(file, "it has no bundle.json"));
    }
    let strangers = names
        .iter()
        .filter(|n| ![HEADER, RECORDS].contains(&n.as_str()))
        .count();
    if strangers > 0 {
        return Err(not_a_bundle(
            file,
            &format!(
                "it holds {strangers} {} Muster does not write",
                if strangers == 1 { "part" } else { "parts" }
            ),
        ));
    }
    let head = part(&mut zip, file, HEADER, MAX_HEADER)?;
    let value: serde_json::Value = serde_json::from_slice(&head).map_err(|_| tampered(file))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_a_bundle(file, "its header is not a Muster bundle's"));
    }
    // The version first: a newer format may sign differently.
    let version = value.get("version").and_then(|v| v.as_u64());
    match version {
        Some(v) if v > VERSION as u64 => {
            return Err(Error::Invalid(Problem::NewerBundle {
                file: file.into(),
                found: v.to_string(),
                known: VERSION.to_string(),
            }))
        }
        Some(v) if v >= 1 => {}
        _ => return Err(tampered(file)),
    }
    let header: Header = serde_json::from_value(value).map_err(|_| tampered(file))?;
    // The signature: the zip comment, the last 128 bytes, after its length (128) and the
    // directory's end record.
    let n = bytes.len();
    let signed_end = n
        .checked_sub(SIGNATURE_HEX + 2)
        .ok_or_else(|| tampered(file))?;
    if signed_end < EOCD_LEN - 2
        || !bytes[signed_end + 2 - EOCD_LEN..].starts_with(EOCD)
        || bytes[signed_end..signed_end + 2] != (SIGNATURE_HEX as u16).to_le_bytes()
    {
        return Err(tampered(file));
    }
    let public: [u8; 32] = unhex(header.sender.public_key.as_bytes())
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| tampered(file))?;
    let signature: [u8; 64] = unhex(&bytes[signed_end + 2..])
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| tampered(file))?;
    // Exactly as written: lower-case (hex reads either case, a changed byte is a change).
    if hex_lower(&signature).as_bytes() != &bytes[signed_end + 2..] {
        return Err(tampered(file));
    }
    let verifying = VerifyingKey::from_bytes(&public).map_err(|_| tampered(file))?;
    verifying
        .verify_strict(&bytes[..signed_end], &Signature::from_bytes(&signature))
        .map_err(|_| tampered(file))?;
    let key = Fingerprint::of(&public);
    if header.sender.fingerprint != key.short() || header.records.name != RECORDS {
        return Err(tampered(file));
    }
    if header.records.bytes > MAX_RECORDS {
        return Err(not_a_bundle(
            file,
            &format!(
                "its records are {} bytes unpacked; a bundle holds at most {MAX_RECORDS}",
                header.records.bytes
            ),
        ));
    }
    let records = records_part(&mut zip, file, &header.records)?;
    if let Some(h) = hidden_text::first_hidden(&header, "header")
        .or_else(|| hidden_text::first_hidden(&records, ""))
    {
        return Err(Error::Invalid(Problem::BundleHiddenCharacter {
            file: file.into(),
            kind: h.kind,
            index: h.index,
            field: h.field,
            code_point: h.code_point,
        }));
    }
    // Judged by this laptop's clock, with a year's slack: records pass through laptops
    // whose clocks differ, and what one laptop takes it passes on, so each takes only what
    // it could pass on to a laptop whose clock is right.
    let made = &header.made_at;
    let clock = Clock::now();
    if !Clock::made_at_ok(made, clock) {
        return Err(Error::Invalid(Problem::BundleBadValue {
            file: file.into(),
            kind: "header".into(),
            index: 0,
            field: "made_at".into(),
            value: crate::problem::shown(made, crate::problem::SHOWN_CHARS),
            rule: ValueRule::MadeAt,
        }));
    }
    if let Some(b) = values::first_bad(&records, clock) {
        return Err(Error::Invalid(Problem::BundleBadValue {
            file: file.into(),
            kind: b.kind.into(),
            index: b.index,
            field: b.field,
            value: crate::problem::shown(&b.value, crate::problem::SHOWN_CHARS),
            rule: b.rule,
        }));
    }
    Ok(Opened {
        sha256: hex_lower(&Sha256::digest(bytes)),
        header,
        records,
        key,
    })
}

/// The records, parsed as they are unpacked: the unpacked text (359 MB for a training
/// centre of 100,000 people) is never held whole beside what it parses into. Its length and
/// SHA-256 are taken on the way and must be what the (signed) header says; past the length
/// it claims, reading stops.
fn records_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    file: &str,
    part: &Part,
) -> Result<SyncRecords> {
    let entry = zip
        .by_name(RECORDS)
        .map_err(|_| not_a_bundle(file, &format!("it has no {RECORDS}")))?;
    if entry.size() != part.bytes {
        return Err(tampered(file));
    }
    let mut read = Measured {
        inner: entry.take(part.bytes + 1),
        sha: Sha256::new(),
        bytes: 0,
    };
    let parsed: std::result::Result<SyncRecords, _> =
        serde_json::from_reader(std::io::BufReader::with_capacity(1 << 16, &mut read));
    // Read to the end either way: records that do not parse but hash as signed were made
    // so by their sender (a value of another type where Muster writes text, say), which is
    // said as such, not as damage on the way.
    if parsed.is_err() {
        let _ = std::io::copy(&mut read, &mut std::io::sink());
    }
    let as_signed = read.bytes == part.bytes && hex_lower(&read.sha.finalize()) == part.sha256;
    match parsed {
        Ok(records) if as_signed => Ok(records),
        Err(e) if as_signed => Err(not_a_bundle(
            file,
            &format!(
                "its records, signed as they are by its sender, are not records Muster writes: {}",
                crate::problem::shown(&e.to_string(), crate::problem::DETAIL_CHARS)
            ),
        )),
        _ => Err(tampered(file)),
    }
}

/// A reader that counts and hashes what passes through it.
struct Measured<R> {
    inner: R,
    sha: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Measured<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// One part, unpacked, refused past `limit` bytes (checked while reading, whatever the
/// zip's directory claims).
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    file: &str,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>> {
    let mut entry = zip
        .by_name(name)
        .map_err(|_| not_a_bundle(file, &format!("it has no {name}")))?;
    if entry.size() > limit {
        return Err(tampered(file));
    }
    let mut out = Vec::with_capacity(entry.size() as usize);
    (&mut entry)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|_| tampered(file))?;
    if out.len() as u64 > limit {
        return Err(tampered(file));
    }
    Ok(out)
}

/// How to import a bundle.
pub struct ImportOptions<'a> {
    pub dry_run: bool,
    /// Trust an unknown sender's key by this name.
    pub trust: Option<&'a str>,
    pub by: &'a str,
    /// This installation's own key, if it has one: its bundles need no trust.
    pub own: Option<Fingerprint>,
}

/// What importing a bundle did, or (dry run) would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BundleReport"))]
pub struct ImportReport {
    pub sender: Sender,
    /// The name this database trusts the sender's key by (its own key: the name it signs
    /// with); None for an unknown key (a dry run shows it; an import needs `trust`).
    pub trusted_as: Option<String>,
    pub made_at: String,
    pub counts: Counts,
    /// When this bundle was received before, if it was: nothing is added again.
    pub already_received: Option<String>,
    /// The sender's key was given a name by its owner (one left unnamed signs as
    /// `Muster installation`, alike on every such laptop: no name to trust it by).
    pub sender_named: bool,
    /// The bundle was made from this very database (carried back, or opened by mistake):
    /// it holds nothing this one lacks, and nothing is written, not even a receipt (this
    /// laptop would list itself as a peer).
    pub made_here: bool,
    pub dry_run: bool,
    pub added: Added,
    /// The sender's clock ran more than a day ahead of this laptop's, or records are dated
    /// after today here: taken, and said, so someone checks the dates.
    pub clocks_apart: Option<ClocksApart>,
    /// `--trust NAME` was given for a key this database already knows (by another name,
    /// `trusted_as`): the name was not used.
    pub trust_unused: Option<String>,
    /// An unknown sender calls itself by the name of another key known here: that key's
    /// fingerprint (the bundle is not from that laptop).
    pub name_of_another: Option<String>,
}

/// Checks the bundle at `path` and takes the union of its records with the database's,
/// in one transaction; or, in a dry run, says what that would add and writes nothing.
pub fn import(store: &mut Store, path: &Path, how: &ImportOptions) -> Result<ImportReport> {
    let opened = open_file(path)?;
    receive(store, &opened, how)
}

/// Imports a bundle already checked by `open`.
pub fn receive(store: &mut Store, b: &Opened, how: &ImportOptions) -> Result<ImportReport> {
    let trusted_as = if how.own == Some(b.key) {
        // This installation's own key: known by the name it signs with.
        Some(b.header.sender.name.clone())
    } else {
        store.trusted_key(&b.key)?.map(|k| k.name)
    };
    let mut trust_as = None;
    if trusted_as.is_none() {
        match how.trust {
            Some(name) => {
                let name = checked_name(name)?;
                crate::key_names::refuse_taken(store, None, &name, &b.key.full_hex())?;
                trust_as = Some(name);
            }
            None if how.dry_run => {}
            None => {
                if let Some(known) = crate::key_names::taken_by(
                    store,
                    None,
                    &b.header.sender.name,
                    &b.key.full_hex(),
                )? {
                    return Err(Error::Invalid(Problem::UnknownSenderNameTaken {
                        fingerprint: b.key.short(),
                        name: crate::problem::shown(
                            &b.header.sender.name,
                            crate::problem::SHOWN_CHARS,
                        ),
                        known,
                    }));
                }
                return Err(Error::Invalid(Problem::UnknownSender {
                    fingerprint: b.key.short(),
                    name: b.header.sender.name.clone(),
                }));
            }
        }
    }
    let mut report = ImportReport {
        sender: b.header.sender.clone(),
        trusted_as: trusted_as.clone().or(trust_as.clone()),
        made_at: b.header.made_at.clone(),
        counts: b.header.counts.clone(),
        already_received: store.bundle_received_at(&b.sha256)?,
        made_here: store.identities()?.last() == Some(&b.header.database_id),
        sender_named: b.header.sender.name != crate::signing::key::UNNAMED,
        dry_run: how.dry_run,
        added: Added::default(),
        clocks_apart: {
            let today = dates::today();
            let mut later = Vec::new();
            for a in &b.records.attempts {
                if dates::from_iso_bytes(a.date.as_bytes()).is_some_and(|d| d > today)
                    && store.attempt(&a.id).is_err()
                {
                    later.push(a.date.as_str());
                }
            }
            clocks::apart(
                &b.header.made_at,
                later.into_iter(),
                chrono::Utc::now().timestamp_millis(),
                today,
            )
        },
        name_of_another: match trusted_as {
            Some(_) => None,
            None => {
                crate::key_names::taken_by(store, None, &b.header.sender.name, &b.key.full_hex())?
            }
        },
        trust_unused: how
            .trust
            .filter(|t| {
                trusted_as
                    .as_deref()
                    .is_some_and(|k| !k.eq_ignore_ascii_case(t.trim()))
            })
            .map(str::to_string),
    };
    if report.already_received.is_some() || report.made_here {
        return Ok(report);
    }
    let from = BundleFrom {
        fingerprint: b.key.full_hex(),
        sender_name: b.header.sender.name.clone(),
        sender_database: b.header.database_id.clone(),
        bundle_sha256: b.sha256.clone(),
        format_version: b.header.version as i64,
        made_at: b.header.made_at.clone(),
        received: b.header.received.clone(),
    };
    report.added = store
        .receive_bundle(
            &b.records,
            &Receive {
                from: &from,
                trust_as: trust_as.as_deref(),
                by: how.by,
                dry_run: how.dry_run,
                open_conflicts: conflicts::open_records,
            },
        )
        .map_err(|e| match e {
            // Made for another laptop: say so, and what to ask for.
            Error::Invalid(Problem::BundleIncomplete { what, key }) if b.header.since.is_some() => {
                Error::Invalid(Problem::PartialBundleIncomplete { what, key })
            }
            other => other,
        })?;
    Ok(report)
}

fn checked_name(name: &str) -> Result<String> {
    let name = crate::text::required(crate::field::Field::Name, name)?;
    if name.chars().count() > crate::fingerprint::MAX_NAME as usize {
        return Err(Problem::TooLong {
            field: crate::field::Field::Name,
            max: crate::fingerprint::MAX_NAME,
        }
        .into());
    }
    Ok(name)
}

/// The installations this database has received bundles from.
pub fn peers(store: &Store) -> Result<Vec<Peer>> {
    store.sync_peers()
}

#[cfg(test)]
mod tests;
