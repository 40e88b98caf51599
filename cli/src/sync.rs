//! `muster sync`: bundles of records carried between installations (docs/sync.md).

use muster::signing::InstallationKey;
use muster::store::details::Entity;
use muster::sync::{
    self, Conflict, CorrectionKind, DetailConflict, ImportOptions, ImportReport, LeftBehind,
    LookAlike,
};
use muster::{paths, record_id, Result, Store};

use super::args::{operator, Shape, SyncCmd};
use super::render::{count, TextTable};

pub fn run(store: &mut Store, cmd: SyncCmd) -> Result<String> {
    let dir = paths::app_data_dir();
    match cmd {
        SyncCmd::Export { out, for_peer } => {
            let key = InstallationKey::load_or_create(&dir)?;
            let e = sync::export_to(store, &key, &out, for_peer.as_deref())?;
            let h = &e.header;
            let c = &h.counts;
            let scope = match (&e.peer, h.since) {
                (None, _) => String::new(),
                (Some(p), Some(_)) => format!("for {p:?}, what it has not acknowledged: "),
                (Some(p), None) => format!(
                    "for {p:?}, everything (it has acknowledged none of this laptop's bundles yet): "
                ),
            };
            Ok(format!(
                "wrote {}: {scope}{}, {}, {}, {}, {}, {}, {}; signed by {:?} (key {})\n",
                out.display(),
                count(c.people, "person", "people"),
                count(c.contingents, "contingent", "contingents"),
                count(c.modules, "module", "modules"),
                count(c.assignments, "roster entry", "roster entries"),
                count(c.attempts, "record", "records"),
                count(c.voidings, "voiding", "voidings"),
                count(c.validations, "sign-off", "sign-offs"),
                h.sender.name,
                h.sender.fingerprint
            ))
        }
        SyncCmd::Import {
            file,
            dry_run,
            trust,
            by,
            format,
        } => {
            let own = InstallationKey::load(&dir)?.map(|k| k.fingerprint());
            let by = operator(by);
            let report = sync::import(
                store,
                &file,
                &ImportOptions {
                    dry_run,
                    trust: trust.as_deref(),
                    by: &by,
                    own,
                },
            )?;
            Ok(match format {
                Shape::Json => serde_json::to_string_pretty(&report).expect("serialisable") + "\n",
                _ => {
                    let mut out = imported(&report);
                    // --trust names a key not yet known; one already trusted keeps its name.
                    if let (Some(asked), Some(known)) = (trust.as_deref(), &report.trusted_as) {
                        if asked.trim() != known {
                            out.push_str(&format!(
                                "note: this key is already trusted as {known:?}; --trust {asked:?} changed nothing (to rename it: muster key trust \"{}\" --name NAME)\n",
                                report.sender.fingerprint
                            ));
                        }
                    }
                    if !dry_run {
                        // What the bundle left to settle, each kind with where to look.
                        let listed = [
                            (
                                sync::conflicts(store, false)?.len(),
                                ("record", "records"),
                                "corrected differently on two installations: see `muster sync conflicts`",
                            ),
                            (
                                sync::detail_conflicts(store, false)?.len(),
                                ("detail", "details"),
                                "edited differently on two installations: see `muster sync conflicts --details`",
                            ),
                            (
                                sync::look_alikes(store, false)?.len(),
                                ("group", "groups"),
                                "of service numbers that look alike, on one roster: see `muster sync conflicts --numbers`",
                            ),
                            (
                                sync::left_behind(store)?.len(),
                                ("merged number holds", "merged numbers hold"),
                                "records or roster places that count for no one: see `muster sync conflicts --merged`",
                            ),
                        ];
                        for (n, (one, many), what) in listed {
                            if n > 0 {
                                out.push_str(&format!("{} {what}\n", count(n, one, many)));
                            }
                        }
                    }
                    out
                }
            })
        }
        SyncCmd::Keep {
            entity,
            key,
            field,
            by,
        } => {
            let which = Entity::parse(&entity).expect("checked by the argument parser");
            store.keep_detail(which, &key, field.trim(), &operator(by))?;
            Ok(format!(
                "kept {} {}'s {} as it reads: settled here, and on every laptop the next bundle reaches\n",
                entity,
                key.trim(),
                field.trim()
            ))
        }
        SyncCmd::Conflicts {
            all,
            details,
            numbers,
            merged,
            format,
        } => {
            if merged {
                let left = sync::left_behind(store)?;
                if format == Shape::Json {
                    return Ok(serde_json::to_string_pretty(&left).expect("serialisable") + "\n");
                }
                return Ok(left_behind(&left));
            }
            if numbers {
                let alike = sync::look_alikes(store, all)?;
                if format == Shape::Json {
                    return Ok(serde_json::to_string_pretty(&alike).expect("serialisable") + "\n");
                }
                return look_alikes(store, &alike);
            }
            if details {
                let fields = sync::detail_conflicts(store, all)?;
                if format == Shape::Json {
                    return Ok(serde_json::to_string_pretty(&fields).expect("serialisable") + "\n");
                }
                return detail_conflicts(store, &fields);
            }
            let list = sync::conflicts(store, all)?;
            if format == Shape::Json {
                return Ok(serde_json::to_string_pretty(&list).expect("serialisable") + "\n");
            }
            // As text, the records corrected, then the other kinds that have any.
            let mut out = conflicts(store, &list)?;
            let fields = sync::detail_conflicts(store, all)?;
            if !fields.is_empty() {
                out.push('\n');
                out.push_str(&detail_conflicts(store, &fields)?);
            }
            let alike = sync::look_alikes(store, all)?;
            if !alike.is_empty() {
                out.push('\n');
                out.push_str(&look_alikes(store, &alike)?);
            }
            let left = sync::left_behind(store)?;
            if !left.is_empty() {
                out.push('\n');
                out.push_str(&left_behind(&left));
            }
            Ok(out)
        }
        SyncCmd::Peers { format } => {
            let peers = sync::peers(store)?;
            if format == Shape::Json {
                return Ok(serde_json::to_string_pretty(&peers).expect("serialisable") + "\n");
            }
            if peers.is_empty() {
                return Ok("no bundles received yet: `muster sync import FILE.muster`\n".into());
            }
            let mut t = TextTable::new([
                "fingerprint",
                "name",
                "trusted as",
                "first received (UTC)",
                "last received (UTC)",
                "bundles",
                "records received",
            ]);
            for p in peers {
                t.row([
                    p.fingerprint,
                    p.name,
                    p.trusted_as.unwrap_or_else(|| "(not trusted)".into()),
                    p.first_received,
                    p.last_received,
                    p.bundles.to_string(),
                    p.records_added.to_string(),
                ]);
            }
            Ok(t.render())
        }
    }
}

/// The conflicts as a person reads them: the record, then each correction, the one that
/// counts marked, with the installation named as this database knows it.
fn conflicts(store: &Store, list: &[Conflict]) -> Result<String> {
    if list.is_empty() {
        return Ok("no conflicting corrections\n".into());
    }
    let names = origin_names(store)?;
    let mut out = String::new();
    for c in list {
        out.push_str(&format!(
            "{} {} · {} · record {} ({} on {}){}\n",
            c.service_number,
            c.name,
            c.module,
            record_id::short(&c.record),
            c.result.as_str(),
            c.date,
            if c.settled { " · settled" } else { "" }
        ));
        for k in &c.corrections {
            let from = from(&names, k.origin.as_deref());
            let id = match k.kind {
                CorrectionKind::Amendment => format!("amendment {}", record_id::short(&k.id)),
                CorrectionKind::Voiding => "voiding".into(),
            };
            out.push_str(&format!(
                "  {} {id}: {} — by {} at {}, on {from}{}\n",
                if k.wins { "COUNTS" } else { "      " },
                k.says,
                k.by,
                k.at,
                if k.corrected_since {
                    " (corrected since)"
                } else {
                    ""
                }
            ));
        }
    }
    let open = list.iter().filter(|c| !c.settled).count();
    out.push_str(&format!(
        "{open} to settle: amend or void the correction that COUNTS (or, when a voiding counts, void the other amendments)\n"
    ));
    Ok(out)
}

/// Details edited apart, as a person reads them: the row and field, each edit, the one
/// that counts marked.
fn detail_conflicts(store: &Store, list: &[DetailConflict]) -> Result<String> {
    if list.is_empty() {
        return Ok("no details edited differently\n".into());
    }
    let names = origin_names(store)?;
    let mut out = String::new();
    for c in list {
        let how = if c.added {
            "added so on two laptops".to_string()
        } else {
            format!("was {}", c.was)
        };
        out.push_str(&format!(
            "{} {} {} · {} ({how}){}\n",
            c.entity,
            c.key,
            c.name,
            c.field,
            if c.settled { " · settled" } else { "" }
        ));
        for e in &c.edits {
            // In a group edited as one, a column the edit left as it was is said so: a
            // later edit of the training start alone did not choose the deployment day.
            let value = if e.columns.is_empty() || c.was_columns.is_empty() {
                e.value.clone()
            } else {
                e.columns
                    .iter()
                    .map(|col| {
                        let same = c.was_columns.contains(col);
                        format!(
                            "{}: {}{}",
                            col.column,
                            col.value,
                            if same { " (unchanged)" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str(&format!(
                "  {} {} — by {} at {}, on {}\n",
                if e.wins { "COUNTS" } else { "      " },
                value,
                e.by,
                e.at,
                from(&names, e.origin.as_deref())
            ));
        }
    }
    let open = list.iter().filter(|c| !c.settled).count();
    out.push_str(&format!(
        "{open} to settle: check the value that COUNTS; edit the field again if it is wrong, keep it if it is right (`muster sync keep ENTITY KEY FIELD`)\n"
    ));
    Ok(out)
}

/// People whose numbers look alike, as a person reads them: each group, then each person
/// with their rosters and records, and the laptop that added them.
fn look_alikes(store: &Store, list: &[LookAlike]) -> Result<String> {
    if list.is_empty() {
        return Ok("no service numbers that look alike\n".into());
    }
    let names = origin_names(store)?;
    let mut out = String::new();
    for g in list {
        let numbers: Vec<&str> = g.people.iter().map(|p| p.service_number.as_str()).collect();
        out.push_str(&format!(
            "service numbers that look alike: {}{}\n",
            numbers.join(", "),
            if g.settled { " · settled" } else { "" }
        ));
        for p in &g.people {
            out.push_str(&format!(
                "  {} {} — on the roster of {}; {}; added on {}\n",
                p.service_number,
                p.name,
                if p.rosters.is_empty() {
                    "no contingent".to_string()
                } else {
                    p.rosters.join(", ")
                },
                count(p.records, "record", "records"),
                from(&names, p.origin.as_deref())
            ));
        }
    }
    let open = list.iter().filter(|g| !g.settled).count();
    out.push_str(&format!(
        "{open} to settle: if they are one soldier, merge the wrong number into the right one (`muster person merge WRONG --into RIGHT`)\n"
    ));
    Ok(out)
}

/// Merged numbers that still hold what counts, each with what it holds and the merge to run
/// again.
fn left_behind(list: &[LeftBehind]) -> String {
    if list.is_empty() {
        return "no merged number holds records, roster places or details changed since\n".into();
    }
    let mut out = String::new();
    for l in list {
        out.push_str(&format!(
            "{} {} was merged into {} by {} ({}), and since:\n",
            l.service_number,
            l.name,
            l.into,
            l.merged_by,
            l.merged_at.get(..10).unwrap_or(&l.merged_at)
        ));
        for r in &l.records {
            out.push_str(&format!(
                "  holds {} {} ({}), record {}\n",
                r.module,
                r.date,
                r.result.as_str(),
                record_id::short(&r.id)
            ));
        }
        for code in &l.rosters {
            out.push_str(&format!("  holds a place on the roster of {code}\n"));
        }
        for d in &l.details {
            out.push_str(&format!(
                "  {} changed to {} by {} ({}): {} keeps its own; edit it there if it applies (`muster person edit {}`)\n",
                d.field,
                d.value,
                d.by,
                d.at.get(..10).unwrap_or(&d.at),
                l.into,
                l.into
            ));
        }
        for r in &l.removed_apart {
            out.push_str(&format!(
                "  was taken off the roster of {} by {} ({}): {}; the merge put {} there in its place: take {} off too if that stands (`muster person remove {} --contingent {} --reason …`)\n",
                r.contingent,
                r.by,
                r.at.get(..10).unwrap_or(&r.at),
                r.reason,
                l.into,
                l.into,
                l.into,
                r.contingent
            ));
        }
        for code in &l.off_rosters {
            out.push_str(&format!(
                "  {} is off the roster of {code}: laptops merged these numbers into each other, and its own merge gave way\n",
                l.into
            ));
        }
        if l.moves_anything() {
            out.push_str(&format!(
                "  merge again: `muster person merge {} --into {} --by OPERATOR --reason TEXT`\n",
                l.service_number, l.into
            ));
        }
    }
    out
}

/// Installations by database identity, named as this database knows them.
fn origin_names(store: &Store) -> Result<std::collections::HashMap<String, String>> {
    let known = sync::installations(store)?;
    let mut names = known.names;
    for ours in known.earlier.into_iter().chain([known.this]) {
        names.insert(ours, "this installation".into());
    }
    Ok(names)
}

fn from(names: &std::collections::HashMap<String, String>, origin: Option<&str>) -> String {
    match origin {
        Some(o) => names
            .get(o)
            .cloned()
            .unwrap_or_else(|| format!("installation {}", record_id::short(o))),
        None => "an installation before stamps".into(),
    }
}

/// How many changed details a bundle's report prints (the rest counted).
const CHANGED_SHOWN: usize = 20;

fn imported(r: &ImportReport) -> String {
    let mut out = format!(
        "bundle from {:?}, key {} ({}), made {}\n",
        r.sender.name,
        r.sender.fingerprint,
        match &r.trusted_as {
            Some(name) => format!("trusted as {name:?}"),
            None => "NOT trusted: import with --trust NAME once you have compared the fingerprint with its sender".into(),
        },
        r.made_at
    );
    if let Some(known) = &r.name_of_another {
        out.push_str(&format!(
            "warning: {:?} is the name of another key known here ({known}): this bundle is not from that laptop; do not trust it unless its sender reads you the fingerprint above\n",
            r.sender.name
        ));
    }
    if r.made_here {
        out.push_str(
            "this bundle was made here, from this database: it holds nothing this database lacks, and nothing was written (receive it on another laptop)\n",
        );
        return out;
    }
    if let Some(at) = &r.already_received {
        out.push_str(&format!(
            "already received at {at}: nothing to add, nothing was written\n"
        ));
        return out;
    }
    let a = &r.added;
    out.push_str(&format!(
        "{} {}, {}, {}, {}, {}, {}, {}, {}, {}; {} already held\n",
        if r.dry_run { "would add" } else { "added" },
        count(a.people, "person", "people"),
        count(a.contingents, "contingent", "contingents"),
        count(a.modules, "module", "modules"),
        count(a.assignments, "roster entry", "roster entries"),
        count(a.removals, "roster removal", "roster removals"),
        count(a.records, "record", "records"),
        count(a.amendments, "amendment", "amendments"),
        count(a.voidings, "voiding", "voidings"),
        count(a.validations, "sign-off", "sign-offs"),
        a.already_held
    ));
    if a.details > 0 {
        out.push_str(&format!(
            "{} {} (people, contingents, modules)\n",
            if r.dry_run { "would add" } else { "added" },
            count(a.details, "edit of details", "edits of details")
        ));
    }
    if a.imports + a.imports_undone + a.audit > 0 {
        out.push_str(&format!(
            "{} {} made elsewhere, {} undone elsewhere, {} of the audit trail\n",
            if r.dry_run { "would add" } else { "added" },
            count(a.imports, "import of a file", "imports of files"),
            a.imports_undone,
            count(a.audit, "entry", "entries")
        ));
    }
    if let (Some(t), Some(known)) = (&r.trust_unused, &r.trusted_as) {
        out.push_str(&format!(
            "note: --trust {t:?} was not used: this key is already trusted as {known:?} (to rename it: `muster key trust {} --name NAME`)\n",
            r.sender.fingerprint
        ));
    }
    if let Some(c) = &r.clocks_apart {
        if c.sender_ahead_days > 0 {
            out.push_str(&format!(
                "warning: the bundle says it was made at {}, {} ahead of this laptop's clock: its changes count as later than any made here until this clock reaches that time; check the date on both laptops\n",
                r.made_at,
                count(c.sender_ahead_days as u64, "day", "days")
            ));
        }
        if c.dated_later > 0 {
            out.push_str(&format!(
                "warning: it carries {} dated after today on this laptop (the latest {}): check the date on the laptop that logged them\n",
                count(c.dated_later, "completion record", "completion records"),
                c.latest_day.as_deref().unwrap_or("")
            ));
        }
    }
    if r.dry_run && a.contested > 0 {
        out.push_str(&format!(
            "would leave {} corrected differently on two installations (listed by `muster sync conflicts` once imported)\n",
            count(a.contested, "record", "records")
        ));
    }
    for k in &a.kept_here {
        out.push_str(&format!("kept as this database has it: {}\n", k.describe()));
    }
    for l in &a.look_alikes {
        out.push_str(&format!(
            "{} {}, whose service number looks like {}: see `muster sync conflicts --numbers`\n",
            if r.dry_run { "would add" } else { "added" },
            l.service_number,
            l.looks_like
        ));
    }
    for d in &a.decided {
        out.push_str(&format!(
            "set differently on two installations: {}\n",
            d.describe()
        ));
    }
    if a.details_changed > 0 {
        out.push_str(&format!(
            "{} {} held here (edits received, or an import undone elsewhere taken back):\n",
            if r.dry_run { "would change" } else { "changed" },
            count(a.details_changed, "detail", "details")
        ));
        for c in a.details_changed_listed.iter().take(CHANGED_SHOWN) {
            out.push_str(&format!("  {}\n", c.describe()));
        }
        let more = a.details_changed.saturating_sub(CHANGED_SHOWN as u64);
        if more > 0 {
            out.push_str(&format!("  … and {more} more\n"));
        }
    }
    // A number whose family and given names both differ is more likely two soldiers given
    // one number than one soldier renamed: said, so it is checked before it is settled.
    let renamed = |sn: &str, field: &str| {
        a.decided.iter().any(|d| {
            d.entity == "person"
                && d.key == sn
                && d.field == field
                && !muster::text::same_name(&d.was, &d.now)
        })
    };
    for d in a
        .decided
        .iter()
        .filter(|d| d.entity == "person" && d.field == "family_name")
    {
        if renamed(&d.key, "family_name") && renamed(&d.key, "given_name") {
            out.push_str(&format!(
                "warning: {} names another person on the two laptops (family and given name both differ): check the service number with both before settling it\n",
                d.key
            ));
        }
    }
    if r.dry_run {
        out.push_str("dry run: nothing was written\n");
    }
    out
}
