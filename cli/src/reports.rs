//! The report, sign-off and expiry commands: parse, call the core, say what was done.

use muster::due::DueLine;
use muster::report::{self, html::Signatories};
use muster::signing::{self, InstallationKey};
use muster::signoff::Verdict;
use muster::store::NewValidation;
use muster::{dates, due, paths, problem::Problem, signoff, Error, Result, Store};

use super::args::{
    DueArgs, ReportArgs, ReportFormat, Shape, ValidateArgs, ValidationsArgs, VerifyArgs,
};
use super::render::TextTable;

fn as_of(s: &Option<String>) -> Result<chrono::NaiveDate> {
    match s {
        Some(s) => super::commands::date_arg("as-of", s),
        None => Ok(dates::today()),
    }
}

/// The report's format: as given, else as `--out`'s ending names it. A PDF written to a
/// file named `.html` (or any such mix) opens as nonsense, so a format and an ending that
/// disagree are refused.
fn report_format(a: &ReportArgs) -> Result<ReportFormat> {
    let named = a.out.as_deref().and_then(ReportFormat::of_file);
    match (a.format, named) {
        (Some(f), Some(n)) if f != n => Err(Error::invalid(format!(
            "--format {} but --out {} ends in .{}: give the file a .{} ending, or leave --format out",
            f.name(),
            a.out.as_ref().map(|p| p.display().to_string()).unwrap_or_default(),
            n.name(),
            f.name()
        ))),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Err(Error::invalid(
            "which format? give --format pdf, html or json (or an --out file ending in .pdf, .html or .json)",
        )),
    }
}

pub fn report(store: &Store, a: ReportArgs) -> Result<String> {
    let chosen = report_format(&a)?;
    // Refused before anything is said or signed.
    if chosen == ReportFormat::Pdf && a.out.is_none() {
        return Err(Error::invalid("--out FILE is required for a PDF"));
    }
    let lang = a.lang.0;
    let r = signoff::report_for(store, &a.code, as_of(&a.as_of)?)?;
    let sig = Signatories::new(
        a.training_officer.as_deref().unwrap_or(""),
        a.commander.as_deref().unwrap_or(""),
    )?;
    let format = match chosen {
        ReportFormat::Json => signing::Format::Json,
        ReportFormat::Html => signing::Format::Html,
        ReportFormat::Pdf => signing::Format::Pdf,
    };
    let key = InstallationKey::load_or_create(&paths::app_data_dir())?;
    let bytes = report::issue(&r, format, lang, &sig, &key, &store.database_id()?)?;
    // A decision was taken on this date: the report is the one frozen then, which the
    // records may no longer match. Said on the error stream, so the file or output stays
    // as issued.
    if let Some(s) = r
        .validation
        .as_ref()
        .filter(|s| !s.changed_since.is_empty())
    {
        say!(
            "note: this is the report as signed off ({}); the records changed since: {} (`muster validations {}`); a report as of another date shows them as they are",
            s.decision,
            super::render::count(s.changed_since.len(), "change", "changes"),
            a.code.trim()
        );
    }
    // A day still to come reads today's records as of then: no training after today is
    // in it, and certificates lapse as they would. Useful (who lapses by deployment day),
    // but not a fact yet.
    let today = dates::today();
    if r.header.as_of > today {
        say!(
            "note: the report date {} is after today ({today}): a projection of the records held today, with no training after today in it",
            r.header.as_of
        );
    }
    let Some(out) = a.out else {
        return Ok(String::from_utf8(bytes).expect("text formats are UTF-8"));
    };
    muster::output::write_bytes(&out, store.path(), &bytes)?;
    let signed = match &r.validation {
        Some(s) => format!(" — signed off: {} (SHA-256 {})", s.decision, s.sha256),
        None => String::new(),
    };
    Ok(format!(
        "wrote {}: {} as of {}, {}, {} ready{signed}\nsigned with this installation's key {} ({})\n",
        out.display(),
        r.header.code,
        r.header.as_of,
        super::render::count(r.summary.total.personnel, "person", "people"),
        r.summary.total.ready,
        key.fingerprint(),
        key.name()
    ))
}

pub fn validate(store: &mut Store, a: ValidateArgs) -> Result<String> {
    let v = NewValidation {
        as_of: as_of(&a.as_of)?,
        team: a.team,
        validator: a.validator,
        decision: a.decision.parse()?,
        notes: a.notes,
    };
    let s = signoff::validate(store, &a.code, &v, &a.by)?;
    // What was signed off, in figures: a "validated" over people not ready is a decision
    // a team may take, but it should be seen taking it.
    let frozen = signoff::frozen_report(&s)?;
    let total = &frozen.summary.total;
    let ready = format!(
        "{} of {} ready ({:.1} %)",
        total.ready, total.personnel, total.percent
    );
    let note = if v.decision == muster::domain::Decision::Validated && total.ready < total.personnel
    {
        format!(
            "note: validated with {} not ready as of {}: the report lists who, and for what\n",
            total.personnel - total.ready,
            s.as_of
        )
    } else {
        String::new()
    };
    Ok(format!(
        "validation #{} recorded: {} as of {} {} by {} ({}); {ready}\n{note}report frozen: SHA-256 {}\nprint it with: muster report {} --as-of {} --format pdf --out FILE\n",
        s.id, s.contingent, s.as_of, s.decision, s.validator, s.team, s.report_sha256, s.contingent, s.as_of
    ))
}

pub fn validations(store: &Store, a: ValidationsArgs) -> Result<String> {
    let all = store.validations(&a.code)?;
    let mut rows = Vec::new();
    for v in &all {
        let changes = signoff::changes_since(store, v, &signoff::frozen_report(v)?)?;
        rows.push((v, changes));
    }
    if a.format == Shape::Json {
        let list: Vec<_> = rows
            .iter()
            .map(|(v, c)| serde_json::json!({"validation": v, "changes": c}))
            .collect();
        return Ok(serde_json::to_string_pretty(&list).expect("serialisable") + "\n");
    }
    if all.is_empty() {
        return Ok(format!("{} has not been validated yet\n", a.code.trim()));
    }
    let mut t = TextTable::new([
        "#",
        "as of",
        "decision",
        "validator",
        "team",
        "recorded (UTC)",
        "by",
        "sha-256",
        "changed since",
    ]);
    for (v, c) in &rows {
        t.row([
            v.id.to_string(),
            v.as_of.to_string(),
            v.decision.to_string(),
            v.validator.clone(),
            v.team.clone(),
            v.recorded_at.clone(),
            v.recorded_by.clone(),
            v.report_sha256[..16].to_string(),
            match c
                .iter()
                .find(|c| c.kind == muster::report::ChangeKind::Decision)
            {
                Some(_) if c.len() == 1 => "replaced by a later decision".into(),
                Some(_) => format!(
                    "replaced by a later decision; {}",
                    super::render::count(c.len() - 1, "change", "changes")
                ),
                None if c.is_empty() => "unchanged".into(),
                None => super::render::count(c.len(), "change", "changes"),
            },
        ]);
    }
    Ok(t.render())
}

pub fn verify(store: &Store, a: VerifyArgs) -> Result<String> {
    let bytes = signoff::read_report_file(&a.file)?;
    // Reading never makes a key; a key file that cannot be read only means this
    // installation's own signature is not recognised as its own.
    let own = InstallationKey::load(&paths::app_data_dir()).ok().flatten();
    // The name as given, with a line break or a control character in it written out: no
    // name can make the verdict's one line read as another.
    let file = muster::problem::shown(&a.file.display().to_string(), 200);
    let v = signoff::verify(store, &bytes, own.as_ref()).map_err(|e| match e {
        Error::Invalid(p) => Error::invalid(format!("{file}: {p}")),
        other => other,
    })?;
    let signed = format!("signed by {}", v.signed_by.describe());
    if !v.records_checked {
        let stamp = match (&v.carried, v.signed_off) {
            (Some(d), _) => format!(
                "signed off: {} by {} ({}) at {}, on the report as of {}; frozen report SHA-256 {}",
                d.decision.as_str(),
                d.validator,
                d.team,
                d.recorded_at,
                d.as_of,
                d.sha256
            ),
            (None, true) => format!(
                "signed off: it carries a validation decision (printed on its first page) and the hash of the report it froze, SHA-256 {}",
                v.sha256.as_deref().unwrap_or("")
            ),
            (None, false) => {
                "not signed off: a working copy, with no validation decision on it".to_string()
            }
        };
        let why = if v.issued_here {
            "records not compared: a PDF or HTML working copy carries no report to compare them with until a validation decision freezes one; save the report as JSON to compare them now"
        } else {
            "records not checked: it was issued from another database; only that database can say whether its records changed since"
        };
        return Ok(format!(
            "signature valid: {file} is exactly as Muster issued it ({})\n{signed}\n{stamp}\n{why}\n",
            v.format
        ));
    }
    let decision = decision_line(&v);
    // Signed off elsewhere and compared here: only as far as this laptop's records go.
    let held = if v.issued_here {
        String::new()
    } else {
        // How far they go: when the newest bundle received was made, not received (a
        // bundle carried for days holds nothing of those days).
        match store.newest_bundle()? {
            Some(p) => format!(
                "\ncompared with the records this laptop holds: the newest bundle received was made at {} by «{}» (received {}); a change made on another laptop since shows here once its bundle arrives",
                p.last_made,
                muster::problem::shown(p.trusted_as.as_deref().unwrap_or(&p.name), 60),
                p.last_received
            ),
            None => "\ncompared with the records this laptop holds".to_string(),
        }
    };
    if v.unchanged() {
        return Ok(format!(
            "unchanged: {file} matches the database\n{signed}\n{decision}{held}\n"
        ));
    }
    let lines: Vec<String> = v.changes.iter().map(|c| format!("  {c}")).collect();
    Err(Error::Conflict(Problem::other(format!(
        "changed: {file} no longer matches the database ({} since {}; {decision}; {signed}):\n{}",
        super::render::count(v.changes.len(), "change", "changes"),
        if v.validation.is_some() {
            "sign-off"
        } else {
            "it was issued"
        },
        lines.join("\n") + &held
    ))))
}

fn decision_line(v: &Verdict) -> String {
    let sha = v.sha256.as_deref().unwrap_or("");
    match &v.validation {
        Some(s) => format!(
            "report SHA-256 {sha}; validation #{} ({}, {} by {}, as of {})",
            s.id, s.decision, s.recorded_at, s.validator, s.as_of
        ),
        None => format!("report SHA-256 {sha}; no sign-off recorded for this report"),
    }
}

pub fn due(store: &Store, a: DueArgs) -> Result<String> {
    let as_of = as_of(&a.as_of)?;
    let c = store.contingent(&a.code)?;
    let input = store.readiness_input(&c.code)?;
    let r = muster::readiness::compute(&input, as_of);
    if let Some(p) = r.hollow() {
        say!("muster: warning: {p}");
    }
    let list = due::due_of(&input, &r, a.within);
    if a.format == Shape::Json {
        return Ok(serde_json::to_string_pretty(&list).expect("serialisable") + "\n");
    }
    // From deployment day on no retake is possible: what runs out in the tour, as the
    // dashboard lists it.
    if due::deployed(as_of, c.deploy_on) {
        let lapsing = due::list(&list, None, c.deploy_on);
        let mut out = format!(
            "{} deployed on {}: no retake is possible now; certificates that run out during the tour (to {}):\n",
            c.code,
            c.deploy_on,
            c.tour_end()
        );
        if lapsing.is_empty() {
            out.push_str("none\n");
            return Ok(out);
        }
        let mut t = TextTable::new(["lapses on", "module", "service no.", "rank", "name", "unit"]);
        for d in lapsing {
            t.row([
                d.expires_on.to_string(),
                d.module.clone(),
                d.service_number.clone(),
                d.rank.clone(),
                d.name.clone(),
                d.unit.clone(),
            ]);
        }
        out.push_str(&t.render());
        return Ok(out);
    }
    // Retakes of what was failed or never taken are not expiry warnings, but a reader of
    // "who must retake what" must not take this list for all of them.
    let also = unmet_note(&r, &c.code);
    if list.is_empty() {
        return Ok(format!(
            "nobody must retake anything to stay valid through the tour\n{also}"
        ));
    }
    let mut out = String::new();
    let mut band = None;
    let mut t: Option<TextTable> = None;
    for d in &list {
        if band != Some(d.band) {
            if let Some(t) = t.take() {
                out.push_str(&t.render());
                out.push('\n');
            }
            out.push_str(&format!("== {} ==\n", d.band.label()));
            band = Some(d.band);
            t = Some(TextTable::new([
                "retake by",
                "not before",
                "days left",
                "module",
                "expires",
                "service no.",
                "rank",
                "name",
                "unit",
            ]));
        }
        // Never "retake by" a day already past, never a negative count of days (as the
        // dashboard says it: `due::line`).
        let (when, days) = match d.line {
            DueLine::RetakeBy => (d.due_by.to_string(), d.days_left.to_string()),
            DueLine::LapsedOn => (format!("lapsed {}", d.expires_on), String::new()),
            DueLine::LapsesOn => (
                format!("no day left (lapses {})", d.expires_on),
                String::new(),
            ),
        };
        let not_before = match (d.not_before, d.short_of_tour) {
            (Some(n), _) => n.to_string(),
            (None, Some(lapses)) => format!("any day; still lapses {lapses}, in the tour"),
            (None, None) => String::new(),
        };
        t.as_mut().expect("started above").row([
            when,
            not_before,
            days,
            d.module.clone(),
            d.expires_on.to_string(),
            d.service_number.clone(),
            d.rank.clone(),
            d.name.clone(),
            d.unit.clone(),
        ]);
    }
    if let Some(t) = t {
        out.push_str(&t.render());
    }
    out.push_str(&also);
    Ok(out)
}

/// "also: 3 modules failed and 5 never taken, by 6 people …": what `due` does not list
/// (it lists certificates that lapse), said after it; empty when there is none.
fn unmet_note(r: &muster::readiness::Readiness, code: &str) -> String {
    use muster::rules::Status;
    let (mut failed, mut missing, mut people) = (0, 0, 0);
    for p in &r.personnel {
        let before = failed + missing;
        for (_, s) in p.modules.iter() {
            match s.status {
                Status::Failed => failed += 1,
                Status::Missing => missing += 1,
                _ => {}
            }
        }
        people += usize::from(failed + missing > before);
    }
    if people == 0 {
        return String::new();
    }
    format!(
        "\nalso: {} failed and {missing} not yet taken, by {}: not listed here (this lists certificates that lapse), and each must be passed before deployment: see `muster readiness {code}`\n",
        super::render::count(failed, "module", "modules"),
        super::render::count(people, "person", "people"),
    )
}
