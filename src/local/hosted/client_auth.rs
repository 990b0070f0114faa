//! Who calls the token and revoke endpoints: the app client from HTTP Basic
//! (`client_id:client_secret`) or from the form's `client_id` (and `client_secret`), with its
//! secret checked in constant time when it has one.

use super::token_errors::OAuthError;
use crate::cognito::types::UserPoolClientType;
use crate::local::state::State;
use crate::local::store::PoolRow;
use axum::http::HeaderMap;
use base64::Engine;
use subtle::ConstantTimeEq;

/// The client named and proven by the request.
pub fn authenticate(
    st: &State,
    headers: &HeaderMap,
    form_id: Option<&str>,
    form_secret: Option<&str>,
) -> Result<(UserPoolClientType, PoolRow), OAuthError> {
    let basic = basic_credentials(headers)?;
    let (id, secret) = match &basic {
        Some((id, secret)) => {
            if form_id.is_some_and(|f| f != id) {
                return Err(OAuthError::invalid_client());
            }
            (id.as_str(), Some(secret.as_str()))
        }
        None => (
            form_id.ok_or_else(|| OAuthError::invalid_request("client_id is required"))?,
            form_secret,
        ),
    };
    let (client, pool) = st.client(id).map_err(|_| OAuthError::invalid_client())?;
    match (&client.client_secret, secret) {
        (Some(expected), Some(given)) => {
            if !bool::from(expected.expose().as_bytes().ct_eq(given.as_bytes())) {
                return Err(OAuthError::invalid_client());
            }
        }
        (Some(_), None) => return Err(OAuthError::invalid_client()),
        // A public client that sends a secret anyway is not what Cognito accepts either.
        (None, Some(s)) if !s.is_empty() => return Err(OAuthError::invalid_client()),
        (None, _) => {}
    }
    Ok((client, pool))
}

fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers.get("authorization") else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| OAuthError::invalid_client())?;
    let Some(encoded) = text
        .strip_prefix("Basic ")
        .or_else(|| text.strip_prefix("basic "))
    else {
        return Err(OAuthError::invalid_client());
    };
    let raw = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| OAuthError::invalid_client())?;
    let raw = String::from_utf8(raw).map_err(|_| OAuthError::invalid_client())?;
    let (id, secret) = raw.split_once(':').ok_or_else(OAuthError::invalid_client)?;
    // RFC 6749 2.3.1: both parts are form-urlencoded before they are joined.
    let decode = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((decode(id), decode(secret))))
}
