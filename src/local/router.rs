//! HTTP routes: the JSON 1.1 API at `POST /`, the JWKS and OpenID configuration of each pool,
//! and the `/_local/*` helpers (outbox, clock) for tests.

use super::error::ApiError;
use super::ops;
use super::state::State;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State as AxState};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;

/// Bodies over this size are refused before they are parsed.
pub const MAX_BODY: usize = 1 << 20;

type St = AxState<Arc<State>>;

pub fn router(st: Arc<State>) -> Router {
    Router::new()
        .route("/", post(api))
        .route("/_local/outbox", get(outbox))
        .route("/_local/clock", post(clock))
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .route("/{pool_id}/.well-known/openid-configuration", get(openid))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("the local pool hit a bug; see its log").into_response()
        }))
        .with_state(st)
}

async fn api(AxState(st): St, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return ApiError::new(
            "SerializationException",
            "The request body is larger than 1 MiB.",
        )
        .with_status(StatusCode::PAYLOAD_TOO_LARGE)
        .into_response();
    };
    let target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let op = match target.split_once('.') {
        Some(("AWSCognitoIdentityProviderService", op)) => op.to_owned(),
        _ => {
            return ApiError::new(
                "UnknownOperationException",
                format!(
                    "Unknown X-Amz-Target '{target}': expected \
                     AWSCognitoIdentityProviderService.<Operation>"
                ),
            )
            .into_response();
        }
    };
    if ops::needs_sigv4(&op)
        && let Err(e) = super::sigv4::verify(&st, &parts.method, &parts.uri, &parts.headers, &bytes)
    {
        return e.into_response();
    }
    let result = tokio::task::spawn_blocking(move || ops::dispatch(&st, &op, &bytes)).await;
    match result {
        Ok(Ok(body)) => json_response(StatusCode::OK, body),
        Ok(Err(e)) => e.into_response(),
        Err(_) => ApiError::internal("the local pool hit a bug; see its log").into_response(),
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, Bytes::from(body)).into_response();
    resp.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    resp
}

async fn outbox(AxState(st): St) -> Response {
    match st.store.outbox_list() {
        Ok(entries) => {
            let list: Vec<_> = entries
                .into_iter()
                .map(|e| {
                    json!({
                        "destination": e.destination,
                        "username": e.username,
                        "purpose": e.purpose,
                        "code": e.code,
                        "sent_at": e.sent_at,
                    })
                })
                .collect();
            axum::Json(list).into_response()
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct ClockBody {
    advance_seconds: i64,
}

async fn clock(AxState(st): St, body: Bytes) -> Response {
    match serde_json::from_slice::<ClockBody>(&body) {
        Ok(b) => axum::Json(json!({"offset_seconds": st.clock.advance(b.advance_seconds)}))
            .into_response(),
        Err(_) => ApiError::invalid_parameter(
            "Send {\"advance_seconds\": N} to move the local pool's clock.",
        )
        .into_response(),
    }
}

async fn jwks(AxState(st): St, Path(pool_id): Path<String>) -> Response {
    match st.keys(&pool_id) {
        Ok(keys) => axum::Json(json!({"keys": [keys.jwk()]})).into_response(),
        Err(e) => e.with_status(StatusCode::NOT_FOUND).into_response(),
    }
}

async fn openid(AxState(st): St, Path(pool_id): Path<String>) -> Response {
    if let Err(e) = st.pool(&pool_id) {
        return e.with_status(StatusCode::NOT_FOUND).into_response();
    }
    let issuer = st.issuer(&pool_id);
    axum::Json(json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "id_token_signing_alg_values_supported": ["RS256"],
        "subject_types_supported": ["public"],
        "response_types_supported": ["code"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["sub", "email", "email_verified", "cognito:username"],
    }))
    .into_response()
}
