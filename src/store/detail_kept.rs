//! A detail two laptops set differently, whose value that counts is the right one: a person
//! says so, and the conflict is settled without changing anything. Saving the value again
//! records nothing (no detail changed), and "edit it again if it is wrong" left a right
//! value listed for good, hiding new conflicts among old ones. Keeping it is recorded as an
//! edit of the field to the value it holds, made from that value: on every laptop it
//! reaches, the field reads the same and the conflict reads settled, as after any edit.

use serde_json::json;

use super::details::{self, edits_of, insert, snapshot, Edit, Entity};
use super::Store;
use crate::error::{Error, Result};
use crate::text;

impl Store {
    /// Keeps the value a field (or group of fields, `details::Entity::groups`) of a person
    /// (`key`: service number), contingent or module (`key`: code) holds now.
    pub fn keep_detail(&mut self, entity: Entity, key: &str, field: &str, by: &str) -> Result<()> {
        let by = text::operator(by)?;
        if !entity.groups().iter().any(|(f, _)| *f == field) {
            return Err(Error::invalid(format!(
                "{field} is not a detail of a {} (one of: {})",
                entity.as_str(),
                entity
                    .groups()
                    .iter()
                    .map(|(f, _)| *f)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let key = entity.key(key);
        let tx = self.conn.transaction()?;
        let Some(now) = snapshot(&tx, entity, &key)? else {
            return Err(Error::not_found(entity.as_str(), key));
        };
        let value = now.groups.get(field).cloned().unwrap_or_default();
        let edits = edits_of(&tx, entity, &key)?;
        let replaces = Some(details::source(now.hlc, &edits, field));
        insert(
            &tx,
            &Edit {
                id: uuid::Uuid::now_v7().to_string(),
                entity: entity.as_str().into(),
                entity_key: key.clone(),
                field: field.into(),
                value: value.to_string(),
                old: Some(value.to_string()),
                replaces,
                hlc: super::stamps::reserve(&tx)?,
                origin: super::stamps::origin(&tx)?,
                edited_by: by.clone(),
                edited_at: crate::dates::now_utc(),
                import: None,
            },
            None,
        )?;
        let (shown_as, _) = details::shown(&tx, entity, &key)?;
        super::audit(
            &tx,
            &by,
            "keep",
            entity.as_str(),
            &shown_as,
            super::NONE,
            Some(&json!({ "field": field, "value": value })),
        )?;
        tx.commit()?;
        Ok(())
    }
}
