//! The readiness report a commander reads and a validator signs: built once as data
//! (`model`), then rendered as JSON, HTML or PDF in English, Russian or Kazakh.
//!
//! The JSON is canonical (keys sorted, no whitespace) when hashed, so the same report
//! always has the same SHA-256 and a signed-off report can be checked later.

mod change;
mod change_line;
pub mod chart;
pub mod html;
pub mod layout;
pub mod model;
pub mod pdf;
mod shaper;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::domain::Lang;
use crate::error::{Error, Result};
use crate::readiness;
use crate::signing::json::{canonical_value, sorted};
use crate::signing::{Format, InstallationKey, Issuer};
use crate::store::Store;
pub use change::{Change, ChangeKind, DetailDiff, RecordRef};
pub use model::*;

/// The modules a report lists, as the curriculum reads now: what a sign-off compares
/// the frozen report's modules with.
pub fn module_infos(input: &crate::store::ReadinessInput) -> Vec<ModuleInfo> {
    input
        .modules
        .iter()
        .map(|m| ModuleInfo {
            code: m.code.clone(),
            title: m.title.clone(),
            per_rotation: m.per_rotation,
            validity_months: m.validity_months,
            title_ru: m.title_ru.clone(),
            title_kk: m.title_kk.clone(),
            rules: Some(ModuleRules {
                applies_to: m.applies_to.clone(),
                pass_mark: m.pass_mark,
            }),
        })
        .collect()
}

/// Builds the report of a contingent as of a date from the records as they stand.
pub fn build(store: &Store, code: &str, as_of: NaiveDate) -> Result<Report> {
    let input = store.readiness_input(code)?;
    let r = readiness::compute(&input, as_of);
    let c = &r.contingent;
    let count = |t: &readiness::Tally| Count {
        personnel: t.personnel,
        ready: t.ready,
        percent: t.percent,
    };
    let summary = Summary {
        total: Count {
            personnel: r.summary.personnel,
            ready: r.summary.ready,
            percent: r.summary.percent,
        },
        by_unit: r
            .summary
            .units_in_order()
            .into_iter()
            .map(|(unit, t)| Group {
                key: unit.clone(),
                count: count(t),
            })
            .collect(),
        by_category: group(&r.summary.by_category, count),
        by_gender: group(&r.summary.by_gender, count),
        by_module: r
            .modules
            .iter()
            .map(|m| ModuleCount {
                code: m.code.clone(),
                complete: m.complete,
                expiring: m.expiring,
                expired: m.expired,
                lapses_before_deployment: m.lapses_before_deployment,
                failed: m.failed,
                missing: m.missing,
                not_required: m.not_required,
            })
            .collect(),
    };
    let personnel: Vec<PersonRow> = r
        .personnel
        .iter()
        .map(|p| PersonRow {
            service_number: p.service_number.clone(),
            rank: p.rank.clone(),
            family_name: p.family_name.clone(),
            given_name: p.given_name.clone(),
            patronymic: p.patronymic.clone(),
            gender: p.gender,
            category: p.category,
            role: p.role.clone(),
            unit: p.unit.clone(),
            ready: p.ready,
            modules: p.modules.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        })
        .collect();
    let modules = module_infos(&input);
    Ok(Report {
        format: FORMAT.to_string(),
        header: Header {
            code: c.code.clone(),
            name: c.name.clone(),
            mission: c.mission.clone(),
            parent_unit: c.parent_unit.clone(),
            training_start: c.training_start,
            deploy_on: c.deploy_on,
            tour_months: c.tour_months,
            tour_end: c.tour_end,
            as_of,
            curriculum_version: store.curriculum_version()?,
            days_to_deployment: c.days_to_deployment,
        },
        summary,
        trend: readiness::trend(&input, as_of),
        gaps: gaps(&personnel, &modules),
        modules,
        personnel,
        records: store.covered_records(code, as_of)?,
        chain: store.chain_head()?,
        validation: None,
    })
}

fn group<K: Clone, T>(
    m: &std::collections::BTreeMap<K, T>,
    count: impl Fn(&T) -> Count,
) -> Vec<Group<K>> {
    m.iter()
        .map(|(k, t)| Group {
            key: k.clone(),
            count: count(t),
        })
        .collect()
}

fn gaps(people: &[PersonRow], modules: &[ModuleInfo]) -> Gaps {
    let name = |p: &PersonRow| p.full_name();
    let not_ready = people
        .iter()
        .filter(|p| !p.ready)
        .map(|p| NotReady {
            service_number: p.service_number.clone(),
            rank: p.rank.clone(),
            name: name(p),
            unit: p.unit.clone(),
            lacking: modules
                .iter()
                .filter_map(|m| {
                    let s = p.modules.get(&m.code)?;
                    (!s.status.is_ready()).then(|| Lack {
                        module: m.code.clone(),
                        status: s.status,
                        date: s.shown_date(),
                        lapses_before_deployment: s.lapses_before_deployment,
                    })
                })
                .collect(),
        })
        .collect();
    let mut lapsing: Vec<Lapse> = people
        .iter()
        .flat_map(|p| {
            modules.iter().filter_map(move |m| {
                let s = p.modules.get(&m.code)?;
                let x = s.expires_on?;
                s.lapses_later().then(|| Lapse {
                    expires_on: x,
                    service_number: p.service_number.clone(),
                    rank: p.rank.clone(),
                    name: name(p),
                    unit: p.unit.clone(),
                    module: m.code.clone(),
                    before_deployment: s.lapses_before_deployment,
                })
            })
        })
        .collect();
    lapsing.sort_by(|a, b| {
        (a.expires_on, &a.unit, &a.name, &a.service_number, &a.module).cmp(&(
            b.expires_on,
            &b.unit,
            &b.name,
            &b.service_number,
            &b.module,
        ))
    });
    Gaps { not_ready, lapsing }
}

/// The report as canonical JSON: keys sorted at every level, no whitespace, the
/// validation stamp left out. This is what is hashed and frozen.
pub fn canonical_json(r: &Report) -> String {
    let mut r = r.clone();
    r.validation = None;
    canonical_value(&serde_json::to_value(&r).expect("serialisable"))
}

/// The SHA-256 of the canonical JSON, lower-case hex.
pub fn sha256_hex(canonical: &str) -> String {
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The report as an exported JSON file, before it is signed: the canonical content,
/// pretty-printed with sorted keys, and the validation stamp when there is one.
pub fn to_json(r: &Report) -> String {
    crate::signing::json::print(&json_value(r))
}

/// The document a JSON report file holds (its signature is added by `issue`).
pub fn json_value(r: &Report) -> serde_json::Value {
    let canonical: serde_json::Value =
        serde_json::from_str(&canonical_json(r)).expect("canonical JSON parses");
    let mut v = sorted(canonical);
    if let (Some(stamp), serde_json::Value::Object(m)) = (&r.validation, &mut v) {
        m.insert(
            "validation".into(),
            sorted(serde_json::to_value(stamp).expect("serialisable")),
        );
    }
    v
}

/// The report file in a format, signed with the installation's key and naming the
/// database it was built from: the bytes Muster writes (docs/signing.md).
pub fn issue(
    r: &Report,
    format: Format,
    lang: Lang,
    sig: &html::Signatories,
    key: &InstallationKey,
    database_id: &str,
) -> Result<Vec<u8>> {
    // A report of nothing required would sign "everyone ready" (`validate` refuses it too).
    if let Some(p) = r.hollow() {
        return Err(p.into());
    }
    let issuer = Issuer::new(key, database_id);
    Ok(match format {
        Format::Json => crate::signing::json::sign(json_value(r), key, &issuer),
        Format::Html => crate::signing::html::sign(html::render(r, lang, sig, &issuer), key),
        Format::Pdf => crate::signing::pades::sign(&pdf::render(r, lang, sig, &issuer)?, key)?,
    })
}

/// Reads an exported JSON report back.
pub fn from_json(text: &str) -> Result<Report> {
    let r: Report = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("not a Muster report: {e}")))?;
    if r.format != FORMAT {
        return Err(Error::invalid(format!(
            "report format {:?} is not {FORMAT:?}: made by another version of Muster",
            r.format
        )));
    }
    Ok(r)
}
