//! A cross-process lock per session, held around a token refresh so that two cogtui processes
//! refreshing the same session neither corrupt it nor lose it (the second one waits, then
//! loads the tokens the first one saved).
//!
//! An exclusive OS file lock (`File::lock`: `flock` on Unix, `LockFileEx` on Windows) on
//! `<data dir>/locks/<hash of profile and username>.lock`. The OS drops it when the process
//! dies, so a crash never leaves a session locked. Lock files are left in place: removing
//! them would race with a process about to lock them. `acquire` blocks (it polls): async callers
//! use `spawn_blocking`.

use super::{SessionError, SessionKey};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a refresh waits for another process's refresh by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(25);

/// The refresh lock of one session.
pub struct RefreshLock;

/// Held while refreshing; the lock is released when it is dropped.
#[derive(Debug)]
pub struct RefreshLockGuard {
    _file: File,
    path: PathBuf,
}

impl RefreshLockGuard {
    /// The lock file (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl RefreshLock {
    /// The lock file of `key` under `dir` (the data dir).
    pub fn path(dir: &Path, key: &SessionKey) -> PathBuf {
        let mut h = Sha256::new();
        h.update(key.profile.as_bytes());
        h.update([0]);
        h.update(key.username.as_bytes());
        let name = hex::encode(&h.finalize()[..16]);
        dir.join("locks").join(format!("{name}.lock"))
    }

    /// Waits up to `timeout` for the refresh lock of `key`, polling; `LockTimeout` after that.
    pub fn acquire(
        dir: &Path,
        key: &SessionKey,
        timeout: Duration,
    ) -> Result<RefreshLockGuard, SessionError> {
        let path = Self::path(dir, key);
        let file = open_lock_file(&path)?;
        let deadline = Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RefreshLockGuard { _file: file, path }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(POLL);
                }
                Err(TryLockError::WouldBlock) => return Err(SessionError::LockTimeout),
                Err(TryLockError::Error(e)) => return Err(io_error(&path, &e)),
            }
        }
    }
}

/// Opens (creating if needed, with its directory) a file to lock, readable only by its owner.
pub(crate) fn open_lock_file(path: &Path) -> Result<File, SessionError> {
    if let Some(parent) = path.parent() {
        super::file_store::create_private_dir(parent)?;
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| io_error(path, &e))
}

fn io_error(path: &Path, e: &std::io::Error) -> SessionError {
    SessionError::Io(path.display().to_string(), e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let key = SessionKey::new("dev", "alice");
        let first = RefreshLock::acquire(dir.path(), &key, DEFAULT_TIMEOUT).unwrap();
        let start = Instant::now();
        let second = RefreshLock::acquire(dir.path(), &key, Duration::from_millis(200));
        assert!(matches!(second, Err(SessionError::LockTimeout)));
        assert!(start.elapsed() >= Duration::from_millis(200));
        // Another session is not blocked.
        RefreshLock::acquire(dir.path(), &SessionKey::new("dev", "bob"), Duration::ZERO).unwrap();
        drop(first);
        RefreshLock::acquire(dir.path(), &key, Duration::ZERO).unwrap();
    }

    #[test]
    fn lock_names_do_not_collide_or_reveal_the_user() {
        let d = Path::new("/x");
        let a = RefreshLock::path(d, &SessionKey::new("ab", "carol"));
        let b = RefreshLock::path(d, &SessionKey::new("a", "bcarol"));
        assert_ne!(a, b);
        assert!(a.starts_with("/x/locks") && !a.to_string_lossy().contains("carol"));
    }
}
