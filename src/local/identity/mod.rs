//! Identity pools in the local pool: the control plane (SigV4, service `cognito-identity`),
//! GetId / GetCredentialsForIdentity / GetOpenIdToken (unsigned, checking the ID token in
//! `Logins`), and a local STS: `GetCallerIdentity` answers who issued credentials belong to,
//! `AssumeRoleWithWebIdentity` finishes the basic flow.

mod credentials;
mod identities;
mod logins;
mod pools;
mod roles;
mod sts;
mod web_identity;

use super::error::{ApiError, ApiResult};
use super::sigv4;
use super::state::State;
use axum::body::Bytes;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The identity-pool API's target prefix.
const TARGET: &str = "AWSCognitoIdentityService";
/// The control plane's SigV4 service name.
const SERVICE: &str = "cognito-identity";

/// Control-plane operations: SigV4 with the local admin key.
const SIGNED: &[&str] = &[
    "CreateIdentityPool",
    "DescribeIdentityPool",
    "SetIdentityPoolRoles",
    "GetIdentityPoolRoles",
    "DeleteIdentities",
];

/// Answers identity-pool calls (`X-Amz-Target: AWSCognitoIdentityService.*`) and STS Query
/// calls (a form POST with no target); `None` for anything else.
pub async fn route(st: &Arc<State>, parts: &Parts, target: &str, body: Bytes) -> Option<Response> {
    if target.is_empty() && sts::is_query(&parts.headers) {
        let parts = parts.clone();
        let answer = st.run(move |st| sts::answer(st, &parts, &body)).await;
        return Some(answer.unwrap_or_else(|_| {
            ApiError::internal("the local pool hit a bug; see its log").into_response()
        }));
    }
    let op = target.strip_prefix(TARGET)?.strip_prefix('.')?.to_owned();
    if SIGNED.contains(&op.as_str()) {
        let request = (&parts.method, &parts.uri, &parts.headers);
        if let Err(e) = sigv4::verify_admin(st, SERVICE, request.0, request.1, request.2, &body) {
            return Some(e.into_response());
        }
    }
    let result = st.run(move |st| dispatch(st, &op, &body)).await;
    Some(match result {
        Ok(Ok(text)) => {
            let mut resp = (StatusCode::OK, Bytes::from(text)).into_response();
            resp.headers_mut().insert(
                "content-type",
                HeaderValue::from_static("application/x-amz-json-1.1"),
            );
            resp
        }
        Ok(Err(e)) => e.into_response(),
        Err(_) => ApiError::internal("the local pool hit a bug; see its log").into_response(),
    })
}

fn dispatch(st: &State, op: &str, body: &[u8]) -> ApiResult<String> {
    use super::ops::run;
    match op {
        "CreateIdentityPool" => run(st, body, pools::create_identity_pool),
        "DescribeIdentityPool" => run(st, body, pools::describe_identity_pool),
        "SetIdentityPoolRoles" => run(st, body, pools::set_identity_pool_roles),
        "GetIdentityPoolRoles" => run(st, body, pools::get_identity_pool_roles),
        "DeleteIdentities" => run(st, body, identities::delete_identities),
        "GetId" => run(st, body, identities::get_id),
        "GetCredentialsForIdentity" => run(st, body, credentials::get_credentials_for_identity),
        "GetOpenIdToken" => run(st, body, identities::get_open_id_token),
        // The name is not quoted: it is whatever the caller sent.
        _ => Err(ApiError::new(
            "UnknownOperationException",
            "The identity-pool operation is not supported by the cogtui local pool; \
             docs/local-pool.md lists what is",
        )),
    }
}
