//! What changed under a signed-off report since it was frozen, as the report shows it
//! (its stamp lists them) and the sign-off computes it (`crate::signoff::changes`). The
//! types live with the report so the report needs nothing from the sign-off above it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::Lang;
use crate::domain::Outcome;
use crate::rules::Status;
use crate::store::{CoveredRecord, RecordDetail};

/// What changed under a frozen report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A covered record was corrected by a new one.
    Amended,
    /// A covered record was voided.
    Voided,
    /// A record dated on or before the report date was entered after the sign-off.
    Added,
    /// A covered record no longer counts for the contingent (module retired, person left).
    Dropped,
    /// Someone was assigned to the contingent after the sign-off.
    Joined,
    /// Someone's assignment ended after the sign-off.
    Left,
    /// A person's standing in a module, recomputed as of the report date, differs.
    Status,
    /// The exported file itself does not hash to what was signed off.
    Altered,
    /// A covered record says something else under the same id: its date, result, score,
    /// hours or instructor was rewritten in the database itself, outside Muster.
    Rewritten,
    /// The contingent's name, mission, parent unit, dates or tour read otherwise now: the
    /// report's heading and every status's deployment day rest on them.
    Contingent,
    /// A module of the report reads otherwise now (title, kind, validity), or a module was
    /// added to the curriculum or is no longer in it.
    Curriculum,
    /// The chain entry the report pinned is gone or holds another hash: the records
    /// written before the report were rewritten, hashes and all.
    History,
    /// A person's details (name, rank, unit, category, gender, role) read otherwise now:
    /// the report's rolls and its figures by unit, category and gender rest on them.
    Details,
    /// A later decision on the same contingent and report date replaced the one the file
    /// was signed off by (a validation withdrawn, or taken again): `name` says which.
    Decision,
}

/// One of a person's details, as the frozen report had it and as it reads now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DetailDiff {
    /// The roster column: `unit`, `rank`, `family_name`, `category` …
    pub field: String,
    pub was: String,
    pub now: String,
}

/// A record as a change names it: id, date and result, and the rest of what it says when
/// the report kept that.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordRef {
    pub id: String,
    pub date: NaiveDate,
    pub result: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub detail: Option<RecordDetail>,
}

impl From<&CoveredRecord> for RecordRef {
    fn from(r: &CoveredRecord) -> Self {
        RecordRef {
            id: r.id.clone(),
            date: r.date,
            result: r.result,
            detail: r.detail.clone(),
        }
    }
}

/// One thing that differs from the frozen report, with what a reader needs to find it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub kind: ChangeKind,
    pub service_number: String,
    pub module: Option<String>,
    /// The record concerned (for amended: the one corrected).
    pub record: Option<RecordRef>,
    /// For amended: the correction that replaced it.
    pub replacement: Option<RecordRef>,
    /// For status: the standing in the frozen report and now, as of its date.
    pub was: Option<Status>,
    pub now: Option<Status>,
    /// For joined and left: the family name.
    pub name: Option<String>,
    /// For status: the standing was (and is) a certificate still valid on the report date
    /// that lapses before deployment, which every view words so, not as expired.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | undefined"))]
    pub was_lapses: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(type = "boolean | undefined"))]
    pub now_lapses: bool,
    /// For status: the report date; for altered: the hashes (file, signed off).
    pub as_of: Option<NaiveDate>,
    pub hashes: Option<(String, String)>,
    /// For details: which, and from what to what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub detail: Option<DetailDiff>,
}

impl Change {
    pub(crate) fn new(kind: ChangeKind, service_number: &str) -> Change {
        Change {
            kind,
            service_number: service_number.to_string(),
            module: None,
            record: None,
            replacement: None,
            was: None,
            now: None,
            was_lapses: false,
            now_lapses: false,
            name: None,
            as_of: None,
            hashes: None,
            detail: None,
        }
    }

    /// One line a reader can act on, in the report's language.
    pub fn describe(&self, lang: Lang) -> String {
        super::change_line::describe_change(self, lang)
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}
