//! The curriculum: editable, every change audited, modules retired rather than deleted.

use rusqlite::{params, OptionalExtension, Row};

use super::{audit, Store, NONE};
use crate::dates;
use crate::domain::{Category, Module, ModulePatch};
use crate::error::{Error, Problem, Result};
use crate::text;

const COLUMNS: &str =
    "code, title, per_rotation, validity_months, applies_to, hours, pass_mark, retired_at";

/// The default curriculum of a UN infantry company joining a partner battalion.
pub fn default_curriculum() -> Vec<Module> {
    let m = |code: &str, title: &str, per_rotation, validity_months, hours| Module {
        code: code.into(),
        title: title.into(),
        per_rotation,
        validity_months,
        applies_to: vec![],
        hours,
        pass_mark: None,
        retired: false,
    };
    vec![
        m(
            "CULT",
            "Cultural awareness of the mission area",
            true,
            None,
            8.0,
        ),
        m("ROE", "Rules of engagement", true, None, 12.0),
        m("PATROL", "Mobile and foot patrolling", true, None, 40.0),
        m(
            "BFAC",
            "First aid (UN Buddy First Aid Course)",
            false,
            Some(36),
            24.0,
        ),
        m(
            "SEA",
            "Prevention of sexual exploitation and abuse",
            false,
            Some(12),
            4.0,
        ),
        m("POC", "Protection of civilians", true, None, 8.0),
        m(
            "KINPOT",
            "Kazakhstan–India Peacekeeping Operational Training",
            true,
            None,
            60.0,
        ),
    ]
}

fn from_row(r: &Row) -> rusqlite::Result<Module> {
    let applies: String = r.get(4)?;
    Ok(Module {
        code: r.get(0)?,
        title: r.get(1)?,
        per_rotation: r.get(2)?,
        validity_months: r.get(3)?,
        applies_to: parse_applies(&applies),
        hours: r.get(5)?,
        pass_mark: r.get(6)?,
        retired: r.get::<_, Option<String>>(7)?.is_some(),
    })
}

fn parse_applies(s: &str) -> Vec<Category> {
    s.split(',').filter_map(|c| c.parse().ok()).collect()
}

fn format_applies(v: &[Category]) -> String {
    let mut v = v.to_vec();
    v.sort();
    v.dedup();
    v.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
}

fn validate(m: &Module) -> Result<Module> {
    let code = text::required("module code", &m.code)?.to_uppercase();
    if !code
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Problem::BadModuleCode { value: code.into() }.into());
    }
    if m.validity_months == Some(0) {
        return Err(Problem::ValidityZero.into());
    }
    if !(0.0..=1000.0).contains(&m.hours) {
        return Err(Problem::out_of_range("hours", m.hours, 0, 1000).into());
    }
    if let Some(p) = m.pass_mark.filter(|p| !(0.0..=100.0).contains(p)) {
        return Err(Problem::out_of_range("pass mark", p, 0, 100).into());
    }
    Ok(Module {
        code,
        title: text::required("title", &m.title)?,
        ..m.clone()
    })
}

impl Store {
    /// The curriculum in the order it was set up; retired modules only on request.
    pub fn modules(&self, include_retired: bool) -> Result<Vec<Module>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM module WHERE ?1 OR retired_at IS NULL ORDER BY id"
        ))?;
        let rows = st.query_map([include_retired], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn module(&self, code: &str) -> Result<Module> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM module WHERE code = ?1"),
                [code.trim()],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::unknown_module(code))
    }

    /// Seeds the default curriculum the first time only: a curriculum the users edited,
    /// even down to nothing, is theirs.
    pub fn seed_default_curriculum(&mut self, by: &str) -> Result<bool> {
        if self.meta("curriculum_seeded")?.is_some() {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        for m in default_curriculum() {
            insert(&tx, &m)?;
            audit(&tx, by, "add", "module", &m.code, NONE, Some(&m))?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('curriculum_seeded', ?1)",
            [dates::now_utc()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    pub fn add_module(&mut self, m: &Module, by: &str) -> Result<Module> {
        let by = text::operator(by)?;
        let m = validate(m)?;
        let tx = self.conn.transaction()?;
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM module WHERE code = ?1", [&m.code], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_some() {
            return Err(Error::Conflict(Problem::AlreadyExists {
                what: "module".into(),
                key: m.code,
            }));
        }
        insert(&tx, &m)?;
        audit(&tx, &by, "add", "module", &m.code, NONE, Some(&m))?;
        tx.commit()?;
        Ok(m)
    }

    /// Changes what a patch gives of a module (`muster curriculum set`); the rest stays.
    pub fn change_module(&mut self, code: &str, patch: &ModulePatch, by: &str) -> Result<Module> {
        let m = patch.apply(self.module(code)?);
        self.update_module(&m, by)
    }

    /// Changes a module's title, validity, scope, hours or pass mark. The code is its identity.
    pub fn update_module(&mut self, m: &Module, by: &str) -> Result<Module> {
        let by = text::operator(by)?;
        let new = validate(m)?;
        let old = self.module(&new.code)?;
        if old
            == (Module {
                retired: old.retired,
                ..new.clone()
            })
        {
            return Ok(old);
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE module SET title = ?2, per_rotation = ?3, validity_months = ?4,
                    applies_to = ?5, hours = ?6, pass_mark = ?7 WHERE code = ?1",
            params![
                new.code,
                new.title,
                new.per_rotation,
                new.validity_months,
                format_applies(&new.applies_to),
                new.hours,
                new.pass_mark
            ],
        )?;
        audit(
            &tx,
            &by,
            "change",
            "module",
            &new.code,
            Some(&old),
            Some(&new),
        )?;
        tx.commit()?;
        self.module(&new.code)
    }

    /// Retires a module: it stops counting towards readiness, its records stay.
    pub fn retire_module(&mut self, code: &str, by: &str, reason: &str) -> Result<()> {
        let by = text::operator(by)?;
        let reason = text::required("reason", reason)?;
        let old = self.module(code)?;
        if old.retired {
            return Err(Error::Conflict(Problem::AlreadyRetired {
                module: old.code,
            }));
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE module SET retired_at = ?2 WHERE code = ?1",
            params![old.code, dates::now_utc()],
        )?;
        audit(
            &tx,
            &by,
            "retire",
            "module",
            &old.code,
            Some(&old),
            Some(&reason),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Counts curriculum changes: printed on reports so a reader knows which rules applied.
    pub fn curriculum_version(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM audit WHERE entity = 'module'",
            [],
            |r| r.get(0),
        )?)
    }
}

fn insert(conn: &rusqlite::Connection, m: &Module) -> Result<()> {
    conn.execute(
        "INSERT INTO module (code, title, per_rotation, validity_months, applies_to, hours,
                             pass_mark, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            m.code,
            m.title,
            m.per_rotation,
            m.validity_months,
            format_applies(&m.applies_to),
            m.hours,
            m.pass_mark,
            dates::now_utc()
        ],
    )?;
    Ok(())
}

/// Every module with its row id, retired ones too.
pub(crate) fn all_with_ids(conn: &rusqlite::Connection) -> Result<Vec<(i64, Module)>> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS}, id FROM module ORDER BY id"))?;
    let rows = st.query_map([], |r| Ok((r.get(8)?, from_row(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
