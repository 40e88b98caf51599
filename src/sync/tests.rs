//! The records part is parsed as it is unpacked (`records_part`): what the signed header
//! says of it (length, SHA-256) is still checked, to the byte.

use super::*;

/// A bundle of a tiny database, then its header and records as `make` wrote them.
fn parts() -> (InstallationKey, Header, Vec<u8>) {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_default_curriculum("test").unwrap();
    let key = InstallationKey::from_seed([7; 32], "HQ");
    let made = export(&store, &key).unwrap();
    let opened = open("b.muster", &made.bytes).unwrap();
    let body = serde_json::to_vec(&opened.records).unwrap();
    assert_eq!(body.len() as u64, made.header.records.bytes);
    (key, made.header, body)
}

/// The same header (records' length and hash changed as given) and records, signed anew
/// by the sender: the signature holds, so only the records' check can refuse it.
fn sealed(key: &InstallationKey, header: &Header, body: &[u8]) -> Vec<u8> {
    seal(key, &serde_json::to_vec_pretty(header).unwrap(), body).unwrap()
}

fn refused(bytes: &[u8]) -> String {
    match open("b.muster", bytes) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a bundle whose records do not match its header was opened"),
    }
}

#[test]
fn records_as_the_header_describes_them_open() {
    let (key, header, body) = parts();
    let opened = open("b.muster", &sealed(&key, &header, &body)).unwrap();
    assert_eq!(serde_json::to_vec(&opened.records).unwrap(), body);
}

#[test]
fn records_that_differ_from_the_header_in_any_way_are_refused() {
    let (key, header, body) = parts();
    // One byte changed inside a string: still JSON, same length, another hash.
    let mut changed = body.clone();
    let at = changed.iter().position(|&b| b == b'"').unwrap() + 1;
    changed[at] ^= 0x01;
    assert!(refused(&sealed(&key, &header, &changed)).contains("changed"));
    // Longer than the header says (trailing spaces are still JSON).
    let mut longer = body.clone();
    longer.extend_from_slice(b"   ");
    assert!(refused(&sealed(&key, &header, &longer)).contains("changed"));
    // The header claims more bytes than there are, with the hash of what is there.
    let mut claims_more = header.clone();
    claims_more.records.bytes += 1;
    assert!(refused(&sealed(&key, &claims_more, &body)).contains("changed"));
    // Not JSON, though length and hash are the header's.
    let junk = vec![b'x'; body.len()];
    let mut says_junk = header.clone();
    says_junk.records.sha256 = hex_lower(&Sha256::digest(&junk));
    assert!(refused(&sealed(&key, &says_junk, &junk)).contains("changed"));
}

/// A bundle whose signature and hash hold but whose text Muster never writes (a terminal
/// escape, a bidi override, a zero-width space, a line break in a name; in a record, in a
/// flattened field, in the header's sender name) is refused naming where, before anything
/// is read; free text's emoji look (`✔️`) passes, as it does when typed.
#[test]
fn hidden_characters_in_a_signed_bundle_are_refused_naming_the_record_and_field() {
    let (key, header, body) = parts();
    let records: SyncRecords = serde_json::from_slice(&body).unwrap();
    let reseal = |header: &Header, records: &SyncRecords| {
        let body = serde_json::to_vec(records).unwrap();
        let mut h = header.clone();
        h.records.sha256 = hex_lower(&Sha256::digest(&body));
        h.records.bytes = body.len() as u64;
        sealed(&key, &h, &body)
    };
    let mut fine = records.clone();
    fine.modules[1].title = format!("{} ✔️", fine.modules[1].title);
    open("b.muster", &reseal(&header, &fine)).unwrap();

    for (bad, code) in [
        ("\u{1b}]0;owned\u{7}\u{1b}[2J", "U+001B"),
        ("ROE\u{202E}1", "U+202E"),
        ("R\u{200B}OE", "U+200B"),
        ("ROE\n", "U+000A"),
    ] {
        let mut r = records.clone();
        r.modules[2].title = bad.into();
        let e = open("b.muster", &reseal(&header, &r)).unwrap_err();
        assert_eq!(
            e.problem(),
            Problem::BundleHiddenCharacter {
                file: "b.muster".into(),
                kind: "modules".into(),
                index: 3,
                field: "title".into(),
                code_point: code.into(),
            },
            "{bad:?}"
        );
        assert!(e.to_string().contains("nothing was imported"), "{e}");
    }
    let mut h = header.clone();
    h.sender.name = "HQ\u{1b}[31m".into();
    let e = open("b.muster", &reseal(&h, &records)).unwrap_err();
    assert!(
        matches!(e.problem(), Problem::BundleHiddenCharacter { ref kind, ref field, .. }
            if kind == "header" && field == "name"),
        "{e}"
    );
}
