//! Per-user locks for sign-in attempts: the lockout check, the password check and the count of
//! failures happen as one step per user, so a burst of guesses cannot get more checked than the
//! lockout allows. Striped (a fixed set of mutexes chosen by a hash of the user), so memory
//! stays bounded whatever names are tried.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, MutexGuard, TryLockError};

const STRIPES: usize = 256;

pub struct UserLocks {
    stripes: Vec<Mutex<()>>,
}

impl Default for UserLocks {
    fn default() -> Self {
        Self {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
        }
    }
}

impl UserLocks {
    /// Holds the lock of `(pool_id, name_key)` until the guard drops. Never take a user lock
    /// while holding the database (the database is always taken second).
    pub fn lock(&self, pool_id: &str, name_key: &str) -> MutexGuard<'_, ()> {
        let mut h = DefaultHasher::new();
        (pool_id, name_key).hash(&mut h);
        let i = (h.finish() % STRIPES as u64) as usize;
        // A poisoned stripe only means another request panicked while holding it; the
        // protected state lives in the database, so carry on.
        let stripe = &self.stripes[i];
        match stripe.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            // Held by another request: wait without keeping a core's slot from the others.
            Err(TryLockError::WouldBlock) => crate::local::work::waiting(|| {
                stripe
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
            }),
        }
    }
}
