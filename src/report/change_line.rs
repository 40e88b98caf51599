//! A change under a frozen report as one line in the reader's language, its words from
//! `crate::words` (the status words the glossary's, as the report prints them).

use super::{Change, ChangeKind, RecordRef};
use crate::domain::Lang;
use crate::words::{words, ChangeWords};

/// A change under a frozen report, as one line in the reader's language.
pub fn describe_change(c: &Change, lang: Lang) -> String {
    let w = words(lang);
    let (l, cw) = (&w.report, &w.change);
    let rec = |r: &Option<RecordRef>| match r {
        Some(r) => format!("{} ({}, {})", r.id, lang.date(r.date), cw.result(r.result)),
        None => "?".into(),
    };
    let who = match &c.module {
        Some(m) => format!("{} {m}", c.service_number),
        None => c.service_number.clone(),
    };
    let what = match c.kind {
        ChangeKind::Amended => cw.amended,
        ChangeKind::Voided => cw.voided,
        ChangeKind::Added => cw.added,
        ChangeKind::Dropped => cw.dropped,
        ChangeKind::Joined => cw.joined,
        ChangeKind::Left => cw.left,
        ChangeKind::Status => cw.status,
        ChangeKind::Altered => cw.altered,
        ChangeKind::Rewritten => cw.rewritten,
        ChangeKind::History => cw.history,
        ChangeKind::Decision => cw.decision,
        ChangeKind::Details => cw.details,
        ChangeKind::Contingent => cw.contingent,
        ChangeKind::Curriculum => cw.curriculum,
    };
    let record_word = cw.record;
    let reading = |s: crate::rules::Status, lapses: bool| {
        l.reading(if lapses {
            crate::rules::Reading::LapsesBeforeDeployment
        } else {
            crate::rules::Reading::Status(s)
        })
    };
    match c.kind {
        ChangeKind::Amended | ChangeKind::Rewritten => {
            let mut line = format!(
                "{what}: {who} {record_word} {} → {}",
                rec(&c.record),
                rec(&c.replacement)
            );
            let diffs = record_diffs(c.record.as_ref(), c.replacement.as_ref(), lang, cw);
            if !diffs.is_empty() {
                line.push_str(": ");
                line.push_str(&diffs.join("; "));
            } else if let (Some(a), Some(b)) = (&c.record, &c.replacement) {
                // Every field the report shows as before: what changed is what it does not.
                if a.result == b.result && a.detail.is_some() && b.detail.is_some() {
                    line.push_str(": ");
                    line.push_str(cw.unshown);
                }
            }
            line
        }
        ChangeKind::Decision => format!("{what}: {}", c.name.as_deref().unwrap_or("")),
        ChangeKind::History => format!(
            "{what} ({} {})",
            c.name.as_deref().unwrap_or(""),
            c.hashes
                .as_ref()
                .map(|(_, then)| &then[..16.min(then.len())])
                .unwrap_or("")
        ),
        ChangeKind::Voided | ChangeKind::Added | ChangeKind::Dropped => {
            format!("{what}: {who} {record_word} {}", rec(&c.record))
        }
        ChangeKind::Joined | ChangeKind::Left => {
            format!("{what}: {who} {}", c.name.as_deref().unwrap_or(""))
        }
        ChangeKind::Status => format!(
            "{what}: {who}: {} → {} ({} {})",
            c.was.map(|s| reading(s, c.was_lapses)).unwrap_or("—"),
            c.now.map(|s| reading(s, c.now_lapses)).unwrap_or("—"),
            l.report_date,
            c.as_of.map(|d| lang.date(d)).unwrap_or_default()
        ),
        ChangeKind::Altered => {
            let (file, signed) = c.hashes.clone().unwrap_or_default();
            format!("{what}: SHA-256 {file} ≠ {signed}")
        }
        ChangeKind::Contingent | ChangeKind::Curriculum => {
            let Some(d) = &c.detail else {
                return what.to_string();
            };
            // Days as the reader writes them; an empty side is a module added or gone.
            let shown = |v: &str| -> String {
                match crate::dates::from_iso_bytes(v.as_bytes()) {
                    Some(day) if v.len() == 10 => lang.date(day),
                    _ if v.is_empty() => "—".into(),
                    _ if v.bytes().all(|b| b.is_ascii_digit()) => v.to_string(),
                    _ if d.field == "per_rotation" => {
                        if v == "yes" { l.yes } else { l.no }.to_string()
                    }
                    // Categories in the reader's words: «Officers, NCOs».
                    _ if d.field == "applies_to" => {
                        let words: Vec<String> = v
                            .split(", ")
                            .map(|c| {
                                c.parse::<crate::domain::Category>()
                                    .map_or(c.to_string(), |c| l.category(c).to_string())
                            })
                            .collect();
                        format!("«{}»", words.join(", "))
                    }
                    _ => format!("«{v}»"),
                }
            };
            let label = match d.field.as_str() {
                "name" => l.contingent.to_string(),
                "mission" => l.mission.to_string(),
                "parent_unit" => l.parent_unit.to_string(),
                "training_start" => l.training_start.to_string(),
                "deploy_on" => l.deployment.to_string(),
                "tour_months" => cw.tour_months.to_string(),
                "module" => cw.module_word.to_string(),
                "title" => cw.title.to_string(),
                "title_ru" => format!("{} (RU)", cw.title),
                "title_kk" => format!("{} (KK)", cw.title),
                "per_rotation" => cw.per_rotation.to_string(),
                "validity_months" => cw.validity.to_string(),
                "applies_to" => cw.applies_to.to_string(),
                "pass_mark" => cw.pass_mark.to_string(),
                other => other.to_string(),
            };
            let whose = c
                .module
                .as_deref()
                .map(|m| format!("{m}: "))
                .unwrap_or_default();
            format!(
                "{what}: {whose}{} {} → {}",
                label.to_lowercase(),
                shown(&d.was),
                shown(&d.now)
            )
        }
        ChangeKind::Details => {
            let Some(d) = &c.detail else {
                return format!("{what}: {who}");
            };
            // As the roster writes them (officer, nco, M, F): the words the file had.
            let shown = |v: &str| -> String {
                if v.is_empty() {
                    "—".into()
                } else {
                    format!("«{v}»")
                }
            };
            let label = match d.field.as_str() {
                "family_name" => l.family_name,
                "given_name" => l.given_name,
                "patronymic" => l.patronymic,
                "rank" => l.rank,
                "role" => l.role,
                "unit" => l.unit,
                "category" => l.category,
                "gender" => l.gender,
                other => other,
            };
            format!(
                "{what}: {who}: {} {} → {}",
                label.to_lowercase(),
                shown(&d.was),
                shown(&d.now)
            )
        }
    }
}

/// "score 91 → 85", "instructor A → B": what a correction or a rewrite changed, field by
/// field, so a change that leaves the date and result alone is still named.
fn record_diffs(
    then: Option<&RecordRef>,
    now: Option<&RecordRef>,
    lang: Lang,
    cw: &ChangeWords,
) -> Vec<String> {
    let (Some(then), Some(now)) = (then, now) else {
        return Vec::new();
    };
    let num = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    let text = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let mut out = Vec::new();
    if then.date != now.date {
        out.push(format!(
            "{} {} → {}",
            cw.date,
            lang.date(then.date),
            lang.date(now.date)
        ));
    }
    if let (Some(a), Some(b)) = (&then.detail, &now.detail) {
        if a.score != b.score {
            out.push(format!("{} {} → {}", cw.score, num(a.score), num(b.score)));
        }
        if a.hours != b.hours {
            out.push(format!("{} {} → {}", cw.hours, num(a.hours), num(b.hours)));
        }
        if a.instructor != b.instructor {
            out.push(format!(
                "{} {} → {}",
                cw.instructor,
                text(&a.instructor),
                text(&b.instructor)
            ));
        }
    }
    out
}
