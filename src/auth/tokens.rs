//! Turning an AuthenticationResult into stored tokens, with the server's times.

use super::AuthError;
use crate::cognito::types::AuthenticationResult;
use crate::secret::Secret;
use crate::session::StoredTokens;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde_json::Value;

/// The claims of a JWT, unchecked: for times and names only, never for trust.
pub fn unverified_claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = B64URL.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Stored tokens from a result; `previous_refresh` is kept when the result has none (refresh).
pub fn stored_from_result(
    result: AuthenticationResult,
    previous_refresh: Option<Secret>,
    local_now: i64,
    device_key: Option<String>,
) -> Result<StoredTokens, AuthError> {
    let access = result
        .access_token
        .ok_or(AuthError::Incomplete("AccessToken"))?;
    let id = result.id_token.ok_or(AuthError::Incomplete("IdToken"))?;
    let claims = unverified_claims(access.expose())
        .ok_or(AuthError::Incomplete("a readable AccessToken"))?;
    let issued_at = claims["iat"].as_i64().unwrap_or(local_now);
    let expires_at = claims["exp"]
        .as_i64()
        .unwrap_or(issued_at + result.expires_in.unwrap_or(3600));
    let username = claims["username"]
        .as_str()
        .or_else(|| claims["cognito:username"].as_str())
        .unwrap_or_default()
        .to_owned();
    Ok(StoredTokens {
        username,
        id_token: id,
        access_token: access,
        refresh_token: result.refresh_token.or(previous_refresh),
        expires_at,
        issued_at,
        clock_skew: local_now - issued_at,
        device_key: device_key.or_else(|| claims["device_key"].as_str().map(str::to_owned)),
        new_device: result.new_device_metadata,
    })
}
