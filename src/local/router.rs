//! HTTP routes: the JSON 1.1 API at `POST /`, the JWKS of each pool, the Hosted UI
//! (`local::hosted`, with each pool's OpenID configuration) and the `/_local/*` helpers
//! (outbox, clock) for tests.

use super::error::ApiError;
use super::ops;
use super::state::State;
use super::store::OUTBOX_PAGE_MAX;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State as AxState};
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
        .merge(super::hosted::routes())
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("the local pool hit a bug; see its log").into_response()
        }))
        .with_state(st)
}

fn too_large() -> Response {
    let mut resp = ApiError::new(
        "SerializationException",
        "The request body is larger than 1 MiB.",
    )
    .with_status(StatusCode::PAYLOAD_TOO_LARGE)
    .into_response();
    // The rest of the body is not read: the connection ends with this answer.
    resp.headers_mut()
        .insert("connection", HeaderValue::from_static("close"));
    resp
}

/// AWS JSON 1.1 (or 1.0, which some SDKs send), with or without parameters.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get("content-type").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media = value.split(';').next().unwrap_or_default().trim();
    media.eq_ignore_ascii_case("application/x-amz-json-1.1")
        || media.eq_ignore_ascii_case("application/x-amz-json-1.0")
}

async fn api(AxState(st): St, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    // An announced size over the limit is refused before a byte of the body is read.
    let announced = parts
        .headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_BODY as u64) {
        return too_large();
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return too_large();
    };
    let target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if let Some(resp) = super::identity::route(&st, &parts, &target, bytes.clone()).await {
        return resp;
    }
    let op = match target.split_once('.') {
        Some(("AWSCognitoIdentityProviderService", op)) => op.to_owned(),
        _ => {
            // The target is not quoted: it is whatever the caller sent.
            return ApiError::new(
                "UnknownOperationException",
                "Unknown X-Amz-Target: expected AWSCognitoIdentityProviderService.<Operation>",
            )
            .into_response();
        }
    };
    if ops::needs_sigv4(&op)
        && let Err(e) = super::sigv4::verify(&st, &parts.method, &parts.uri, &parts.headers, &bytes)
    {
        return e.into_response();
    }
    if !json_content_type(&parts.headers) {
        return ApiError::new(
            "SerializationException",
            "Content-Type must be application/x-amz-json-1.1.",
        )
        .into_response();
    }
    let ip = caller_ip(&parts.headers);
    let result = st
        .run(move |st| ops::devices::with_caller_ip(Some(ip), || ops::dispatch(st, &op, &bytes)))
        .await;
    match result {
        Ok(Ok(body)) => json_response(StatusCode::OK, body),
        Ok(Err(e)) => e.into_response(),
        Err(_) => ApiError::internal("the local pool hit a bug; see its log").into_response(),
    }
}

/// Where a request came from, for a device's `last_ip_used`: the first X-Forwarded-For hop when
/// a proxy sent one, else the loopback address the pool listens on.
fn caller_ip(headers: &axum::http::HeaderMap) -> String {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(str::trim)
        .and_then(|v| v.parse::<std::net::IpAddr>().ok())
        .map_or_else(|| "127.0.0.1".to_owned(), |ip| ip.to_string())
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut resp = (status, Bytes::from(body)).into_response();
    resp.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    resp
}

/// `GET /_local/outbox[?after=ID][&username=NAME][&limit=N]`.
#[derive(Deserialize)]
struct OutboxQuery {
    after: Option<i64>,
    username: Option<String>,
    limit: Option<usize>,
}

/// The outbox, oldest first, each entry with its `id`. Without `after`: the newest page (so
/// "the last entry for this user" is the newest code); with it, the entries after that id.
async fn outbox(
    AxState(st): St,
    query: Result<Query<OutboxQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        return ApiError::invalid_parameter(
            "Outbox parameters: after (an entry id), username, limit (1 to 1000).",
        )
        .into_response();
    };
    let limit = q.limit.unwrap_or(OUTBOX_PAGE_MAX);
    match st
        .store
        .read(|db| db.outbox_page(q.after, q.username.as_deref(), limit))
    {
        Ok(entries) => {
            let list: Vec<_> = entries
                .into_iter()
                .map(|(id, e)| {
                    json!({
                        "id": id,
                        "destination": e.destination,
                        "username": e.username,
                        "purpose": e.purpose,
                        "code": e.code,
                        "sent_at": e.sent_at,
                        "subject": e.subject,
                        "message": e.message,
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
