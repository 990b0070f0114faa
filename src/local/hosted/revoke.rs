//! POST /oauth2/revoke: ends the session of a refresh token (its access and ID tokens stop
//! working). An unknown token is answered 200, as RFC 7009 asks; another client's is refused.

use super::client_auth::authenticate;
use super::token_errors::OAuthError;
use crate::local::ops::tokens::refresh_hash;
use crate::local::state::State;
use axum::extract::{Form, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct RevokeForm {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub async fn revoke(
    AxState(st): AxState<Arc<State>>,
    headers: HeaderMap,
    form: Result<Form<RevokeForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(f)) = form else {
        return OAuthError::invalid_request("send token and client_id as a form").into_response();
    };
    let out = st
        .run(move |st| -> Result<(), OAuthError> {
            let (client, _) = authenticate(
                st,
                &headers,
                f.client_id.as_deref(),
                f.client_secret.as_deref(),
            )?;
            let token = f
                .token
                .as_deref()
                .ok_or_else(|| OAuthError::invalid_request("token is required"))?;
            let Some(session) = st.store.session_by_refresh(&refresh_hash(token))? else {
                return Ok(());
            };
            if Some(session.client_id.as_str()) != client.client_id.as_deref() {
                return Err(OAuthError::new("unauthorized_client"));
            }
            if client.enable_token_revocation == Some(false) {
                return Err(OAuthError::new("unsupported_token_type"));
            }
            st.store
                .write(|db| db.revoke_session(&session.origin_jti))?;
            Ok(())
        })
        .await;
    match out {
        Ok(Ok(())) => StatusCode::OK.into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(_) => OAuthError::new("server_error").into_response(),
    }
}
