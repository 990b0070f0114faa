//! The OAuth error answers of the token, revoke and userInfo endpoints, worded as Cognito's:
//! `{"error": "invalid_grant"}` with a 400 (401 for a bad client or token).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An OAuth error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: Option<String>,
}

impl OAuthError {
    pub fn new(error: &'static str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            error,
            description: None,
        }
    }

    pub fn described(error: &'static str, why: impl Into<String>) -> Self {
        Self {
            description: Some(why.into()),
            ..Self::new(error)
        }
    }

    pub fn invalid_grant() -> Self {
        Self::new("invalid_grant")
    }

    pub fn invalid_client() -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            ..Self::new("invalid_client")
        }
    }

    pub fn invalid_request(why: impl Into<String>) -> Self {
        Self::described("invalid_request", why)
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = match &self.description {
            Some(d) => json!({"error": self.error, "error_description": d}),
            None => json!({"error": self.error}),
        };
        let mut resp = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            let value = format!("Bearer error=\"{}\"", self.error);
            if let Ok(v) = HeaderValue::from_str(&value) {
                resp.headers_mut().insert("www-authenticate", v);
            }
        }
        resp.headers_mut()
            .insert("cache-control", HeaderValue::from_static("no-store"));
        resp
    }
}

impl From<crate::local::error::ApiError> for OAuthError {
    fn from(e: crate::local::error::ApiError) -> Self {
        tracing::warn!(kind = e.kind, "Hosted UI endpoint failed on a store error");
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            ..Self::new("server_error")
        }
    }
}
