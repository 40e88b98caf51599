//! Details that may be edited (a person's, a contingent's, a module's) as records, so that
//! installations editing them apart converge (docs/sync.md "Details"): every edit of a group
//! of fields is a `detail_edit` row with its order-of-entry stamp, and the row of the
//! person (…) reads, group by group, what the latest record says: last writer wins, by
//! (stamp, record id), on every installation alike. Nothing is lost: the losing values stay
//! in `detail_edit`, and two edits made from the same value are a conflict to settle.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::error::Result;

/// What has editable details, and how its rows are named on every installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Person,
    Contingent,
    Module,
}

impl Entity {
    pub const ALL: [Entity; 3] = [Entity::Person, Entity::Contingent, Entity::Module];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Person => "person",
            Entity::Contingent => "contingent",
            Entity::Module => "module",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The table, and the expression that names a row alike everywhere (the key a
    /// `detail_edit` row carries).
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Entity::Person => ("person", "sn_key"),
            Entity::Contingent => ("contingent", "upper(code)"),
            Entity::Module => ("module", "upper(code)"),
        }
    }

    /// The key a row is named by everywhere (`table`'s expression, from a number or code
    /// as typed): a service number's match key, a code in capitals.
    pub fn key(self, typed: &str) -> String {
        match self {
            Entity::Person => crate::text::sn_key(typed),
            Entity::Contingent | Entity::Module => typed.trim().to_uppercase(),
        }
    }

    /// The groups of columns edited as one: what must agree with each other (a
    /// contingent's dates, a module's kind and validity, an archiving's day and author)
    /// changes together, so a merge never pairs one laptop's start with another's end.
    pub fn groups(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Entity::Person => &[
                ("family_name", &["family_name"]),
                ("given_name", &["given_name"]),
                ("patronymic", &["patronymic"]),
                ("rank", &["rank"]),
                ("category", &["category"]),
                ("gender", &["gender"]),
                ("role", &["role"]),
                ("unit", &["unit"]),
            ],
            Entity::Contingent => &[
                ("name", &["name"]),
                ("mission", &["mission"]),
                ("parent_unit", &["parent_unit"]),
                ("dates", &["training_start", "deploy_on", "tour_months"]),
                ("archived", &["archived_at", "archived_by"]),
            ],
            Entity::Module => &[
                ("title", &["title", "title_ru", "title_kk"]),
                ("kind", &["per_rotation", "validity_months"]),
                ("applies_to", &["applies_to"]),
                ("hours", &["hours"]),
                ("pass_mark", &["pass_mark"]),
                ("retired", &["retired_at"]),
            ],
        }
    }
}

/// A row's editable details as group name → JSON object of its columns, and its
/// creation's stamp and installation.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub groups: Map<String, Value>,
    pub hlc: Option<i64>,
    pub origin: Option<String>,
    /// When the row was made, on the installation that made it: goes with the creation
    /// that decides, so two laptops that made one row end with the same.
    pub created_at: Option<String>,
}

/// The row named `key` as it reads now; None when there is none.
pub fn snapshot(conn: &Connection, entity: Entity, key: &str) -> Result<Option<Snapshot>> {
    let (table, key_sql) = entity.table();
    let mut pairs = Vec::new();
    for (_, columns) in entity.groups() {
        for c in *columns {
            pairs.push(format!("'{c}', \"{c}\""));
        }
    }
    let sql = format!(
        "SELECT json_object({}), hlc, origin, created_at FROM {table} WHERE {key_sql} = ?1",
        pairs.join(", ")
    );
    let row = conn
        .query_row(&sql, [key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .optional()?;
    let Some((json, hlc, origin, created_at)) = row else {
        return Ok(None);
    };
    let flat: Map<String, Value> =
        serde_json::from_str(&json).expect("SQLite's json_object writes a JSON object");
    Ok(Some(Snapshot {
        groups: group(entity, &flat),
        hlc,
        origin,
        created_at,
    }))
}

/// Column values gathered into their groups.
pub fn group(entity: Entity, flat: &Map<String, Value>) -> Map<String, Value> {
    entity
        .groups()
        .iter()
        .map(|(name, columns)| {
            let v: Map<String, Value> = columns
                .iter()
                .map(|c| (c.to_string(), flat.get(*c).cloned().unwrap_or(Value::Null)))
                .collect();
            (name.to_string(), Value::Object(v))
        })
        .collect()
}

/// One `detail_edit` row, as it travels.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub id: String,
    pub entity: String,
    pub entity_key: String,
    pub field: String,
    pub value: String,
    pub old: Option<String>,
    pub replaces: Option<i64>,
    pub hlc: i64,
    pub origin: Option<String>,
    pub edited_by: String,
    pub edited_at: String,
    /// The roster import that made it (absent for an edit made by hand), so undoing the
    /// import on any installation that holds it puts back what it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<super::sync_history::Written>,
}

pub(super) const COLUMNS: &str =
    "id, entity, entity_key, field, value, old, replaces, hlc, origin, edited_by, edited_at";

pub(super) fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Edit> {
    Ok(Edit {
        id: r.get(0)?,
        entity: r.get(1)?,
        entity_key: r.get(2)?,
        field: r.get(3)?,
        value: r.get(4)?,
        old: r.get(5)?,
        replaces: r.get(6)?,
        hlc: r.get(7)?,
        origin: r.get(8)?,
        edited_by: r.get(9)?,
        edited_at: r.get(10)?,
        import: None,
    })
}

/// Adds an edit; `import`: the row id here of the import that made it.
pub(super) fn insert(conn: &Connection, e: &Edit, import: Option<i64>) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO detail_edit ({COLUMNS}, import_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?
    .execute(params![
        e.id,
        e.entity,
        e.entity_key,
        e.field,
        e.value,
        e.old,
        e.replaces,
        e.hlc,
        e.origin,
        e.edited_by,
        e.edited_at,
        import
    ])?;
    Ok(())
}

/// SQL true for an edit that counts: every edit but those of an import since undone.
/// Undoing a roster import takes back what it changed by no longer counting its edits,
/// on every installation that knows of the undo, whatever order it learnt things in; a
/// later edit (by hand, by another import) still decides, and the edits stay in the
/// history.
pub(super) const IN_FORCE: &str =
    "(import_id IS NULL OR import_id NOT IN (SELECT id FROM import WHERE undone_at IS NOT NULL))";

/// Every edit in force of one row's details, in order of entry (`in_force`).
pub fn edits_of(conn: &Connection, entity: Entity, key: &str) -> Result<Vec<Edit>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, {IN_FORCE} FROM detail_edit WHERE entity = ?1 AND entity_key = ?2
         ORDER BY hlc, id"
    ))?;
    let rows = st.query_map(params![entity.as_str(), key], |r| {
        Ok((from_row(r)?, r.get::<_, bool>(11)?))
    })?;
    Ok(in_force(rows.collect::<rusqlite::Result<_>>()?))
}

/// The edits in force of those given (each with whether it is), each made from an edit
/// since undone read as made from what that edit replaced: two laptops that edited a
/// field apart, one from the value an import set and one after the import was undone,
/// edited it from the same value, and are listed as such (`competing`).
pub(super) fn in_force(edits: Vec<(Edit, bool)>) -> Vec<Edit> {
    type Slot = (String, String, String, i64);
    let undone: std::collections::HashMap<Slot, Option<i64>> = edits
        .iter()
        .filter(|(_, counts)| !counts)
        .map(|(e, _)| {
            (
                (
                    e.entity.clone(),
                    e.entity_key.clone(),
                    e.field.clone(),
                    e.hlc,
                ),
                e.replaces,
            )
        })
        .collect();
    let counting = edits.into_iter().filter(|(_, counts)| *counts);
    if undone.is_empty() {
        // The usual case: nothing undone, nothing to walk back through.
        return counting.map(|(e, _)| e).collect();
    }
    counting
        .map(|(mut e, _)| {
            // Each step goes to an earlier stamp, so the walk back ends (a stamp that is
            // not earlier, which Muster never writes, stops it).
            while let Some(r) = e.replaces {
                let slot = (e.entity.clone(), e.entity_key.clone(), e.field.clone(), r);
                match undone.get(&slot) {
                    Some(&earlier) if earlier.is_none_or(|x| x < r) => e.replaces = earlier,
                    _ => break,
                }
            }
            e
        })
        .collect()
}

/// The stamp a group's value reads from now: its latest edit's, or the row's creation's
/// (NULL, before stamps: 0).
pub(super) fn source(base: Option<i64>, edits: &[Edit], field: &str) -> i64 {
    edits
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.hlc)
        .chain([base.unwrap_or(0)])
        .max()
        .unwrap_or(0)
}

/// Records, after a local change of a row, one edit for each group that changed from
/// `before`, all with one new stamp. Called by every code path that changes details.
pub(super) fn record_change(
    conn: &Connection,
    entity: Entity,
    key: &str,
    before: &Snapshot,
    by: &str,
    import: Option<i64>,
) -> Result<()> {
    let Some(after) = snapshot(conn, entity, key)? else {
        return Ok(());
    };
    let changed: Vec<(&String, &Value)> = after
        .groups
        .iter()
        .filter(|(g, v)| before.groups.get(*g) != Some(*v))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let edits = edits_of(conn, entity, key)?;
    let hlc = super::stamps::reserve(conn)?;
    let origin = super::stamps::origin(conn)?;
    let at = crate::dates::now_utc();
    for (field, value) in changed {
        insert(
            conn,
            &Edit {
                id: uuid::Uuid::now_v7().to_string(),
                entity: entity.as_str().into(),
                entity_key: key.into(),
                field: field.clone(),
                value: value.to_string(),
                old: before.groups.get(field).map(Value::to_string),
                replaces: Some(source(before.hlc, &edits, field)),
                hlc,
                origin: origin.clone(),
                edited_by: by.into(),
                edited_at: at.clone(),
                import: None,
            },
            import,
        )?;
    }
    Ok(())
}

/// A creation's place in the order: stamp (NULL first), installation, then (only between
/// rows made before stamps) the details themselves, so every installation picks the same.
pub fn creation_order(s: &Snapshot) -> (i64, String, String) {
    (
        s.hlc.unwrap_or(0),
        s.origin.clone().unwrap_or_default(),
        Value::Object(s.groups.clone()).to_string(),
    )
}

/// The value each group should read, given the row's creation (its stamp, and the values
/// it reads when its creation decides) and every edit held: the latest edit of the group by
/// (stamp, id) when it is later than the creation, else the creation's.
pub fn resolve(base: &Snapshot, edits: &[Edit]) -> Map<String, Value> {
    let created = base.hlc.unwrap_or(0);
    let mut out = base.groups.clone();
    for (field, value) in out.iter_mut() {
        let latest = edits
            .iter()
            .filter(|e| &e.field == field && e.hlc > created)
            .max_by(|a, b| (a.hlc, &a.id).cmp(&(b.hlc, &b.id)));
        if let Some(e) = latest {
            if let Ok(v) = serde_json::from_str(&e.value) {
                *value = v;
            }
        }
    }
    out
}

/// The creation that decides a row's details: its stamp, installation and time.
pub(super) struct Stamp<'a> {
    pub hlc: Option<i64>,
    pub origin: Option<&'a str>,
    pub created_at: Option<&'a str>,
}

/// Writes `groups` (and the creation's stamp) into the row named `key`: the merge's one way
/// of changing details. Returns whether anything changed.
pub(super) fn write(
    conn: &Connection,
    entity: Entity,
    key: &str,
    groups: &Map<String, Value>,
    stamp: Stamp,
) -> Result<bool> {
    let (table, key_sql) = entity.table();
    let mut sets = vec!["hlc = ?1".to_string(), "origin = ?2".to_string()];
    let mut values: Vec<rusqlite::types::Value> =
        vec![stamp.hlc.into(), stamp.origin.map(str::to_string).into()];
    if let Some(at) = stamp.created_at {
        values.push(at.to_string().into());
        sets.push(format!("created_at = ?{}", values.len()));
    }
    for (name, columns) in entity.groups() {
        let Some(Value::Object(g)) = groups.get(*name) else {
            continue;
        };
        for c in *columns {
            values.push(sql_value(g.get(*c).unwrap_or(&Value::Null)));
            sets.push(format!("\"{c}\" = ?{}", values.len()));
        }
    }
    values.push(key.to_string().into());
    let sql = format!(
        "UPDATE {table} SET {} WHERE {key_sql} = ?{} AND NOT ({})",
        sets.join(", "),
        values.len(),
        // Only when something differs: an update is a chain entry.
        sets.iter()
            .map(|s| s.replacen(" = ", " IS ", 1))
            .collect::<Vec<_>>()
            .join(" AND ")
    );
    Ok(conn.execute(&sql, rusqlite::params_from_iter(values))? > 0)
}

fn sql_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => V::Integer(i),
            None => V::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => V::Text(s.clone()),
        other => V::Text(other.to_string()),
    }
}

/// Rows whose details a merge may have changed.
pub(super) type Touched = std::collections::BTreeMap<(&'static str, String), TouchedRow>;

/// What a merge did to one row's details.
#[derive(Default)]
pub(super) struct TouchedRow {
    /// The creation that now decides: Some when a received creation won over the one
    /// held, None to keep the held one.
    pub won: Option<Snapshot>,
    /// The groups a received creation of the row (the same service number or code added on
    /// another laptop) reads otherwise than the one held: said before receiving, as edits
    /// made apart are.
    pub added_apart: std::collections::BTreeSet<&'static str>,
}

/// A received creation of a row this installation holds. The same creation (same stamp and
/// installation) changes nothing. Two creations (the same service number added on two
/// laptops) are ordered by `creation_order` and the later decides, on every installation.
/// A bundle carries a row as its sender reads it now, not as it was created: where an edit
/// made it read so, that edit travels too and decides over either creation, so the carried
/// values stand for the creation exactly where no edit overrides them.
pub(super) fn creation_arrives(
    conn: &Connection,
    entity: Entity,
    key: &str,
    carried: &Snapshot,
    touched: &mut Touched,
) -> Result<()> {
    let Some(held) = snapshot(conn, entity, key)? else {
        return Ok(());
    };
    if (held.hlc, &held.origin) == (carried.hlc, &carried.origin) {
        return Ok(());
    }
    let entry = touched
        .entry((entity.as_str(), key.to_string()))
        .or_default();
    for (field, _) in entity.groups() {
        if held.groups.get(*field) != carried.groups.get(*field) {
            entry.added_apart.insert(field);
        }
    }
    let current = entry.won.as_ref().unwrap_or(&held);
    if creation_order(carried) > creation_order(current) {
        entry.won = Some(carried.clone());
    }
    Ok(())
}

fn held_edit(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM detail_edit WHERE id = ?1)")?
        .query_row([id], |r| r.get(0))?)
}

/// Marks every row the given imports (row ids here) edited as touched: undone, their edits
/// no longer count, and the rows are read again without them.
pub(super) fn touch_edited_by(
    conn: &Connection,
    imports: &[i64],
    touched: &mut Touched,
) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT entity, entity_key FROM detail_edit WHERE import_id = ?1",
    )?;
    for id in imports {
        let rows = st.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (entity, key) = row?;
            if let Some(entity) = Entity::parse(&entity) {
                touched.entry((entity.as_str(), key)).or_default();
            }
        }
    }
    Ok(())
}

/// Received edits: those not held are added. Returns how many were added.
/// `import` finds here the import an edit names.
pub(super) fn edits_arrive(
    conn: &Connection,
    edits: &[Edit],
    import: &dyn Fn(&Option<super::sync_history::Written>) -> Result<Option<i64>>,
    touched: &mut Touched,
) -> Result<u64> {
    let mut added = 0;
    for e in edits {
        let Some(entity) = Entity::parse(&e.entity) else {
            return Err(crate::error::Error::Invalid(
                crate::problem::Problem::BundleIncomplete {
                    what: "kind of details".into(),
                    key: e.entity.clone(),
                },
            ));
        };
        if held_edit(conn, &e.id)? {
            continue;
        }
        if snapshot(conn, entity, &e.entity_key)?.is_none() {
            return Err(crate::error::Error::Invalid(
                crate::problem::Problem::BundleIncomplete {
                    what: entity.as_str().into(),
                    key: e.entity_key.clone(),
                },
            ));
        }
        insert(conn, e, import(&e.import)?)?;
        touched
            .entry((entity.as_str(), e.entity_key.clone()))
            .or_default();
        added += 1;
    }
    Ok(added)
}

/// Brings every touched row to what its creation and edits decide, recording each change
/// in the audit log when `record_changes` (a bundle carrying the audit trail carries the
/// entries of the edits themselves). Returns each group edited on two installations from the
/// same value to different ones (a conflict: the later edit counts), and every other group
/// that reads otherwise than before.
pub(super) fn settle(
    conn: &Connection,
    touched: &Touched,
    by: &str,
    record_changes: bool,
) -> Result<Settled> {
    settle_because(conn, touched, by, record_changes, None)
}

/// What settling rows did to what they read.
#[derive(Default)]
pub(super) struct Settled {
    /// Groups set differently on two installations (the later counts).
    pub decided: Vec<super::sync_said::Decided>,
    /// The other groups that read otherwise than before, in row order.
    pub changed: Vec<super::sync_said::Changed>,
}

/// `settle`, each recorded change saying why (`because`, kept in the audit entry under
/// `"because"`, which a person's history reads: the undo of an import, say).
pub(super) fn settle_because(
    conn: &Connection,
    touched: &Touched,
    by: &str,
    record_changes: bool,
    because: Option<&Value>,
) -> Result<Settled> {
    let mut out = Settled::default();
    let undone = any_import_undone(conn)?;
    for ((entity, key), row) in touched {
        let entity = Entity::parse(entity).expect("named by Entity::as_str");
        let Some(held) = snapshot(conn, entity, key)? else {
            continue;
        };
        let mut base = row.won.clone().unwrap_or_else(|| held.clone());
        let edits = edits_of(conn, entity, key)?;
        if undone {
            taken_back(conn, entity, key, &edits, &mut base)?;
        }
        let resolved = resolve(&base, &edits);
        let stamp = Stamp {
            hlc: base.hlc,
            origin: base.origin.as_deref(),
            created_at: base.created_at.as_deref(),
        };
        if write(conn, entity, key, &resolved, stamp)? && resolved != held.groups && record_changes
        {
            // Recorded as any change of details: the columns before and after, under the
            // name the row is shown by (a person's history reads it from there).
            let (shown_as, _) = shown(conn, entity, key)?;
            let mut now = flatten(&resolved);
            if let (Some(why), Value::Object(m)) = (because, &mut now) {
                m.insert("because".into(), why.clone());
            }
            super::audit(
                conn,
                by,
                "change",
                entity.as_str(),
                &shown_as,
                Some(&flatten(&held.groups)),
                Some(&now),
            )?;
        }
        let contested = competing(edits.clone());
        for (field, columns) in entity.groups() {
            let (was, now) = (held.groups.get(*field), resolved.get(*field));
            // A conflict someone settled since (`sync keep`, or an edit made from the value
            // that counted) is no disagreement to announce when the settlement arrives:
            // only the value it sets, if that reads otherwise here.
            let decided = contested
                .iter()
                .any(|g| g[0].field == *field && !settled(&edits, g.clone()))
                || row.added_apart.contains(field);
            if !decided && was == now {
                continue;
            }
            let (key, field) = (key.clone(), field.to_string());
            let (was, now) = (group_text(columns, was), group_text(columns, now));
            // Each side's latest value that does not count (`branch_heads`, as the conflict
            // list shows them), but for the one it read before: a value kept here would
            // otherwise read as no conflict at all.
            let mut others: Vec<String> = Vec::new();
            for group in contested.iter().filter(|g| g[0].field == field) {
                for head in branch_heads(&edits, group.clone()) {
                    let v: Option<Value> = serde_json::from_str(&head.value).ok();
                    let text = group_text(columns, v.as_ref());
                    if text != now && text != was && !others.contains(&text) {
                        others.push(text);
                    }
                }
            }
            let entity = entity.as_str().to_string();
            if decided {
                out.decided.push(super::sync_said::Decided {
                    entity,
                    key,
                    field,
                    was,
                    now,
                    others,
                });
            } else {
                out.changed.push(super::sync_said::Changed {
                    entity,
                    key,
                    field,
                    was,
                    now,
                });
            }
        }
    }
    Ok(out)
}

/// True when some roster import was undone (only then can an edit be out of force).
fn any_import_undone(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM import WHERE undone_at IS NOT NULL)")?
        .query_row([], |r| r.get(0))?)
}

/// The row holds what an undone import wrote where no edit in force came after it: each
/// group whose edits since the row's creation are all out of force reads as the creation
/// that counts had it (`creation_value`).
fn taken_back(
    conn: &Connection,
    entity: Entity,
    key: &str,
    in_force: &[Edit],
    base: &mut Snapshot,
) -> Result<()> {
    let created = base.hlc.unwrap_or(0);
    let mut st = conn.prepare_cached(&format!(
        "SELECT DISTINCT field FROM detail_edit
         WHERE entity = ?1 AND entity_key = ?2 AND hlc > ?3 AND NOT {IN_FORCE}"
    ))?;
    let fields: Vec<String> = st
        .query_map(params![entity.as_str(), key, created], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for field in fields {
        if in_force.iter().any(|e| e.field == field && e.hlc > created) {
            continue;
        }
        if let Some(v) = creation_value(conn, entity, key, base, &field)? {
            base.groups.insert(field, v);
        }
    }
    Ok(())
}

/// What a group read when the row was created, by the creation that counts (`base`'s
/// stamp): what an edit made from it saw (its `old`; any edit, in force or not); else, for
/// a row two laptops each added, that creation's entry in the audit trail; else what the
/// first edit of the group saw.
fn creation_value(
    conn: &Connection,
    entity: Entity,
    key: &str,
    base: &Snapshot,
    field: &str,
) -> Result<Option<Value>> {
    let read = |v: Option<String>| v.and_then(|o| serde_json::from_str::<Value>(&o).ok());
    let mut st = conn.prepare_cached(
        "SELECT old FROM detail_edit
         WHERE entity = ?1 AND entity_key = ?2 AND field = ?3 AND replaces IS ?4
         ORDER BY hlc, id",
    )?;
    let from_it: Vec<Option<String>> = st
        .query_map(params![entity.as_str(), key, field, base.hlc], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(v) = from_it.into_iter().find_map(read) {
        return Ok(Some(v));
    }
    if let Some(values) = super::creations::deciding_values(conn, entity, key, base)? {
        return Ok(Some(
            group(entity, &values).remove(field).unwrap_or(Value::Null),
        ));
    }
    let first: Option<Option<String>> = conn
        .prepare_cached(
            "SELECT old FROM detail_edit WHERE entity = ?1 AND entity_key = ?2 AND field = ?3
             ORDER BY hlc, id LIMIT 1",
        )?
        .query_row(params![entity.as_str(), key, field], |r| r.get(0))
        .optional()?;
    Ok(first.and_then(read))
}

/// A group's value as text: its columns' values in the group's order, `—` for none (once
/// for a group with no value at all: a contingent not archived is `—`, not `—, —`), a
/// moment as its day and minute in UTC (`2026-12-06 04:16`, not the stored stamp).
pub(super) fn group_text(columns: &[&str], v: Option<&Value>) -> String {
    let one = |v: &Value| match v {
        Value::Null => "—".to_string(),
        Value::String(s) => moment(s).unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    };
    match v {
        Some(Value::Object(values))
            if columns
                .iter()
                .all(|c| !matches!(values.get(*c), Some(v) if !v.is_null())) =>
        {
            "—".into()
        }
        Some(Value::Object(values)) => columns
            .iter()
            .map(|c| values.get(*c).map_or_else(|| "—".to_string(), one))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => one(other),
        None => "—".into(),
    }
}

/// A stored stamp (`2026-12-06T04:16:09.512Z`) as a person reads it.
fn moment(s: &str) -> Option<String> {
    if s.len() < 20 || !s.ends_with('Z') || s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
}

/// Groups back into one object of columns.
fn flatten(groups: &Map<String, Value>) -> Value {
    let mut flat = Map::new();
    for g in groups.values() {
        if let Value::Object(columns) = g {
            flat.extend(columns.clone());
        }
    }
    Value::Object(flat)
}

/// A row's name as it is shown (a person's service number as stored, a code) and a
/// title to read it by (a person's family and given name, a contingent's or module's).
pub(super) fn shown(conn: &Connection, entity: Entity, key: &str) -> Result<(String, String)> {
    let (table, key_sql) = entity.table();
    let columns = match entity {
        Entity::Person => "service_number, family_name || ' ' || given_name",
        Entity::Contingent => "code, name",
        Entity::Module => "code, title",
    };
    Ok(conn
        .query_row(
            &format!("SELECT {columns} FROM {table} WHERE {key_sql} = ?1"),
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or_else(|| (key.to_string(), String::new())))
}

impl super::Store {
    /// Every edit of a person's details entered after `at` (a UTC timestamp), in order of
    /// entry.
    pub fn person_edits_after(&self, service_number: &str, at: &str) -> Result<Vec<Edit>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM detail_edit
             WHERE entity = 'person' AND entity_key = ?1 AND edited_at > ?2 AND {IN_FORCE}
             ORDER BY hlc, id"
        ))?;
        let rows = st.query_map(params![crate::text::sn_key(service_number), at], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Edits of details made apart: every edit that replaced the same value of the same
    /// field as another edit with a different value, grouped by row, field and the value
    /// replaced, in order of entry; and for each group whether it was settled (a later
    /// edit of the field was made from the value that counted). With each row's name.
    pub fn competing_edits(&self) -> Result<Vec<CompetingEdits>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLUMNS}, {IN_FORCE} FROM detail_edit"))?;
        let edits = in_force(
            st.query_map([], |r| Ok((from_row(r)?, r.get::<_, bool>(11)?)))?
                .collect::<rusqlite::Result<_>>()?,
        );
        let mut out: Vec<CompetingEdits> = competing(edits.clone())
            .into_iter()
            .filter_map(|group| {
                let was = group[0].old.clone();
                let branches = branch_heads(&edits, group);
                let apart = branches.iter().any(|e| e.value != branches[0].value);
                apart.then(|| CompetingEdits {
                    shown_as: String::new(),
                    title: String::new(),
                    settled: false,
                    was,
                    edits: branches,
                })
            })
            .collect();
        for g in &mut out {
            let first = &g.edits[0];
            let entity = Entity::parse(&first.entity).expect("checked by the table");
            (g.shown_as, g.title) = shown(&self.conn, entity, &first.entity_key)?;
            g.settled = settled_heads(&edits, &g.edits);
        }
        Ok(out)
    }
}

/// Whether a group of edits made apart was settled: a later edit of the field was made
/// from the value that counted (the last of its sides). The one reading of "settled", for
/// the conflict list and for what a received bundle announces.
fn settled(all: &[Edit], group: Vec<Edit>) -> bool {
    settled_heads(all, &branch_heads(all, group))
}

fn settled_heads(all: &[Edit], heads: &[Edit]) -> bool {
    let Some(last) = heads.last() else {
        return false;
    };
    all.iter().any(|e| {
        (&e.entity, &e.entity_key, &e.field, e.replaces)
            == (&last.entity, &last.entity_key, &last.field, Some(last.hlc))
    })
}

/// A group of edits made apart, each but the last (which counted once the laptops
/// exchanged) followed to the latest edit made from it, and from that, on: a laptop that
/// edited again before hearing of the others' edits changed its own side of the conflict,
/// and the value that now counts is the latest of the sides, as `resolve` reads it. In
/// order of entry.
fn branch_heads(all: &[Edit], group: Vec<Edit>) -> Vec<Edit> {
    let n = group.len();
    let mut heads: Vec<Edit> = group
        .into_iter()
        .enumerate()
        .map(|(i, mut head)| {
            if i + 1 < n {
                while let Some(next) = all
                    .iter()
                    .filter(|e| {
                        (&e.entity, &e.entity_key, &e.field, e.replaces)
                            == (&head.entity, &head.entity_key, &head.field, Some(head.hlc))
                            && e.hlc > head.hlc
                    })
                    .max_by(|a, b| (a.hlc, &a.id).cmp(&(b.hlc, &b.id)))
                {
                    head = next.clone();
                }
            }
            head
        })
        .collect();
    heads.sort_by(|a, b| (a.hlc, &a.id).cmp(&(b.hlc, &b.id)));
    heads.dedup_by(|a, b| a.id == b.id);
    heads
}

/// Edits made apart, the one place this is decided (the merge says which fields two laptops
/// set differently, the conflict list lists them): edits of one field of one row that
/// replaced the same value with different ones. Grouped by row, field and the value
/// replaced; each group in order of entry.
pub fn competing(mut edits: Vec<Edit>) -> Vec<Vec<Edit>> {
    fn group(e: &Edit) -> (&str, &str, &str, Option<i64>) {
        (&e.entity, &e.entity_key, &e.field, e.replaces)
    }
    edits.sort_by(|a, b| (group(a), a.hlc, &a.id).cmp(&(group(b), b.hlc, &b.id)));
    edits
        .chunk_by(|a, b| group(a) == group(b))
        .filter(|g| g.iter().any(|e| e.value != g[0].value))
        .map(<[Edit]>::to_vec)
        .collect()
}

/// Edits of one field of one row made from the same value to different ones.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetingEdits {
    /// The row as shown: a service number, a code.
    pub shown_as: String,
    pub title: String,
    /// What the first of them replaced.
    pub was: Option<String>,
    /// By order of entry: the last counts (unless a later edit of the field was made).
    pub edits: Vec<Edit>,
    /// A later edit was made from the value that counted.
    pub settled: bool,
}

#[cfg(test)]
mod tests {
    use super::{competing, group_text, Edit};
    use serde_json::json;

    /// An archiving received reads `—` → its day and author, not `—, —` → a raw stamp.
    #[test]
    fn a_group_reads_as_a_person_would_say_it() {
        let cols = ["archived_at", "archived_by"];
        let none = json!({"archived_at": null, "archived_by": null});
        assert_eq!(group_text(&cols, Some(&none)), "—");
        let set =
            json!({"archived_at": "2026-12-06T04:16:09.512Z", "archived_by": "лейтенант Ким"});
        assert_eq!(
            group_text(&cols, Some(&set)),
            "2026-12-06 04:16, лейтенант Ким"
        );
        let dates = json!({"training_start": "2026-06-01", "deploy_on": null, "tour_months": 12});
        assert_eq!(
            group_text(
                &["training_start", "deploy_on", "tour_months"],
                Some(&dates)
            ),
            "2026-06-01, —, 12"
        );
        assert_eq!(
            group_text(&["unit"], Some(&json!("2T10:00:00Z"))),
            "2T10:00:00Z"
        );
    }

    fn edit(
        id: &str,
        key: &str,
        field: &str,
        replaces: Option<i64>,
        value: &str,
        hlc: i64,
    ) -> Edit {
        Edit {
            id: id.into(),
            entity: "person".into(),
            entity_key: key.into(),
            field: field.into(),
            value: value.into(),
            old: None,
            replaces,
            hlc,
            origin: None,
            edited_by: "Тұрсынов".into(),
            edited_at: "2026-12-01T10:00:00Z".into(),
            import: None,
        }
    }

    fn ids(groups: &[Vec<Edit>]) -> Vec<Vec<&str>> {
        groups
            .iter()
            .map(|g| g.iter().map(|e| e.id.as_str()).collect())
            .collect()
    }

    #[test]
    fn edits_compete_when_they_replace_the_same_value_with_different_ones() {
        let edits = vec![
            // One value replaced by two laptops differently: in order of entry.
            edit("b", "KZ1", "unit", Some(7), "\"3 взвод\"", 20),
            edit("a", "KZ1", "unit", Some(7), "\"2 взвод\"", 10),
            // A third laptop agreeing with one of them is in the group too.
            edit("c", "KZ1", "unit", Some(7), "\"2 взвод\"", 30),
            // The same value twice: no conflict.
            edit("d", "KZ1", "rank", Some(7), "\"сержант\"", 10),
            edit("e", "KZ1", "rank", Some(7), "\"сержант\"", 11),
            // One after the other (the second replaces the first): no conflict.
            edit("f", "KZ2", "unit", Some(5), "\"1 взвод\"", 10),
            edit("g", "KZ2", "unit", Some(10), "\"4 взвод\"", 12),
            // Both from a row made before stamps (nothing replaced): a conflict.
            edit("h", "KZ3", "unit", None, "\"1 взвод\"", 10),
            edit("i", "KZ3", "unit", None, "\"2 взвод\"", 12),
            // The same value replaced in another field or row: apart.
            edit("j", "KZ4", "unit", Some(7), "\"5 взвод\"", 10),
        ];
        assert_eq!(
            ids(&competing(edits)),
            vec![vec!["a", "b", "c"], vec!["h", "i"]]
        );
        assert!(competing(Vec::new()).is_empty());
    }
}
