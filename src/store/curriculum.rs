//! The curriculum: editable, every change audited, modules retired rather than deleted.

use super::details::{self, Entity};
use rusqlite::{params, OptionalExtension, Row};

use super::{audit, Store, NONE};
use crate::dates;
use crate::domain::{Category, Module, ModulePatch};
use crate::error::{Error, Problem, Result};
use crate::field::Field;
use crate::text;

const COLUMNS: &str = "code, title, per_rotation, validity_months, applies_to, hours, pass_mark, \
                       retired_at, title_ru, title_kk";

/// The default curriculum of a UN infantry company joining a partner battalion, titled in
/// English, Russian and Kazakh.
pub fn default_curriculum() -> Vec<Module> {
    DEFAULT_TITLES
        .iter()
        .map(
            |&(code, [title, ru, kk], per_rotation, validity_months, hours)| Module {
                code: code.into(),
                title: title.into(),
                title_ru: Some(ru.into()),
                title_kk: Some(kk.into()),
                per_rotation,
                validity_months,
                applies_to: vec![],
                hours,
                pass_mark: None,
                retired: false,
            },
        )
        .collect()
}

/// The default modules: code, title in English, Russian and Kazakh, once per rotation,
/// months valid, hours. The words are those of the report (`report::i18n`) and the
/// army's: ROE is «Правила применения силы», not a word-for-word «правила ведения боя».
#[allow(clippy::type_complexity)]
const DEFAULT_TITLES: &[(&str, [&str; 3], bool, Option<u32>, f64)] = &[
    (
        "CULT",
        [
            "Cultural awareness of the mission area",
            "Культурные особенности района миссии",
            "Миссия ауданының мәдени ерекшеліктері",
        ],
        true,
        None,
        8.0,
    ),
    (
        "ROE",
        [
            "Rules of engagement",
            "Правила применения силы",
            "Күш қолдану ережелері",
        ],
        true,
        None,
        12.0,
    ),
    (
        "PATROL",
        [
            "Mobile and foot patrolling",
            "Мобильное и пешее патрулирование",
            "Көлікпен және жаяу патрульдеу",
        ],
        true,
        None,
        40.0,
    ),
    (
        "BFAC",
        [
            "First aid (UN Buddy First Aid Course)",
            "Первая помощь (курс ООН по взаимопомощи)",
            "Алғашқы көмек (БҰҰ-ның өзара көмек курсы)",
        ],
        false,
        Some(36),
        24.0,
    ),
    (
        "SEA",
        [
            "Prevention of sexual exploitation and abuse",
            "Предотвращение сексуальной эксплуатации и насилия",
            "Жыныстық қанау мен зорлық-зомбылықтың алдын алу",
        ],
        false,
        Some(12),
        4.0,
    ),
    (
        "POC",
        [
            "Protection of civilians",
            "Защита гражданского населения",
            "Бейбіт тұрғындарды қорғау",
        ],
        true,
        None,
        8.0,
    ),
    (
        "KINPOT",
        [
            "Kazakhstan–India Peacekeeping Operational Training",
            "Казахстанско-индийская оперативная подготовка миротворцев",
            "Қазақстан–Үндістан бітімгершілік жедел даярлығы",
        ],
        true,
        None,
        60.0,
    ),
];

/// Gives the default modules of an older database their Russian and Kazakh titles, where
/// the module still bears its default English title and has none of its own in that
/// language; a title the users typed stays as typed. Recorded like any change of the
/// curriculum (by Muster), so the module's history says when its words came.
pub(crate) fn translate_default_titles(conn: &rusqlite::Connection) -> Result<usize> {
    let mut n = 0;
    for (_, old) in all_with_ids(conn)? {
        let Some(default) = default_curriculum()
            .into_iter()
            .find(|d| d.code.eq_ignore_ascii_case(&old.code) && d.title == old.title)
        else {
            continue;
        };
        let new = Module {
            title_ru: old.title_ru.clone().or(default.title_ru),
            title_kk: old.title_kk.clone().or(default.title_kk),
            ..old.clone()
        };
        if new == old {
            continue;
        }
        conn.execute(
            "UPDATE module SET title_ru = ?2, title_kk = ?3 WHERE code = ?1",
            params![new.code, new.title_ru, new.title_kk],
        )?;
        audit(
            conn,
            super::chain::SYSTEM_ACTOR,
            "change",
            "module",
            &new.code,
            Some(&old),
            Some(&new),
        )?;
        n += 1;
    }
    Ok(n)
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
        title_ru: r.get(8)?,
        title_kk: r.get(9)?,
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
    let code = text::required(Field::ModuleCode, &m.code)?.to_uppercase();
    if !code
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Problem::BadModuleCode { value: code.into() }.into());
    }
    if m.validity_months == Some(0) {
        return Err(Problem::ValidityZero.into());
    }
    // Fifty years: the database's own limit, said as a field's range, not as SQLite's.
    if let Some(v) = m.validity_months.filter(|v| *v > 600) {
        return Err(Problem::out_of_range(Field::ValidityMonths, v, 1, 600).into());
    }
    if !(0.0..=1000.0).contains(&m.hours) {
        return Err(Problem::out_of_range(Field::Hours, m.hours, 0, 1000).into());
    }
    if let Some(p) = m.pass_mark.filter(|p| !(0.0..=100.0).contains(p)) {
        return Err(Problem::out_of_range(Field::PassMark, p, 0, 100).into());
    }
    let translated = |field: Field, t: &Option<String>| -> Result<Option<String>> {
        Ok(match t {
            Some(t) => text::optional(field, t)?,
            None => None,
        })
    };
    Ok(Module {
        code,
        title: text::required(Field::Title, &m.title)?,
        title_ru: translated(Field::TitleRu, &m.title_ru)?,
        title_kk: translated(Field::TitleKk, &m.title_kk)?,
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
        // A database whose first records came from another laptop's bundle (`muster sync
        // import` on a new file) holds that laptop's curriculum, seeded there: seeding
        // again would collide with it (and the app could not open the file).
        let held: i64 = tx.query_row("SELECT count(*) FROM module", [], |r| r.get(0))?;
        if held == 0 {
            for m in default_curriculum() {
                insert_stamped(&tx, &m, SEED)?;
                audit(&tx, by, "add", "module", &m.code, NONE, Some(&m))?;
            }
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('curriculum_seeded', ?1)",
            [dates::now_utc()],
        )?;
        tx.commit()?;
        Ok(held == 0)
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
        let key = new.code.to_uppercase();
        let before = details::snapshot(&tx, Entity::Module, &key)?.expect("found above");
        tx.execute(
            "UPDATE module SET title = ?2, per_rotation = ?3, validity_months = ?4,
                    applies_to = ?5, hours = ?6, pass_mark = ?7, title_ru = ?8, title_kk = ?9
             WHERE code = ?1",
            params![
                new.code,
                new.title,
                new.per_rotation,
                new.validity_months,
                format_applies(&new.applies_to),
                new.hours,
                new.pass_mark,
                new.title_ru,
                new.title_kk
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
        details::record_change(&tx, Entity::Module, &key, &before, &by, None)?;
        tx.commit()?;
        self.module(&new.code)
    }

    /// Retires a module: it stops counting towards readiness, its records stay.
    pub fn retire_module(&mut self, code: &str, by: &str, reason: &str) -> Result<()> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let old = self.module(code)?;
        if old.retired {
            return Err(Error::Conflict(Problem::AlreadyRetired {
                module: old.code,
            }));
        }
        let tx = self.conn.transaction()?;
        let key = old.code.to_uppercase();
        let before = details::snapshot(&tx, Entity::Module, &key)?.expect("found above");
        tx.execute(
            "UPDATE module SET retired_at = ?2 WHERE code = ?1",
            params![old.code, dates::now_utc()],
        )?;
        details::record_change(&tx, Entity::Module, &key, &before, &by, None)?;
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

    /// Brings a retired module back into the curriculum (a module retired by mistake): it
    /// counts towards readiness again, with the records it always kept. Said, with a
    /// reason, in the audit log; a change of details, so other laptops receive it.
    pub fn restore_module(&mut self, code: &str, by: &str, reason: &str) -> Result<()> {
        let by = text::operator(by)?;
        let reason = text::required(Field::Reason, reason)?;
        let old = self.module(code)?;
        if !old.retired {
            return Err(Error::Conflict(Problem::NotRetired { module: old.code }));
        }
        let tx = self.conn.transaction()?;
        let key = old.code.to_uppercase();
        let before = details::snapshot(&tx, Entity::Module, &key)?.expect("found above");
        tx.execute(
            "UPDATE module SET retired_at = NULL WHERE code = ?1",
            params![old.code],
        )?;
        details::record_change(&tx, Entity::Module, &key, &before, &by, None)?;
        audit(
            &tx,
            &by,
            "restore",
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

/// The creation every installation's default curriculum carries: the same stamp, origin
/// and time everywhere, earlier than any stamp a clock gives. Two laptops' seeds are one
/// creation (nothing to settle), and any module made or edited on purpose is later: a
/// laptop set up after HQ changed BFAC's validity keeps HQ's change when it arrives,
/// instead of its own fresh seed counting as the later word.
struct Seed {
    hlc: i64,
    origin: &'static str,
    created_at: &'static str,
}

const SEED: Seed = Seed {
    hlc: 1,
    origin: "default-curriculum",
    created_at: "2026-01-01T00:00:00.000Z",
};

fn insert(conn: &rusqlite::Connection, m: &Module) -> Result<()> {
    let stamp = super::stamps::reserve(conn)?;
    let origin = super::stamps::origin(conn)?;
    insert_with(conn, m, Some(stamp), origin.as_deref(), &dates::now_utc())
}

fn insert_stamped(conn: &rusqlite::Connection, m: &Module, seed: Seed) -> Result<()> {
    insert_with(conn, m, Some(seed.hlc), Some(seed.origin), seed.created_at)
}

fn insert_with(
    conn: &rusqlite::Connection,
    m: &Module,
    hlc: Option<i64>,
    origin: Option<&str>,
    created_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO module (code, title, per_rotation, validity_months, applies_to, hours,
                             pass_mark, created_at, title_ru, title_kk, hlc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            m.code,
            m.title,
            m.per_rotation,
            m.validity_months,
            format_applies(&m.applies_to),
            m.hours,
            m.pass_mark,
            created_at,
            m.title_ru,
            m.title_kk,
            hlc,
            origin
        ],
    )?;
    Ok(())
}

/// Every module with its row id, retired ones too.
pub(crate) fn all_with_ids(conn: &rusqlite::Connection) -> Result<Vec<(i64, Module)>> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS}, id FROM module ORDER BY id"))?;
    let rows = st.query_map([], |r| Ok((r.get(10)?, from_row(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
