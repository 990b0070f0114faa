//! The `local` profile that `cogtui local serve` and `cogtui --local` write for the local pool.

use super::Config;
use super::error::ConfigError;
use super::profile::Profile;
use std::path::Path;

/// The name of the profile the local pool writes.
pub const LOCAL_PROFILE: &str = "local";

/// What a running local pool tells the config about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalProfileInfo {
    /// Where the local pool listens, like `http://127.0.0.1:9229`.
    pub endpoint: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub identity_pool_id: Option<String>,
}

/// Adds or refreshes the `local` profile in the config at `config_path`, and makes it the
/// default only when there is no default yet. A `local` profile already there keeps the
/// choices a person made on it (session store, Hosted UI domain); its client secret is dropped,
/// since the local pool's seeded client has none.
pub fn write_local_profile(config_path: &Path, info: &LocalProfileInfo) -> Result<(), ConfigError> {
    let mut config = Config::load(config_path)?;
    let previous = config.profiles.get(LOCAL_PROFILE);
    let mut profile = Profile::new(
        LOCAL_PROFILE,
        info.region.clone(),
        info.user_pool_id.clone(),
        info.client_id.clone(),
    );
    profile.identity_pool_id.clone_from(&info.identity_pool_id);
    profile.endpoint = Some(info.endpoint.clone());
    if let Some(previous) = previous {
        profile.session_store = previous.session_store;
        profile
            .hosted_ui_domain
            .clone_from(&previous.hosted_ui_domain);
    }
    if config.profiles.get(LOCAL_PROFILE) == Some(&profile) && config.default_profile.is_some() {
        return Ok(());
    }
    config.upsert(profile)?;
    if config.default_profile.is_none() {
        config.default_profile = Some(LOCAL_PROFILE.to_owned());
    }
    config.save(config_path)
}
