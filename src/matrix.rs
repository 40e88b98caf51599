//! The training matrix a window of rows at a time: the filters and search the matrix
//! screen offers, applied in the core to readiness already computed, and the rows from
//! `offset` on. A screen of 10,000 people draws some thirty rows; it asks for those (and a
//! few pages around them) and the count, never for everyone's statuses at once.

use serde::{Deserialize, Serialize};

use crate::domain::Category;
use crate::readiness::{PersonReadiness, Readiness};
use crate::rules::{Reading, Status};
use crate::text::search::Query;

/// What the matrix screen filters by; empty text and `None` mean "all".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatrixFilter {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub category: Option<Category>,
    /// With `module`, the status in that module; without, in any module. `expired` is the
    /// certificates expired on the day; those that lapse before deployment are `lapses`.
    #[serde(default)]
    pub status: Option<Status>,
    /// Only certificates still valid on the day that lapse before deployment (`status` is
    /// then not looked at): what the matrix reads as "lapses before deployment".
    #[serde(default)]
    pub lapses: bool,
    /// Also narrows the columns on screen to that module.
    #[serde(default)]
    pub module: String,
    /// Words of a name or service number, in either script (`text::search`).
    #[serde(default)]
    pub query: String,
}

/// Rows `offset..offset + rows.len()` of the people that pass the filter, in roster order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MatrixPage {
    pub offset: usize,
    /// How many people pass the filter.
    pub total: usize,
    /// How many people the contingent has.
    pub personnel: usize,
    pub rows: Vec<PersonReadiness>,
}

/// The people that pass the filter, in roster order.
pub fn filtered<'a>(
    r: &'a Readiness,
    f: &MatrixFilter,
) -> impl Iterator<Item = &'a PersonReadiness> + 'a {
    let f = f.clone();
    let query = Query::new(&f.query);
    r.personnel.iter().filter(move |p| {
        if !f.unit.is_empty() && p.unit != f.unit {
            return false;
        }
        if f.category.is_some_and(|c| c != p.category) {
            return false;
        }
        let wanted = match (f.lapses, f.status) {
            (true, _) => Some(Reading::LapsesBeforeDeployment),
            (false, st) => st.map(Reading::Status),
        };
        if let Some(w) = wanted {
            let found = if f.module.is_empty() {
                p.modules.iter().any(|(_, m)| m.reading() == w)
            } else {
                p.modules.get(&f.module).is_some_and(|m| m.reading() == w)
            };
            if !found {
                return false;
            }
        }
        query.is_empty() || query.matches(&search_text(p))
    })
}

/// What a search looks in: the full name and the service number.
fn search_text(p: &PersonReadiness) -> String {
    let mut s = format!("{} {}", p.family_name, p.given_name);
    if let Some(pat) = p.patronymic.as_deref().filter(|x| !x.is_empty()) {
        s.push(' ');
        s.push_str(pat);
    }
    s.push(' ');
    s.push_str(&p.service_number);
    s
}

/// Up to `limit` rows from `offset` of the people that pass the filter, and their count.
pub fn page(r: &Readiness, f: &MatrixFilter, offset: usize, limit: usize) -> MatrixPage {
    let mut total = 0;
    let mut rows = Vec::with_capacity(limit.min(r.personnel.len()));
    for p in filtered(r, f) {
        if total >= offset && rows.len() < limit {
            rows.push(p.clone());
        }
        total += 1;
    }
    MatrixPage {
        offset,
        total,
        personnel: r.personnel.len(),
        rows,
    }
}
