//! What the pool remembers about names that are not users, so that they answer as users do
//! (PreventUserExistenceErrors): their wrong passwords lock them out, their wrong codes burn,
//! their code requests are rate-limited. Kept in memory, bounded, oldest forgotten first.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// At most this many names are remembered.
const MAX_DECOYS: usize = 10_000;

/// The state a real user keeps in the database, kept here for a name that is not one.
#[derive(Debug, Default, Clone)]
pub struct Decoy {
    pub failed_attempts: i64,
    pub locked_until: i64,
    pub code_attempts: i64,
    pub code_requests: Vec<i64>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<String, Decoy>,
    order: VecDeque<String>,
}

#[derive(Default)]
pub struct Decoys {
    inner: Mutex<Inner>,
}

impl Decoys {
    /// Runs `f` on the decoy of `key`, creating it if needed.
    pub fn with<T>(&self, key: &str, f: impl FnOnce(&mut Decoy) -> T) -> T {
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !inner.map.contains_key(key) {
            while inner.map.len() >= MAX_DECOYS {
                match inner.order.pop_front() {
                    Some(old) => {
                        inner.map.remove(&old);
                    }
                    None => break,
                }
            }
            inner.order.push_back(key.to_owned());
            inner.map.insert(key.to_owned(), Decoy::default());
        }
        let decoy = inner.map.entry(key.to_owned()).or_default();
        f(decoy)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().map(|i| i.map.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_oldest_first() {
        let d = Decoys::default();
        for i in 0..(MAX_DECOYS + 5) {
            d.with(&i.to_string(), |x| x.failed_attempts = 1);
        }
        assert_eq!(d.len(), MAX_DECOYS);
        assert_eq!(
            d.with("0", |x| x.failed_attempts),
            0,
            "the oldest was forgotten"
        );
        assert_eq!(
            d.with(&(MAX_DECOYS + 4).to_string(), |x| x.failed_attempts),
            1
        );
    }
}
