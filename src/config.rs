//! Profiles: which Cognito pool and app client to talk to, kept as TOML in the platform config
//! dir, with environment overrides and imports of Amplify configuration files.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// Where a profile's sessions are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// The OS keyring (Secret Service, Keychain, Credential Manager).
    #[default]
    Keyring,
    /// A file readable only by you (opt-in; the tokens are on disk in plain text).
    File,
}

/// One Cognito target: a user pool, an app client and what goes with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The profile's name (the TOML table key).
    #[serde(skip)]
    pub name: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_pool_id: Option<String>,
    /// Overrides the user-pool endpoint (the local pool, a proxy, another implementation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_ui_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_store: Option<StoreKind>,
}

impl Profile {
    /// The user-pool API endpoint: the override, or Cognito's for the region.
    pub fn idp_endpoint(&self) -> String {
        match &self.endpoint {
            Some(e) => e.clone(),
            None => format!("https://cognito-idp.{}.amazonaws.com/", self.region),
        }
    }

    /// The `iss` of this pool's tokens: under the endpoint override, or Cognito's.
    pub fn issuer(&self) -> String {
        match &self.endpoint {
            Some(e) => format!("{}/{}", e.trim_end_matches('/'), self.user_pool_id),
            None => format!(
                "https://cognito-idp.{}.amazonaws.com/{}",
                self.region, self.user_pool_id
            ),
        }
    }

    /// The pool name SRP hashes: the part of the pool id after `_`.
    pub fn pool_name(&self) -> &str {
        self.user_pool_id
            .split_once('_')
            .map_or(self.user_pool_id.as_str(), |(_, n)| n)
    }
}
