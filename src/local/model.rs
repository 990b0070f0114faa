//! The local pool's records: users, sessions and outbox entries as stored in SQLite.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const UNCONFIRMED: &str = "UNCONFIRMED";
pub const CONFIRMED: &str = "CONFIRMED";
pub const FORCE_CHANGE_PASSWORD: &str = "FORCE_CHANGE_PASSWORD";
pub const RESET_REQUIRED: &str = "RESET_REQUIRED";

/// A user of a pool. The password is kept only as its SRP verifier (salt, v in hex).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub pool_id: String,
    pub username: String,
    pub sub: String,
    pub status: String,
    pub enabled: bool,
    pub attributes: BTreeMap<String, String>,
    pub salt_hex: String,
    pub verifier_hex: String,
    pub created: f64,
    pub modified: f64,
    pub failed_attempts: i64,
    pub locked_until: i64,
}

impl User {
    pub fn email(&self) -> Option<&str> {
        self.attributes.get("email").map(String::as_str)
    }

    pub fn email_verified(&self) -> bool {
        self.attributes.get("email_verified").map(String::as_str) == Some("true")
    }

    /// Attributes as the wire lists them, `sub` first as Cognito does.
    pub fn wire_attributes(&self) -> Vec<crate::cognito::types::AttributeType> {
        use crate::cognito::types::AttributeType;
        let mut out = vec![AttributeType::new("sub", &self.sub)];
        out.extend(
            self.attributes
                .iter()
                .filter(|(k, _)| k.as_str() != "sub")
                .map(|(k, v)| AttributeType::new(k, v)),
        );
        out
    }
}

/// A signed-in session: the refresh token (by hash) and the `origin_jti` its tokens carry.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub origin_jti: String,
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub expires_at: i64,
    pub revoked: bool,
    pub auth_time: i64,
    /// The scope a Hosted UI session was granted (kept in `oauth_sessions`, read with the
    /// row); `None` for sessions from the user-pool API.
    pub oauth_scope: Option<String>,
}

/// One code the pool "sent", as `GET /_local/outbox` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub pool_id: String,
    pub destination: String,
    pub username: String,
    pub purpose: String,
    pub code: String,
    pub sent_at: f64,
    /// The subject and text a CustomMessage trigger wrote, with the code in it.
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}
