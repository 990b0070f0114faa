//! The opt-in file store (`--session-store file` or a profile's `session_store = "file"`): one
//! JSON file, by default `<data dir>/sessions.json`, readable only by its owner (mode 0600 on
//! Unix), replaced atomically on every change. The tokens in it are not encrypted.
//!
//! Writers take an exclusive lock on `sessions.json.lock` around read-modify-write, so
//! processes saving different sessions never lose each other's. A damaged file is moved aside
//! (never silently overwritten) on the next change.

use super::{
    DeviceSecrets, SessionError, SessionKey, SessionStore, StoredIdentity, StoredTokens,
    TotpSecret, json_problem,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use zeroize::Zeroizing;

/// The file's name in the data dir.
pub const FILE_NAME: &str = "sessions.json";
const FORMAT: u32 = 1;

/// profile → username → entry, kept as JSON values so that one damaged entry does not make
/// the others unreadable.
type Table = BTreeMap<String, BTreeMap<String, Value>>;

#[derive(Serialize, Deserialize)]
struct Contents {
    format: u32,
    #[serde(default)]
    sessions: Table,
    #[serde(default)]
    devices: Table,
    #[serde(default)]
    totp: Table,
    /// Identity ids and AWS credentials (`creds/`).
    #[serde(default, skip_serializing_if = "Table::is_empty")]
    aws: Table,
}

impl Default for Contents {
    fn default() -> Self {
        Self {
            format: FORMAT,
            sessions: Table::new(),
            devices: Table::new(),
            totp: Table::new(),
            aws: Table::new(),
        }
    }
}

/// Why the file could not be used.
enum ReadFailure {
    Damaged(String),
    Io(SessionError),
}

/// Sessions in one JSON file.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

/// The notice the CLI prints once when the file store is chosen.
pub fn warning(path: &Path) -> String {
    format!(
        "sessions are stored unencrypted in {}, readable only by you",
        path.display()
    )
}

impl FileStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// `<platform data dir>/sessions.json`, e.g. `~/.local/share/cogtui/sessions.json`.
    pub fn default_path() -> Option<PathBuf> {
        super::default_data_dir().map(|d| d.join(FILE_NAME))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, e: &std::io::Error) -> SessionError {
        SessionError::Io(self.path.display().to_string(), e.to_string())
    }

    fn read(&self) -> Result<Contents, ReadFailure> {
        let mut file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Contents::default()),
            Err(e) => return Err(ReadFailure::Io(self.io(&e))),
        };
        self.check_mode(&file);
        let mut text = Zeroizing::new(String::new());
        if let Err(e) = file.read_to_string(&mut text) {
            return Err(match e.kind() {
                ErrorKind::InvalidData => ReadFailure::Damaged("it is not text".into()),
                _ => ReadFailure::Io(self.io(&e)),
            });
        }
        let contents: Contents =
            serde_json::from_str(&text).map_err(|e| ReadFailure::Damaged(json_problem(&e)))?;
        if contents.format != FORMAT {
            return Err(ReadFailure::Damaged(format!(
                "it has format {}, which this cogtui does not know",
                contents.format
            )));
        }
        Ok(contents)
    }

    #[cfg(unix)]
    fn check_mode(&self, file: &File) {
        if let Some(w) = too_open(file.metadata().ok(), &self.path) {
            tracing::debug!("{w}");
        }
    }

    #[cfg(not(unix))]
    fn check_mode(&self, _file: &File) {}

    fn load_entry<T: DeserializeOwned>(
        &self,
        key: &SessionKey,
        pick: fn(&Contents) -> &Table,
    ) -> Result<Option<T>, SessionError> {
        let contents = match self.read() {
            Ok(c) => c,
            Err(ReadFailure::Io(e)) => return Err(e),
            Err(ReadFailure::Damaged(problem)) => {
                return Err(SessionError::Corrupt(
                    format!("{key} (file {})", self.path.display()),
                    format!("{problem}; the file is moved aside at the next sign-in"),
                ));
            }
        };
        let Some(value) = pick(&contents)
            .get(&key.profile)
            .and_then(|users| users.get(&key.username))
        else {
            return Ok(None);
        };
        T::deserialize(value)
            .map(Some)
            .map_err(|e| SessionError::Corrupt(key.to_string(), json_problem(&e)))
    }

    /// Read, change and write back under the file lock. `change` says whether it changed
    /// anything (nothing is written otherwise).
    fn modify(&self, change: impl FnOnce(&mut Contents) -> bool) -> Result<(), SessionError> {
        let lock = super::lock::open_lock_file(&sibling(&self.path, ".lock"))?;
        lock.lock().map_err(|e| self.io(&e))?;
        let mut contents = match self.read() {
            Ok(c) => c,
            Err(ReadFailure::Io(e)) => return Err(e),
            Err(ReadFailure::Damaged(problem)) => {
                let aside = self.move_aside()?;
                tracing::warn!(
                    "{} was damaged ({problem}); moved it aside to {} and started a new one: \
                     other sessions in it need a new sign-in",
                    self.path.display(),
                    aside.display()
                );
                Contents::default()
            }
        };
        if change(&mut contents) {
            self.write(&contents)?;
        }
        Ok(())
    }

    fn move_aside(&self) -> Result<PathBuf, SessionError> {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut aside = sibling(&self.path, &format!(".corrupt-{secs}"));
        let mut n = 1;
        while aside.exists() {
            aside = sibling(&self.path, &format!(".corrupt-{secs}-{n}"));
            n += 1;
        }
        fs::rename(&self.path, &aside).map_err(|e| self.io(&e))?;
        Ok(aside)
    }

    /// Writes a temp file (mode 0600) in the same dir, syncs it and renames it over the file:
    /// readers see the old file or the new one, never a mix.
    fn write(&self, contents: &Contents) -> Result<(), SessionError> {
        let dir = parent(&self.path);
        create_private_dir(dir)?;
        let tmp = temp_path(&self.path);
        let result = self
            .write_temp(&tmp, contents)
            .and_then(|()| fs::rename(&tmp, &self.path).map_err(|e| self.io(&e)));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result?;
        #[cfg(unix)]
        if let Ok(d) = File::open(dir) {
            // Makes the rename itself durable; a failure here loses nothing already written.
            let _ = d.sync_all();
        }
        self.remove_stale_temps();
        Ok(())
    }

    fn write_temp(&self, tmp: &Path, contents: &Contents) -> Result<(), SessionError> {
        let text = Zeroizing::new(serde_json::to_string_pretty(contents).map_err(|_| {
            SessionError::Io(self.path.display().to_string(), "cannot encode".into())
        })?);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(tmp).map_err(|e| self.io(&e))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| self.io(&e))
    }

    /// Temp files left by a crashed write may hold tokens; under the lock none is in use.
    fn remove_stale_temps(&self) {
        let prefix = temp_prefix(&self.path);
        let Ok(entries) = fs::read_dir(parent(&self.path)) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    fn save_entry<T: Serialize>(
        &self,
        key: &SessionKey,
        pick: fn(&mut Contents) -> &mut Table,
        value: &T,
    ) -> Result<(), SessionError> {
        let value = serde_json::to_value(value).map_err(|_| {
            SessionError::Io(self.path.display().to_string(), "cannot encode".into())
        })?;
        self.modify(|c| {
            pick(c)
                .entry(key.profile.clone())
                .or_default()
                .insert(key.username.clone(), value);
            true
        })
    }

    fn delete_entry(
        &self,
        key: &SessionKey,
        pick: fn(&mut Contents) -> &mut Table,
    ) -> Result<(), SessionError> {
        if !self.path.exists() {
            return Ok(());
        }
        self.modify(|c| {
            let table = pick(c);
            let Some(users) = table.get_mut(&key.profile) else {
                return false;
            };
            let removed = users.remove(&key.username).is_some();
            if users.is_empty() {
                table.remove(&key.profile);
            }
            removed
        })
    }
}

impl SessionStore for FileStore {
    fn load(&self, key: &SessionKey) -> Result<Option<StoredTokens>, SessionError> {
        self.load_entry(key, |c| &c.sessions)
    }
    fn save(&self, key: &SessionKey, tokens: &StoredTokens) -> Result<(), SessionError> {
        self.save_entry(key, |c| &mut c.sessions, tokens)
    }
    fn delete(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.delete_entry(key, |c| &mut c.sessions)
    }
    fn load_device(&self, key: &SessionKey) -> Result<Option<DeviceSecrets>, SessionError> {
        self.load_entry(key, |c| &c.devices)
    }
    fn save_device(&self, key: &SessionKey, device: &DeviceSecrets) -> Result<(), SessionError> {
        self.save_entry(key, |c| &mut c.devices, device)
    }
    fn delete_device(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.delete_entry(key, |c| &mut c.devices)
    }
    fn load_totp(&self, key: &SessionKey) -> Result<Option<TotpSecret>, SessionError> {
        self.load_entry(key, |c| &c.totp)
    }
    fn save_totp(&self, key: &SessionKey, secret: &TotpSecret) -> Result<(), SessionError> {
        self.save_entry(key, |c| &mut c.totp, secret)
    }
    fn delete_totp(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.delete_entry(key, |c| &mut c.totp)
    }
    fn load_identity(&self, key: &SessionKey) -> Result<Option<StoredIdentity>, SessionError> {
        self.load_entry(key, |c| &c.aws)
    }
    fn save_identity(&self, key: &SessionKey, v: &StoredIdentity) -> Result<(), SessionError> {
        self.save_entry(key, |c| &mut c.aws, v)
    }
    fn delete_identity(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.delete_entry(key, |c| &mut c.aws)
    }
    /// Said when the file does not exist yet (the first secret is about to be written), and
    /// whenever others may read it; not on every command (`creds process` runs often).
    fn warning(&self) -> Option<String> {
        let meta = fs::metadata(&self.path).ok();
        let exists = meta.is_some();
        match too_open(meta, &self.path) {
            Some(open) => Some(format!("{}; {open}", warning(&self.path))),
            None if !exists => Some(warning(&self.path)),
            None => None,
        }
    }
}

/// The file's mode lets others read it: what to say, in plain words.
#[cfg(unix)]
fn too_open(meta: Option<fs::Metadata>, path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "but {} has mode {mode:o}, so others may read your sessions: it is rewritten with \
             mode 600 on the next save (or run `chmod 600` on it)",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn too_open(_meta: Option<fs::Metadata>, _path: &Path) -> Option<String> {
    None
}

/// Creates `dir` and its parents, new ones with mode 0700 on Unix.
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), SessionError> {
    crate::private_fs::create_private_dir(dir)
        .map_err(|e| SessionError::Io(dir.display().to_string(), e.to_string()))
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn temp_prefix(path: &Path) -> String {
    format!(
        ".{}.tmp-",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = format!("{}{}-{n}", temp_prefix(path), std::process::id());
    parent(path).join(name)
}

#[cfg(test)]
mod tests;
