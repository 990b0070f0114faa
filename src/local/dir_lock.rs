//! One local pool per data dir: `<data dir>/serve.lock`, held (an OS file lock) for as long as
//! a pool serves from the dir and holding its endpoint, so a second `cogtui local serve` (or the
//! TUI's in-process pool) on the same dir refuses and names the one already running. The OS
//! drops the lock when the process dies, so a crash never leaves the dir locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Held while a pool serves from the dir; the lock goes when it is dropped.
#[derive(Debug)]
pub struct DirLock {
    file: File,
}

/// Why the dir could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum DirLockError {
    #[error(
        "another cogtui local pool is already serving from {dir}{}: use it, stop it, or pass \
         another --data-dir", .endpoint.as_ref().map(|e| format!(" at {e}")).unwrap_or_default()
    )]
    Held {
        dir: PathBuf,
        endpoint: Option<String>,
    },
    #[error(
        "cannot use {dir} as the local pool's data dir ({reason}): pass --data-dir with a directory you can write"
    )]
    Io { dir: PathBuf, reason: String },
}

impl DirLock {
    /// Locks `dir` (creating it 0700), or says who holds it.
    pub fn acquire(dir: &Path) -> Result<Self, DirLockError> {
        let io = |e: std::io::Error| DirLockError::Io {
            dir: dir.to_owned(),
            reason: e.to_string(),
        };
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(io)?;
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(dir.join("serve.lock")).map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(Self { file }),
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                let endpoint = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
                Err(DirLockError::Held {
                    dir: dir.to_owned(),
                    endpoint,
                })
            }
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// Records the endpoint the pool serves at, for a second pool's refusal.
    pub fn set_endpoint(&mut self, endpoint: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(endpoint.as_bytes())?;
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_pool_on_the_dir_is_refused_with_the_first_ones_endpoint() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = DirLock::acquire(dir.path()).unwrap();
        first.set_endpoint("http://127.0.0.1:9229").unwrap();
        let err = DirLock::acquire(dir.path()).unwrap_err();
        assert!(err.to_string().contains("http://127.0.0.1:9229"), "{err}");
        drop(first);
        DirLock::acquire(dir.path()).unwrap();
    }
}
