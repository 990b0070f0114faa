//! The admin audit log: `audit.log` in the data dir, one JSON object per line per action
//! (who, what, target user, pool, when, result), never a secret. The file is 0600 in a 0700
//! dir, opened for appending before the action runs (so an action is not taken when it could
//! not be recorded) and each line is one `write` on an `O_APPEND` file, so lines from
//! concurrent cogtui processes never interleave.

use serde::Serialize;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file's name in the data dir.
pub const AUDIT_FILE: &str = "audit.log";

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub when: String,
    /// The IAM identity (an ARN from GetCallerIdentity), else the access key id.
    pub who: String,
    pub access_key_id: String,
    /// Where the credentials came from (env, a profile, the local pool's key).
    pub credentials: String,
    /// The action, as the CLI names it (`password reset`, `user disable`, …).
    pub action: String,
    /// The user acted on, as given.
    pub target: String,
    pub pool: String,
    /// The cogtui profile.
    pub profile: String,
    /// `ok`, or `error: <Cognito's error type>`.
    pub result: String,
}

/// The audit log of a data dir.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

/// The log opened for one action: the line is written through this handle.
#[derive(Debug)]
pub struct OpenAudit {
    file: File,
    path: PathBuf,
}

impl AuditLog {
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(AUDIT_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens (creating the dir 0700 and the file 0600 if needed) for appending.
    pub fn open(&self) -> std::io::Result<OpenAudit> {
        if let Some(dir) = self.path.parent()
            && !dir.exists()
        {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        Ok(OpenAudit {
            file: options.open(&self.path)?,
            path: self.path.clone(),
        })
    }
}

impl OpenAudit {
    /// Appends `entry` as one line, in one write, and syncs it to disk.
    pub fn append(&mut self, entry: &AuditEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.sync_data()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// `secs` (Unix) as RFC 3339 in UTC, like `2026-11-28T09:04:07Z`.
pub fn rfc3339(secs: i64) -> String {
    let (y, m, d) = crate::calendar::civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t % 3600 / 60,
        t % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(target: &str) -> AuditEntry {
        AuditEntry {
            when: rfc3339(0),
            who: "arn:aws:iam::1:user/x".into(),
            access_key_id: "AKIA".into(),
            credentials: "env".into(),
            action: "user disable".into(),
            target: target.into(),
            pool: "p".into(),
            profile: "local".into(),
            result: "ok".into(),
        }
    }

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_856_647), "2026-11-28T09:04:07Z");
    }

    #[test]
    fn lines_append_in_a_private_file_and_dir() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        let log = AuditLog::in_dir(&dir);
        log.open().unwrap().append(&entry("a\nb")).unwrap();
        log.open().unwrap().append(&entry("c")).unwrap();
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), 2, "a newline in a value stays escaped: {text}");
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["target"], "a\nb");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(log.path()), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
    }
}
