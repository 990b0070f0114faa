//! Where signed-in sessions live: the `SessionStore` port and its stores (OS keyring, opt-in
//! file, in-memory for tests). Device secrets are kept apart from tokens so that signing out
//! keeps a device remembered.

pub mod aws;
mod chunked;
pub mod current;
pub mod file_store;
pub mod keyring_store;
pub mod lock;
pub mod memory;

pub use aws::{AwsCredentials, StoredIdentity};
pub use file_store::FileStore;
pub use keyring_store::KeyringStore;
pub use lock::{RefreshLock, RefreshLockGuard};
pub use memory::MemoryStore;

use crate::config::StoreKind;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
    /// The device Cognito offered to remember at this sign-in (`NewDeviceMetadata`), kept
    /// until it is confirmed or declined.
    #[serde(default)]
    pub new_device: Option<crate::cognito::types::NewDeviceMetadata>,
}

/// A remembered device's secrets: they outlive sign-out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceSecrets {
    pub device_key: String,
    pub device_group_key: String,
    pub device_password: Secret,
}

/// A TOTP secret kept for a test account, so scripts can sign in (`cogtui totp code`,
/// `login` answering SOFTWARE_TOKEN_MFA by itself). Kept only when the person asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotpSecret {
    /// Base32, as authenticators take it.
    pub secret: Secret,
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
    fn load_totp(&self, key: &SessionKey) -> Result<Option<TotpSecret>, SessionError>;
    fn save_totp(&self, key: &SessionKey, secret: &TotpSecret) -> Result<(), SessionError>;
    fn delete_totp(&self, key: &SessionKey) -> Result<(), SessionError>;
    /// The identity and AWS credentials kept for a session (`creds/`); the guest's under the
    /// empty username.
    fn load_identity(&self, key: &SessionKey) -> Result<Option<StoredIdentity>, SessionError>;
    fn save_identity(&self, key: &SessionKey, value: &StoredIdentity) -> Result<(), SessionError>;
    fn delete_identity(&self, key: &SessionKey) -> Result<(), SessionError>;

    /// What the CLI should print once when this store is chosen (the file store's "stored
    /// unencrypted" notice); `None` for stores that need no warning.
    fn warning(&self) -> Option<String> {
        None
    }
}

impl SessionKey {
    pub fn new(profile: impl Into<String>, username: impl Into<String>) -> Self {
        Self {
            profile: profile.into(),
            username: username.into(),
        }
    }

    /// `profile/username` with `%`, `/` and `#` escaped, so that no two keys share a name
    /// (Cognito usernames may contain `/` and `#`).
    pub(crate) fn name(&self) -> String {
        format!("{}/{}", escape(&self.profile), escape(&self.username))
    }
}

impl std::fmt::Display for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} in profile {}", self.username, self.profile)
    }
}

/// What is wrong with a stored JSON value, in plain words. Never serde's own message: it can
/// quote the offending value, which may be a token.
pub(crate) fn json_problem(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "it is not valid JSON",
        Category::Data => "a field is missing or has the wrong type",
        Category::Eof => "it is cut short",
        Category::Io => "it could not be read",
    };
    match e.line() {
        0 => what.to_owned(),
        line => format!("{what} (line {line}, column {})", e.column()),
    }
}

fn escape(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        match c {
            '%' => out.push_str("%25"),
            '/' => out.push_str("%2F"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// The platform data dir, e.g. `~/.local/share/cogtui`: home of the file store and the
/// refresh locks. `None` when there is no home directory.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cogtui").map(|d| d.data_dir().to_path_buf())
}

/// The data dir in use: `COGTUI_DATA_DIR` when set and not empty, else [`default_data_dir`].
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("COGTUI_DATA_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(default_data_dir)
}

/// The store the CLI and TUI use: the OS keyring (checked to be reachable and persistent), or
/// the opt-in file `<data_dir>/sessions.json`. Never an in-memory store.
pub fn open_store(kind: StoreKind, data_dir: &Path) -> Result<Box<dyn SessionStore>, SessionError> {
    match kind {
        StoreKind::Keyring => Ok(Box::new(KeyringStore::open()?)),
        StoreKind::File => Ok(Box::new(FileStore::new(
            data_dir.join(file_store::FILE_NAME),
        ))),
    }
}

/// Realistic values for tests: tokens the size Cognito issues.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub(crate) fn tokens(refresh_len: usize) -> StoredTokens {
        StoredTokens {
            username: "alice".into(),
            id_token: Secret::new(format!("eyJid.{}", "i".repeat(1000))),
            access_token: Secret::new(format!("eyJaccess.{}", "a".repeat(1000))),
            refresh_token: Some(Secret::new(format!(
                "eyJrefresh.{}",
                "r".repeat(refresh_len)
            ))),
            expires_at: 1_700_003_600,
            issued_at: 1_700_000_000,
            clock_skew: -2,
            device_key: Some("us-east-1_device".into()),
            new_device: None,
        }
    }

    pub(crate) fn device() -> DeviceSecrets {
        DeviceSecrets {
            device_key: "us-east-1_device".into(),
            device_group_key: "group".into(),
            device_password: Secret::new("device-password-value"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unambiguous() {
        assert_eq!(SessionKey::new("dev", "alice").name(), "dev/alice");
        assert_ne!(
            SessionKey::new("a/b", "c").name(),
            SessionKey::new("a", "b/c").name()
        );
        assert_eq!(SessionKey::new("p%", "u#1").name(), "p%25/u%231");
    }

    #[test]
    fn debug_and_errors_never_show_a_secret() {
        let shown = format!("{:?} {:?}", fixtures::tokens(1800), fixtures::device());
        for secret in [
            "eyJid.",
            "eyJaccess.",
            "eyJrefresh.",
            "device-password-value",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let err: serde_json::Error =
            serde_json::from_str::<StoredTokens>(r#"{"id_token":"eyJid.x","access_token":987654}"#)
                .unwrap_err();
        assert!(
            err.to_string().contains("987654"),
            "serde quotes values: {err}"
        );
        let problem = json_problem(&err);
        assert!(
            problem.starts_with("a field is missing or has the wrong type"),
            "{problem}"
        );
        assert!(!problem.contains("987654"), "{problem}");
        let e = SessionError::Corrupt(SessionKey::new("dev", "alice").to_string(), problem);
        assert!(!e.to_string().contains("eyJid"), "{e}");
    }
}
