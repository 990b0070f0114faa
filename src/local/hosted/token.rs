//! POST /oauth2/token: `authorization_code` (with the PKCE verifier), `refresh_token`, and
//! `client_credentials` for clients with a secret. A code is spent by any attempt; a refused
//! exchange also ends the session the code stood for, so nothing usable is left behind.

use super::client_auth::authenticate;
use super::codes::AuthCode;
use super::token_errors::OAuthError;
use crate::cognito::types::UserPoolClientType;
use crate::local::ops::tokens::{self, ADMIN_SCOPE, Grant, refresh_hash};
use crate::local::ops::validity::lifetimes;
use crate::local::state::State;
use crate::local::store::PoolRow;
use axum::extract::{Form, State as AxState};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;

#[derive(Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    scope: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub async fn token(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return OAuthError::invalid_request(
            "send the parameters as application/x-www-form-urlencoded",
        )
        .into_response();
    };
    let out = st.run(move |st| run(st, &headers, &form)).await;
    match out {
        Ok(Ok(body)) => {
            let mut resp = axum::Json(body).into_response();
            resp.headers_mut()
                .insert("cache-control", HeaderValue::from_static("no-store"));
            resp
        }
        Ok(Err(e)) => e.into_response(),
        Err(_) => OAuthError::new("server_error").into_response(),
    }
}

fn run(st: &State, headers: &HeaderMap, f: &TokenForm) -> Result<Value, OAuthError> {
    let (client, pool) = authenticate(
        st,
        headers,
        f.client_id.as_deref(),
        f.client_secret.as_deref(),
    )?;
    match f.grant_type.as_deref() {
        Some("authorization_code") => by_code(st, &client, &pool, f),
        Some("refresh_token") => by_refresh(st, &client, &pool, f),
        Some("client_credentials") => client_credentials(st, &client, &pool, f),
        Some(_) => Err(OAuthError::new("unsupported_grant_type")),
        None => Err(OAuthError::invalid_request("grant_type is required")),
    }
}

fn by_code(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    f: &TokenForm,
) -> Result<Value, OAuthError> {
    let code = f
        .code
        .as_deref()
        .ok_or_else(|| OAuthError::invalid_request("code is required"))?;
    let spent = st.hosted.take(code).ok_or_else(OAuthError::invalid_grant)?;
    let out = exchange(st, client, pool, f, &spent);
    if out.is_err() {
        end_sessions(st, std::slice::from_ref(&spent));
    }
    out
}

fn exchange(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    f: &TokenForm,
    c: &AuthCode,
) -> Result<Value, OAuthError> {
    if Some(c.client_id.as_str()) != client.client_id.as_deref()
        || c.expires_at <= st.clock.now()
        || f.redirect_uri.as_deref() != Some(c.redirect_uri.as_str())
    {
        return Err(OAuthError::invalid_grant());
    }
    if let Some(challenge) = &c.code_challenge {
        let verifier = f.code_verifier.as_deref().unwrap_or_default();
        if !pkce_matches(verifier, challenge) {
            return Err(OAuthError::invalid_grant());
        }
    }
    let session = st
        .store
        .session_by_jti(&c.origin_jti)?
        .filter(|s| !s.revoked)
        .ok_or_else(OAuthError::invalid_grant)?;
    let user = st
        .store
        .get_user(&c.pool_id, &session.username)?
        .filter(|u| u.enabled)
        .ok_or_else(OAuthError::invalid_grant)?;
    st.store
        .write(|db| db.set_oauth_scope(&c.origin_jti, &c.scope))?;
    let grant = Grant {
        scope: &c.scope,
        nonce: c.nonce.as_deref(),
    };
    let result = tokens::granted(st, pool, client, &user, &session, &grant)?;
    let mut body = json!({
        "access_token": result.access_token.as_ref().map(|t| t.expose()),
        "refresh_token": c.refresh_token.expose(),
        "expires_in": result.expires_in,
        "token_type": "Bearer",
    });
    if c.scope.split(' ').any(|s| s == "openid") {
        body["id_token"] = json!(result.id_token.as_ref().map(|t| t.expose()));
    }
    Ok(body)
}

/// RFC 7636: the verifier is 43 to 128 unreserved characters, and its base64url SHA-256 is the
/// challenge.
fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    let computed = B64URL.encode(Sha256::digest(verifier.as_bytes()));
    well_formed && bool::from(computed.as_bytes().ct_eq(challenge.as_bytes()))
}

fn by_refresh(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    f: &TokenForm,
) -> Result<Value, OAuthError> {
    let token = f
        .refresh_token
        .as_deref()
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is required"))?;
    let session = st
        .store
        .session_by_refresh(&refresh_hash(token))?
        .filter(|s| Some(s.client_id.as_str()) == client.client_id.as_deref())
        .filter(|s| !s.revoked && s.expires_at > st.clock.now())
        .ok_or_else(OAuthError::invalid_grant)?;
    let user = st
        .store
        .get_user(&session.pool_id, &session.username)?
        .filter(|u| u.enabled)
        .ok_or_else(OAuthError::invalid_grant)?;
    let scope = tokens::session_scope(&session);
    let result = tokens::refreshed(st, pool, client, &user, &session, None)?;
    let mut body = json!({
        "access_token": result.access_token.as_ref().map(|t| t.expose()),
        "expires_in": result.expires_in,
        "token_type": "Bearer",
    });
    if scope.split(' ').any(|s| s == "openid" || s == ADMIN_SCOPE) {
        body["id_token"] = json!(result.id_token.as_ref().map(|t| t.expose()));
    }
    Ok(body)
}

fn client_credentials(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    f: &TokenForm,
) -> Result<Value, OAuthError> {
    let flows = client
        .oauth
        .allowed_oauth_flows
        .as_deref()
        .unwrap_or_default();
    if client.client_secret.is_none()
        || client.oauth.allowed_oauth_flows_user_pool_client != Some(true)
        || !flows.iter().any(|x| x == "client_credentials")
    {
        return Err(OAuthError::new("unauthorized_client"));
    }
    let allowed = client
        .oauth
        .allowed_oauth_scopes
        .clone()
        .unwrap_or_default();
    let scope = match f.scope.as_deref().map(str::trim) {
        None | Some("") => allowed.join(" "),
        Some(s) => {
            let asked: Vec<&str> = s.split_whitespace().collect();
            if asked.iter().any(|a| !allowed.iter().any(|x| x == a)) {
                return Err(OAuthError::new("invalid_scope"));
            }
            asked.join(" ")
        }
    };
    let pool_id = pool.config.id.clone().unwrap_or_default();
    let client_id = client.client_id.clone().unwrap_or_default();
    let now = st.clock.now();
    let ttl = lifetimes(client).access;
    let claims = json!({
        "sub": client_id,
        "token_use": "access",
        "scope": scope,
        "auth_time": now,
        "iss": st.issuer(&pool_id),
        "exp": now + ttl,
        "iat": now,
        "version": 2,
        "jti": uuid::Uuid::new_v4().to_string(),
        "client_id": client_id,
    });
    let access = st.keys(&pool_id)?.sign(&claims)?;
    Ok(json!({"access_token": access, "expires_in": ttl, "token_type": "Bearer"}))
}

/// Ends the sessions of codes that will never be exchanged (refused, or evicted).
pub fn end_sessions(st: &State, codes: &[AuthCode]) {
    for c in codes {
        if let Err(e) = st.store.write(|db| db.revoke_session(&c.origin_jti)) {
            tracing::warn!(kind = e.kind, "cannot end the session of a spent code");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pkce_matches;

    #[test]
    fn the_rfc_7636_example_verifier_matches_its_challenge() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge));
        assert!(!pkce_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX",
            challenge
        ));
        assert!(!pkce_matches("short", challenge));
    }
}
