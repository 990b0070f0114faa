//! The OS keyring store: Secret Service (over zbus) on Linux and the BSDs, Keychain on macOS,
//! Credential Manager on Windows, through `keyring` 4 and `keyring-core`.
//!
//! Items live under the service `cogtui` with the user names `<profile>/<username>/tokens` and
//! `<profile>/<username>/device` (JSON), split into `…#0`, `…#1`, … above 2,500 bytes.
//!
//! On Linux only the Secret Service is used. The kernel keyutils store was considered and left
//! out on purpose: its keys live in the login session's keyring, so a session would silently
//! vanish at logout or reboot and would not be shared between, say, two SSH logins. A person
//! without a Secret Service gets a clear error naming both fixes instead (start one, or opt in
//! to the file store). An in-memory store is refused whatever sets it up (keyring-rs#231).
//!
//! Calls block on D-Bus (or the platform API): async callers use `spawn_blocking`.

use super::chunked::{self, RawSecrets, ReadError};
use super::{
    DeviceSecrets, SessionError, SessionKey, SessionStore, StoredIdentity, StoredTokens,
    TotpSecret, json_problem,
};
use keyring_core::{CredentialPersistence, CredentialStore, Entry, Error};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use zeroize::{Zeroize, Zeroizing};

/// The keyring service every cogtui item is filed under.
pub const SERVICE: &str = "cogtui";
/// An item name no session uses: reading it tells "no such item" from "no keyring".
const PROBE: &str = ".cogtui-probe";
/// Whether making the platform store already talked to the keyring. The Secret Service store
/// connects to the session bus and opens a Secret Service session (`OpenSession`) when it is
/// made, so a missing bus or service fails there and the probe would only add a round trip to
/// every command (docs/performance.md). Keychain and Credential Manager stores are made
/// without asking the OS anything: there the probe is the check.
const CONNECT_PROVES_SERVICE: bool = cfg!(all(
    unix,
    not(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "android"
    ))
));

/// Sessions in the OS keyring.
pub struct KeyringStore {
    raw: Box<dyn RawSecrets>,
}

impl KeyringStore {
    /// Connects to the platform's keyring and checks that it answers and keeps what it is
    /// given; otherwise `NoKeyring` with the reason.
    pub fn open() -> Result<Self, SessionError> {
        // keyring's `v1` module picks the platform store once per process and makes it the
        // keyring-core default; its failure (no bus, no Secret Service) is kept.
        if let Err(e) = keyring::Entry::store_status() {
            return Err(match map_error_ref(e) {
                SessionError::Keyring(r) => SessionError::NoKeyring(r),
                other => other,
            });
        }
        let store = keyring_core::get_default_store().ok_or_else(|| {
            SessionError::NoKeyring("no OS keyring backend is set up on this platform".into())
        })?;
        Self::checked(store, !CONNECT_PROVES_SERVICE)
    }

    /// Uses `store`, refusing one that does not persist (a mock) and one that does not answer.
    #[cfg(test)]
    pub(crate) fn with_store(store: Arc<CredentialStore>) -> Result<Self, SessionError> {
        Self::checked(store, true)
    }

    /// Refuses a store that does not persist; with `probe`, reads an item no session uses to
    /// make sure the store answers.
    fn checked(store: Arc<CredentialStore>, probe: bool) -> Result<Self, SessionError> {
        let lifetime = match store.persistence() {
            CredentialPersistence::UntilDelete => None,
            CredentialPersistence::EntryOnly | CredentialPersistence::ProcessOnly => {
                Some("only in memory")
            }
            CredentialPersistence::UntilLogout => Some("only until logout"),
            CredentialPersistence::UntilReboot => Some("only until reboot"),
            _ => Some("for an unknown time"),
        };
        if let Some(lifetime) = lifetime {
            return Err(SessionError::NoKeyring(format!(
                "the keyring backend ({}) keeps secrets {lifetime}",
                store.vendor()
            )));
        }
        let raw = OsKeyring { store };
        if probe {
            raw.get(PROBE)?;
        }
        Ok(Self { raw: Box::new(raw) })
    }

    #[cfg(test)]
    pub(crate) fn with_raw(raw: Box<dyn RawSecrets>) -> Self {
        Self { raw }
    }

    fn load_json<T: DeserializeOwned>(
        &self,
        key: &SessionKey,
        kind: &str,
    ) -> Result<Option<T>, SessionError> {
        let name = format!("{}/{kind}", key.name());
        let text = match chunked::read(&*self.raw, &name) {
            Ok(None) => return Ok(None),
            Ok(Some(text)) => text,
            Err(ReadError::Damaged(reason))
            | Err(ReadError::Store(SessionError::Corrupt(_, reason))) => {
                return Err(SessionError::Corrupt(key.to_string(), reason));
            }
            Err(ReadError::Store(e)) => return Err(e),
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| SessionError::Corrupt(key.to_string(), json_problem(&e)))
    }

    fn save_json<T: Serialize>(
        &self,
        key: &SessionKey,
        kind: &str,
        value: &T,
    ) -> Result<(), SessionError> {
        let text = Zeroizing::new(
            serde_json::to_string(value)
                .map_err(|_| SessionError::Keyring("cannot encode the session".into()))?,
        );
        chunked::write(&*self.raw, &format!("{}/{kind}", key.name()), &text)
    }

    fn remove(&self, key: &SessionKey, kind: &str) -> Result<(), SessionError> {
        chunked::remove(&*self.raw, &format!("{}/{kind}", key.name())).map(|_| ())
    }
}

impl SessionStore for KeyringStore {
    fn load(&self, key: &SessionKey) -> Result<Option<StoredTokens>, SessionError> {
        self.load_json(key, "tokens")
    }
    fn save(&self, key: &SessionKey, tokens: &StoredTokens) -> Result<(), SessionError> {
        self.save_json(key, "tokens", tokens)
    }
    fn delete(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.remove(key, "tokens")
    }
    fn load_device(&self, key: &SessionKey) -> Result<Option<DeviceSecrets>, SessionError> {
        self.load_json(key, "device")
    }
    fn save_device(&self, key: &SessionKey, device: &DeviceSecrets) -> Result<(), SessionError> {
        self.save_json(key, "device", device)
    }
    fn delete_device(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.remove(key, "device")
    }
    fn load_totp(&self, key: &SessionKey) -> Result<Option<TotpSecret>, SessionError> {
        self.load_json(key, "totp")
    }
    fn save_totp(&self, key: &SessionKey, secret: &TotpSecret) -> Result<(), SessionError> {
        self.save_json(key, "totp", secret)
    }
    fn delete_totp(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.remove(key, "totp")
    }
    fn load_identity(&self, key: &SessionKey) -> Result<Option<StoredIdentity>, SessionError> {
        self.load_json(key, "aws")
    }
    fn save_identity(&self, key: &SessionKey, v: &StoredIdentity) -> Result<(), SessionError> {
        self.save_json(key, "aws", v)
    }
    fn delete_identity(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.remove(key, "aws")
    }
}

/// The platform keyring as raw name → value operations.
struct OsKeyring {
    store: Arc<CredentialStore>,
}

impl OsKeyring {
    fn entry(&self, name: &str) -> Result<Entry, SessionError> {
        Entry::new_in_store(&self.store, SERVICE, name).map_err(map_error)
    }
}

impl RawSecrets for OsKeyring {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<String>>, SessionError> {
        // Bytes, not `get_password`: Windows would store a password as UTF-16, halving the cap.
        match self.entry(name)?.get_secret() {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => Ok(Some(Zeroizing::new(s))),
                Err(e) => {
                    e.into_bytes().zeroize();
                    Err(SessionError::Corrupt(name.into(), "it is not text".into()))
                }
            },
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<(), SessionError> {
        self.entry(name)?
            .set_secret(value.as_bytes())
            .map_err(map_error)
    }

    fn delete(&self, name: &str) -> Result<bool, SessionError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }
}

fn map_error(e: Error) -> SessionError {
    match e {
        // These carry the stored bytes: wipe them, never show them.
        Error::BadEncoding(mut bytes) | Error::BadDataFormat(mut bytes, _) => {
            bytes.zeroize();
            SessionError::Corrupt(
                "an item".into(),
                "the keyring returned data it could not decode".into(),
            )
        }
        e => map_error_ref(&e),
    }
}

/// Plain words for a keyring error, sorting "there is no usable keyring" from other failures.
/// Only `Display` texts are used: `Debug` of some variants carries the stored bytes.
fn map_error_ref(e: &Error) -> SessionError {
    match e {
        Error::NoDefaultStore => {
            SessionError::NoKeyring("no OS keyring backend is set up on this platform".into())
        }
        Error::NoStorageAccess(inner) => SessionError::NoKeyring(format!(
            "the keyring is locked and was not unlocked (no unlock prompt could be shown, or it \
             was dismissed): {}",
            chain(inner.as_ref())
        )),
        Error::PlatformFailure(inner) => classify(&chain(inner.as_ref())),
        Error::Ambiguous(items) => SessionError::Keyring(format!(
            "{} keyring items have the same name; remove the extras with your keyring tool \
             (e.g. `secret-tool search --all service {SERVICE}`)",
            items.len()
        )),
        Error::BadEncoding(_) | Error::BadDataFormat(_, _) => SessionError::Corrupt(
            "an item".into(),
            "the keyring returned data it could not decode".into(),
        ),
        other => SessionError::Keyring(other.to_string()),
    }
}

/// An error and its sources, joined.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// Names the three ways a Linux keyring is missing; anything else is a plain failure.
fn classify(detail: &str) -> SessionError {
    let lower = detail.to_ascii_lowercase();
    let reason = if lower.contains("org.freedesktop.secrets") || lower.contains("serviceunknown") {
        "the D-Bus session bus has no Secret Service (org.freedesktop.secrets)"
    } else if lower.contains("locked") {
        "the keyring's collection is locked"
    } else if lower.contains("dbus_session_bus_address")
        || lower.contains("autolaunch")
        || lower.contains("address")
        || lower.contains("no such file or directory")
        || lower.contains("connection refused")
        || lower.contains("i/o error")
    {
        "no D-Bus session bus is reachable"
    } else {
        return SessionError::Keyring(detail.to_owned());
    };
    SessionError::NoKeyring(format!("{reason}: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::super::chunked::tests::MapSecrets;
    use super::super::fixtures::{device, tokens};
    use super::*;

    #[test]
    fn tokens_and_devices_round_trip_apart() {
        let store = KeyringStore::with_raw(Box::<MapSecrets>::default());
        let key = SessionKey::new("dev", "alice");
        let t = tokens(1800);
        store.save(&key, &t).unwrap();
        let device = device();
        store.save_device(&key, &device).unwrap();
        assert_eq!(store.load(&key).unwrap(), Some(t));
        store.delete(&key).unwrap();
        assert_eq!(store.load(&key).unwrap(), None);
        assert_eq!(store.load_device(&key).unwrap(), Some(device));
        store.delete_device(&key).unwrap();
        assert_eq!(store.load_device(&key).unwrap(), None);
    }

    #[test]
    fn a_value_that_does_not_parse_is_corrupt_and_says_no_secret() {
        let raw = MapSecrets::default();
        raw.set(
            "dev/alice/tokens",
            r#"{"username":"alice","id_token":"SECRETVALUE","#,
        )
        .unwrap();
        raw.set(
            "dev/bob/tokens",
            r#"{"username":"bob","id_token":7,"access_token":"SECRETVALUE"}"#,
        )
        .unwrap();
        let store = KeyringStore::with_raw(Box::new(raw));
        for user in ["alice", "bob"] {
            let err = store.load(&SessionKey::new("dev", user)).unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, SessionError::Corrupt(..)), "{text}");
            assert!(
                text.contains(user) && text.contains("cogtui login"),
                "{text}"
            );
            assert!(
                !text.contains("SECRETVALUE") && !text.contains('7'),
                "{text}"
            );
        }
        // Saving over a damaged entry replaces it.
        let key = SessionKey::new("dev", "alice");
        store.save(&key, &tokens(10)).unwrap();
        assert!(store.load(&key).unwrap().is_some());
    }

    #[test]
    fn an_in_memory_backend_is_refused() {
        let mock: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
        let err = KeyringStore::with_store(mock).err().unwrap();
        assert!(matches!(err, SessionError::NoKeyring(_)), "{err}");
        let text = err.to_string();
        assert!(text.contains("--session-store file") && text.contains("Secret Service"));
    }

    #[test]
    fn bus_failures_read_as_no_keyring() {
        for detail in [
            "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not \
             provided by any .service files",
            "Cannot create an item in a locked collection",
            "I/O error: No such file or directory (os error 2)",
        ] {
            assert!(
                matches!(classify(detail), SessionError::NoKeyring(_)),
                "{detail}"
            );
        }
        assert!(matches!(
            classify("something else"),
            SessionError::Keyring(_)
        ));
    }
}
