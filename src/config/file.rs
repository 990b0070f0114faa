//! Reading and writing the config file: TOML errors turned into file:line:column with a fix,
//! and saves that replace the file atomically with owner-only permissions.

use super::Config;
use super::error::{ConfigError, Location};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Reads and checks the config at `path`; a missing file is an empty config.
pub(super) fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    parse(&text, path)
}

/// Parses and checks config text; `path` is only used in errors.
pub(super) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let mut config: Config = toml::from_str(text).map_err(|e| toml_error(text, path, &e))?;
    for (name, profile) in &mut config.profiles {
        profile.name.clone_from(name);
    }
    for (name, profile) in &config.profiles {
        if let Err(problem) = profile.validate() {
            let span = if problem.field == "name" {
                key_span(text, &["profiles", name])
            } else {
                value_span(text, &["profiles", name, problem.field])
            };
            return Err(ConfigError::Invalid {
                path: Some(path.to_owned()),
                at: span.map(|s| Box::new(Location::at(text, s.start))),
                profile: name.clone(),
                field: problem.field,
                message: problem.message,
            });
        }
    }
    Ok(config)
}

fn toml_error(text: &str, path: &Path, e: &toml::de::Error) -> ConfigError {
    let message = e.message().trim().to_owned();
    ConfigError::Toml {
        path: path.to_owned(),
        at: e.span().map(|s| Box::new(Location::at(text, s.start))),
        fix: fix_for(&message),
        message,
    }
}

/// What to do about a TOML or serde message, by its kind.
fn fix_for(message: &str) -> String {
    if message.starts_with("unknown field") {
        "remove this key or correct its spelling: the keys cogtui knows are listed above".into()
    } else if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        format!("add `{field} = \"...\"` to this table")
    } else if message.starts_with("invalid type") {
        "give the value the type named above: strings go in double quotes, like \
         region = \"eu-west-1\""
            .into()
    } else if message.starts_with("unknown variant") {
        "use one of the values listed above, in double quotes".into()
    } else if message.contains("duplicate key") {
        "keep one of the two definitions and delete the other".into()
    } else {
        "fix the TOML syntax here: strings need double quotes (key = \"value\"), and each profile \
         is a table headed [profiles.NAME]"
            .into()
    }
}

/// The span of the value at `keys` in the TOML `text`, if it parses and the keys are there.
fn value_span(text: &str, keys: &[&str]) -> Option<Range<usize>> {
    find(text, keys).map(|(_, value)| value)
}

/// The span of the last key of `keys`, for problems with a name rather than a value.
fn key_span(text: &str, keys: &[&str]) -> Option<Range<usize>> {
    find(text, keys).map(|(key, _)| key)
}

fn find(text: &str, keys: &[&str]) -> Option<(Range<usize>, Range<usize>)> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut found = None;
    for key in keys {
        let (k, v) = table.iter().find(|(k, _)| k.get_ref() == key)?;
        found = Some((k.span(), v.span()));
        if let Some(inner) = v.get_ref().as_table() {
            table = inner;
        }
    }
    found
}

/// Writes `config` to `path` through a temporary file in the same directory and a rename, so a
/// crash never leaves half a file; the file is readable by its owner only (it may hold a client
/// secret). A symlinked config is written through to its target.
pub(super) fn save(config: &Config, path: &Path) -> Result<(), ConfigError> {
    let target = real_target(path);
    let write_err = |source| ConfigError::Write {
        path: target.clone(),
        source,
    };
    let text = toml::to_string_pretty(config)
        .map_err(|e| write_err(std::io::Error::other(e.to_string())))?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(write_err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".config.toml.")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(write_err)?;
    owner_only(tmp.as_file()).map_err(write_err)?;
    tmp.write_all(HEADER.as_bytes()).map_err(write_err)?;
    tmp.write_all(text.as_bytes()).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    tmp.persist(&target).map_err(|e| write_err(e.error))?;
    Ok(())
}

const HEADER: &str = "# cogtui profiles: see `cogtui profile --help`. cogtui rewrites this file \
                      when it changes it;\n# comments are not kept.\n\n";

/// Follows a symlink to the file it names, so that saving keeps the link.
fn real_target(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
        }
        _ => path.to_owned(),
    }
}

#[cfg(unix)]
fn owner_only(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn owner_only(_file: &std::fs::File) -> std::io::Result<()> {
    // Elsewhere the file inherits the ACL of the user's config directory.
    Ok(())
}
