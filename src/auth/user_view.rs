//! What a face may show of a signed-in user: names and times from the tokens' claims and the
//! user's attributes. Never a token.

use crate::session::StoredTokens;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserView {
    /// The internal username (`cognito:username`).
    pub username: String,
    pub email: Option<String>,
    pub sub: Option<String>,
    /// Unix seconds of the access token's expiry, by the server's clock.
    pub expires_at: i64,
    /// The local clock minus the server's.
    pub clock_skew: i64,
    /// The user's attributes (from GetUser), sorted by name; empty until fetched.
    pub attributes: Vec<(String, String)>,
    /// Whether a refresh token is kept (so the session can outlive the access token).
    pub refreshable: bool,
    /// The user's MFA methods and preference, when Cognito was asked (GetUser).
    pub mfa: Option<super::MfaStatus>,
}

impl UserView {
    /// The view of stored tokens: the ID token's claims, read without verification (display
    /// only; nothing here is trusted for access decisions).
    pub fn from_tokens(t: &StoredTokens) -> Self {
        let claims = super::unverified_claims(t.id_token.expose()).unwrap_or_default();
        let text = |k: &str| claims.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        Self {
            username: t.username.clone(),
            email: text("email"),
            sub: text("sub"),
            expires_at: t.expires_at,
            clock_skew: t.clock_skew,
            attributes: Vec::new(),
            refreshable: t.refresh_token.is_some(),
            mfa: None,
        }
    }

    /// Seconds until the access token expires, at local time `now`.
    pub fn remaining(&self, now: i64) -> i64 {
        self.expires_at - (now - self.clock_skew)
    }
}
