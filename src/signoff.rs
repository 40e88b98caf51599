//! Validation sign-off: a validation team's decision freezes the report it was taken on
//! (its canonical JSON and SHA-256 are stored, never changed), and anything that changes
//! under that report afterwards can be named record by record.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::RecordState;
use crate::error::{Error, Problem, Result};
use crate::readiness;
use crate::report::{self, Change, ChangeKind, RecordRef, Report, Stamp};
use crate::signing::{self, Format, InstallationKey, SealError};
use crate::store::{CoveredRecord, NewValidation, RecordDetail, Store, StoredValidation};

/// Whether a record says something else now than when the report covered it. Reports
/// frozen before the detail was kept are compared on what they have.
fn rewritten(then: &CoveredRecord, now: &CoveredRecord) -> bool {
    (
        then.service_number.as_str(),
        then.module.as_str(),
        then.date,
        then.result,
    ) != (
        now.service_number.as_str(),
        now.module.as_str(),
        now.date,
        now.result,
    ) || then.detail.is_some() && then.detail != now.detail
}

/// The latest decision on a contingent and what changed since.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationState {
    pub validation: StoredValidation,
    pub changes: Vec<Change>,
    /// Ready out of personnel in the report signed off, and (when anything changed) as
    /// the records stand now, on the same report date: what the changes add up to.
    pub ready_then: report::Count,
    pub ready_now: Option<report::Count>,
}

impl ValidationState {
    pub fn changed(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// Records a decision on the contingent's report as of `v.as_of`, freezing that report.
pub fn validate(
    store: &mut Store,
    code: &str,
    v: &NewValidation,
    by: &str,
) -> Result<StoredValidation> {
    let r = report::build(store, code, v.as_of)?;
    let code = r.header.code.clone();
    // A decision stands on what the report says of a day of this rotation: not before its
    // training began, not after its tour, and not on a day after deployment still to come
    // (a decision on deployment day, taken in advance, is one).
    let h = &r.header;
    let last = h.tour_end.min(crate::dates::today().max(h.deploy_on));
    if v.as_of < h.training_start || v.as_of > last {
        return Err(Problem::ValidationDay {
            contingent: code,
            as_of: v.as_of.to_string(),
            first: h.training_start.to_string(),
            last: last.to_string(),
        }
        .into());
    }
    if r.personnel.is_empty() {
        return Err(Problem::NoOneToValidate { contingent: code }.into());
    }
    if r.hollow().is_some() {
        return Err(Problem::NoModulesToValidate { contingent: code }.into());
    }
    // The same decision again with nothing changed (a second click, the command run twice)
    // would freeze a second report for good: refused, naming the first.
    if let Some(prev) = latest_on(store, &code, v.as_of)? {
        let same = prev.decision == v.decision
            && prev.team.trim() == v.team.trim()
            && prev.validator.trim() == v.validator.trim()
            && prev.notes.trim() == v.notes.trim();
        if same && changes_since(store, &prev, &frozen_report(&prev)?)?.is_empty() {
            return Err(Error::Conflict(Problem::AlreadyDecided {
                id: prev.id.to_string(),
                at: prev.recorded_at,
            }));
        }
    }
    let json = report::canonical_json(&r);
    let sha = report::sha256_hex(&json);
    store.add_validation(&code, v, &json, &sha, by)
}

/// The frozen report of a recorded decision.
pub fn frozen_report(v: &StoredValidation) -> Result<Report> {
    report::from_json(&v.report_json)
}

/// The stamp a printed report carries, with what changed since the sign-off.
pub fn stamp(store: &Store, v: &StoredValidation) -> Result<Stamp> {
    let frozen = frozen_report(v)?;
    Ok(Stamp {
        id: v.id,
        decision: v.decision,
        team: v.team.clone(),
        validator: v.validator.clone(),
        notes: v.notes.clone(),
        recorded_at: v.recorded_at.clone(),
        recorded_by: v.recorded_by.clone(),
        sha256: v.report_sha256.clone(),
        changed_since: changes_since(store, v, &frozen)?,
    })
}

/// The report to print for a contingent as of a date: the frozen one with its stamp when
/// a decision was taken on that date (the latest such), else the live one.
pub fn report_for(store: &Store, code: &str, as_of: NaiveDate) -> Result<Report> {
    match latest_on(store, code, as_of)? {
        Some(v) => {
            let mut r = frozen_report(&v)?;
            r.validation = Some(stamp(store, &v)?);
            Ok(r)
        }
        None => report::build(store, code, as_of),
    }
}

/// The latest decision taken on a contingent as of a date, if any.
fn latest_on(store: &Store, code: &str, as_of: NaiveDate) -> Result<Option<StoredValidation>> {
    Ok(store
        .validations(code)?
        .into_iter()
        .rev()
        .find(|v| v.as_of == as_of))
}

/// "Changed since validation" for the app: the latest decision and what changed since.
pub fn status(store: &Store, code: &str) -> Result<Option<ValidationState>> {
    let Some(v) = store.validations(code)?.pop() else {
        return Ok(None);
    };
    let frozen = frozen_report(&v)?;
    let (changes, ready_now) = compared_since(store, &v, &frozen)?;
    Ok(Some(ValidationState {
        validation: v,
        changes,
        ready_then: frozen.summary.total,
        ready_now,
    }))
}

/// Everything that differs between a frozen report and the records as they stand now,
/// as of the frozen report date. Empty means unchanged. For a report made from this
/// database (its chain entry pinned here).
pub fn changes(store: &Store, frozen: &Report) -> Result<Vec<Change>> {
    let mut out = history_rewritten(store, frozen)?;
    out.extend(record_changes(store, frozen)?.0);
    Ok(out)
}

/// What changed since a decision, on whichever laptop asks. The records are compared
/// everywhere (their ids are global); the chain entry the report pinned only where the
/// decision was taken: another laptop's chain numbers its entries its own way, and
/// comparing with it would report a change that is not there.
pub fn changes_since(store: &Store, v: &StoredValidation, frozen: &Report) -> Result<Vec<Change>> {
    Ok(compared_since(store, v, frozen)?.0)
}

/// `changes_since`, and, when anything changed, ready out of personnel on the decision's
/// report date as the records stand now (what the changes add up to), from the same
/// reading of the records.
pub fn compared_since(
    store: &Store,
    v: &StoredValidation,
    frozen: &Report,
) -> Result<(Vec<Change>, Option<report::Count>)> {
    // A later decision on the same report date first: it is what a reader of this one
    // must hear before any record (verify, `validations`, the app's list alike).
    let mut out: Vec<Change> = later_decision(store, v)?.into_iter().collect();
    if store.validated_here(&v.report_sha256)? {
        out.extend(history_rewritten(store, frozen)?);
    }
    let (records, now) = record_changes(store, frozen)?;
    out.extend(records);
    let now = (!out.is_empty()).then_some(now);
    Ok((out, now))
}

/// The chain entry a report pinned, compared with the database: (now, then) when it
/// differs. Catches a rewrite that recomputed every hash after it.
fn history_rewritten(store: &Store, frozen: &Report) -> Result<Vec<Change>> {
    let Some(pinned) = &frozen.chain else {
        return Ok(Vec::new());
    };
    let now = store.chain_entry(pinned.seq)?;
    if now.as_deref() == Some(pinned.hash.as_str()) {
        return Ok(Vec::new());
    }
    Ok(vec![Change {
        name: Some(format!("#{}", pinned.seq)),
        hashes: Some((now.unwrap_or_default(), pinned.hash.clone())),
        ..Change::new(ChangeKind::History, "")
    }])
}

/// The changes of the records under a frozen report, and ready out of personnel as they
/// stand now on its report date.
fn record_changes(store: &Store, frozen: &Report) -> Result<(Vec<Change>, report::Count)> {
    let code = &frozen.header.code;
    let as_of = frozen.header.as_of;
    let now = store.covered_records(code, as_of)?;
    let now_by_id: HashMap<&str, &CoveredRecord> = now.iter().map(|r| (r.id.as_str(), r)).collect();
    let then_ids: BTreeSet<&str> = frozen.records.iter().map(|r| r.id.as_str()).collect();
    let mut out = Vec::new();
    let mut replacements = BTreeSet::new();
    for old in &frozen.records {
        let change = |kind| Change {
            module: Some(old.module.clone()),
            record: Some(old.into()),
            ..Change::new(kind, &old.service_number)
        };
        let Some(cur) = now_by_id.get(old.id.as_str()) else {
            // A record that no longer counts (a module retired, a person off the roster)
            // is a change only if it counted at the sign-off: a voided or corrected one
            // moved nothing then and moves nothing now.
            if old.state == RecordState::Active {
                out.push(change(ChangeKind::Dropped));
            }
            continue;
        };
        if cur.state == old.state {
            if rewritten(old, cur) {
                out.push(Change {
                    replacement: Some((*cur).into()),
                    ..change(ChangeKind::Rewritten)
                });
            }
            continue;
        }
        match cur.state {
            RecordState::Voided => out.push(change(ChangeKind::Voided)),
            // Corrected, maybe more than once: the line goes from the signed-off record to
            // the one that counts now (a fail after two corrections reads as a fail), and
            // the records between are no separate lines.
            RecordState::Superseded => {
                let (counting, between) = counts_now_for(store, &old.id)?;
                replacements.extend(between);
                match counting {
                    Some(h) => out.push(Change {
                        replacement: Some(RecordRef {
                            id: h.attempt.id,
                            date: h.attempt.date,
                            result: h.attempt.result,
                            detail: Some(RecordDetail {
                                score: h.attempt.score,
                                hours: h.attempt.hours,
                                instructor: h.attempt.instructor,
                            }),
                        }),
                        ..change(ChangeKind::Amended)
                    }),
                    // Its last correction voided: nothing of it counts.
                    None => out.push(change(ChangeKind::Voided)),
                }
            }
            // A record cannot become active again; if the database says so, say it.
            RecordState::Active => out.push(change(ChangeKind::Amended)),
        }
    }
    for cur in &now {
        // New since, and counting now: a record added and withdrawn since, or a correction
        // that lost a conflict, moves nothing.
        if then_ids.contains(cur.id.as_str())
            || replacements.contains(&cur.id)
            || cur.state != RecordState::Active
        {
            continue;
        }
        out.push(Change {
            module: Some(cur.module.clone()),
            record: Some(cur.into()),
            ..Change::new(ChangeKind::Added, &cur.service_number)
        });
    }
    let input = store.readiness_input(code)?;
    let now = readiness::compute(&input, as_of);
    out.extend(standing_changes(&now, frozen));
    // Person by person, by service number, each person's lines in the order they explain
    // each other (off the roster first, then details, records, standing); the frame before
    // them all: a module gone or a deployment day moved explains the lines after it.
    out.sort_by_cached_key(|c| (c.service_number.to_uppercase(), kind_rank(c.kind)));
    out.splice(0..0, frame_changes(&input, frozen));
    let ready = report::Count {
        personnel: now.summary.personnel,
        ready: now.summary.ready,
        percent: now.summary.percent,
    };
    Ok((out, ready))
}

/// The record that counts now in place of `id` (following its corrections to the last),
/// None when the chain ends in a voiding or a correction that lost a conflict; and every
/// record after `id` on the way.
fn counts_now_for(
    store: &Store,
    id: &str,
) -> Result<(Option<crate::domain::HistoryEntry>, Vec<String>)> {
    let mut between = Vec::new();
    let mut h = store.attempt(id)?;
    // A chain is as long as the corrections of one record; the bound only stops a loop a
    // tampered file could make (`muster check` names it).
    for _ in 0..10_000 {
        match (h.state, h.superseded_by.clone()) {
            (RecordState::Active, _) => return Ok((Some(h), between)),
            (RecordState::Superseded, Some(by)) => {
                between.push(by.clone());
                h = store.attempt(&by)?;
            }
            _ => return Ok((None, between)),
        }
    }
    Ok((None, between))
}

/// Where a change stands among one person's.
fn kind_rank(k: ChangeKind) -> u8 {
    match k {
        ChangeKind::Left | ChangeKind::Joined => 0,
        ChangeKind::Details => 1,
        ChangeKind::Amended | ChangeKind::Voided | ChangeKind::Rewritten => 2,
        ChangeKind::Added | ChangeKind::Dropped => 3,
        ChangeKind::Status => 4,
        ChangeKind::Altered | ChangeKind::History | ChangeKind::Decision => 5,
        ChangeKind::Contingent | ChangeKind::Curriculum => 6,
    }
}

/// The report's frame as it reads now against the frozen one: the contingent's details
/// (a mission, a deployment day moved after the sign-off) and the modules it lists (a
/// title, a kind, a validity changed; a module added or gone). Each one line, said before
/// the people whose standing it moved.
fn frame_changes(input: &crate::store::ReadinessInput, frozen: &Report) -> Vec<Change> {
    let (then, now) = (&frozen.header, &input.contingent);
    let mut out = Vec::new();
    let mut diff =
        |kind: ChangeKind, module: Option<&str>, field: &str, was: String, is: String| {
            if was != is {
                out.push(Change {
                    module: module.map(str::to_string),
                    detail: Some(report::DetailDiff {
                        field: field.to_string(),
                        was,
                        now: is,
                    }),
                    ..Change::new(kind, "")
                });
            }
        };
    let c = ChangeKind::Contingent;
    diff(c, None, "name", then.name.clone(), now.name.clone());
    diff(
        c,
        None,
        "mission",
        then.mission.clone(),
        now.mission.clone(),
    );
    diff(
        c,
        None,
        "parent_unit",
        then.parent_unit.clone(),
        now.parent_unit.clone(),
    );
    let day = |d: NaiveDate| crate::dates::iso(d);
    diff(
        c,
        None,
        "training_start",
        day(then.training_start),
        day(now.training_start),
    );
    diff(
        c,
        None,
        "deploy_on",
        day(then.deploy_on),
        day(now.deploy_on),
    );
    diff(
        c,
        None,
        "tour_months",
        then.tour_months.to_string(),
        now.tour_months.to_string(),
    );
    let now_modules = report::module_infos(input);
    let by_code: BTreeMap<&str, &report::ModuleInfo> =
        now_modules.iter().map(|m| (m.code.as_str(), m)).collect();
    let m = ChangeKind::Curriculum;
    let months = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    for old in &frozen.modules {
        let code = Some(old.code.as_str());
        let Some(cur) = by_code.get(old.code.as_str()) else {
            diff(m, code, "module", old.title.clone(), String::new());
            continue;
        };
        diff(m, code, "title", old.title.clone(), cur.title.clone());
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        diff(m, code, "title_ru", opt(&old.title_ru), opt(&cur.title_ru));
        diff(m, code, "title_kk", opt(&old.title_kk), opt(&cur.title_kk));
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        diff(
            m,
            code,
            "per_rotation",
            yes_no(old.per_rotation),
            yes_no(cur.per_rotation),
        );
        diff(
            m,
            code,
            "validity_months",
            months(old.validity_months),
            months(cur.validity_months),
        );
        // Carried by reports made since stop 36; an older frozen one says nothing of them.
        if let (Some(then), Some(now)) = (&old.rules, &cur.rules) {
            // None named is everyone: said as the three, so a narrowing reads as one.
            let who = |r: &report::ModuleRules| {
                crate::domain::Category::ALL
                    .iter()
                    .filter(|c| r.applies_to.is_empty() || r.applies_to.contains(c))
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            diff(m, code, "applies_to", who(then), who(now));
            let mark =
                |r: &report::ModuleRules| r.pass_mark.map(|p| p.to_string()).unwrap_or_default();
            diff(m, code, "pass_mark", mark(then), mark(now));
        }
    }
    let then_codes: BTreeSet<&str> = frozen.modules.iter().map(|m| m.code.as_str()).collect();
    for cur in &now_modules {
        if !then_codes.contains(cur.code.as_str()) {
            diff(
                m,
                Some(&cur.code),
                "module",
                String::new(),
                cur.title.clone(),
            );
        }
    }
    out
}

/// Roster and readiness recomputed as of the frozen date, person by person.
fn standing_changes(now: &readiness::Readiness, frozen: &Report) -> Vec<Change> {
    let then: BTreeMap<&str, &report::PersonRow> = frozen
        .personnel
        .iter()
        .map(|p| (p.service_number.as_str(), p))
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for p in &now.personnel {
        seen.insert(p.service_number.as_str());
        let Some(old) = then.get(p.service_number.as_str()) else {
            out.push(Change {
                name: Some(p.family_name.clone()),
                ..Change::new(ChangeKind::Joined, &p.service_number)
            });
            continue;
        };
        out.extend(detail_changes(old, p));
        for (code, s) in &p.modules {
            let then = old.modules.get(code);
            let before = then.map(|m| m.status);
            if before != Some(s.status) {
                out.push(Change {
                    module: Some(code.to_string()),
                    was: before,
                    now: Some(s.status),
                    was_lapses: then.is_some_and(|m| m.lapses_before_deployment),
                    now_lapses: s.lapses_before_deployment,
                    as_of: Some(frozen.header.as_of),
                    ..Change::new(ChangeKind::Status, &p.service_number)
                });
            }
        }
    }
    for p in &frozen.personnel {
        if !seen.contains(p.service_number.as_str()) {
            out.push(Change {
                name: Some(p.family_name.clone()),
                ..Change::new(ChangeKind::Left, &p.service_number)
            });
        }
    }
    out
}

/// A person's details as the frozen report printed them against how they read now, one
/// change per field: a soldier moved to another platoon after the sign-off moves the
/// report's figures by unit, though no record changed.
fn detail_changes(then: &report::PersonRow, now: &readiness::PersonReadiness) -> Vec<Change> {
    let pairs = [
        (
            "family_name",
            then.family_name.clone(),
            now.family_name.clone(),
        ),
        (
            "given_name",
            then.given_name.clone(),
            now.given_name.clone(),
        ),
        (
            "patronymic",
            then.patronymic.clone().unwrap_or_default(),
            now.patronymic.clone().unwrap_or_default(),
        ),
        ("rank", then.rank.clone(), now.rank.clone()),
        (
            "category",
            then.category.as_str().to_string(),
            now.category.as_str().to_string(),
        ),
        (
            "gender",
            then.gender.as_str().to_string(),
            now.gender.as_str().to_string(),
        ),
        ("role", then.role.clone(), now.role.clone()),
        ("unit", then.unit.clone(), now.unit.clone()),
    ];
    pairs
        .into_iter()
        .filter(|(_, was, now)| was != now)
        .map(|(field, was, now)| Change {
            detail: Some(report::DetailDiff {
                field: field.to_string(),
                was,
                now,
            }),
            ..Change::new(ChangeKind::Details, &then.service_number)
        })
        .collect()
}

/// How this laptop knows the key that signed a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "known", rename_all = "snake_case")]
pub enum KnownAs {
    /// This installation's own key.
    ThisInstallation { name: String },
    /// A key this database was told to trust (`muster key trust`), by the name it was given.
    Trusted { name: String },
    /// A key this laptop does not know: only the name the file gives itself.
    Unknown,
}

/// Who signed a report file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignedBy {
    /// `3F2A 9C01 77DE 5B40`.
    pub fingerprint: String,
    /// The name the signing installation gave itself in the file (its own claim).
    pub claimed_name: String,
    pub known_as: KnownAs,
}

impl SignedBy {
    /// "KAZBAT-4 training office (this installation's key 3F2A …)", "INDBATT validation team
    /// (trusted key …)", "an unknown key … (it calls itself "…")".
    pub fn describe(&self) -> String {
        match &self.known_as {
            KnownAs::ThisInstallation { name } => {
                format!("{name} (this installation's key {})", self.fingerprint)
            }
            KnownAs::Trusted { name } => format!("{name} (trusted key {})", self.fingerprint),
            KnownAs::Unknown => format!(
                "a key unknown to this laptop, {} (it calls itself {:?}); if its owner reads you the same fingerprint, trust it with: muster key trust \"{}\" --name NAME",
                self.fingerprint, self.claimed_name, self.fingerprint
            ),
        }
    }
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub format: Format,
    /// The file is exactly as Muster issued it, signed by this key.
    pub signed_by: SignedBy,
    /// Whether the records were compared: the file came from this database (or its
    /// sign-off reached it) and carries a report or a sign-off to compare them with.
    pub records_checked: bool,
    /// The file was issued from this database (a PDF or HTML working copy from it still
    /// cannot be compared: it carries no report).
    pub issued_here: bool,
    /// The frozen report's hash (signed-off reports), or the JSON's own content hash.
    pub sha256: Option<String>,
    /// The decision the file was signed off by, if the database recorded one.
    pub validation: Option<StoredValidation>,
    pub changes: Vec<Change>,
    /// The file carries a sign-off (a validation decision and the frozen report's hash);
    /// false for a working copy. Read from the file itself, so it is said on any laptop.
    pub signed_off: bool,
    /// The decision a JSON report carries, as the file says it (signed with it): what a
    /// laptop without the issuing database can still tell the validator.
    pub carried: Option<CarriedDecision>,
}

/// A sign-off as a signed JSON report states it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CarriedDecision {
    pub decision: crate::domain::Decision,
    pub team: String,
    pub validator: String,
    /// UTC timestamp of the sign-off.
    pub recorded_at: String,
    /// The report date the decision was taken on.
    pub as_of: NaiveDate,
    pub sha256: String,
}

impl Verdict {
    pub fn unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The largest report file `verify` reads: a JSON report takes about 4 KB a person, so this
/// is a contingent of some 250,000. Past it a file is refused unread (`input::read_whole`).
pub const MAX_REPORT_BYTES: u64 = 1 << 30;

/// Reads a report file handed in to be verified: a regular file of at most
/// `MAX_REPORT_BYTES`, whatever its name says.
pub fn read_report_file(path: &std::path::Path) -> Result<Vec<u8>> {
    crate::input::read_whole(path, MAX_REPORT_BYTES)
}

/// Checks a report file (PDF, HTML or JSON): first that it is exactly as Muster issued it,
/// with a valid signature (any other file is refused with one line saying what is wrong);
/// then, when it came from this database, every record changed under it since.
/// `own` is this installation's key, if it has one, to recognise its own signature.
pub fn verify(store: &Store, file: &[u8], own: Option<&InstallationKey>) -> Result<Verdict> {
    let sealed = signing::open(file)?;
    // A JSON file carries its report; a signed document that is no report is refused as one.
    let carried = match &sealed.json {
        Some(text) => Some(report::from_json(text).map_err(|_| SealError::NotAReport)?),
        None => None,
    };
    let fingerprint = sealed.fingerprint();
    let known_as = match (own, store.trusted_key(&fingerprint)?) {
        (Some(k), _) if k.public_key() == sealed.public_key => KnownAs::ThisInstallation {
            name: k.name().to_string(),
        },
        (_, Some(t)) => KnownAs::Trusted { name: t.name },
        _ => KnownAs::Unknown,
    };
    // A file that names itself as another key known here is refused, whether its own key
    // is unknown or trusted under a name of its own: it would print one name and verify as
    // another's.
    if !matches!(known_as, KnownAs::ThisInstallation { .. }) {
        if let Some(known) =
            crate::key_names::taken_by(store, own, &sealed.signer_name, &fingerprint.full_hex())?
        {
            return Err(Problem::SignerNameTaken {
                claimed: crate::problem::shown(&sealed.signer_name, crate::problem::SHOWN_CHARS),
                fingerprint: fingerprint.short(),
                known,
            }
            .into());
        }
    }
    let mut verdict = Verdict {
        format: sealed.format,
        signed_by: SignedBy {
            fingerprint: fingerprint.short(),
            claimed_name: sealed.signer_name.clone(),
            known_as,
        },
        records_checked: false,
        sha256: sealed.report_sha256.clone(),
        validation: None,
        changes: Vec::new(),
        issued_here: false,
        signed_off: match &carried {
            Some(r) => r.validation.is_some(),
            None => sealed.report_sha256.is_some(),
        },
        carried: carried.as_ref().and_then(|r| {
            r.validation.as_ref().map(|s| CarriedDecision {
                decision: s.decision,
                team: s.team.clone(),
                validator: s.validator.clone(),
                recorded_at: s.recorded_at.clone(),
                as_of: r.header.as_of,
                sha256: s.sha256.clone(),
            })
        }),
    };
    // A report issued on another laptop: its records are compared here when the decision
    // it was signed off by reached this one by sync (a decision is recognised by every
    // laptop that holds it, as `validations` compares it); a working copy made elsewhere,
    // or a sign-off not received, cannot be.
    verdict.issued_here = store.identities()?.contains(&sealed.database_id);
    if !verdict.issued_here {
        let frozen = match &carried {
            Some(r) if r.validation.is_some() => {
                Some(report::sha256_hex(&report::canonical_json(r)))
            }
            Some(_) => None,
            None => sealed.report_sha256.clone(),
        };
        let held = match frozen {
            Some(sha) => !store.validations_by_sha256(&sha)?.is_empty(),
            None => false,
        };
        if !held {
            return Ok(verdict);
        }
    }
    verdict.records_checked = true;
    if let Some(r) = &carried {
        // A JSON carries its report: compare it whether or not it was signed off.
        let sha = report::sha256_hex(&report::canonical_json(r));
        if let Some(stamp) = &r.validation {
            if stamp.sha256 != sha {
                verdict.changes.push(Change {
                    hashes: Some((sha.clone(), stamp.sha256.clone())),
                    ..Change::new(ChangeKind::Altered, "")
                });
            }
        }
        // A report signed off is compared as the decision is, wherever it was taken (a
        // frozen report received by sync pins the deciding laptop's chain); a working copy
        // was made from these records, its pin with them.
        verdict.validation = store.validations_by_sha256(&sha)?.pop();
        verdict.changes.extend(match &verdict.validation {
            Some(v) => changes_since(store, v, r)?,
            None => changes(store, r)?,
        });

        verdict.sha256 = Some(sha);
        return Ok(verdict);
    }
    // A PDF or HTML working copy (no decision on it) is exactly as issued, but carries no
    // report to compare the records with: said, not refused.
    let Some(sha) = sealed.report_sha256 else {
        verdict.records_checked = false;
        return Ok(verdict);
    };
    let v = store
        .validations_by_sha256(&sha)?
        .pop()
        .ok_or_else(|| Problem::NeverSignedOff {
            sha256: sha.clone(),
        })?;
    verdict.changes = changes_since(store, &v, &frozen_report(&v)?)?;
    verdict.validation = Some(v);
    Ok(verdict)
}

/// The decision that replaced `v`, when a later one was taken on the same contingent and
/// report date: a file signed off as validated and then withdrawn must not verify as
/// standing.
fn later_decision(store: &Store, v: &StoredValidation) -> Result<Option<Change>> {
    Ok(latest_on(store, &v.contingent, v.as_of)?
        .filter(|l| l.id != v.id)
        .map(|l| Change {
            name: Some(format!(
                "validation #{} ({}, {} by {}, {})",
                l.id,
                l.decision.as_str(),
                l.recorded_at,
                l.validator,
                l.team
            )),
            ..Change::new(ChangeKind::Decision, "")
        }))
}

/// Finds the report hash a PDF was stamped with (its metadata keywords, written as
/// plain ASCII so they can be read back without a PDF parser).
pub fn pdf_marker(file: &[u8]) -> Option<String> {
    signing::marker_value(file, signing::PDF_MARKER).filter(|h| h.len() == 64)
}
