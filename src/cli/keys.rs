//! `muster key`: this installation's signing key, and the keys of other installations this
//! database knows by name.

use clap::Subcommand;
use muster::signing::InstallationKey;
use muster::{paths, Result, Store};

use super::args::Format;
use super::render::TextTable;

#[derive(Subcommand)]
pub enum KeyCmd {
    /// This installation's signing key: its fingerprint, its name and where it is kept.
    Show,
    /// Give this installation's key the name printed on every report it signs.
    Name {
        /// E.g. "KAZBAT-4 training office".
        name: String,
    },
    /// Know another installation's key by name, so `verify` says who signed a file.
    /// Compare the fingerprint with its owner first (read it out over the phone).
    Trust {
        /// As `muster key show` prints it on the other laptop: 16 hex digits, or all 64.
        fingerprint: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "MUSTER_OPERATOR")]
        by: Option<String>,
    },
    /// Stop knowing a key by name.
    Untrust {
        fingerprint: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, env = "MUSTER_OPERATOR")]
        by: Option<String>,
    },
    /// The keys this database knows by name.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub fn run(
    store: &mut Store,
    cmd: KeyCmd,
    operator: impl Fn(Option<String>) -> String,
) -> Result<String> {
    let dir = paths::app_data_dir();
    match cmd {
        KeyCmd::Show => {
            let k = InstallationKey::load_or_create(&dir)?;
            Ok(format!(
                "fingerprint: {}\nname:        {}\nkey file:    {}\nSHA-256 of the public key: {}\nthis database: {}\n",
                k.fingerprint(),
                k.name(),
                k.path.display(),
                k.fingerprint().full_hex(),
                store.database_id()?
            ))
        }
        KeyCmd::Name { name } => {
            let k = InstallationKey::rename(&dir, &name)?;
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
            let k = store.trust_key(&fingerprint, &name, &operator(by))?;
            Ok(format!(
                "trusted: files signed by key {} now read as signed by {:?}\n",
                k.fingerprint, k.name
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
            if format == Format::Json {
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
