//! `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`): one section added or replaced,
//! every other line kept byte for byte (sections, comments, odd spacing, CRLF), written
//! atomically (temp file in the same folder, synced, renamed over) with mode 0600.

use crate::session::AwsCredentials;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The keys cogtui writes in its section; other keys of the section are left alone.
pub const KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "x_security_token_expires",
];

#[derive(Debug, thiserror::Error)]
pub enum ProfileFileError {
    #[error(
        "`{0}` cannot be a profile name in the credentials file: use letters, digits and \
         -_.@+ only"
    )]
    BadName(String),
    #[error(
        "{path} has more than one [{name}] section, which AWS's tools refuse: merge them by hand, \
         then run this again (the file is unchanged)"
    )]
    Duplicate { path: String, name: String },
    #[error("cannot read {path}: {reason} (the file is unchanged)")]
    Read { path: String, reason: String },
    #[error(
        "cannot write {path}: {reason} (the file is unchanged); check that you own the file and \
         its folder, or point AWS_SHARED_CREDENTIALS_FILE elsewhere"
    )]
    Write { path: String, reason: String },
}

/// The file AWS's tools read: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
pub fn default_path() -> Option<PathBuf> {
    std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::BaseDirs::new().map(|d| d.home_dir().join(".aws").join("credentials"))
        })
}

/// The lines cogtui writes for `c`, as `(key, value)`.
pub fn pairs(c: &AwsCredentials) -> Vec<(&'static str, String)> {
    vec![
        (KEYS[0], c.access_key_id.clone()),
        (KEYS[1], c.secret_access_key.expose().to_owned()),
        (KEYS[2], c.session_token.expose().to_owned()),
        (KEYS[3], super::export::rfc3339(c.expiration)),
    ]
}

fn check_name(name: &str) -> Result<(), ProfileFileError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.@+".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ProfileFileError::BadName(name.to_owned()))
    }
}

/// The section name of a header line (`[name]`, spaces allowed inside), if it is one.
fn header(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t.strip_prefix('[')?;
    let end = inner.rfind(']')?;
    Some(inner[..end].trim())
}

/// The (lowercased) key of a `key = value` / `key: value` line, if it is one.
fn key_of(line: &str) -> Option<String> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let t = line.trim();
    if t.is_empty() || t.starts_with(['#', ';']) {
        return None;
    }
    let at = t.find(['=', ':'])?;
    Some(t[..at].trim().to_ascii_lowercase())
}

fn is_continuation(line: &str) -> bool {
    line.starts_with([' ', '\t']) && !line.trim().is_empty()
}

/// The file holds the section more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuplicateSection;

/// `text` with section `name` holding `pairs`: the section's other lines, and everything
/// outside it, unchanged.
pub fn upsert(
    text: &str,
    name: &str,
    pairs: &[(&str, String)],
) -> Result<String, DuplicateSection> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let headers: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| header(l) == Some(name))
        .map(|(i, _)| i)
        .collect();
    let line_of = |k: &str, v: &str| format!("{k} = {v}{nl}");
    match headers.as_slice() {
        [] => {
            let mut out = text.to_owned();
            if !out.is_empty() {
                if !out.ends_with('\n') {
                    out.push_str(nl);
                }
                out.push_str(nl);
            }
            out.push_str(&format!("[{name}]{nl}"));
            for (k, v) in pairs {
                out.push_str(&line_of(k, v));
            }
            Ok(out)
        }
        [h] => {
            let start = h + 1;
            let end = (start..lines.len())
                .find(|&i| header(&lines[i]).is_some())
                .unwrap_or(lines.len());
            let mut body: Vec<String> = Vec::new();
            let mut written: Vec<&str> = Vec::new();
            let mut last_key_end = 0; // in `body`, after the last key line and its continuation
            let mut i = start;
            while i < end {
                let line = &lines[i];
                let key = key_of(line);
                let mut j = i + 1;
                while j < end && key.is_some() && is_continuation(&lines[j]) {
                    j += 1;
                }
                match key
                    .as_deref()
                    .and_then(|k| pairs.iter().find(|(p, _)| *p == k))
                {
                    Some((k, v)) => {
                        if !written.contains(k) {
                            body.push(line_of(k, v));
                            written.push(k);
                            last_key_end = body.len();
                        }
                    }
                    None => {
                        body.extend(lines[i..j].iter().cloned());
                        if key.is_some() {
                            last_key_end = body.len();
                        }
                    }
                }
                i = j;
            }
            let missing: Vec<String> = pairs
                .iter()
                .filter(|(k, _)| !written.contains(k))
                .map(|(k, v)| line_of(k, v))
                .collect();
            // The header line itself may be the file's last line, without a newline.
            if !lines[*h].ends_with('\n') && !missing.is_empty() {
                lines[*h].push_str(nl);
            }
            if last_key_end > 0 && !body[last_key_end - 1].ends_with('\n') {
                body[last_key_end - 1].push_str(nl);
            }
            body.splice(last_key_end..last_key_end, missing);
            lines.splice(start..end, body);
            Ok(lines.concat())
        }
        _ => Err(DuplicateSection),
    }
}

/// Adds or replaces section `name` of the credentials file at `path` with `c`. A symlinked
/// file is written where the link points.
pub fn write_profile(
    path: &Path,
    name: &str,
    c: &AwsCredentials,
) -> Result<PathBuf, ProfileFileError> {
    check_name(name)?;
    let shown = path.display().to_string();
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let text = match std::fs::read(&target) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| ProfileFileError::Read {
            path: shown.clone(),
            reason: "it is not UTF-8 text".into(),
        })?,
        // A parent that is not a folder fails at the write, with the write's message.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            String::new()
        }
        Err(e) => {
            return Err(ProfileFileError::Read {
                path: shown,
                reason: e.kind().to_string(),
            });
        }
    };
    let new =
        upsert(&text, name, &pairs(c)).map_err(|DuplicateSection| ProfileFileError::Duplicate {
            path: shown.clone(),
            name: name.to_owned(),
        })?;
    let fail = |e: std::io::Error| ProfileFileError::Write {
        path: shown.clone(),
        reason: e.kind().to_string(),
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.exists() {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).map_err(fail)?;
    }
    // tempfile creates the file 0600 on Unix; it is removed if anything below fails.
    let mut tmp = tempfile::Builder::new()
        .prefix(".credentials.cogtui-")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(new.as_bytes()).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Vec<(&'static str, String)> {
        vec![
            (KEYS[0], "AKNEW".into()),
            (KEYS[1], "SECRETNEW".into()),
            (KEYS[2], "TOKENNEW".into()),
            (KEYS[3], "2026-01-01T00:00:00Z".into()),
        ]
    }

    const NEW_LINES: &str = "aws_access_key_id = AKNEW\naws_secret_access_key = SECRETNEW\n\
                             aws_session_token = TOKENNEW\n\
                             x_security_token_expires = 2026-01-01T00:00:00Z\n";

    #[test]
    fn a_new_section_is_appended_and_nothing_else_moves() {
        assert_eq!(
            upsert("", "dev", &p()).unwrap(),
            format!("[dev]\n{NEW_LINES}")
        );
        let text = "# mine\n[default]\naws_access_key_id=AKOLD\n; note";
        assert_eq!(
            upsert(text, "dev", &p()).unwrap(),
            format!("{text}\n\n[dev]\n{NEW_LINES}")
        );
    }

    #[test]
    fn an_existing_section_keeps_its_comments_and_other_keys_in_place() {
        let text = "[default]\naws_access_key_id = AKDEF\n\n[ dev ]\n# why this profile\n\
                    region=eu-west-1\nAWS_ACCESS_KEY_ID : AKOLD\naws_session_token = OLD\n  \
                    continued-old-token\n; trailing comment\n\n[other]\nx = 1\n";
        let out = upsert(text, "dev", &p()).unwrap();
        assert_eq!(
            out,
            "[default]\naws_access_key_id = AKDEF\n\n[ dev ]\n# why this profile\n\
             region=eu-west-1\naws_access_key_id = AKNEW\naws_session_token = TOKENNEW\n\
             aws_secret_access_key = SECRETNEW\n\
             x_security_token_expires = 2026-01-01T00:00:00Z\n\
             ; trailing comment\n\n[other]\nx = 1\n"
        );
        // Writing again changes nothing more.
        assert_eq!(upsert(&out, "dev", &p()).unwrap(), out);
    }

    #[test]
    fn crlf_files_stay_crlf_and_a_last_line_without_newline_is_kept() {
        let text = "[a]\r\nk = v\r\n[dev]\r\naws_access_key_id = OLD";
        let out = upsert(text, "dev", &p()).unwrap();
        assert!(out.starts_with("[a]\r\nk = v\r\n[dev]\r\naws_access_key_id = AKNEW\r\n"));
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        assert_eq!(upsert("[dev]", "dev", &p()).unwrap().lines().count(), 5);
    }

    #[test]
    fn two_sections_of_the_same_name_are_refused() {
        assert!(upsert("[dev]\n[x]\n[dev]\n", "dev", &p()).is_err());
    }

    #[test]
    fn profile_names_are_checked() {
        assert!(check_name("dev-1").is_ok());
        assert!(check_name("a]b").is_err());
        assert!(check_name("").is_err());
    }
}
