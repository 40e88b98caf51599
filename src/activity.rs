//! The audit log as typed events: what the store wrote, read back by the code that knows
//! each payload's shape, so a screen gets "a session of ROE for 12 people on 3 March", not
//! a JSON object it must pick apart. Every kind the store writes has its variant here, and
//! a test writes each through the real store and reads it back: a payload changed on one
//! side and not the other fails there, not on a user's screen. An action an older or newer
//! build wrote that this one does not know still reads, as `Other`.

use serde::Serialize;
use serde_json::Value;

use crate::store::AuditEntry;

/// One entry of the log: when, by whom, and what happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityEntry {
    /// UTC, as stored (RFC 3339).
    pub at: String,
    pub actor: String,
    pub event: Event,
    /// The laptop it was done on, when not this one (an entry received in a bundle): the
    /// name this installation knows it by, or its identity's short form. The modules
    /// another laptop seeded at its first start are its history, not a change made here.
    pub elsewhere: Option<String>,
}

/// The newest `limit` entries of the log as events, each named by the laptop it was done
/// on when that is another.
pub fn log(store: &crate::Store, limit: usize) -> crate::error::Result<Vec<ActivityEntry>> {
    // This database's identities (a copy takes one of its own) and others' names.
    let ours = store.identities()?;
    let names = store.installation_names()?;
    Ok(store
        .audit_log(None, limit)?
        .iter()
        .map(|e| {
            let mut entry = ActivityEntry::from(e);
            entry.elsewhere = e
                .installation
                .as_ref()
                .filter(|i| !ours.contains(*i))
                .map(|i| {
                    names
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| crate::record_id::short(i).to_string())
                });
            entry
        })
        .collect())
}

/// What happened. Field names are what a sentence needs; codes and service numbers as
/// stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Event {
    SessionLogged {
        module: String,
        date: String,
        attendees: u32,
    },
    RecordAmended {
        record: String,
        service_number: String,
        module: String,
        reason: String,
    },
    RecordVoided {
        record: String,
        service_number: String,
        module: String,
        reason: String,
    },
    ContingentAdded {
        code: String,
    },
    ContingentArchived {
        code: String,
        reason: String,
    },
    ContingentRestored {
        code: String,
    },
    ContingentChanged {
        code: String,
        /// The fields whose value changed, as the store names them.
        fields: Vec<String>,
    },
    ModuleAdded {
        code: String,
    },
    ModuleChanged {
        code: String,
        /// The fields whose value changed, as the store names them.
        fields: Vec<String>,
    },
    ModuleRestored {
        code: String,
        reason: String,
    },
    ModuleRetired {
        code: String,
        reason: String,
    },
    RosterImported {
        file: String,
        rows: u32,
        new: u32,
    },
    CompletionsImported {
        file: String,
        rows: u32,
        new: u32,
    },
    ImportUndone {
        /// The import's number (`muster import list`).
        import: String,
        file: String,
        records_voided: u32,
        /// Roster entries it had made, ended (a roster file's people taken off).
        roster_entries_ended: u32,
    },
    PersonAdded {
        service_number: String,
    },
    PersonChanged {
        service_number: String,
        fields: Vec<String>,
    },
    ContingentValidated {
        code: String,
        validated: bool,
        validator: String,
        as_of: String,
    },
    TakenOffRoster {
        service_number: String,
        contingent: String,
        reason: String,
    },
    /// One soldier on file under two numbers: `service_number`'s records and roster places
    /// moved to `into` (`muster person merge`).
    PersonMerged {
        service_number: String,
        into: String,
        records: u32,
        reason: String,
    },
    /// A detail two laptops set differently kept as it reads (`Store::keep_detail`).
    DetailKept {
        /// `person`, `contingent` or `module`.
        entity: String,
        key: String,
        field: String,
    },
    PutOnRoster {
        service_number: String,
        contingent: String,
    },
    KeyTrusted {
        fingerprint: String,
        name: String,
    },
    KeyWithdrawn {
        fingerprint: String,
        name: String,
        reason: String,
    },
    TriggerRestored {
        trigger: String,
    },
    /// This file turned out to be a copy (of another laptop's file, or an older state put
    /// back) and writes under an identity of its own from then on (docs/sync.md).
    IdentityTaken {
        identity: String,
        /// `copy` or `restored`.
        reason: String,
    },
    /// A bundle received from another laptop (`muster sync import`, the Sync screen).
    BundleReceived {
        /// The name its key signs with.
        from: String,
        /// Its key's short fingerprint.
        fingerprint: String,
        /// Records it added or changed here (`Added::records_changed`).
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        records: u64,
    },
    /// Written by a build that knew an action this one does not.
    Other {
        action: String,
        entity: String,
        entity_id: String,
    },
}

impl From<&AuditEntry> for ActivityEntry {
    fn from(e: &AuditEntry) -> ActivityEntry {
        ActivityEntry {
            at: e.at.clone(),
            actor: e.actor.clone(),
            event: Event::of(e),
            elsewhere: None,
        }
    }
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn count(v: Option<&Value>) -> u32 {
    v.and_then(Value::as_u64)
        .map_or(0, |n| n.min(u32::MAX as u64) as u32)
}

/// The last part of a path: the file name a user recognises.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// The fields of `new` whose value differs in `old`, in `new`'s order.
fn changed(old: Option<&Value>, new: Option<&Value>) -> Vec<String> {
    let (Some(Value::Object(a)), Some(Value::Object(b))) = (old, new) else {
        return Vec::new();
    };
    b.iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

impl Event {
    pub fn of(e: &AuditEntry) -> Event {
        let new = e.new_value.as_ref();
        let old = e.old_value.as_ref();
        let n = |k: &str| new.and_then(|v| v.get(k));
        let o = |k: &str| old.and_then(|v| v.get(k));
        // A reason stored as the new value itself (void, retire) or inside it (amend).
        let reason = || match new {
            Some(Value::String(s)) => s.clone(),
            _ => text(n("reason")),
        };
        let id = e.entity_id.clone();
        match (e.action.as_str(), e.entity.as_str()) {
            ("log", "session") => Event::SessionLogged {
                module: Some(text(n("module")))
                    .filter(|m| !m.is_empty())
                    .unwrap_or(id),
                date: text(n("date")),
                attendees: count(n("attendees")),
            },
            ("amend", "attempt") => Event::RecordAmended {
                record: id,
                service_number: text(o("service_number")),
                module: text(o("module")),
                reason: reason(),
            },
            ("void", "attempt") => Event::RecordVoided {
                record: id,
                service_number: text(o("service_number")),
                module: text(o("module")),
                reason: reason(),
            },
            ("add", "contingent") => Event::ContingentAdded { code: id },
            ("archive", "contingent") => Event::ContingentArchived {
                code: id,
                reason: reason(),
            },
            ("restore", "contingent") => Event::ContingentRestored { code: id },
            ("change", "contingent") => Event::ContingentChanged {
                code: id,
                fields: changed(old, new),
            },
            ("add", "module") => Event::ModuleAdded { code: id },
            ("change", "module") => Event::ModuleChanged {
                code: id,
                fields: changed(old, new),
            },
            ("restore", "module") => Event::ModuleRestored {
                code: id,
                reason: reason(),
            },
            ("retire", "module") => Event::ModuleRetired {
                code: id,
                reason: reason(),
            },
            ("import", "roster") => Event::RosterImported {
                file: file_name(&id),
                rows: count(n("rows")),
                new: count(n("new")),
            },
            ("import", "completions") => Event::CompletionsImported {
                file: file_name(&id),
                rows: count(n("rows")),
                new: count(n("new")),
            },
            ("undo", "import") => Event::ImportUndone {
                import: id,
                file: file_name(&text(o("file_name"))),
                records_voided: count(n("attempts_voided")),
                roster_entries_ended: count(n("assignments_ended")),
            },
            ("add", "person") => Event::PersonAdded { service_number: id },
            ("change", "person") => Event::PersonChanged {
                service_number: id,
                fields: changed(old, new),
            },
            ("validate", "contingent") => Event::ContingentValidated {
                code: id,
                validated: text(n("decision")) == "validated",
                validator: text(n("validator")),
                as_of: text(n("as_of")),
            },
            ("merge", "person") => Event::PersonMerged {
                service_number: id,
                into: text(n("into")),
                records: [n("moved"), n("duplicates_voided")]
                    .iter()
                    .map(|v| v.and_then(Value::as_array).map_or(0, |a| a.len() as u32))
                    .sum(),
                reason: reason(),
            },
            ("keep", entity) => Event::DetailKept {
                entity: entity.to_string(),
                key: id,
                field: text(n("field")),
            },
            ("end", "assignment") => Event::TakenOffRoster {
                service_number: id,
                contingent: text(n("contingent")),
                reason: reason(),
            },
            ("start", "assignment") => Event::PutOnRoster {
                service_number: id,
                contingent: text(n("contingent")),
            },
            ("trust key", "key") => Event::KeyTrusted {
                fingerprint: crate::fingerprint::shown(&id),
                name: text(n("name")),
            },
            ("withdraw key", "key") => Event::KeyWithdrawn {
                fingerprint: crate::fingerprint::shown(&id),
                name: text(n("name")),
                reason: reason(),
            },
            ("restore_trigger", "trigger") => Event::TriggerRestored { trigger: id },
            ("take", "identity") => Event::IdentityTaken {
                identity: id,
                reason: text(n("reason")),
            },
            ("sync import", "bundle") => {
                let from = new.and_then(|v| v.get("from"));
                Event::BundleReceived {
                    from: text(from.and_then(|f| f.get("sender_name"))),
                    fingerprint: crate::fingerprint::shown(&text(
                        from.and_then(|f| f.get("fingerprint")),
                    )),
                    records: n("added")
                        .and_then(|a| serde_json::from_value::<crate::store::Added>(a.clone()).ok())
                        .map_or(0, |a| a.records_changed()),
                }
            }
            (action, entity) => Event::Other {
                action: action.to_string(),
                entity: entity.to_string(),
                entity_id: id,
            },
        }
    }
}
