//! Errors of the config layer, each saying which file, which line and what to change.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a text file: 1-based line and column, and the line itself for context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub text: String,
}

impl Location {
    /// The location of byte `offset` in `source` (clamped to the text).
    pub fn at(source: &str, offset: usize) -> Self {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        Self {
            line: before.matches('\n').count() + 1,
            column: source[line_start..offset].chars().count() + 1,
            text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_owned(),
        }
    }
}

/// Where a profile name came from, for errors about names that match no profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOrigin {
    /// Given by the caller (`--profile`, a subcommand argument).
    Argument,
    /// The `COGTUI_PROFILE` environment variable.
    Env,
    /// `default_profile` in the config file.
    DefaultProfile,
    /// The config holds exactly one profile.
    OnlyOne,
}

impl fmt::Display for NameOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameOrigin::Argument => "given on the command line",
            NameOrigin::Env => "from COGTUI_PROFILE",
            NameOrigin::DefaultProfile => "from default_profile in the config file",
            NameOrigin::OnlyOne => "the only profile",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "cannot find a config directory for cogtui (is HOME set?): set COGTUI_CONFIG to the path \
         of the config file"
    )]
    NoConfigDir,

    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file is not TOML, or not the shape cogtui expects (a type, a missing or unknown key).
    #[error("{}", located(path, at.as_deref(), message, Some(fix)))]
    Toml {
        path: PathBuf,
        at: Option<Box<Location>>,
        message: String,
        fix: String,
    },

    /// A profile whose values cannot work (region shape, pool ids, endpoint, …).
    #[error("{}", located(
        path.as_deref().unwrap_or(Path::new("")),
        at.as_deref(),
        &format!("profile `{profile}`: {field}: {message}"),
        None,
    ))]
    Invalid {
        /// The config file, or `None` for a profile built from arguments or an import.
        path: Option<PathBuf>,
        at: Option<Box<Location>>,
        profile: String,
        field: &'static str,
        message: String,
    },

    #[error("no profile named `{name}` ({origin}); {}", known_list(name, known))]
    UnknownProfile {
        name: String,
        origin: NameOrigin,
        known: Vec<String>,
    },

    #[error(
        "no profiles yet: add one with `cogtui profile add NAME --user-pool-id ID --client-id ID`, \
         import one with `cogtui profile import amplify_outputs.json`, or try `cogtui --local`"
    )]
    NoProfiles,

    #[error(
        "{} profiles ({}) and none chosen: pass --profile NAME, set COGTUI_PROFILE, or make one \
         the default with `cogtui profile use NAME`",
        known.len(),
        known.join(", ")
    )]
    NoProfileChosen { known: Vec<String> },

    #[error("AWS_REGION=`{value}` is not an AWS region: unset it or write it like `eu-west-1`")]
    BadEnvRegion { value: String },

    #[error(
        "AWS_REGION is `{env_region}` but profile `{profile}` uses the user pool `{user_pool_id}`, \
         which lives in `{pool_region}`: unset AWS_REGION for cogtui (`env -u AWS_REGION cogtui …`) \
         or choose a profile whose pool is in `{env_region}`"
    )]
    RegionMismatch {
        profile: String,
        env_region: String,
        user_pool_id: String,
        pool_region: String,
    },

    /// An Amplify configuration file that cannot be read as one.
    #[error("{}", located(path, at.as_deref(), message, None))]
    Import {
        path: PathBuf,
        at: Option<Box<Location>>,
        message: String,
    },
}

fn known_list(name: &str, known: &[String]) -> String {
    if name == super::LOCAL_PROFILE {
        // `--local` before any local pool has run here: the pool writes this profile.
        "the local pool writes it when it first starts: run `cogtui local serve` in another \
         terminal (or `cogtui --local`, the TUI, which starts the pool itself), then run this \
         again"
            .to_owned()
    } else if known.is_empty() {
        "there are no profiles yet: see `cogtui profile add --help`".to_owned()
    } else {
        format!(
            "the profiles are: {}; see `cogtui profile list`",
            known.join(", ")
        )
    }
}

/// `path:line:column: message`, the offending line with a caret, and the fix.
fn located(path: &Path, at: Option<&Location>, message: &str, fix: Option<&String>) -> String {
    let mut out = String::new();
    let shown = path.display().to_string();
    match (shown.is_empty(), at) {
        (true, _) => {}
        (false, Some(at)) => out.push_str(&format!("{shown}:{}:{}: ", at.line, at.column)),
        (false, None) => out.push_str(&format!("{shown}: ")),
    }
    out.push_str(message);
    if let Some(at) = at {
        let gutter = at.line.to_string();
        let pad = " ".repeat(gutter.len());
        let caret_pad: String = at
            .text
            .chars()
            .take(at.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("\n {gutter} | {}\n {pad} | {caret_pad}^", at.text));
    }
    if let Some(fix) = fix {
        out.push_str(&format!("\n fix: {fix}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters_from_one() {
        let src = "a = 1\nbé = x\n";
        let at = Location::at(src, src.find('x').unwrap());
        assert_eq!((at.line, at.column, at.text.as_str()), (2, 6, "bé = x"));
        assert_eq!(Location::at(src, 0).line, 1);
        assert_eq!(Location::at(src, 999).line, 3);
    }
}
