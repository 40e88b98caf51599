//! A person's standing per module, keyed by module code. Readiness builds one per person,
//! 100,000 at a time: a vector in curriculum order beside code tables shared by everyone
//! costs one allocation per person where a map costs one per entry. It reads and
//! serialises like the map it replaces (`{"BFAC": {...}, "CULT": {...}}`, codes sorted).

use std::ops::Index;
use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::rules::ModuleStatus;

/// The module codes of one readiness computation, shared by everyone's map.
#[derive(Debug, PartialEq, Eq)]
pub struct Codes {
    /// In curriculum order: the order of each map's statuses.
    codes: Vec<Arc<str>>,
    /// Positions in `codes`, sorted by code: lookups and serialisation go in code order.
    by_code: Vec<usize>,
}

impl Codes {
    pub fn new(codes: Vec<Arc<str>>) -> Arc<Codes> {
        let mut by_code: Vec<usize> = (0..codes.len()).collect();
        by_code.sort_by(|a, b| codes[*a].cmp(&codes[*b]));
        Arc::new(Codes { codes, by_code })
    }

    /// The code at a curriculum position, shared rather than copied.
    pub fn code(&self, i: usize) -> &Arc<str> {
        &self.codes[i]
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.by_code
            .binary_search_by(|&i| (*self.codes[i]).cmp(code))
            .ok()
            .map(|k| self.by_code[k])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ModuleMap {
    codes: Arc<Codes>,
    statuses: Vec<ModuleStatus>,
}

impl ModuleMap {
    /// `statuses[i]` is the standing in the module at curriculum position i of `codes`.
    pub fn new(codes: Arc<Codes>, statuses: Vec<ModuleStatus>) -> ModuleMap {
        assert_eq!(codes.codes.len(), statuses.len(), "one status per module");
        ModuleMap { codes, statuses }
    }

    pub fn get(&self, code: &str) -> Option<&ModuleStatus> {
        self.codes.position(code).map(|i| &self.statuses[i])
    }

    /// (code, status) pairs in code order, as a sorted map would give them.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ModuleStatus)> + '_ {
        self.codes
            .by_code
            .iter()
            .map(|&i| (&*self.codes.codes[i], &self.statuses[i]))
    }

    pub fn len(&self) -> usize {
        self.statuses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
    }
}

impl<'a> IntoIterator for &'a ModuleMap {
    type Item = (&'a str, &'a ModuleStatus);
    type IntoIter = Box<dyn Iterator<Item = Self::Item> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Index<&str> for ModuleMap {
    type Output = ModuleStatus;

    fn index(&self, code: &str) -> &ModuleStatus {
        self.get(code)
            .unwrap_or_else(|| panic!("no module {code:?} in this readiness"))
    }
}

impl Serialize for ModuleMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (code, status) in self.iter() {
            map.serialize_entry(code, status)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Status;

    fn status(s: Status) -> ModuleStatus {
        ModuleStatus {
            status: s,
            completed_on: None,
            expires_on: None,
            attempted_on: None,
            lapses_before_deployment: false,
        }
    }

    fn map() -> ModuleMap {
        let codes = Codes::new(["ROE", "BFAC", "SEA"].map(Arc::from).to_vec());
        ModuleMap::new(
            codes,
            vec![
                status(Status::Complete),
                status(Status::Missing),
                status(Status::Failed),
            ],
        )
    }

    #[test]
    fn looks_up_by_code_whatever_the_curriculum_order() {
        let m = map();
        assert_eq!(m.get("ROE").unwrap().status, Status::Complete);
        assert_eq!(m["BFAC"].status, Status::Missing);
        assert_eq!(m["SEA"].status, Status::Failed);
        assert_eq!(m.get("KINPOT"), None);
        assert_eq!(m.get(""), None);
    }

    #[test]
    fn iterates_and_serialises_in_code_order_like_a_sorted_map() {
        let m = map();
        let codes: Vec<&str> = m.iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["BFAC", "ROE", "SEA"]);
        let json = serde_json::to_string(&m).unwrap();
        let as_map: std::collections::BTreeMap<&str, ModuleStatus> =
            m.iter().map(|(c, s)| (c, *s)).collect();
        assert_eq!(json, serde_json::to_string(&as_map).unwrap());
    }
}
