//! Refreshing tokens ahead of expiry, corrected for the difference between the local clock and
//! the server's (measured from the token's `iat` when it was issued).

use super::tokens::stored_from_result;
use super::{AuthClient, AuthError};
use crate::cognito::types::InitiateAuthRequest;
use crate::secret::Params;
use crate::session::StoredTokens;

/// Refresh this long before the access token expires.
pub const REFRESH_MARGIN: i64 = 5 * 60;

/// True when the access token expires within `margin` seconds, by the server's clock.
pub fn needs_refresh(t: &StoredTokens, local_now: i64, margin: i64) -> bool {
    let server_now = local_now - t.clock_skew;
    t.expires_at - margin <= server_now
}

/// New access and ID tokens from the refresh token; the refresh token is kept.
pub async fn refresh(c: &AuthClient, t: &StoredTokens) -> Result<StoredTokens, AuthError> {
    let refresh = t.refresh_token.clone().ok_or(AuthError::Incomplete(
        "a refresh token in the stored session",
    ))?;
    let mut params = Params::default();
    params.insert("REFRESH_TOKEN", refresh.expose());
    // After the first step, SECRET_HASH uses the internal username.
    if let Some(h) = c.secret_hash(&t.username) {
        params.insert("SECRET_HASH", h.expose());
    }
    if let Some(d) = &t.device_key {
        params.insert("DEVICE_KEY", d.as_str());
    }
    let resp = c
        .idp
        .initiate_auth(&InitiateAuthRequest {
            auth_flow: "REFRESH_TOKEN_AUTH".into(),
            client_id: c.client_id(),
            auth_parameters: Some(params),
            client_metadata: None,
        })
        .await?;
    let result = resp
        .authentication_result
        .ok_or(AuthError::Incomplete("AuthenticationResult"))?;
    stored_from_result(
        result,
        Some(refresh),
        crate::calendar::unix_now(),
        t.device_key.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn tokens(expires_at: i64, skew: i64) -> StoredTokens {
        StoredTokens {
            username: "u".into(),
            id_token: Secret::new("i"),
            access_token: Secret::new("a"),
            refresh_token: None,
            expires_at,
            issued_at: expires_at - 3600,
            clock_skew: skew,
            device_key: None,
            new_device: None,
        }
    }

    #[test]
    fn refresh_is_due_by_the_servers_clock() {
        // Local clock 10 minutes ahead of the server: not due yet although local time says so.
        assert!(!needs_refresh(&tokens(1_000, 600), 1_000 + 600 - 400, 300));
        assert!(needs_refresh(&tokens(1_000, 600), 1_000 + 600 - 200, 300));
        // Local clock behind: due earlier by local time.
        assert!(needs_refresh(&tokens(1_000, -600), 1_000 - 600 - 299, 300));
        assert!(!needs_refresh(&tokens(1_000, 0), 600, 300));
    }
}
