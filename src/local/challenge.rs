//! Challenge sessions between InitiateAuth and RespondToAuthChallenge: single-use, expiring
//! after three minutes, found by `Session` or (as older SDKs answer without one) by the
//! PASSWORD_VERIFIER's SECRET_BLOCK. Bounded per user and in total; the oldest go first.

use crate::srp::ServerEphemeral;
use num_bigint::BigUint;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// How long a challenge session may be answered.
pub const CHALLENGE_TTL: i64 = 180;
/// Expired sessions are remembered this much longer, so a late answer hears "expired".
const FORGET_AFTER: i64 = CHALLENGE_TTL + 600;
/// Open challenges per user (or per unknown name); a new one evicts the user's oldest.
pub const MAX_PER_USER: usize = 10;
/// Open challenges in all; a new one evicts the oldest.
pub const MAX_OPEN: usize = 20_000;

pub enum ChallengeKind {
    PasswordVerifier {
        server: ServerEphemeral,
        a_pub: BigUint,
        secret_block: String,
        /// A challenge made up for an unknown user: it can only fail.
        fake: bool,
        /// CUSTOM_AUTH begun with SRP_A: the custom session so far; once the password is
        /// proven, DefineAuthChallenge decides what follows.
        custom: Option<Vec<serde_json::Value>>,
    },
    NewPasswordRequired,
    /// DEVICE_SRP_AUTH: the password was right and a remembered device was named; its SRP_A
    /// comes next.
    DeviceSrpAuth {
        device_key: String,
    },
    /// DEVICE_PASSWORD_VERIFIER: the device's SRP proof, as PASSWORD_VERIFIER with the device
    /// group key as the pool name and the device key as the user.
    DevicePasswordVerifier {
        server: ServerEphemeral,
        a_pub: BigUint,
        secret_block: String,
        device_key: String,
    },
    /// SOFTWARE_TOKEN_MFA: a code from the user's authenticator.
    SoftwareTokenMfa {
        attempts: u32,
    },
    /// SMS_MFA or EMAIL_OTP: the code the pool sent (to the outbox).
    SentCode {
        name: &'static str,
        code: String,
        attempts: u32,
    },
    /// SELECT_MFA_TYPE: which of the user's methods to use.
    SelectMfaType {
        options: Vec<String>,
    },
    /// MFA_SETUP: a software token to enrol before signing in. `secret` is set by
    /// AssociateSoftwareToken, `verified` by VerifySoftwareToken.
    MfaSetup {
        secret: Option<String>,
        verified: bool,
        attempts: u32,
    },
    /// CUSTOM_CHALLENGE (CUSTOM_AUTH): what CreateAuthChallenge made, and the challenges so far
    /// as DefineAuthChallenge sees them.
    Custom {
        session: Vec<serde_json::Value>,
        private: serde_json::Value,
        metadata: Option<String>,
        /// Made for a name that is no user (PreventUserExistenceErrors): it can only fail.
        not_found: bool,
    },
}

/// What the sign-in in progress means for device tracking; carried from challenge to challenge
/// so the tokens at the end are issued with the right device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DeviceLink {
    /// Tracking is off, or the password was not proven with SRP: no device.
    #[default]
    None,
    /// SRP sign-in without a device: the tokens come with NewDeviceMetadata.
    New,
    /// A device of the user was named and has not proven itself: DEVICE_SRP_AUTH comes next
    /// for a remembered device; otherwise MFA, and the tokens are issued with it.
    Claimed(String),
    /// The device proved itself with device SRP.
    Proven(String),
}

pub struct Challenge {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub created: i64,
    pub kind: ChallengeKind,
    pub device: DeviceLink,
}

impl Challenge {
    pub fn name(&self) -> &'static str {
        match self.kind {
            ChallengeKind::PasswordVerifier { .. } => "PASSWORD_VERIFIER",
            ChallengeKind::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            ChallengeKind::SoftwareTokenMfa { .. } => "SOFTWARE_TOKEN_MFA",
            ChallengeKind::SentCode { name, .. } => name,
            ChallengeKind::SelectMfaType { .. } => "SELECT_MFA_TYPE",
            ChallengeKind::MfaSetup { .. } => "MFA_SETUP",
            ChallengeKind::DeviceSrpAuth { .. } => "DEVICE_SRP_AUTH",
            ChallengeKind::DevicePasswordVerifier { .. } => "DEVICE_PASSWORD_VERIFIER",
            ChallengeKind::Custom { .. } => "CUSTOM_CHALLENGE",
        }
    }

    fn owner(&self) -> String {
        format!("{}/{}", self.pool_id, self.username.to_lowercase())
    }
}

#[derive(Default)]
struct Inner {
    by_session: HashMap<String, (u64, Challenge)>,
    by_block: HashMap<String, String>,
    /// Insertion order: sequence number → session.
    order: BTreeMap<u64, String>,
    /// Per owner: sequence numbers of its open challenges, oldest first.
    by_owner: HashMap<String, Vec<u64>>,
    next: u64,
}

pub struct Challenges {
    inner: Mutex<Inner>,
    per_user: usize,
    total: usize,
}

impl Default for Challenges {
    fn default() -> Self {
        Self::with_limits(MAX_PER_USER, MAX_OPEN)
    }
}

impl Challenges {
    pub fn with_limits(per_user: usize, total: usize) -> Self {
        Self {
            inner: Mutex::default(),
            per_user: per_user.max(1),
            total: total.max(1),
        }
    }

    /// Stores a challenge and returns its new session string.
    pub fn insert(&self, ch: Challenge, now: i64) -> String {
        let session = super::jwt::random_token(96);
        self.insert_as(session, ch, now)
    }

    /// Stores a challenge under a session string it had before (a wrong MFA code may be
    /// tried again with the same session).
    pub fn insert_as(&self, session: String, ch: Challenge, now: i64) -> String {
        let Ok(mut inner) = self.inner.lock() else {
            return session;
        };
        inner.forget_expired(now);
        let owner = ch.owner();
        while inner.by_owner.get(&owner).map_or(0, Vec::len) >= self.per_user {
            let Some(oldest) = inner.by_owner.get(&owner).and_then(|v| v.first().copied()) else {
                break;
            };
            inner.remove_seq(oldest);
        }
        while inner.by_session.len() >= self.total {
            let Some((&oldest, _)) = inner.order.iter().next() else {
                break;
            };
            inner.remove_seq(oldest);
        }
        let seq = inner.next;
        inner.next += 1;
        if let ChallengeKind::PasswordVerifier { secret_block, .. } = &ch.kind {
            inner.by_block.insert(secret_block.clone(), session.clone());
        }
        inner.order.insert(seq, session.clone());
        inner.by_owner.entry(owner).or_default().push(seq);
        inner.by_session.insert(session.clone(), (seq, ch));
        session
    }

    /// Takes (and so uses up) the challenge for a session or secret block.
    pub fn take(&self, session: Option<&str>, secret_block: Option<&str>) -> Option<Challenge> {
        self.take_keyed(session, secret_block).map(|(_, ch)| ch)
    }

    /// [`Self::take`], with the session string the challenge was stored under (so it can be put
    /// back with [`Self::insert_as`]).
    pub fn take_keyed(
        &self,
        session: Option<&str>,
        secret_block: Option<&str>,
    ) -> Option<(String, Challenge)> {
        let mut inner = self.inner.lock().ok()?;
        let key = match session {
            Some(s) => s.to_owned(),
            None => inner.by_block.get(secret_block?)?.clone(),
        };
        let seq = inner.by_session.get(&key)?.0;
        inner.remove_seq(seq).map(|ch| (key, ch))
    }

    /// Open challenges (for tests and the docs' figures).
    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.by_session.len()).unwrap_or(0)
    }
}

impl Inner {
    fn remove_seq(&mut self, seq: u64) -> Option<Challenge> {
        let session = self.order.remove(&seq)?;
        let (_, ch) = self.by_session.remove(&session)?;
        if let ChallengeKind::PasswordVerifier { secret_block, .. } = &ch.kind {
            self.by_block.remove(secret_block);
        }
        let owner = ch.owner();
        if let Some(list) = self.by_owner.get_mut(&owner) {
            list.retain(|s| *s != seq);
            if list.is_empty() {
                self.by_owner.remove(&owner);
            }
        }
        Some(ch)
    }

    /// Drops challenges past remembering, oldest first (insertion order is age order).
    fn forget_expired(&mut self, now: i64) {
        while let Some((&seq, session)) = self.order.iter().next() {
            let old = self
                .by_session
                .get(session)
                .is_none_or(|(_, c)| now - c.created >= FORGET_AFTER);
            if !old {
                break;
            }
            self.remove_seq(seq);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(user: &str, created: i64) -> Challenge {
        Challenge {
            pool_id: "p".into(),
            client_id: "c".into(),
            username: user.into(),
            created,
            kind: ChallengeKind::NewPasswordRequired,
            device: DeviceLink::None,
        }
    }

    #[test]
    fn per_user_and_total_caps_evict_the_oldest() {
        let c = Challenges::with_limits(3, 5);
        let alice: Vec<String> = (0..4).map(|i| c.insert(ch("alice", i), 10)).collect();
        assert!(
            c.take(Some(&alice[0]), None).is_none(),
            "alice's oldest was evicted"
        );
        assert!(c.take(Some(&alice[3]), None).is_some());
        let others: Vec<String> = (0..4)
            .map(|i| c.insert(ch(&format!("u{i}"), 0), 10))
            .collect();
        assert!(c.len() <= 5);
        assert!(
            c.take(Some(&alice[1]), None).is_none(),
            "the oldest overall went first"
        );
        assert!(c.take(Some(&others[3]), None).is_some());
    }

    #[test]
    fn long_expired_challenges_are_forgotten() {
        let c = Challenges::with_limits(10, 100);
        let s = c.insert(ch("bob", 0), 0);
        c.insert(ch("carol", FORGET_AFTER + 1), FORGET_AFTER + 1);
        assert!(c.take(Some(&s), None).is_none());
        assert_eq!(c.len(), 1);
    }
}
