//! Profiles: which Cognito pool and app client to talk to, kept as TOML in the platform config
//! dir, with environment overrides and imports of Amplify configuration files.

mod amplify;
mod error;
mod file;
mod local;
mod local_key;
mod profile;
mod resolve;

pub use amplify::{AmplifyFormat, Imported, import_amplify};
pub use error::{ConfigError, Location, NameOrigin};
pub use local::{LOCAL_PROFILE, LocalProfileInfo, write_local_profile};
pub use local_key::{
    ENV_LOCAL_DATA_DIR, LOCAL_KEY_FILE, LocalAdminKey, is_loopback, local_data_dir,
};
pub use profile::{
    CredentialsFlow, FieldProblem, Profile, StoreKind, check_name, pool_region, region_problem,
};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Names the config file instead of the platform default.
pub const ENV_CONFIG: &str = "COGTUI_CONFIG";
/// Chooses the profile when none is given explicitly.
pub const ENV_PROFILE: &str = "COGTUI_PROFILE";
/// Must agree with the chosen profile's region (see `resolve`).
pub const ENV_REGION: &str = "AWS_REGION";

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The profile used when none is named (see `resolve` for the full order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    /// The TUI theme's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Profiles by name; each `Profile::name` equals its key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub profiles: BTreeMap<String, Profile>,
}

impl Config {
    /// `$COGTUI_CONFIG`, or `config.toml` in the platform config dir
    /// (`~/.config/cogtui/config.toml` on Linux).
    pub fn default_path() -> Result<PathBuf, ConfigError> {
        Self::default_path_with(|k| std::env::var(k).ok())
    }

    /// `default_path` with the environment passed in (for tests).
    pub fn default_path_with(env: impl Fn(&str) -> Option<String>) -> Result<PathBuf, ConfigError> {
        if let Some(p) = env(ENV_CONFIG).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        directories::ProjectDirs::from("", "", "cogtui")
            .map(|d| d.config_dir().join("config.toml"))
            .ok_or(ConfigError::NoConfigDir)
    }

    /// Reads and checks the file; a missing file is an empty config. Any invalid profile fails
    /// the whole load with the file, line and what to fix.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        file::load(path)
    }

    /// Parses config text as if read from `path` (which only appears in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        file::parse(text, path)
    }

    /// Writes the file atomically (temp file + rename), mode 0600 on unix.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        file::save(self, path)
    }

    /// Adds or replaces `profile` (by its name) after checking it; returns the one replaced.
    pub fn upsert(&mut self, profile: Profile) -> Result<Option<Profile>, ConfigError> {
        profile.validate().map_err(|problem| ConfigError::Invalid {
            path: None,
            at: None,
            profile: profile.name.clone(),
            field: problem.field,
            message: problem.message,
        })?;
        Ok(self.profiles.insert(profile.name.clone(), profile))
    }

    /// Removes a profile; if it was the default, there is no default any more.
    pub fn remove(&mut self, name: &str) -> Option<Profile> {
        let removed = self.profiles.remove(name);
        if removed.is_some() && self.default_profile.as_deref() == Some(name) {
            self.default_profile = None;
        }
        removed
    }

    /// Makes `name` the default profile; it must exist.
    pub fn set_default(&mut self, name: &str) -> Result<(), ConfigError> {
        if !self.profiles.contains_key(name) {
            return Err(ConfigError::UnknownProfile {
                name: name.to_owned(),
                origin: NameOrigin::Argument,
                known: self.names(),
            });
        }
        self.default_profile = Some(name.to_owned());
        Ok(())
    }

    /// The profile names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.profiles.keys().cloned().collect()
    }

    /// The profile to use, with environment overrides applied: the explicit `name`, else
    /// `COGTUI_PROFILE`, else `default_profile`, else the only profile if there is exactly one.
    /// `AWS_REGION`, when set, replaces the region, and must agree with the user pool id's.
    pub fn resolve(&self, name: Option<&str>) -> Result<Profile, ConfigError> {
        self.resolve_with(name, |k| std::env::var(k).ok())
    }

    /// `resolve` with the environment passed in (for tests; env vars are process-global).
    pub fn resolve_with(
        &self,
        name: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Profile, ConfigError> {
        resolve::resolve(self, name, env)
    }

    /// Which profile `resolve` would pick and why, without the environment's region override.
    pub fn choose_with(
        &self,
        name: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<(&Profile, NameOrigin), ConfigError> {
        resolve::choose(self, name, env)
    }
}
