//! Challenge sessions between InitiateAuth and RespondToAuthChallenge: single-use, expiring
//! after three minutes, found by `Session` or (as older SDKs answer without one) by the
//! PASSWORD_VERIFIER's SECRET_BLOCK.

use crate::srp::ServerEphemeral;
use num_bigint::BigUint;
use std::collections::HashMap;
use std::sync::Mutex;

/// How long a challenge session may be answered.
pub const CHALLENGE_TTL: i64 = 180;
/// Expired sessions are remembered this much longer, so a late answer hears "expired".
const FORGET_AFTER: i64 = CHALLENGE_TTL + 600;
/// At most this many open challenges; the oldest go first.
const MAX_OPEN: usize = 100_000;

pub enum ChallengeKind {
    PasswordVerifier {
        server: ServerEphemeral,
        a_pub: BigUint,
        secret_block: String,
        /// A challenge made up for an unknown user: it can only fail.
        fake: bool,
    },
    NewPasswordRequired,
}

pub struct Challenge {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub created: i64,
    pub kind: ChallengeKind,
}

impl Challenge {
    pub fn name(&self) -> &'static str {
        match self.kind {
            ChallengeKind::PasswordVerifier { .. } => "PASSWORD_VERIFIER",
            ChallengeKind::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
        }
    }
}

#[derive(Default)]
struct Inner {
    by_session: HashMap<String, Challenge>,
    by_block: HashMap<String, String>,
}

#[derive(Default)]
pub struct Challenges {
    inner: Mutex<Inner>,
}

impl Challenges {
    /// Stores a challenge and returns its new session string.
    pub fn insert(&self, ch: Challenge, now: i64) -> String {
        let session = super::jwt::random_token(96);
        let Ok(mut inner) = self.inner.lock() else {
            return session;
        };
        inner.prune(now);
        if let ChallengeKind::PasswordVerifier { secret_block, .. } = &ch.kind {
            inner.by_block.insert(secret_block.clone(), session.clone());
        }
        inner.by_session.insert(session.clone(), ch);
        session
    }

    /// Takes (and so uses up) the challenge for a session or secret block.
    pub fn take(&self, session: Option<&str>, secret_block: Option<&str>) -> Option<Challenge> {
        let mut inner = self.inner.lock().ok()?;
        let key = match session {
            Some(s) => s.to_owned(),
            None => inner.by_block.get(secret_block?)?.clone(),
        };
        let ch = inner.by_session.remove(&key)?;
        if let ChallengeKind::PasswordVerifier { secret_block, .. } = &ch.kind {
            inner.by_block.remove(secret_block);
        }
        Some(ch)
    }
}

impl Inner {
    fn prune(&mut self, now: i64) {
        if self.by_session.len() < 1024 {
            return;
        }
        self.by_session
            .retain(|_, c| now - c.created < FORGET_AFTER);
        if self.by_session.len() >= MAX_OPEN {
            let mut ages: Vec<(i64, String)> = self
                .by_session
                .iter()
                .map(|(k, c)| (c.created, k.clone()))
                .collect();
            ages.sort();
            for (_, k) in ages.into_iter().take(self.by_session.len() - MAX_OPEN / 2) {
                self.by_session.remove(&k);
            }
        }
        let live: std::collections::HashSet<&String> = self.by_session.keys().collect();
        self.by_block.retain(|_, s| live.contains(s));
    }
}
