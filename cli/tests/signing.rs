//! Signed report files: `verify` passes a file only exactly as Muster issued it, says in one
//! line what is wrong with any other, names the key that signed it, and compares the
//! records only on the database that issued it.

#[path = "../../tests/support/mod.rs"]
mod support;

use std::process::Command;

use muster::domain::AttemptPatch;
use muster::domain::Decision;
use muster::domain::Lang;
use muster::problem::Problem;
use muster::report::{self, html::Signatories, ChangeKind};
use muster::signing::{self, Format, InstallationKey};
use muster::signoff::{self, KnownAs, Verdict};
use muster::store::NewValidation;
use support::cli::muster;
use support::records::*;

fn sign_off(f: &mut Fixture) -> muster::store::StoredValidation {
    signoff::validate(
        &mut f.store,
        CODE,
        &NewValidation {
            as_of: as_of(),
            team: "INDBATT validation team".into(),
            validator: "Lt Col R. Sharma".into(),
            decision: Decision::Validated,
            notes: String::new(),
        },
        BY,
    )
    .unwrap()
}

/// A laptop that installed Muster and named itself after a key the validator trusts
/// ("KAZBAT-4 training office") issues a report: its signature holds, but the file names as
/// its issuer someone whose key this laptop knows, and it is not theirs. Refused in one
/// line naming both keys, whether the name is a trusted key's (in any case or spacing) or
/// the checking laptop's own; an unknown key with a name of its own is only unknown.
#[test]
fn a_report_signed_by_an_unknown_key_under_a_known_name_is_refused_naming_both_keys() {
    let mut f = fixture();
    sign_off(&mut f);
    let mut laptop = fixture();
    let genuine = test_key().fingerprint();
    laptop
        .store
        .trust_key(
            &genuine.short(),
            "KAZBAT-4 Training Office",
            "Lt Col R. Sharma",
        )
        .unwrap();
    let forged_by = |name: &str| signed_as(&f, 77, name);
    let impostor = InstallationKey::from_seed([77; 32], "x")
        .fingerprint()
        .short();
    for name in [
        "KAZBAT-4 training office",
        "  kazbat-4   TRAINING office ",
        "КАZВАТ-4 training оffice",        // Cyrillic К, А, В, о
        "KAZBAT\u{2010}4 training office", // a Unicode hyphen
        "ＫＡＺＢＡＴ-4 training office",  // full-width letters
    ] {
        let e = signoff::verify(&laptop.store, &forged_by(name), Some(&other_key())).unwrap_err();
        assert!(
            matches!(e.problem(), Problem::SignerNameTaken { ref fingerprint, ref known, .. }
                if *fingerprint == impostor && *known == genuine.short()),
            "{name}: {e}"
        );
        assert!(!e.to_string().contains('\n'));
    }
    // The checking laptop's own name, taken by another key.
    let e = signoff::verify(
        &laptop.store,
        &forged_by("INDBATT validation team"),
        Some(&other_key()),
    )
    .unwrap_err();
    assert!(
        matches!(e.problem(), Problem::SignerNameTaken { .. }),
        "{e}"
    );
    // A name of its own, or the name every unnamed laptop signs with: only unknown.
    for name in ["KAZBAT-5 training office", "Muster installation"] {
        let v = signoff::verify(&laptop.store, &forged_by(name), Some(&other_key())).unwrap();
        assert_eq!(v.signed_by.known_as, KnownAs::Unknown, "{name}");
    }
}

/// The fixture's report as a PDF from `f`'s database, signed by the key of `seed` that
/// calls itself `name`.
fn signed_as(f: &Fixture, seed: u8, name: &str) -> Vec<u8> {
    let r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    let id = f.store.database_id().unwrap();
    let key = InstallationKey::from_seed([seed; 32], name);
    report::issue(
        &r,
        Format::Pdf,
        Lang::En,
        &Signatories::default(),
        &key,
        &id,
    )
    .unwrap()
}

/// A key this laptop trusts under a name of its own, signing as another key known here
/// (a trusted one's name, or this laptop's own): the file would print one name and verify
/// as another's, so it is refused like an unknown key doing the same. Trusted under the
/// name it signs with, or signing under a name of its own, it verifies.
#[test]
fn a_trusted_key_signing_under_another_known_keys_name_is_refused() {
    let mut f = fixture();
    sign_off(&mut f);
    let mut laptop = fixture();
    let office = test_key().fingerprint();
    laptop
        .store
        .trust_key(
            &office.short(),
            "KAZBAT-4 training office",
            "Lt Col R. Sharma",
        )
        .unwrap();
    let platoon = InstallationKey::from_seed([78; 32], "x");
    laptop
        .store
        .trust_key(
            &platoon.fingerprint().short(),
            "Platoon 2 laptop",
            "Lt Col R. Sharma",
        )
        .unwrap();
    let signed_as = |name: &str| signed_as(&f, 78, name);
    for (name, known) in [
        ("KAZBAT-4 training office", office.short()),
        ("INDBATT validation team", other_key().fingerprint().short()),
    ] {
        let e = signoff::verify(&laptop.store, &signed_as(name), Some(&other_key())).unwrap_err();
        assert!(
            matches!(e.problem(), Problem::SignerNameTaken { known: ref k, .. } if *k == known),
            "{name}: {e}"
        );
    }
    for name in ["Platoon 2 laptop", "2nd platoon, KAZBAT-4"] {
        let v = signoff::verify(&laptop.store, &signed_as(name), Some(&other_key())).unwrap();
        assert_eq!(
            v.signed_by.known_as,
            KnownAs::Trusted {
                name: "Platoon 2 laptop".into()
            },
            "{name}"
        );
    }
}

/// One name, one key: this laptop's key cannot take a trusted key's name (as people read
/// it), a key cannot be trusted under this laptop's own name or another trusted key's, and
/// this laptop's own key is not trusted at all (its files are known as its own).
#[test]
fn no_two_keys_are_known_by_one_name() {
    let f = fixture();
    let data = f.dir.path().join("app-data");
    let own = cli(&f, &data, &["key", "name", "INDBATT validation team"]);
    assert!(own.status.success());
    let fp = |seed: u8| {
        InstallationKey::from_seed([seed; 32], "x")
            .fingerprint()
            .short()
    };
    let failed = |args: &[&str]| {
        let o = cli(&f, &data, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        String::from_utf8(o.stderr).unwrap()
    };
    assert!(cli(
        &f,
        &data,
        &[
            "key",
            "trust",
            &fp(81),
            "--name",
            "KAZBAT-4 HQ",
            "--by",
            "op"
        ]
    )
    .status
    .success());
    let e = failed(&["key", "name", "kazbat-4  hq"]);
    assert!(e.contains("is already the name of key"), "{e}");
    let e = failed(&[
        "key",
        "trust",
        &fp(82),
        "--name",
        "INDBATT Validation Team",
        "--by",
        "op",
    ]);
    assert!(e.contains("is already the name of key"), "{e}");
    let shown = String::from_utf8(cli(&f, &data, &["key", "show"]).stdout).unwrap();
    let mine = shown
        .lines()
        .find_map(|l| l.strip_prefix("fingerprint: "))
        .unwrap()
        .trim()
        .to_string();
    let e = failed(&["key", "trust", &mine, "--name", "Me", "--by", "op"]);
    assert!(e.contains("is this installation's own key"), "{e}");
    // Renaming a trusted key, and this laptop's own, to names of their own is fine.
    assert!(cli(
        &f,
        &data,
        &[
            "key",
            "trust",
            &fp(81),
            "--name",
            "KAZBAT-4 headquarters",
            "--by",
            "op"
        ]
    )
    .status
    .success());
    assert!(
        cli(&f, &data, &["key", "name", "INDBATT validation team, 2"])
            .status
            .success()
    );
}

/// The report of the fixture's date as the test installation issues it from `f`.
fn issued(f: &Fixture, format: Format) -> Vec<u8> {
    let r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    let id = f.store.database_id().unwrap();
    report::issue(
        &r,
        format,
        Lang::Ru,
        &Signatories::default(),
        &test_key(),
        &id,
    )
    .unwrap()
}

fn verify(f: &Fixture, file: &[u8]) -> muster::Result<Verdict> {
    signoff::verify(&f.store, file, Some(&test_key()))
}

/// The one-line refusal of a file, checked to be one short line.
fn refused(f: &Fixture, file: &[u8]) -> Problem {
    let e = verify(f, file).expect_err("refused");
    let line = e.to_string();
    assert!(
        !line.contains('\n') && line.len() < 400,
        "one short line: {line:?}"
    );
    e.problem()
}

fn format_of(p: &Problem) -> Option<&str> {
    match p {
        Problem::ReportUnsigned { format }
        | Problem::ReportTruncated { format }
        | Problem::ReportExtended { format, .. }
        | Problem::ReportTampered { format }
        | Problem::ReportSignatureDamaged { format, .. } => Some(format),
        _ => None,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{:?} not in the file", String::from_utf8_lossy(needle)))
}

fn rfind(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .rposition(|w| w == needle)
        .unwrap()
}

fn flipped(file: &[u8], at: usize) -> Vec<u8> {
    let mut f = file.to_vec();
    // Stay printable where the byte was a digit or a letter, so the change is a plausible
    // edit rather than an obviously broken file.
    f[at] = match f[at] {
        b'0'..=b'8' | b'a'..=b'y' | b'A'..=b'Y' => f[at] + 1,
        b'9' => b'0',
        b => b ^ 0x20,
    };
    f
}

#[test]
fn a_signed_pdf_with_any_byte_changed_is_refused_and_says_which_part() {
    let mut f = fixture();
    sign_off(&mut f);
    let pdf = issued(&f, Format::Pdf);
    assert!(verify(&f, &pdf).unwrap().unchanged());
    let contents = rfind(&pdf, b"/Contents<") + b"/Contents<".len();
    let stream = find(&pdf, b"stream\n") + 40;
    let regions: [(&str, usize); 9] = [
        ("header", 5),
        ("page content", stream),
        ("metadata", find(&pdf, b"muster-report-sha256:") + 30),
        ("first trailer", find(&pdf, b"trailer") + 12),
        ("signature DER", contents + 100),
        ("signature padding", rfind(&pdf, b"00000>") + 2),
        ("byte range", rfind(&pdf, b"/ByteRange[0 ") + 14),
        ("signature trailer", rfind(&pdf, b"trailer") + 12),
        ("last byte", pdf.len() - 2),
    ];
    for (region, at) in regions {
        let p = refused(&f, &flipped(&pdf, at));
        let expected = match region {
            "signature DER" | "signature padding" => matches!(
                &p,
                Problem::ReportSignatureDamaged { part, .. } if part == "/Contents"
            ),
            "byte range" => matches!(
                &p,
                Problem::ReportSignatureDamaged { part, .. } if part == "/ByteRange"
            ),
            _ => matches!(&p, Problem::ReportTampered { .. }),
        };
        assert!(expected, "{region} (byte {at}): {p:?}");
        assert_eq!(format_of(&p), Some("PDF"), "{region}");
    }
}

#[test]
fn a_cut_or_extended_pdf_and_a_copied_marker_are_refused() {
    let mut f = fixture();
    let v = sign_off(&mut f);
    let pdf = issued(&f, Format::Pdf);
    let tail = pdf.len() - rfind(&pdf, b"/Contents<");
    for cut in [1, tail - 20, pdf.len() / 2, pdf.len() - 9] {
        let p = refused(&f, &pdf[..pdf.len() - cut]);
        assert!(
            matches!(
                p,
                Problem::ReportTruncated { .. } | Problem::ReportUnsigned { .. }
            ),
            "cut {cut}: {p:?}"
        );
    }
    assert_eq!(
        refused(&f, &pdf[..pdf.len() - 1]),
        Problem::ReportTruncated {
            format: "PDF".into()
        }
    );
    let mut longer = pdf.clone();
    longer.extend_from_slice(b"\n% an innocent comment\n");
    assert_eq!(
        refused(&f, &longer),
        Problem::ReportExtended {
            format: "PDF".into(),
            extra: "23".into()
        }
    );
    // A byte added at the start moves the signature off its offsets: an edit, not bytes
    // added to the end.
    let mut before = b" ".to_vec();
    before.extend_from_slice(&pdf);
    assert_eq!(
        refused(&f, &before),
        Problem::ReportTampered {
            format: "PDF".into()
        }
    );
    // A file Muster never issued that carries a real report hash.
    let mut fake = format!(
        "%PDF-1.7\n%{}{}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
        muster::signing::PDF_MARKER,
        v.report_sha256
    )
    .into_bytes();
    fake.resize(150, b' ');
    assert_eq!(
        refused(&f, &fake),
        Problem::ReportUnsigned {
            format: "PDF".into()
        }
    );
    // The PDF as krilla draws it, before Muster signs it.
    let r = signoff::report_for(&f.store, CODE, as_of()).unwrap();
    let unsigned =
        report::pdf::render(&r, Lang::En, &Signatories::default(), &test_issuer()).unwrap();
    assert_eq!(
        refused(&f, &unsigned),
        Problem::ReportUnsigned {
            format: "PDF".into()
        }
    );
}

/// poppler finds the signature, its signer, hash and type, and that it covers the whole
/// file. Debian 12's NSS (3.87) has no Ed25519, so pdfsig cannot validate the signature
/// itself ("Document isn't signed or corrupted data"); `verify` does.
#[test]
fn a_pdf_reader_finds_the_signature() {
    let mut f = fixture();
    sign_off(&mut f);
    let pdf = issued(&f, Format::Pdf);
    let pdfsig = |bytes: &[u8], name: &str| {
        let path = f.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = Command::new("pdfsig")
            .arg(&path)
            .output()
            .expect("pdfsig (poppler-utils) is installed by scripts/setup.sh");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let out = pdfsig(&pdf, "signed.pdf");
    for line in [
        "Signature #1:",
        "Signature Field Name: Muster",
        "Signer Certificate Common Name: KAZBAT-4 training office",
        "Signer full Distinguished Name: CN=KAZBAT-4 training office,O=Muster",
        "Signing Hash Algorithm: SHA-512",
        "Signature Type: ETSI.CAdES.detached",
        "Total document signed",
    ] {
        assert!(out.contains(line), "{line:?} not in:\n{out}");
    }
    let mut longer = pdf.clone();
    longer.extend_from_slice(b"% added\n");
    let out = pdfsig(&longer, "longer.pdf");
    assert!(out.contains("Not total document signed"), "{out}");
    // The signed file is still a PDF every reader opens: same pages, same text.
    let path = f.dir.path().join("signed.pdf");
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Ұлықбекова"));
    assert!(
        text.contains(&test_key().fingerprint().short()),
        "fingerprint printed"
    );
}

#[test]
fn a_json_report_refuses_a_removed_stamp_a_changed_summary_a_name_and_reformatting() {
    let mut f = fixture();
    sign_off(&mut f);
    let json = issued(&f, Format::Json);
    assert!(verify(&f, &json).unwrap().unchanged());
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let print = |v: &serde_json::Value| signing::json::print(v).into_bytes();
    assert_eq!(print(&doc), json, "the file is its canonical print");
    let tampered = Problem::ReportTampered {
        format: "JSON".into(),
    };

    let mut no_stamp = doc.clone();
    no_stamp.as_object_mut().unwrap().remove("validation");
    assert_eq!(refused(&f, &print(&no_stamp)), tampered);

    let mut summary = doc.clone();
    summary["summary"]["ready"] = serde_json::json!(7);
    summary["summary"]["percent"] = serde_json::json!(100.0);
    assert_eq!(refused(&f, &print(&summary)), tampered);

    let text = String::from_utf8(json.clone()).unwrap();
    let renamed = text.replacen("Ұлықбекова", "Улыкбекова", 1);
    assert_ne!(renamed, text);
    assert_eq!(refused(&f, renamed.as_bytes()), tampered);

    // Claiming another signer's name breaks the signature too.
    let mut signer = doc.clone();
    signer["signature"]["signer"] = serde_json::json!("INDBATT validation team");
    assert_eq!(refused(&f, &print(&signer)), tampered);

    // Content intact, bytes not Muster's: four-space indent, compact, keys reordered.
    let mut four = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut four, fmt);
    serde::Serialize::serialize(&doc, &mut ser).unwrap();
    four.push(b'\n');
    for other in [
        four,
        serde_json::to_vec(&doc).unwrap(),
        text.trim_end().into(),
    ] {
        assert_eq!(refused(&f, &other), Problem::ReportReformatted);
    }

    let mut unsigned = doc.clone();
    unsigned.as_object_mut().unwrap().remove("signature");
    assert_eq!(
        refused(&f, &print(&unsigned)),
        Problem::ReportUnsigned {
            format: "JSON".into()
        }
    );
    assert_eq!(
        refused(&f, &json[..json.len() / 3]),
        Problem::ReportTruncated {
            format: "JSON".into()
        }
    );
    let mut value = doc.clone();
    value["signature"]["value"] = serde_json::json!("00".repeat(64));
    assert_eq!(refused(&f, &print(&value)), tampered);

    // A member named twice, the false one first: the signature holds for what a parser
    // keeping the last reads, but one keeping the first reads 122 ready. Changed, not
    // "re-formatted, content as signed".
    for (at, false_member) in [
        (
            "\n  \"summary\": {",
            "\n  \"summary\": {\"ready\": 122, \"percent\": 100.0},",
        ),
        (
            "\n    \"signer\": ",
            "\n    \"signer\": \"INDBATT validation team\",",
        ),
    ] {
        assert!(text.contains(at), "{at}");
        let doubled = text.replacen(at, &format!("{false_member}{at}"), 1);
        assert_eq!(refused(&f, doubled.as_bytes()), tampered, "{false_member}");
    }
}

#[test]
fn an_html_report_refuses_one_figure_changed() {
    let mut f = fixture();
    sign_off(&mut f);
    let html = issued(&f, Format::Html);
    let v = verify(&f, &html).unwrap();
    assert!(v.unchanged() && v.records_checked);
    assert!(v.validation.is_some(), "the HTML names its frozen report");
    let text = String::from_utf8(html.clone()).unwrap();
    let figure = "<dd>42.9</dd>";
    assert!(text.contains(figure));
    let edited = text.replacen(figure, "<dd>52.9</dd>", 1);
    let tampered = Problem::ReportTampered {
        format: "HTML".into(),
    };
    assert_eq!(refused(&f, edited.as_bytes()), tampered);
    // The signing key named in the signature line is covered too.
    let line = text.rfind("key=").unwrap() + 4;
    for at in line..line + 64 {
        let p = refused(&f, &flipped(&html, at));
        assert!(
            matches!(
                &p,
                Problem::ReportTampered { .. } | Problem::ReportSignatureDamaged { .. }
            ),
            "{p:?}"
        );
    }
    assert_eq!(
        refused(&f, &html[..html.len() - 3]),
        Problem::ReportTruncated {
            format: "HTML".into()
        }
    );
    let page_only = &html[..text.rfind("<!-- muster-signature").unwrap()];
    assert_eq!(
        refused(&f, page_only),
        Problem::ReportUnsigned {
            format: "HTML".into()
        }
    );
    let mut longer = html.clone();
    longer.extend_from_slice(b"<p>x</p>\n");
    assert_eq!(
        refused(&f, &longer),
        Problem::ReportExtended {
            format: "HTML".into(),
            extra: "9".into()
        }
    );
}

#[test]
fn on_another_laptop_the_signature_alone_is_checked_and_the_key_named() {
    let mut f = fixture();
    sign_off(&mut f);
    // The validator's laptop: its own database, its own key.
    let laptop = fixture();
    for format in [Format::Pdf, Format::Html, Format::Json] {
        let file = issued(&f, format);
        let v = signoff::verify(&laptop.store, &file, Some(&other_key())).unwrap();
        assert!(!v.records_checked, "{format}");
        assert!(v.changes.is_empty() && v.validation.is_none());
        assert_eq!(v.signed_by.fingerprint, test_key().fingerprint().short());
        assert_eq!(v.signed_by.claimed_name, "KAZBAT-4 training office");
        assert_eq!(v.signed_by.known_as, KnownAs::Unknown, "{format}");
        let hint = v.signed_by.describe();
        assert!(hint.contains("muster key trust"), "{hint}");
    }
    // Told the key by its owner, the laptop names the signer by its own word for it.
    let mut laptop = laptop;
    let fp = test_key().fingerprint().short().to_lowercase();
    laptop
        .store
        .trust_key(
            &fp,
            "KAZBAT-4 training office (phoned 2 Mar)",
            "Lt Col R. Sharma",
        )
        .unwrap();
    let v = signoff::verify(&laptop.store, &issued(&f, Format::Pdf), None).unwrap();
    assert_eq!(
        v.signed_by.known_as,
        KnownAs::Trusted {
            name: "KAZBAT-4 training office (phoned 2 Mar)".into()
        }
    );
    // A tampered file is refused there just the same.
    let mut json = issued(&f, Format::Json);
    let at = find(&json, b"\"ready\": ") + 9;
    json = flipped(&json, at);
    assert!(signoff::verify(&laptop.store, &json, None).is_err());
    // Withdrawn, the key is unknown again; the history of trust stays.
    laptop
        .store
        .withdraw_trust(&fp, "wrong key", "Lt Col R. Sharma")
        .unwrap();
    let v = signoff::verify(&laptop.store, &issued(&f, Format::Pdf), None).unwrap();
    assert_eq!(v.signed_by.known_as, KnownAs::Unknown);
    let log = laptop.store.audit_log(None, 5).unwrap();
    assert_eq!(
        log.iter()
            .take(2)
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["withdraw key", "trust key"]
    );
    // The issuing installation recognises its own key.
    let v = verify(&f, &issued(&f, Format::Html)).unwrap();
    assert_eq!(
        v.signed_by.known_as,
        KnownAs::ThisInstallation {
            name: "KAZBAT-4 training office".into()
        }
    );
}

#[test]
fn each_database_has_its_own_permanent_identity() {
    let a = fixture();
    let b = fixture();
    let id = a.store.database_id().unwrap();
    assert_eq!(id.len(), 32);
    assert_ne!(id, b.store.database_id().unwrap());
    let path = a.path();
    drop(a.store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE meta SET value = 'x' WHERE key = 'database_id'",
        "DELETE FROM meta WHERE key = 'database_id'",
        "UPDATE key_trust SET name = 'x'",
    ] {
        if let Err(e) = conn.execute(sql, []) {
            // A plain connection cannot even prepare a write to a chained table.
            let e = e.to_string();
            assert!(
                e.contains("permanent")
                    || e.contains("append-only")
                    || e.contains("never deleted")
                    || e.contains("no such function: muster_row"),
                "{e}"
            );
        } else {
            assert!(sql.contains("key_trust"), "{sql} must be refused");
        }
    }
    drop(conn);
    let store = muster::Store::open(&path).unwrap();
    assert_eq!(store.database_id().unwrap(), id, "reopened, the same");
}

#[test]
fn an_amendment_of_the_score_alone_is_named_with_the_score() {
    let mut f = fixture();
    sign_off(&mut f);
    let json = issued(&f, Format::Json);
    let id = record_id(&f.store, "KZ100003", "SEA", "2024-12-01");
    let patch = AttemptPatch {
        score: Some(Some(85.0)),
        ..Default::default()
    };
    f.store.amend(&id, &patch, BY, "score left out").unwrap();
    let v = verify(&f, &json).unwrap();
    let amended: Vec<_> = v
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Amended)
        .collect();
    assert_eq!(amended.len(), 1, "{:?}", v.changes);
    let line = amended[0].to_string();
    assert!(line.ends_with(": score — → 85"), "{line}");
    assert!(
        amended[0].describe(Lang::Kk).ends_with(": ұпай — → 85"),
        "{}",
        amended[0].describe(Lang::Kk)
    );
    // The standing did not change: nothing else is listed.
    assert_eq!(v.changes.len(), 1, "{:?}", v.changes);
}

/// A correction of the notes alone: the line says so, not two records that read alike.
#[test]
fn an_amendment_of_the_notes_alone_says_so() {
    let mut f = fixture();
    sign_off(&mut f);
    let json = issued(&f, Format::Json);
    let id = record_id(&f.store, "KZ100003", "SEA", "2024-12-01");
    let patch = AttemptPatch {
        notes: Some("retake booked".into()),
        ..Default::default()
    };
    f.store.amend(&id, &patch, BY, "note added").unwrap();
    let v = verify(&f, &json).unwrap();
    assert_eq!(v.changes.len(), 1, "{:?}", v.changes);
    let line = v.changes[0].to_string();
    assert!(
        line.ends_with(": only its notes changed (the report does not show them)"),
        "{line}"
    );
}

#[test]
fn a_record_rewritten_in_place_under_the_same_id_is_named() {
    let mut f = fixture();
    sign_off(&mut f);
    let pdf = issued(&f, Format::Pdf);
    let id = record_id(&f.store, "KZ100001", "ROE", "2025-01-20");
    let path = f.path();
    drop(std::mem::replace(
        &mut f.store,
        muster::Store::open_in_memory().unwrap(),
    ));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("DROP TRIGGER attempt_append_only_u")
            .unwrap();
        conn.execute(
            "UPDATE attempt SET instructor = 'someone else', hours = 4 WHERE id = ?1",
            [&id],
        )
        .unwrap();
    }
    f.store = muster::Store::open(&path).unwrap();
    let v = verify(&f, &pdf).unwrap();
    let lines: Vec<String> = v.changes.iter().map(|c| c.to_string()).collect();
    assert_eq!(v.changes.len(), 1, "{lines:?}");
    assert_eq!(v.changes[0].kind, ChangeKind::Rewritten);
    assert!(
        lines[0].starts_with("rewritten in the database outside Muster: KZ100001 ROE record")
            && lines[0].ends_with(": hours — → 4; instructor KAZCENT → someone else"),
        "{}",
        lines[0]
    );
}

/// `muster` on `f`'s database as the validator, with its app data in `data`.
fn cli(f: &Fixture, data: &std::path::Path, args: &[&str]) -> std::process::Output {
    muster(f.path())
        .data_dir(data)
        .by("Lt Col R. Sharma")
        .run(args)
}

#[test]
fn cli_keys_reports_and_verify_on_two_laptops() {
    let mut office = fixture();
    sign_off(&mut office);
    let office_data = office.dir.path().join("app-data");
    let validator = fixture();
    let validator_data = validator.dir.path().join("app-data");
    let stdout = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();

    let o = cli(
        &office,
        &office_data,
        &["key", "name", "KAZBAT-4 training office"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let show = stdout(&cli(&office, &office_data, &["key", "show"]));
    let key = InstallationKey::load(&office_data).unwrap().unwrap();
    let fp = key.fingerprint().short();
    assert!(
        show.starts_with(&format!(
            "fingerprint: {fp}\nname:        KAZBAT-4 training office\n"
        )),
        "{show}"
    );
    assert!(show.contains(&office_data.join("signing-key.pem").display().to_string()));

    let out = office.dir.path().join("r.pdf");
    let o = cli(
        &office,
        &office_data,
        &[
            "report",
            CODE,
            "--as-of",
            "2025-03-03",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!(
        "signed with this installation's key {fp} (KAZBAT-4 training office)"
    )));
    let o = cli(&office, &office_data, &["verify", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("unchanged:"));
    assert!(stdout(&o).contains("this installation's key"));

    // The validator's laptop: signature only, an unknown key and how to trust it.
    let o = cli(
        &validator,
        &validator_data,
        &["verify", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.starts_with("signature valid:"), "{said}");
    assert!(
        said.contains(&format!("a key unknown to this laptop, {fp}")),
        "{said}"
    );
    assert!(said.contains("records not checked"), "{said}");
    // It says from the file itself that the report is signed off; a working copy (a day
    // no decision was taken on) says it is not.
    assert!(
        said.contains("\nsigned off: it carries a validation decision"),
        "{said}"
    );
    let draft = office.dir.path().join("draft.pdf");
    let o = cli(
        &office,
        &office_data,
        &[
            "report",
            CODE,
            "--as-of",
            "2025-03-04",
            "--format",
            "pdf",
            "--out",
            draft.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cli(
        &validator,
        &validator_data,
        &["verify", draft.to_str().unwrap()],
    );
    assert!(
        stdout(&o)
            .contains("\nnot signed off: a working copy, with no validation decision on it\n"),
        "{}",
        stdout(&o)
    );
    let o = cli(
        &validator,
        &validator_data,
        &["key", "trust", &fp, "--name", "KAZBAT-4 office"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&cli(
        &validator,
        &validator_data,
        &["verify", out.to_str().unwrap()],
    ));
    assert!(
        said.contains(&format!("signed by KAZBAT-4 office (trusted key {fp})")),
        "{said}"
    );
    let list = stdout(&cli(&validator, &validator_data, &["key", "list"]));
    assert!(
        list.contains(&key.fingerprint().short_hex()) && list.contains("KAZBAT-4 office"),
        "{list}"
    );
    let o = cli(
        &validator,
        &validator_data,
        &["key", "trust", "12 34", "--name", "x"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("muster: \"12 34\" is not a key fingerprint"),
        "{}",
        stderr(&o)
    );

    // A changed byte: one line, exit 1, on both laptops.
    let mut bytes = std::fs::read(&out).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    let bad = office.dir.path().join("bad.pdf");
    std::fs::write(&bad, &bytes).unwrap();
    for (f, data) in [(&office, &office_data), (&validator, &validator_data)] {
        let o = cli(f, data, &["verify", bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("was changed after Muster signed it"), "{err}");
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    thread_local! {
        /// One signed-off fixture and its three files for every case of a test.
        static SAMPLES: &'static (Fixture, Vec<Vec<u8>>) = Box::leak(Box::new({
            let mut f = fixture();
            sign_off(&mut f);
            let files = [Format::Pdf, Format::Html, Format::Json]
                .map(|format| issued(&f, format))
                .to_vec();
            (f, files)
        }));
    }

    fn samples() -> &'static (Fixture, Vec<Vec<u8>>) {
        SAMPLES.with(|s| *s)
    }

    /// Anything that is not exactly an issued file: refused in one short line, no panic.
    fn assert_refused(file: &[u8]) -> Result<(), TestCaseError> {
        let (f, issued) = samples();
        if issued.iter().any(|i| i == file) {
            return Ok(());
        }
        let e = verify(f, file);
        prop_assert!(e.is_err(), "accepted a file not as issued");
        let line = e.unwrap_err().to_string();
        prop_assert!(!line.contains('\n') && line.len() < 400, "{line:?}");
        Ok(())
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Flip(usize, u8),
        Cut(usize),
        Insert(usize, Vec<u8>),
        Delete(usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), 1..=255u8).prop_map(|(i, x)| Edit::Flip(i, x)),
            any::<usize>().prop_map(Edit::Cut),
            (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
                .prop_map(|(i, b)| Edit::Insert(i, b)),
            (any::<usize>(), 1..16usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        ]
    }

    fn apply(file: &[u8], e: &Edit) -> Vec<u8> {
        let mut f = file.to_vec();
        match e {
            Edit::Flip(i, x) => {
                let i = i % f.len();
                f[i] ^= x;
            }
            Edit::Cut(i) => f.truncate(i % f.len()),
            Edit::Insert(i, b) => {
                let i = i % (f.len() + 1);
                f.splice(i..i, b.iter().copied());
            }
            Edit::Delete(i, n) => {
                let i = i % f.len();
                let end = (i + n).min(f.len());
                f.drain(i..end);
            }
        }
        f
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_are_refused_in_one_line(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            assert_refused(&bytes)?;
        }

        #[test]
        fn arbitrary_bytes_behind_a_report_start_are_refused(
            start in prop_oneof![Just(&b"%PDF-1.7\n"[..]), Just(&b"<!DOCTYPE html>\n"[..]), Just(&b"{\"format\": "[..])],
            bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        ) {
            let mut file = start.to_vec();
            file.extend(bytes);
            assert_refused(&file)?;
        }

        #[test]
        fn a_mutated_issued_file_is_refused(which in 0..3usize, edits in proptest::collection::vec(edit(), 1..3)) {
            let (_, issued) = samples();
            let mut file = issued[which].clone();
            for e in &edits {
                file = apply(&file, e);
            }
            assert_refused(&file)?;
        }
    }
}

/// The validation team's own laptop, fresh: no database, only Muster installed. `verify`
/// checks the report's signature alone and says its records were not checked; neither it
/// nor `key show` makes a database there.
#[test]
fn a_fresh_laptop_with_no_database_verifies_a_report_and_makes_no_database() {
    let mut office = fixture();
    sign_off(&mut office);
    let office_data = office.dir.path().join("app-data");
    let out = office.dir.path().join("r.json");
    let o = cli(
        &office,
        &office_data,
        &[
            "report",
            CODE,
            "--as-of",
            "2025-03-03",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let fresh = tempfile::tempdir().unwrap();
    let data = fresh.path().join("data");
    let run = |args: &[&str]| {
        Command::new(support::cli::bin())
            .args(args)
            .env_remove("MUSTER_DB")
            .env_remove("MUSTER_OPERATOR")
            .env("MUSTER_DATA_DIR", &data)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let o = run(&["verify", out.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(said.starts_with("signature valid:"), "{said}");
    assert!(said.contains("records not checked"), "{said}");
    // The decision the JSON carries, read from the signed file itself.
    assert!(
        said.contains("\nsigned off: validated by Lt Col R. Sharma (INDBATT validation team) at ")
            && said.contains(&format!(
                "on the report as of {}; frozen report SHA-256 ",
                as_of()
            )),
        "{said}"
    );
    let o = run(&["key", "show"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.starts_with("fingerprint: "));
    // No made-up database id, different at every run.
    assert!(
        shown.ends_with("this database: none (no database on this laptop)\n"),
        "{shown}"
    );
    assert!(
        !data.join("muster.sqlite3").exists(),
        "a database was made by commands that only read"
    );
    // A changed byte is still found without any database.
    let mut bytes = std::fs::read(&out).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x20;
    let bad = fresh.path().join("bad.json");
    std::fs::write(&bad, &bytes).unwrap();
    let o = run(&["verify", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}
