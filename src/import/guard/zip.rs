//! Zipped workbooks (.xlsx .xlsm .xlsb .ods) before a reader opens them.
//!
//! 1. The zip's own directory is read from its end: a file that claims more than
//!    `MAX_ZIP_PARTS` parts is refused before the zip library lists them.
//! 2. Every part of an .xlsx or .xlsb is unpacked once, counting the bytes as they come
//!    (the sizes a zip declares are not trusted): all parts together at most
//!    `MAX_UNPACKED_BYTES`; a part the workbook reader keeps whole in memory at most
//!    `MAX_PART_IN_MEMORY_BYTES`; every XML item within `MAX_XML_ITEM_BYTES` (`XmlGuard`);
//!    every binary record of an .xlsb within the same; the shared string table within
//!    `MAX_SHARED_STRINGS`, by what it says and by what it holds.
//!
//! Which parts the reader keeps whole, and which are worksheets it parses as XML whatever
//! their ending, is found the way the reader finds them: from the package's relationships.
//! A part is matched by its file name alone, so a path written another way (`..`, `\`,
//! another case) is still caught. An .ods is only counted here: Muster's own ODS reader
//! streams its one XML part through the same guards as it reads.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::XmlVersion;

use super::{breach_of, Breach, Format, XmlGuard};
use crate::error::{Error, Problem, Result};
use crate::import::limits::{
    mib, MAX_PART_IN_MEMORY_BYTES, MAX_SHARED_STRINGS, MAX_UNPACKED_BYTES, MAX_XML_ITEM_BYTES,
    MAX_ZIP_PARTS,
};
use crate::problem::Shown;

/// Counts the bytes read through it against the workbook's total and, for a part kept in
/// memory, against the part's own limit.
pub(crate) struct Meter<'a, R> {
    inner: R,
    total: &'a mut u64,
    part: u64,
    part_max: u64,
}

impl<'a, R: Read> Meter<'a, R> {
    pub fn new(inner: R, total: &'a mut u64, part_max: u64) -> Meter<'a, R> {
        Meter {
            inner,
            total,
            part: 0,
            part_max,
        }
    }
}

impl<R: Read> Read for Meter<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        *self.total += n as u64;
        self.part += n as u64;
        if *self.total > MAX_UNPACKED_BYTES {
            return Err(Breach::Unpacked.into());
        }
        if self.part > self.part_max {
            return Err(Breach::Part.into());
        }
        Ok(n)
    }
}

/// How a part is read by the workbook reader, and so how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// XML kept whole in memory.
    InMemoryXml,
    SharedStringsXml,
    /// XML streamed (worksheets), or XML nobody reads but cheap to check.
    Xml,
    /// Binary records (.xlsb) kept whole in memory.
    InMemoryRecords,
    SharedStringsRecords,
    /// Binary records streamed (.xlsb worksheets).
    Records,
    /// Pictures and other parts the reader never opens: counted only.
    Opaque,
}

/// Endings of parts that are not XML; pictures above all, where a long run without a `<`
/// is normal.
const BINARY: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".wdp", ".jfif",
    ".ico", ".bin", ".pict", ".svgz",
];

fn not_a_workbook(path: &Path, detail: impl ToString) -> Error {
    Problem::NotAWorkbook {
        file: path.display().to_string(),
        detail: Shown::detail(&detail.to_string()),
    }
    .into()
}

/// Opens a zipped workbook after checking the number of parts its directory claims.
pub(crate) fn open_zip(path: &Path) -> Result<zip::ZipArchive<BufReader<File>>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = File::open(path).map_err(io)?;
    if let Some(n) = claimed_parts(&mut f).map_err(io)? {
        if n > MAX_ZIP_PARTS as u64 {
            return Err(too_many_parts(path));
        }
    }
    f.seek(SeekFrom::Start(0)).map_err(io)?;
    let zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| not_a_workbook(path, e))?;
    if zip.len() > MAX_ZIP_PARTS {
        return Err(too_many_parts(path));
    }
    Ok(zip)
}

fn too_many_parts(path: &Path) -> Error {
    Problem::TooManyParts {
        file: path.display().to_string(),
        max: MAX_ZIP_PARTS as u64,
    }
    .into()
}

pub(super) fn check(path: &Path, format: Format) -> Result<Seen> {
    let mut zip = open_zip(path)?;
    let mut seen = Seen::default();
    if format == Format::Ods {
        return Ok(seen);
    }
    let mut total = 0u64;
    let plan = Plan::new(&mut zip, format, path, &mut total)?;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| not_a_workbook(path, e))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|e| not_a_workbook(path, e))?
            .to_string();
        let kind = plan.kind(&name);
        let (merges, hidden) =
            scan(entry, kind, &mut total).map_err(|e| refusal(path, &name, e))?;
        seen.merges |= merges;
        seen.hidden |= hidden;
    }
    Ok(seen)
}

/// The part counts a zip's end-of-directory records claim, the largest of them (every
/// candidate is looked at, since a zip library may pick any).
fn claimed_parts(f: &mut File) -> io::Result<Option<u64>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const LOCATOR: &[u8] = b"PK\x06\x07";
    const EOCD64: &[u8] = b"PK\x06\x06";
    let len = f.metadata()?.len();
    let tail_len = len.min(22 + 0xFFFF);
    f.seek(SeekFrom::End(-(tail_len as i64)))?;
    let mut tail = vec![0u8; tail_len as usize];
    f.read_exact(&mut tail)?;
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as u64;
    let u64_at = |b: &[u8], i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8"));
    let mut most = None;
    for pos in (0..tail.len().saturating_sub(21)).rev() {
        if &tail[pos..pos + 4] != EOCD {
            continue;
        }
        let mut n = u16_at(&tail, pos + 8).max(u16_at(&tail, pos + 10));
        if pos >= 20 && &tail[pos - 20..pos - 16] == LOCATOR {
            let at = u64_at(&tail, pos - 20 + 8);
            if at.checked_add(56).is_some_and(|end| end <= len) {
                let mut rec = [0u8; 56];
                f.seek(SeekFrom::Start(at))?;
                f.read_exact(&mut rec)?;
                if &rec[..4] == EOCD64 {
                    n = n.max(u64_at(&rec, 24)).max(u64_at(&rec, 32));
                }
            }
        }
        most = Some(most.unwrap_or(0).max(n));
    }
    Ok(most)
}

/// Which parts the workbook reader reads, and how.
struct Plan {
    format: Format,
    /// File names (lower case) of workbook parts, from the package relationships.
    workbooks: HashSet<String>,
    /// File names (lower case) of everything the workbook part relates to: its worksheets.
    targets: HashSet<String>,
}

/// The file name of a part, as compared: lower case, `\` read as `/`.
fn file_name(path: &str) -> String {
    let p = path.replace('\\', "/").to_ascii_lowercase();
    p.rsplit('/').next().unwrap_or("").to_string()
}

impl Plan {
    fn new<R: Read + Seek>(
        zip: &mut zip::ZipArchive<R>,
        format: Format,
        path: &Path,
        total: &mut u64,
    ) -> Result<Plan> {
        let mut plan = Plan {
            format,
            workbooks: HashSet::new(),
            targets: HashSet::new(),
        };
        let rels = |zip: &mut zip::ZipArchive<R>, part: &str, total: &mut u64| {
            relationship_targets(zip, part, total).map_err(|e| refusal(path, part, e))
        };
        // The workbook part is named by the package's relationships, as the reader finds it.
        let workbook_rels: Vec<String> = if format == Format::Xlsb {
            plan.workbooks.insert("workbook.bin".into());
            vec!["xl/_rels/workbook.bin.rels".into()]
        } else {
            rels(zip, "_rels/.rels", total)?
                .into_iter()
                .filter(|(typ, _)| typ.ends_with("/officeDocument"))
                .map(|(_, target)| {
                    let target = target.trim_start_matches('/');
                    let (dir, name) = target.rsplit_once('/').unwrap_or(("", target));
                    plan.workbooks.insert(file_name(name));
                    format!(
                        "{}{}_rels/{name}.rels",
                        dir,
                        if dir.is_empty() { "" } else { "/" }
                    )
                })
                .collect()
        };
        for part in workbook_rels {
            for (_, target) in rels(zip, &part, total)? {
                plan.targets.insert(file_name(&target));
            }
        }
        Ok(plan)
    }

    fn kind(&self, name: &str) -> Kind {
        let file = file_name(name);
        let path = name.replace('\\', "/").to_ascii_lowercase();
        let binary = BINARY.iter().any(|b| file.ends_with(b));
        if file.ends_with(".rels") {
            return Kind::InMemoryXml;
        }
        match self.format {
            Format::Xlsb => match file.as_str() {
                "sharedstrings.bin" => Kind::SharedStringsRecords,
                "styles.bin" => Kind::InMemoryRecords,
                f if self.workbooks.contains(f) => Kind::InMemoryRecords,
                f if self.targets.contains(f) => Kind::Records,
                _ if path.contains("worksheets/") && file.ends_with(".bin") => Kind::Records,
                _ if binary => Kind::Opaque,
                _ => Kind::Xml,
            },
            _ => match file.as_str() {
                "sharedstrings.xml" => Kind::SharedStringsXml,
                "styles.xml" | "theme1.xml" => Kind::InMemoryXml,
                f if self.workbooks.contains(f) => Kind::InMemoryXml,
                f if self.targets.contains(f) => Kind::Xml,
                _ if binary => Kind::Opaque,
                _ => Kind::Xml,
            },
        }
    }
}

/// The (type, target) of every relationship in a relationships part, if the part exists
/// (matched as the reader matches it: any case, `\` as `/`).
fn relationship_targets<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    total: &mut u64,
) -> io::Result<Vec<(String, String)>> {
    let want = part.replace('\\', "/").to_ascii_lowercase();
    let index = (0..zip.len()).find(|&i| {
        matches!(zip.name_for_index(i), Some(Ok(n)) if n.replace('\\', "/").to_ascii_lowercase() == want)
    });
    let Some(index) = index else {
        return Ok(Vec::new());
    };
    let entry = zip.by_index(index).map_err(io::Error::other)?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(XmlGuard::new(Meter::new(
        entry,
        total,
        MAX_PART_IN_MEMORY_BYTES,
    ))));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attr = |name: &str| -> io::Result<String> {
                    Ok(match e.try_get_attribute(name).map_err(io::Error::other)? {
                        Some(a) => a
                            .normalized_value(XmlVersion::Implicit1_0)
                            .map_err(io::Error::other)?
                            .into_owned(),
                        None => String::new(),
                    })
                };
                if out.len() < MAX_ZIP_PARTS {
                    out.push((attr("Type")?, attr("Target")?));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A quick-xml error: a limit passed below it, or XML the reader could not parse.
fn xml_error(e: quick_xml::Error) -> io::Error {
    match e {
        quick_xml::Error::Io(io) => match breach_of(&io) {
            Some(b) => b.into(),
            None => io::Error::new(io.kind(), io.to_string()),
        },
        other => io::Error::other(other),
    }
}

/// Reads one part through the checks its kind needs; says whether an XML part holds
/// merged cells (`<mergeCell`) and something hidden (`hidden`: a row, a column; also
/// written with a line break or spaces before it or its `=`).
fn scan(entry: impl Read, kind: Kind, total: &mut u64) -> io::Result<(bool, bool)> {
    let in_memory = matches!(
        kind,
        Kind::InMemoryXml
            | Kind::SharedStringsXml
            | Kind::InMemoryRecords
            | Kind::SharedStringsRecords
    );
    let part_max = if in_memory {
        MAX_PART_IN_MEMORY_BYTES
    } else {
        u64::MAX
    };
    let metered = Meter::new(entry, total, part_max);
    match kind {
        Kind::Opaque => io::copy(&mut { metered }, &mut io::sink()).map(|_| (false, false)),
        Kind::InMemoryXml | Kind::Xml => {
            let merges = TagFinder::new(XmlGuard::new(metered), MERGE_TAG);
            let mut hidden = TagFinder::new(merges, HIDDEN_ATTR);
            io::copy(&mut hidden, &mut io::sink())?;
            Ok((hidden.inner.found, hidden.found))
        }
        Kind::SharedStringsXml => {
            shared_strings_xml(XmlGuard::new(metered)).map(|_| (false, false))
        }
        Kind::InMemoryRecords | Kind::Records => records(metered, false).map(|_| (false, false)),
        Kind::SharedStringsRecords => records(metered, true).map(|_| (false, false)),
    }
}

/// What the check saw that reading needs to know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Some part holds merged cells: the sheet read has its merged areas filled
    /// (`import::merged`), which costs a second pass over it, so only then.
    pub merges: bool,
    /// Some part hides something (`hidden`): the sheet read is searched for its hidden
    /// rows (`import::hidden`), a pass of its own, so only then.
    pub hidden: bool,
}

/// Passes bytes through and notes whether `needle` passed, across reads (SIMD search:
/// a few milliseconds for the 27 MB sheet of a 100,000-row workbook).
struct TagFinder<R> {
    inner: R,
    needle: &'static [u8],
    /// The last bytes of the read before, which may begin the needle.
    carry: Vec<u8>,
    found: bool,
}

const MERGE_TAG: &[u8] = b"<mergeCell";
const HIDDEN_ATTR: &[u8] = b"hidden";

impl<R> TagFinder<R> {
    fn new(inner: R, needle: &'static [u8]) -> Self {
        TagFinder {
            inner,
            needle,
            carry: Vec::new(),
            found: false,
        }
    }
}

impl<R: Read> Read for TagFinder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        if self.found || n == 0 {
            return Ok(n);
        }
        let read = &out[..n];
        if memchr::memmem::find(read, self.needle).is_some() {
            self.found = true;
            return Ok(n);
        }
        // Across the boundary: the carried tail and this read's head; then the tail of the
        // two together is carried on (a read shorter than the tag keeps the older bytes).
        let keep = self.needle.len() - 1;
        self.carry.extend_from_slice(&read[..n.min(keep)]);
        self.found = memchr::memmem::find(&self.carry, self.needle).is_some();
        self.carry.truncate(self.carry.len() - n.min(keep));
        self.carry
            .extend_from_slice(&read[n.saturating_sub(keep)..]);
        let drop = self.carry.len().saturating_sub(keep);
        self.carry.drain(..drop);
        Ok(n)
    }
}

/// The shared string table of an .xlsx: what it says it holds (the reader reserves that
/// much) and what it holds.
fn shared_strings_xml(part: impl Read) -> io::Result<()> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut count = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sst" => {
                    let said = e
                        .try_get_attribute("uniqueCount")
                        .map_err(io::Error::other)?
                        .and_then(|a| a.value.trim().parse::<u64>().ok());
                    if said.is_some_and(|n| n > MAX_SHARED_STRINGS as u64) {
                        return Err(Breach::SharedStrings.into());
                    }
                }
                "si" => {
                    count += 1;
                    if count > MAX_SHARED_STRINGS {
                        return Err(Breach::SharedStrings.into());
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The records of an .xlsb part (MS-XLSB 2.1.4): a type of one or two bytes, a length of one
/// to four, then the data. No record may be longer than `MAX_XML_ITEM_BYTES` (the reader
/// allocates what the length says before reading); shared strings are `BrtSSTItem` records.
fn records(part: impl Read, strings: bool) -> io::Result<()> {
    const BRT_SST_ITEM: u16 = 0x0013;
    let mut r = BufReader::new(part);
    let mut count = 0usize;
    loop {
        let Some(b) = byte(&mut r)? else {
            return Ok(());
        };
        let typ = if b & 0x80 != 0 {
            let Some(b2) = byte(&mut r)? else {
                return Ok(());
            };
            (b & 0x7F) as u16 | (((b2 & 0x7F) as u16) << 7)
        } else {
            b as u16
        };
        let mut len = 0u64;
        for i in 0..4 {
            let Some(b) = byte(&mut r)? else {
                return Ok(());
            };
            len |= ((b & 0x7F) as u64) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        if len > MAX_XML_ITEM_BYTES as u64 {
            return Err(Breach::XmlItem.into());
        }
        if strings && typ == BRT_SST_ITEM {
            count += 1;
            if count > MAX_SHARED_STRINGS {
                return Err(Breach::SharedStrings.into());
            }
        }
        if io::copy(&mut (&mut r).take(len), &mut io::sink())? < len {
            return Ok(());
        }
    }
}

fn byte(r: &mut impl Read) -> io::Result<Option<u8>> {
    let mut b = [0u8];
    Ok(match r.read(&mut b)? {
        0 => None,
        _ => Some(b[0]),
    })
}

/// A refusal for a part that could not be read through its checks.
fn refusal(path: &Path, part: &str, e: io::Error) -> Error {
    let file = path.display().to_string();
    let part = Shown::new(part);
    match breach_of(&e) {
        Some(Breach::XmlItem) => Problem::XmlItemTooLong {
            file,
            part,
            max_mib: mib(MAX_XML_ITEM_BYTES as u64),
        },
        Some(Breach::Unpacked) => Problem::UnpackedTooLarge {
            file,
            max_mib: mib(MAX_UNPACKED_BYTES),
        },
        Some(Breach::Part) => Problem::PartTooLarge {
            file,
            part,
            max_mib: mib(MAX_PART_IN_MEMORY_BYTES),
        },
        Some(Breach::SharedStrings) => Problem::TooManySharedStrings {
            file,
            max: MAX_SHARED_STRINGS as u64,
        },
        None => Problem::NotAWorkbook {
            file,
            detail: Shown::detail(&format!("{part}: {e}")),
        },
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_meter(bytes: u64, part_max: u64, total: &mut u64) -> io::Result<u64> {
        io::copy(
            &mut Meter::new(io::repeat(b' ').take(bytes), total, part_max),
            &mut io::sink(),
        )
    }

    #[test]
    fn all_parts_together_are_counted_against_one_limit() {
        let mut total = 0;
        assert!(through_meter(MAX_UNPACKED_BYTES / 2, u64::MAX, &mut total).is_ok());
        let e = through_meter(MAX_UNPACKED_BYTES / 2 + 1, u64::MAX, &mut total).unwrap_err();
        assert_eq!(breach_of(&e), Some(Breach::Unpacked));
    }

    #[test]
    fn a_part_kept_in_memory_has_its_own_limit() {
        let mut total = 0;
        let e = through_meter(
            MAX_PART_IN_MEMORY_BYTES + 1,
            MAX_PART_IN_MEMORY_BYTES,
            &mut total,
        )
        .unwrap_err();
        assert_eq!(breach_of(&e), Some(Breach::Part));
    }

    #[test]
    fn parts_are_checked_the_way_the_reader_reads_them() {
        let plan = Plan {
            format: Format::Xlsx,
            workbooks: ["workbook.xml".to_string()].into(),
            targets: ["sheet1.xml".to_string(), "pic.png".to_string()].into(),
        };
        assert_eq!(plan.kind("xl/sharedStrings.xml"), Kind::SharedStringsXml);
        assert_eq!(plan.kind("XL\\SharedStrings.XML"), Kind::SharedStringsXml);
        assert_eq!(plan.kind("xl/styles.xml"), Kind::InMemoryXml);
        assert_eq!(plan.kind("xl/_rels/workbook.xml.rels"), Kind::InMemoryXml);
        assert_eq!(plan.kind("elsewhere/workbook.xml"), Kind::InMemoryXml);
        assert_eq!(plan.kind("xl/worksheets/sheet1.xml"), Kind::Xml);
        assert_eq!(plan.kind("xl/media/image1.png"), Kind::Opaque);
        // A worksheet disguised as a picture is still parsed as XML by the reader.
        assert_eq!(plan.kind("xl/media/pic.png"), Kind::Xml);
    }

    #[test]
    fn xlsb_records_longer_than_an_item_are_refused() {
        // Type 0x13 (a shared string), then a length of 2 MiB in four 7-bit bytes.
        let len = 2u32 << 20;
        let mut rec = vec![0x13];
        for i in 0..4 {
            let b = ((len >> (7 * i)) & 0x7F) as u8;
            rec.push(if i < 3 { b | 0x80 } else { b });
        }
        let e = records(&rec[..], true).unwrap_err();
        assert_eq!(breach_of(&e), Some(Breach::XmlItem));
        assert!(records(&[0x13u8, 3, b'a', b'b', b'c'][..], true).is_ok());
    }
}
