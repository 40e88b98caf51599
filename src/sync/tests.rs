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

/// `records` in place of the bundle's, the header saying their length and hash, signed
/// anew: a bundle whose every check but the values' holds.
fn resealed(key: &InstallationKey, header: &Header, records: &SyncRecords) -> Vec<u8> {
    let body = serde_json::to_vec(records).unwrap();
    let mut h = header.clone();
    h.records.sha256 = hex_lower(&Sha256::digest(&body));
    h.records.bytes = body.len() as u64;
    sealed(key, &h, &body)
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
    // Not JSON, signed as it is: made so by its sender, said as such, not as damage.
    assert!(refused(&sealed(&key, &says_junk, &junk)).contains("not records Muster writes"));
}

/// A bundle whose signature and hash hold but whose text Muster never writes (a terminal
/// escape, a bidi override, a zero-width space, a line break in a name; in a record, in a
/// flattened field, in the header's sender name) is refused naming where, before anything
/// is read; free text's emoji look (`✔️`) passes, as it does when typed.
#[test]
fn hidden_characters_in_a_signed_bundle_are_refused_naming_the_record_and_field() {
    let (key, header, body) = parts();
    let records: SyncRecords = serde_json::from_slice(&body).unwrap();
    let reseal = |header: &Header, records: &SyncRecords| resealed(&key, header, records);
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

/// A signed bundle carrying a value Muster never writes is refused whole, naming the
/// record, the field and the value: a day the calendar lacks or written another way (which
/// would make the soldier's history unreadable for good), a training day far in the future, a
/// record id that is none, a day or a stamp over a year ahead of this laptop's clock, a service number with
/// a space, a name not in NFC, a status not Muster's, and the same in an edit of details.
/// The demo's own bundle, every field as Muster wrote it, opens.
#[test]
fn values_muster_never_writes_in_a_signed_bundle_are_refused_naming_record_field_and_value() {
    let mut store = Store::open_in_memory().unwrap();
    let today = crate::dates::today();
    crate::demo::load(&mut store, today).unwrap();
    let mut later = store.contingent(crate::demo::DEMO_CODE).unwrap();
    later.deploy_on = later.deploy_on + chrono::Days::new(7);
    store
        .edit_contingent(crate::demo::DEMO_CODE, &later, "test")
        .unwrap();
    let key = InstallationKey::from_seed([7; 32], "HQ");
    let made = export(&store, &key).unwrap();
    let records = open("b.muster", &made.bytes).unwrap().records;
    assert!(!records.detail_edits.is_empty());
    let reseal = |records: &SyncRecords| resealed(&key, &made.header, records);
    open("b.muster", &reseal(&records)).unwrap();

    type Spoil = Box<dyn Fn(&mut SyncRecords)>;
    let far_stamp = (1i64 << 62) + 5;
    let a_year_after = crate::dates::iso(today + chrono::Days::new(368));
    let cases: Vec<(&str, usize, &str, String, ValueRule, Spoil)> = vec![
        (
            "attempts",
            3,
            "date",
            "2026-02-30".into(),
            ValueRule::Date,
            Box::new(|r| r.attempts[2].date = "2026-02-30".into()),
        ),
        (
            "attempts",
            1,
            "date",
            "16.11.2026".into(),
            ValueRule::Date,
            Box::new(|r| r.attempts[0].date = "16.11.2026".into()),
        ),
        (
            "attempts",
            1,
            "date",
            "1969-12-31".into(),
            ValueRule::Date,
            Box::new(|r| r.attempts[0].date = "1969-12-31".into()),
        ),
        (
            "attempts",
            2,
            "date",
            a_year_after.clone(),
            ValueRule::PastDate,
            Box::new(move |r| r.attempts[1].date = a_year_after.clone()),
        ),
        (
            "attempts",
            5,
            "id",
            "not-a-uuid".into(),
            ValueRule::RecordId,
            Box::new(|r| r.attempts[4].id = "not-a-uuid".into()),
        ),
        (
            "attempts",
            1,
            "hlc",
            format!("4199-11-24T01:22:57.664Z (stamp {far_stamp})"),
            ValueRule::Stamp,
            Box::new(move |r| r.attempts[0].hlc = Some(far_stamp)),
        ),
        (
            "attempts",
            1,
            "person",
            " KZ1 ".into(),
            ValueRule::Tidy,
            Box::new(|r| r.attempts[0].person = " KZ1 ".into()),
        ),
        (
            "attempts",
            1,
            "result",
            "passed".into(),
            ValueRule::OneOf,
            Box::new(|r| r.attempts[0].result = "passed".into()),
        ),
        (
            "people",
            4,
            "service_number",
            "KZ 100".into(),
            ValueRule::Tidy,
            Box::new(|r| r.people[3].service_number = "KZ 100".into()),
        ),
        (
            "people",
            2,
            "family_name",
            "И\u{306}ванов".into(),
            ValueRule::Tidy,
            Box::new(|r| r.people[1].family_name = "И\u{306}ванов".into()),
        ),
        (
            "people",
            2,
            "gender",
            "X".into(),
            ValueRule::OneOf,
            Box::new(|r| r.people[1].gender = "X".into()),
        ),
        (
            "contingents",
            1,
            "deploy_on",
            "2027-13-01".into(),
            ValueRule::Date,
            Box::new(|r| r.contingents[0].deploy_on = "2027-13-01".into()),
        ),
        (
            "modules",
            1,
            "created_at",
            "yesterday".into(),
            ValueRule::Timestamp,
            Box::new(|r| r.modules[0].created_at = "yesterday".into()),
        ),
        (
            "contingents",
            1,
            "deploy_on",
            "1999-01-01".into(),
            ValueRule::Whole,
            Box::new(|r| r.contingents[0].deploy_on = "1999-01-01".into()),
        ),
        (
            "contingents",
            1,
            "archived_at",
            "2026-01-01T00:00:00.000Z".into(),
            ValueRule::Whole,
            Box::new(|r| {
                r.contingents[0].archived_at = Some("2026-01-01T00:00:00.000Z".into());
                r.contingents[0].archived_by = None;
            }),
        ),
        (
            "attempts",
            1,
            "id",
            "UPPER".into(),
            ValueRule::RecordId,
            Box::new(|r| r.attempts[0].id = r.attempts[0].id.to_uppercase()),
        ),
        (
            "attempts",
            1,
            "recorded_at",
            "2026-11-01T10:00:00.000+05:00".into(),
            ValueRule::Timestamp,
            Box::new(|r| r.attempts[0].recorded_at = "2026-11-01T10:00:00.000+05:00".into()),
        ),
        (
            "modules",
            1,
            "title",
            "".into(),
            ValueRule::Text,
            Box::new(|r| r.modules[0].title = "".into()),
        ),
    ];
    for (kind, index, field, value, rule, spoil) in cases {
        let mut r = records.clone();
        spoil(&mut r);
        let value = if value == "UPPER" {
            r.attempts[0].id.clone()
        } else {
            value
        };
        let e = open("b.muster", &reseal(&r)).unwrap_err();
        assert_eq!(
            e.problem(),
            Problem::BundleBadValue {
                file: "b.muster".into(),
                kind: kind.into(),
                index,
                field: field.into(),
                value,
                rule,
            },
        );
        assert!(e.to_string().contains("nothing was imported"), "{e}");
    }
    // An edit of details sets a date the calendar lacks.
    let mut r = records.clone();
    let e = &mut r.detail_edits[0];
    let mut value: serde_json::Value = serde_json::from_str(&e.value).unwrap();
    value["deploy_on"] = "2027-02-29".into();
    e.value = value.to_string();
    let err = open("b.muster", &reseal(&r)).unwrap_err();
    assert!(
        matches!(err.problem(), Problem::BundleBadValue { ref kind, ref field, rule: ValueRule::Date, .. }
            if kind == "detail_edits" && field == "value.deploy_on"),
        "{err}"
    );
    // An edit of a field no row has, a value that is not the group's, a name with a
    // control character or of another type.
    let spoilt_edit = |f: &dyn Fn(&mut crate::store::details::Edit)| {
        let mut r = records.clone();
        f(&mut r.detail_edits[0]);
        open("b.muster", &reseal(&r)).unwrap_err().problem()
    };
    let rule_of = |p: Problem| match p {
        Problem::BundleBadValue { field, rule, .. } => (field, rule),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        rule_of(spoilt_edit(&|e| e.field = "salary".into())),
        ("field".into(), ValueRule::Whole)
    );
    assert_eq!(
        rule_of(spoilt_edit(&|e| e.value = "not json".into())),
        ("value".into(), ValueRule::Whole)
    );
    assert_eq!(
        rule_of(spoilt_edit(
            &|e| e.value = r#"{"deploy_on":"2027-01-01"}"#.into()
        )),
        ("value".into(), ValueRule::Whole)
    );
    assert_eq!(
        rule_of(spoilt_edit(&|e| {
            e.field = "name".into();
            e.value = r#"{"name":"KAZBAT\u0007\u202e"}"#.into();
        })),
        ("value.name".into(), ValueRule::Hidden)
    );
    assert_eq!(
        rule_of(spoilt_edit(&|e| {
            e.field = "mission".into();
            e.value = r#"{"mission":5}"#.into();
        })),
        ("value.mission".into(), ValueRule::Text)
    );
}

/// Laptops' clocks run days apart in the field: a bundle is judged by the later of the time
/// it says it was made (signed with it) and this laptop's clock. Records stamped by a
/// sender whose clock ran days ahead, received by a laptop whose clock runs days behind,
/// are taken; so are records stamped after the bundle was made (passed on from a laptop
/// whose clock ran ahead: the stamps run on from the largest held); a day or a stamp more
/// than a year past both clocks is not; a bundle made more than a year after this laptop's
/// time is refused, saying to check both clocks.
#[test]
fn a_bundle_is_judged_by_its_own_time_not_this_laptops_clock() {
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::load(&mut store, crate::dates::today()).unwrap();
    let key = InstallationKey::from_seed([7; 32], "HQ");
    let records = open("b.muster", &export(&store, &key).unwrap().bytes)
        .unwrap()
        .records;
    let ahead = chrono::Utc::now() + chrono::Duration::days(3);
    let made_at = ahead.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let mut r = records.clone();
    // The sender's clock three days ahead when it logged a session.
    r.attempts[0].date = crate::dates::iso(ahead.date_naive());
    r.attempts[0].hlc = Some(ahead.timestamp_millis() << crate::store::COUNTER_BITS);
    let bundle_clock = Clock::of_bundle(&made_at).unwrap();
    assert_eq!(values::first_bad(&r, bundle_clock), None);
    // Three days behind here, the bundle still reads as made in time.
    let behind = Clock {
        today: crate::dates::today() - chrono::Days::new(3),
        now_ms: chrono::Utc::now().timestamp_millis() - 3 * 24 * 3600 * 1000,
    };
    assert!(Clock::made_at_ok(&made_at, behind));
    // Passed on by a laptop whose own clock is right: made today, a record of three days
    // ahead, and this laptop's own stamps since, which ran on from it.
    let relayed = Clock::now();
    assert_eq!(values::first_bad(&r, relayed), None);
    r.attempts[1].hlc =
        Some((ahead.timestamp_millis() + 2 * 24 * 3600 * 1000) << crate::store::COUNTER_BITS);
    assert_eq!(values::first_bad(&r, relayed), None);
    // A record more than a year past both clocks.
    let far_off = ahead + chrono::Duration::days(367);
    r.attempts[0].hlc = Some(far_off.timestamp_millis() << crate::store::COUNTER_BITS);
    let bad = values::first_bad(&r, bundle_clock).unwrap();
    assert_eq!((bad.field.as_str(), bad.rule), ("hlc", ValueRule::Stamp));
    assert!(
        bad.value.contains('T') && bad.value.contains("(stamp "),
        "{}",
        bad.value
    );
    // A training day more than a year past both.
    r.attempts[0].hlc = Some(ahead.timestamp_millis() << crate::store::COUNTER_BITS);
    r.attempts[0].date = crate::dates::iso(far_off.date_naive());
    let bad = values::first_bad(&r, bundle_clock).unwrap();
    assert_eq!(
        (bad.field.as_str(), bad.rule),
        ("date", ValueRule::PastDate)
    );
    // A bundle from two years after this laptop's time.
    let far = (chrono::Utc::now() + chrono::Duration::days(730))
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    assert!(!Clock::made_at_ok(&far, Clock::now()));
    assert!(!Clock::made_at_ok("2026-12-05 10:00:00Z", Clock::now()));
}

/// A laptop whose clock runs days ahead sends a bundle: it is taken, and the receipt says
/// the clock ran ahead and which records are dated after today here. The receiver passes
/// those records on in a bundle made by its own, right, clock: that bundle is taken too
/// (it used to be refused as carrying a stamp later than it was made, so one laptop with
/// a wrong clock stopped every exchange until the calendar caught up).
#[test]
fn records_from_a_laptop_whose_clock_runs_ahead_are_taken_said_and_passed_on() {
    let mut ahead_store = Store::open_in_memory().unwrap();
    crate::demo::load(&mut ahead_store, crate::dates::today()).unwrap();
    let key = InstallationKey::from_seed([9; 32], "Platoon 3");
    let made = export(&ahead_store, &key).unwrap();
    let mut records = open("b.muster", &made.bytes).unwrap().records;
    // The sender's clock three days ahead: a session logged "today" by it, stamped by it,
    // and the bundle made by it.
    let ahead = chrono::Utc::now() + chrono::Duration::days(3);
    let last = records.attempts.len() - 1;
    records.attempts[last].date = crate::dates::iso(ahead.date_naive());
    records.attempts[last].hlc = Some(ahead.timestamp_millis() << crate::store::COUNTER_BITS);
    let mut h = made.header.clone();
    h.made_at = ahead.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let bundle = resealed(&key, &h, &records);

    // A bundle made 200 days ahead carrying a stamp 400 days ahead (passed on from a laptop
    // further off still): refused here, by this laptop's clock, not the bundle's: taken,
    // it would make every bundle this laptop sends after refused by the others.
    let mut far = records.clone();
    let two_hundred = chrono::Utc::now() + chrono::Duration::days(200);
    let four_hundred = chrono::Utc::now() + chrono::Duration::days(400);
    far.attempts[0].hlc = Some(four_hundred.timestamp_millis() << crate::store::COUNTER_BITS);
    let mut fh = made.header.clone();
    fh.made_at = two_hundred.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    let e = open("far.muster", &resealed(&key, &fh, &far)).unwrap_err();
    assert!(
        matches!(
            e.problem(),
            Problem::BundleBadValue {
                rule: ValueRule::Stamp,
                ..
            }
        ),
        "{e}"
    );

    let mut hq = Store::open_in_memory().unwrap();
    let hq_key = InstallationKey::from_seed([10; 32], "HQ");
    let how = |trust| ImportOptions {
        dry_run: false,
        trust,
        by: "лейтенант Ким",
        own: None,
    };
    let got = receive(
        &mut hq,
        &open("b.muster", &bundle).unwrap(),
        &how(Some("Platoon 3")),
    )
    .unwrap();
    let said = got.clocks_apart.expect("said");
    assert_eq!(said.sender_ahead_days, 3, "{said:?}");
    assert_eq!(said.dated_later, 1);
    assert_eq!(said.latest_day, Some(crate::dates::iso(ahead.date_naive())));
    // Passed on by headquarters, whose clock is right.
    let relayed = export(&hq, &hq_key).unwrap();
    let mut company = Store::open_in_memory().unwrap();
    let got = receive(
        &mut company,
        &open("hq.muster", &relayed.bytes).unwrap(),
        &how(Some("HQ")),
    )
    .unwrap();
    assert!(got.added.records > 0);
    let said = got
        .clocks_apart
        .expect("the record dated ahead is said where it is new");
    assert_eq!((said.sender_ahead_days, said.dated_later), (0, 1));
    // Given --trust for a key already trusted: the name is not used, and said.
    let again = export(&hq, &hq_key).unwrap();
    let got = receive(
        &mut company,
        &open("hq2.muster", &again.bytes).unwrap(),
        &how(Some("Someone else")),
    )
    .unwrap();
    assert_eq!(got.trust_unused.as_deref(), Some("Someone else"));
    assert_eq!(
        got.clocks_apart, None,
        "already held: said once, when it arrived"
    );
    assert_eq!(got.trusted_as.as_deref(), Some("HQ"));
}
