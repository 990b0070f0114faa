//! Authorization codes between the login page and /oauth2/token: single-use, valid 60 s, each
//! naming the session its sign-in opened, bounded in number (the oldest go first).

use crate::secret::Secret;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// How long a code may be exchanged, as on Cognito.
pub const CODE_TTL: i64 = 60;
/// Codes kept at most; a new one evicts the oldest.
const MAX_CODES: usize = 10_000;

/// What a code stands for.
pub struct AuthCode {
    pub client_id: String,
    pub pool_id: String,
    pub origin_jti: String,
    pub refresh_token: Secret,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub scope: String,
    pub nonce: Option<String>,
    pub expires_at: i64,
}

#[derive(Default)]
struct Inner {
    by_code: HashMap<String, (u64, AuthCode)>,
    order: BTreeMap<u64, String>,
    next: u64,
}

/// The pool's open authorization codes (in memory: a restart ends them, as a 60 s code would).
#[derive(Default)]
pub struct AuthCodes {
    inner: Mutex<Inner>,
}

impl AuthCodes {
    /// Keeps `code` and returns the string to send to the redirect URI. Codes dropped on the
    /// way (expired by `now`, or evicted when full) are returned too, so their sessions can be
    /// ended.
    pub fn insert(&self, code: AuthCode, now: i64) -> (String, Vec<AuthCode>) {
        let text = uuid::Uuid::new_v4().to_string();
        let mut dropped = Vec::new();
        let Ok(mut inner) = self.inner.lock() else {
            return (text, dropped);
        };
        // Oldest first: every code lives CODE_TTL, so the expired ones are at the front.
        while let Some((&seq, oldest)) = inner.order.first_key_value() {
            let expired = inner
                .by_code
                .get(oldest)
                .is_none_or(|(_, c)| c.expires_at <= now);
            if !expired {
                break;
            }
            if let Some(old) = inner.order.remove(&seq)
                && let Some((_, c)) = inner.by_code.remove(&old)
            {
                dropped.push(c);
            }
        }
        while inner.by_code.len() >= MAX_CODES {
            let Some((_, oldest)) = inner.order.pop_first() else {
                break;
            };
            if let Some((_, c)) = inner.by_code.remove(&oldest) {
                dropped.push(c);
            }
        }
        let seq = inner.next;
        inner.next += 1;
        inner.order.insert(seq, text.clone());
        inner.by_code.insert(text.clone(), (seq, code));
        (text, dropped)
    }

    /// Takes a code out: it cannot be used again, whatever the exchange's outcome.
    pub fn take(&self, code: &str) -> Option<AuthCode> {
        let mut inner = self.inner.lock().ok()?;
        let (seq, c) = inner.by_code.remove(code)?;
        inner.order.remove(&seq);
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(expires_at: i64) -> AuthCode {
        AuthCode {
            client_id: "c".into(),
            pool_id: "p".into(),
            origin_jti: format!("jti-{expires_at}"),
            refresh_token: Secret::new("r"),
            redirect_uri: "https://a/b".into(),
            code_challenge: None,
            scope: "openid".into(),
            nonce: None,
            expires_at,
        }
    }

    #[test]
    fn a_code_is_taken_once_and_expired_ones_are_handed_back_for_their_sessions() {
        let codes = AuthCodes::default();
        let (first, dropped) = codes.insert(code(100), 40);
        assert!(dropped.is_empty());
        let (second, dropped) = codes.insert(code(160), 100);
        assert_eq!(dropped.len(), 1, "the first expired at 100");
        assert_eq!(dropped[0].origin_jti, "jti-100");
        assert!(codes.take(&first).is_none());
        assert!(codes.take(&second).is_some());
        assert!(codes.take(&second).is_none(), "single-use");
    }
}
