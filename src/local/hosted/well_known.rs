//! GET /{pool_id}/.well-known/openid-configuration: the pool's issuer, its keys and the Hosted
//! UI endpoints (which sit at the endpoint's root for every pool).

use crate::local::ops::oauth_settings::STANDARD_SCOPES;
use crate::local::state::State;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

pub async fn openid_configuration(
    AxState(st): AxState<Arc<State>>,
    Path(pool_id): Path<String>,
) -> Response {
    if let Err(e) = st.pool(&pool_id) {
        return e.with_status(StatusCode::NOT_FOUND).into_response();
    }
    let issuer = st.issuer(&pool_id);
    let base = &st.endpoint;
    axum::Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{base}/oauth2/authorize"),
        "token_endpoint": format!("{base}/oauth2/token"),
        "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
        "revocation_endpoint": format!("{base}/oauth2/revoke"),
        "end_session_endpoint": format!("{base}/logout"),
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "id_token_signing_alg_values_supported": ["RS256"],
        "subject_types_supported": ["public"],
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": STANDARD_SCOPES,
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["sub", "email", "email_verified", "cognito:username", "nonce"],
    }))
    .into_response()
}
