//! `muster key`: this installation's signing key, and the keys of other installations this
//! database knows by name.

use muster::signing::InstallationKey;
use muster::{paths, Result, Store};

use super::args::{operator, KeyCmd, Shape};
use super::render::TextTable;

pub fn run(store: &mut Store, cmd: KeyCmd) -> Result<String> {
    let dir = paths::app_data_dir();
    match cmd {
        KeyCmd::Show => {
            let k = InstallationKey::load_or_create(&dir)?;
            // With no database file (a validation team's own laptop) there is no database
            // id to give: a made-up one would change with every run.
            let database = match store.path() {
                Some(_) => store.database_id()?,
                None => "none (no database on this laptop)".to_string(),
            };
            Ok(format!(
                "fingerprint: {}\nname:        {}\nkey file:    {}\nSHA-256 of the public key: {}\nthis database: {database}\n",
                k.fingerprint(),
                k.name(),
                k.path.display(),
                k.fingerprint().full_hex(),
            ))
        }
        KeyCmd::Name { name } => {
            let k = muster::key_names::rename_own(store, &dir, &name)?;
            Ok(format!(
                "this installation's key {} is now named {:?}; reports it signs from now on carry that name\n",
                k.fingerprint(),
                k.name()
            ))
        }
        KeyCmd::Trust {
            fingerprint,
            name,
            by,
        } => {
            // Reading never makes a key: a laptop with none has no own name to compare.
            let own = InstallationKey::load(&dir).ok().flatten();
            let k =
                muster::key_names::trust(store, own.as_ref(), &fingerprint, &name, &operator(by))?;
            Ok(format!(
                "trusted: files signed by key {} now read as signed by {:?}\n",
                muster::fingerprint::shown(&k.fingerprint),
                k.name
            ))
        }
        KeyCmd::Untrust {
            fingerprint,
            reason,
            by,
        } => {
            store.withdraw_trust(&fingerprint, &reason, &operator(by))?;
            Ok(format!(
                "key {} is no longer trusted by this database\n",
                fingerprint.trim()
            ))
        }
        KeyCmd::List { format } => {
            let keys = store.trusted_keys()?;
            if format == Shape::Json {
                return Ok(serde_json::to_string_pretty(&keys).expect("serialisable") + "\n");
            }
            if keys.is_empty() {
                return Ok(
                    "no trusted keys: `muster key trust FINGERPRINT --name NAME` adds one\n".into(),
                );
            }
            let mut t = TextTable::new(["fingerprint", "name", "trusted by", "at (UTC)"]);
            for k in keys {
                t.row([k.fingerprint, k.name, k.trusted_by, k.trusted_at]);
            }
            Ok(t.render())
        }
    }
}
