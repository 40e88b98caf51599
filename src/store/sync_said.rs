//! What receiving a bundle says besides its counts: where two installations did the same
//! thing differently. Kept as data, not sentences, so each front end words it in its own
//! language (the command line in English through `describe`, the app in three).

use serde::{Deserialize, Deserializer, Serialize};

/// A group of details two installations edited from the same value to different ones
/// (or a person, contingent or module added on both with different details): the later
/// counts everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Decided {
    /// `person`, `contingent` or `module`.
    pub entity: String,
    /// The service number or the code.
    pub key: String,
    /// The field, or group of fields (`store::details`): `unit`, `dates`, `kind` …
    pub field: String,
    /// What it read here before, and what it reads after the bundle (the one that counts),
    /// as text: a group's columns in order, `—` for none.
    #[serde(default)]
    pub was: String,
    #[serde(default)]
    pub now: String,
    /// The values set on the other side that do not count (the latest of each), as text;
    /// empty for details added apart.
    #[serde(default)]
    pub others: Vec<String>,
}

impl Decided {
    /// One line in English.
    pub fn describe(&self) -> String {
        let mut values = if self.was.is_empty() && self.now.is_empty() {
            String::new()
        } else if self.was == self.now {
            format!(": {} kept", q(&self.was))
        } else {
            format!(": {} → {}", q(&self.was), q(&self.now))
        };
        if !self.others.is_empty() {
            let others: Vec<String> = self.others.iter().map(|o| q(o)).collect();
            values.push_str(&format!(" (not counting: {})", others.join(", ")));
        }
        format!(
            "{} {} {}{values} (edited from the same value on two installations, or added with different details; the later counts)",
            self.entity, self.key, self.field
        )
    }
}

/// A value in quotes; none as a dash.
fn q(v: &str) -> String {
    match v {
        "" | "—" => "—".to_string(),
        v => format!("«{v}»"),
    }
}

/// A group of details that reads otherwise here once a bundle is received, set apart on no
/// two installations: an edit received, or the edits of an import undone elsewhere taken
/// back (the unit a wrong roster had set reading again as before it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Changed {
    /// `person`, `contingent` or `module`.
    pub entity: String,
    /// The service number or the code.
    pub key: String,
    /// The group of details (`unit`, `rank`, `family_name` …).
    pub field: String,
    /// What it read here before and reads after, as `Decided` says them.
    pub was: String,
    pub now: String,
}

impl Changed {
    /// One line in English.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}: {} → {}",
            self.entity,
            self.key,
            self.field,
            q(&self.was),
            q(&self.now)
        )
    }
}

/// Something this installation did, and the sender did too but differently, where this
/// installation's own version is kept (both are in the audit trail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeptHere {
    /// A person taken off a roster on both, at other times or for other reasons.
    RosterEnded { person: String, contingent: String },
    /// An import undone on both, at other times or for other reasons.
    ImportUndone {
        file_name: String,
        imported_at: String,
    },
}

impl KeptHere {
    /// One line in English.
    pub fn describe(&self) -> String {
        match self {
            KeptHere::RosterEnded { person, contingent } => format!(
                "roster of {contingent}: {person} taken off on both installations, differently"
            ),
            KeptHere::ImportUndone {
                file_name,
                imported_at,
            } => format!(
                "import of {file_name} ({imported_at}): undone on both installations, differently"
            ),
        }
    }
}

/// Reads a list of items as a receipt stored it, leaving out what this build cannot read:
/// receipts written before these were data hold sentences, and what a receipt is read for
/// (a peer's counts) does not need them.
pub(crate) fn lenient<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let items = Vec::<serde_json::Value>::deserialize(d)?;
    Ok(items
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A receipt written before these were data (sentences) still reads, without them.
    #[test]
    fn a_receipt_of_sentences_still_reads() {
        #[derive(Deserialize)]
        struct Receipt {
            #[serde(deserialize_with = "lenient")]
            decided: Vec<Decided>,
            #[serde(deserialize_with = "lenient")]
            kept_here: Vec<KeptHere>,
        }
        let old: Receipt = serde_json::from_str(
            r#"{"decided": ["person KZ1 unit: edited on two installations"],
                "kept_here": ["roster of K: KZ1 taken off on both installations, differently"]}"#,
        )
        .unwrap();
        assert!(old.decided.is_empty() && old.kept_here.is_empty());
        let new: Receipt = serde_json::from_str(
            r#"{"decided": [{"entity": "person", "key": "KZ1", "field": "unit"}],
                "kept_here": [{"kind": "roster_ended", "person": "KZ1", "contingent": "K"}]}"#,
        )
        .unwrap();
        assert_eq!(
            new.decided[0].describe(),
            "person KZ1 unit (edited from the same value on two installations, or added with different details; the later counts)"
        );
        assert_eq!(
            new.kept_here[0].describe(),
            "roster of K: KZ1 taken off on both installations, differently"
        );
    }
}
