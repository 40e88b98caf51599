//! The installation's own Ed25519 key: made on first use, kept in the app-data folder beside
//! (not inside) the database, readable by its user only. The database can move (`--db`, a
//! copy on a stick); the key stays with the installation that signs.
//!
//! Two files: `signing-key.pem` (PKCS#8, the secret) and `signing-key-name.txt` (the name
//! the user gives it, printed on every report it signs). The key file is created
//! atomically: written to a private temporary file and hard-linked into place, so two
//! processes starting at once end with one key, never two, and never a half-written one.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::error::{Error, Result};
use crate::field::Field;
pub(crate) use crate::fingerprint::{hex_lower, hex_upper, unhex};
pub use crate::fingerprint::{parse_fingerprint, Fingerprint, MAX_NAME};
use crate::problem::Problem;

pub const KEY_FILE: &str = "signing-key.pem";
pub const NAME_FILE: &str = "signing-key-name.txt";

/// The installation's key pair and the name it signs with.
pub struct InstallationKey {
    signing: SigningKey,
    name: String,
    /// Where the key file is (empty for a key made in memory, as tests do).
    pub path: PathBuf,
}

impl fmt::Debug for InstallationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstallationKey")
            .field("fingerprint", &self.fingerprint().short())
            .field("name", &self.name)
            .field("path", &self.path)
            .finish()
    }
}

/// The name a key signs with until its user gives one.
pub const UNNAMED: &str = "Muster installation";

impl InstallationKey {
    /// A key from a fixed 32-byte seed: for tests and snapshots, never for real use.
    pub fn from_seed(seed: [u8; 32], name: &str) -> InstallationKey {
        InstallationKey {
            signing: SigningKey::from_bytes(&seed),
            name: name.to_string(),
            path: PathBuf::new(),
        }
    }

    /// The installation's key in `dir`, made there first if there is none yet.
    pub fn load_or_create(dir: &Path) -> Result<InstallationKey> {
        let path = dir.join(KEY_FILE);
        let signing = match read_key(&path)? {
            Some(k) => k,
            None => create_key(dir, &path)?,
        };
        Ok(InstallationKey {
            signing,
            name: read_name(dir)?,
            path,
        })
    }

    /// The installation's key in `dir` if it has one (reading never makes a key).
    pub fn load(dir: &Path) -> Result<Option<InstallationKey>> {
        let path = dir.join(KEY_FILE);
        Ok(match read_key(&path)? {
            Some(signing) => Some(InstallationKey {
                signing,
                name: read_name(dir)?,
                path,
            }),
            None => None,
        })
    }

    /// Gives the installation's key a name (it must exist or is made first).
    pub fn rename(dir: &Path, name: &str) -> Result<InstallationKey> {
        let name = crate::text::required(Field::KeyName, name)?;
        if name.chars().count() > MAX_NAME as usize {
            return Err(Problem::TooLong {
                field: Field::KeyName,
                max: MAX_NAME,
            }
            .into());
        }
        let mut key = InstallationKey::load_or_create(dir)?;
        write_replacing(&dir.join(NAME_FILE), format!("{name}\n").as_bytes())?;
        key.name = name;
        Ok(key)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.public_key())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer;
        self.signing.sign(message).to_bytes()
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn read_key(path: &Path) -> Result<Option<SigningKey>> {
    let pem = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path)(e)),
    };
    refuse_open_permissions(path)?;
    SigningKey::from_pkcs8_pem(&pem).map(Some).map_err(|_| {
        Problem::BadKeyFile {
            file: path.display().to_string(),
        }
        .into()
    })
}

/// A secret key others can read is no longer this installation's alone: say so rather
/// than sign with it.
#[cfg(unix)]
fn refuse_open_permissions(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(io(path))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Problem::KeyFileOpen {
            file: path.display().to_string(),
            mode: format!("{:o}", mode & 0o777),
        }
        .into());
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_open_permissions(_: &Path) -> Result<()> {
    Ok(())
}

fn create_key(dir: &Path, path: &Path) -> Result<SigningKey> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::invalid(format!("no randomness: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    let pem = key
        .to_pkcs8_pem(Default::default())
        .map_err(|e| Error::invalid(format!("cannot encode the key: {e}")))?;
    let tmp = write_private_temp(dir, pem.as_bytes())?;
    // A hard link never replaces a file: if another process made the key first, theirs
    // stays and this one is thrown away.
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            sync_dir(dir);
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_key(path)?.ok_or_else(|| io(path)(e))
        }
        Err(e) => Err(io(path)(e)),
    }
}

/// A new file beside the target, readable by its user only from the moment it exists.
fn write_private_temp(dir: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    for attempt in 0..16u32 {
        let tmp = dir.join(format!(".{KEY_FILE}.{}.{attempt}.tmp", std::process::id()));
        let mut f = match opts.open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(&tmp)(e)),
        };
        f.write_all(bytes)
            .and_then(|_| f.sync_all())
            .map_err(io(&tmp))?;
        return Ok(tmp);
    }
    Err(Error::invalid(format!(
        "cannot make a temporary file in {}",
        dir.display()
    )))
}

/// Writes a small file whole or not at all: a temporary file beside it, renamed over it.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{NAME_FILE}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))?;
    sync_dir(dir);
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn read_name(dir: &Path) -> Result<String> {
    let path = dir.join(NAME_FILE);
    match std::fs::read_to_string(&path) {
        Ok(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Ok(_) => Ok(UNNAMED.to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(UNNAMED.to_string()),
        Err(e) => Err(io(&path)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_private_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let a = InstallationKey::load_or_create(dir.path()).unwrap();
        let b = InstallationKey::load_or_create(dir.path()).unwrap();
        assert_eq!(a.public_key(), b.public_key());
        assert_eq!(a.name(), UNNAMED);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, [KEY_FILE], "no temporary file left behind");
    }

    #[test]
    fn two_threads_starting_at_once_end_with_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<[u8; 32]> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        InstallationKey::load_or_create(dir.path())
                            .unwrap()
                            .public_key()
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(keys.windows(2).all(|w| w[0] == w[1]), "one key for all");
    }

    #[test]
    fn a_name_is_kept_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let k = InstallationKey::rename(dir.path(), "  KAZBAT-4 training office ").unwrap();
        assert_eq!(k.name(), "KAZBAT-4 training office");
        let again = InstallationKey::load_or_create(dir.path()).unwrap();
        assert_eq!(again.name(), "KAZBAT-4 training office");
        assert_eq!(again.public_key(), k.public_key());
        let e = InstallationKey::rename(dir.path(), "x\u{202E}y").unwrap_err();
        assert!(e.to_string().starts_with("key name contains"), "{e}");
        let e = InstallationKey::rename(dir.path(), &"я".repeat(81)).unwrap_err();
        assert_eq!(e.to_string(), "key name is longer than 80 characters");
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        InstallationKey::load_or_create(dir.path()).unwrap();
        let path = dir.path().join(KEY_FILE);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = InstallationKey::load_or_create(dir.path()).unwrap_err();
        assert!(e.to_string().contains("chmod 600"), "{e}");
    }

    #[test]
    fn fingerprints_read_as_typed() {
        let k = InstallationKey::from_seed([7; 32], "t");
        let fp = k.fingerprint();
        assert_eq!(fp.short().len(), 19);
        assert_eq!(fp.short().split(' ').count(), 4);
        let typed = fp.short().to_lowercase().replace(' ', "-");
        assert_eq!(parse_fingerprint(&typed).unwrap(), fp.short_hex());
        assert!(fp.matches(&parse_fingerprint(&typed).unwrap()));
        assert!(fp.matches(&parse_fingerprint(&fp.full_hex()).unwrap()));
        assert!(parse_fingerprint("12345").is_err());
        assert!(parse_fingerprint("ZZZZ 9C01 77DE 5B40").is_err());
    }
}
