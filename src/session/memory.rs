//! An in-memory session store, for tests only: nothing survives the process, so the CLI and
//! the TUI never choose it (`open_store` cannot return it).

use super::{
    DeviceSecrets, SessionError, SessionKey, SessionStore, StoredIdentity, StoredTokens, TotpSecret,
};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

#[derive(Default)]
struct Maps {
    tokens: HashMap<SessionKey, StoredTokens>,
    devices: HashMap<SessionKey, DeviceSecrets>,
    totp: HashMap<SessionKey, TotpSecret>,
    identities: HashMap<SessionKey, StoredIdentity>,
}

/// Sessions in a map. Tests only.
#[derive(Default)]
pub struct MemoryStore {
    maps: Mutex<Maps>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every session held, for tests that look for secrets where they must not be.
    pub fn sessions(&self) -> Vec<(SessionKey, StoredTokens)> {
        self.maps()
            .tokens
            .iter()
            .map(|(k, t)| (k.clone(), t.clone()))
            .collect()
    }

    fn maps(&self) -> MutexGuard<'_, Maps> {
        // A panic in another test thread while holding the lock leaves plain data behind.
        self.maps.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SessionStore for MemoryStore {
    fn load(&self, key: &SessionKey) -> Result<Option<StoredTokens>, SessionError> {
        Ok(self.maps().tokens.get(key).cloned())
    }
    fn save(&self, key: &SessionKey, tokens: &StoredTokens) -> Result<(), SessionError> {
        self.maps().tokens.insert(key.clone(), tokens.clone());
        Ok(())
    }
    fn delete(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.maps().tokens.remove(key);
        Ok(())
    }
    fn load_device(&self, key: &SessionKey) -> Result<Option<DeviceSecrets>, SessionError> {
        Ok(self.maps().devices.get(key).cloned())
    }
    fn save_device(&self, key: &SessionKey, device: &DeviceSecrets) -> Result<(), SessionError> {
        self.maps().devices.insert(key.clone(), device.clone());
        Ok(())
    }
    fn delete_device(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.maps().devices.remove(key);
        Ok(())
    }
    fn load_totp(&self, key: &SessionKey) -> Result<Option<TotpSecret>, SessionError> {
        Ok(self.maps().totp.get(key).cloned())
    }
    fn save_totp(&self, key: &SessionKey, secret: &TotpSecret) -> Result<(), SessionError> {
        self.maps().totp.insert(key.clone(), secret.clone());
        Ok(())
    }
    fn delete_totp(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.maps().totp.remove(key);
        Ok(())
    }
    fn load_identity(&self, key: &SessionKey) -> Result<Option<StoredIdentity>, SessionError> {
        Ok(self.maps().identities.get(key).cloned())
    }
    fn save_identity(&self, key: &SessionKey, v: &StoredIdentity) -> Result<(), SessionError> {
        self.maps().identities.insert(key.clone(), v.clone());
        Ok(())
    }
    fn delete_identity(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.maps().identities.remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn signing_out_keeps_the_device() {
        let store = MemoryStore::new();
        let key = SessionKey::new("dev", "alice");
        let device = DeviceSecrets {
            device_key: "k".into(),
            device_group_key: "g".into(),
            device_password: Secret::new("p"),
        };
        store.save_device(&key, &device).unwrap();
        store.delete(&key).unwrap();
        assert_eq!(store.load_device(&key).unwrap(), Some(device));
        assert_eq!(store.load(&key).unwrap(), None);
    }
}
