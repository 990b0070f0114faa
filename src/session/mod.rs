//! Where signed-in sessions live: the `SessionStore` port and its stores (OS keyring, opt-in
//! file, in-memory for tests). Device secrets are kept apart from tokens so that signing out
//! keeps a device remembered.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// Which session: one per profile and (internal) username.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionKey {
    pub profile: String,
    pub username: String,
}

/// The tokens of a signed-in session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredTokens {
    /// The internal username (`cognito:username`).
    pub username: String,
    pub id_token: Secret,
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    /// Unix seconds at which the access token expires, by the server's clock.
    pub expires_at: i64,
    /// Unix seconds at which the tokens were issued, by the server's clock (`iat`).
    pub issued_at: i64,
    /// The local clock minus the server's at issue time, for refresh ahead of expiry.
    #[serde(default)]
    pub clock_skew: i64,
    /// The remembered device these tokens were issued with, if any.
    #[serde(default)]
    pub device_key: Option<String>,
}

/// A remembered device's secrets: they outlive sign-out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceSecrets {
    pub device_key: String,
    pub device_group_key: String,
    pub device_password: Secret,
}

/// Why the session store failed. Each message says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(
        "no keyring is reachable ({0}): start a Secret Service (e.g. gnome-keyring) or pass \
         `--session-store file` to keep sessions in a file readable only by you"
    )]
    NoKeyring(String),
    #[error("the stored session for {0} is damaged ({1}); sign in again with `cogtui login`")]
    Corrupt(String, String),
    #[error("cannot write the session file {0}: {1}")]
    Io(String, String),
    #[error("the keyring refused: {0}")]
    Keyring(String),
    #[error("another cogtui is refreshing this session and did not finish in time; try again")]
    LockTimeout,
}

/// The port every face and flow uses to keep sessions.
pub trait SessionStore: Send + Sync {
    fn load(&self, key: &SessionKey) -> Result<Option<StoredTokens>, SessionError>;
    fn save(&self, key: &SessionKey, tokens: &StoredTokens) -> Result<(), SessionError>;
    fn delete(&self, key: &SessionKey) -> Result<(), SessionError>;
    fn load_device(&self, key: &SessionKey) -> Result<Option<DeviceSecrets>, SessionError>;
    fn save_device(&self, key: &SessionKey, device: &DeviceSecrets) -> Result<(), SessionError>;
    fn delete_device(&self, key: &SessionKey) -> Result<(), SessionError>;
}
