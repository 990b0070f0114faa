//! GET or POST /oauth2/userInfo: the signed-in user's attributes for a Bearer access token
//! that carries the `openid` scope, as Cognito answers (values as strings, plus `username`).

use super::token_errors::OAuthError;
use crate::local::ops::tokens::verified_access;
use crate::local::state::State;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use std::sync::Arc;

fn invalid_token(why: &str) -> OAuthError {
    OAuthError {
        status: StatusCode::UNAUTHORIZED,
        ..OAuthError::described("invalid_token", why)
    }
}

pub async fn userinfo(AxState(st): AxState<Arc<State>>, headers: HeaderMap) -> Response {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .map(str::to_owned);
    let Some(token) = token else {
        return invalid_token("Access token is missing").into_response();
    };
    let out = st
        .run(move |st| {
            let (user, _, _, claims) =
                verified_access(st, &token).map_err(|e| invalid_token(&e.message))?;
            let scopes = claims["scope"].as_str().unwrap_or_default();
            if !scopes.split(' ').any(|s| s == "openid") {
                return Err(OAuthError {
                    status: StatusCode::FORBIDDEN,
                    ..OAuthError::described("insufficient_scope", "the openid scope is required")
                });
            }
            let mut body = Map::new();
            body.insert("sub".into(), Value::String(user.sub.clone()));
            for (k, v) in &user.attributes {
                body.insert(k.clone(), Value::String(v.clone()));
            }
            body.insert("username".into(), Value::String(user.username.clone()));
            Ok(Value::Object(body))
        })
        .await;
    match out {
        Ok(Ok(body)) => axum::Json(body).into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(_) => OAuthError::new("server_error").into_response(),
    }
}
