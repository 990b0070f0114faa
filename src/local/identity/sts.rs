//! A local `sts:GetCallerIdentity` over STS's Query protocol (a form POST, an XML answer), with
//! the SigV4 signature checked against the credentials the pool issued (or the admin key), so a
//! test can prove exported credentials really sign; `AssumeRoleWithWebIdentity` is routed to
//! `web_identity`.

use super::credentials::token_hash;
use crate::local::error::ApiError;
use crate::local::sigv4::{self, Signed};
use crate::local::state::State;
use crate::local::store::IssuedCredentials;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub(super) const XMLNS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";
/// The account the local admin key belongs to.
const LOCAL_ACCOUNT: &str = "000000000000";

/// A form POST without `X-Amz-Target`: how the AWS CLI and the SDKs call STS.
pub fn is_query(headers: &HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

pub(super) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// An STS error: `<ErrorResponse>` with the code STS uses for it.
pub(super) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = format!(
        "<ErrorResponse xmlns=\"{XMLNS}\">\n  <Error>\n    <Type>Sender</Type>\n    \
         <Code>{code}</Code>\n    <Message>{}</Message>\n  </Error>\n  \
         <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        xml_escape(message),
        uuid::Uuid::new_v4()
    );
    xml(status, body)
}

pub(super) fn xml(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut()
        .insert("content-type", HeaderValue::from_static("text/xml"));
    resp
}

/// The pool's SigV4 refusals in STS's words.
fn sts_error(e: &ApiError) -> Response {
    let (status, code) = match e.kind {
        "MissingAuthenticationTokenException" => {
            (StatusCode::FORBIDDEN, "MissingAuthenticationToken")
        }
        "IncompleteSignatureException" => (StatusCode::BAD_REQUEST, "IncompleteSignature"),
        "InvalidSignatureException" => (StatusCode::FORBIDDEN, "SignatureDoesNotMatch"),
        "ExpiredTokenException" => (StatusCode::BAD_REQUEST, "ExpiredToken"),
        "UnrecognizedClientException" => (StatusCode::FORBIDDEN, "InvalidClientTokenId"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "InternalFailure"),
    };
    error(status, code, &e.message)
}

enum Caller {
    Admin,
    Issued(IssuedCredentials),
}

pub fn answer(st: &State, parts: &Parts, body: &[u8]) -> Response {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    match (get("Action"), get("Version")) {
        (Some("GetCallerIdentity"), Some("2011-06-15")) => {}
        // Unsigned, as STS takes it: the OpenID token is the proof.
        (Some("AssumeRoleWithWebIdentity"), Some("2011-06-15")) => {
            return super::web_identity::answer(st, &|k| get(k).map(str::to_owned));
        }
        // Neither value is quoted: they are whatever the caller sent.
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "InvalidAction",
                "The cogtui local pool answers only Action=GetCallerIdentity and \
                 Action=AssumeRoleWithWebIdentity, Version=2011-06-15.",
            );
        }
    }
    let caller = std::cell::RefCell::new(None);
    let token = parts
        .headers
        .get("x-amz-security-token")
        .and_then(|v| v.to_str().ok());
    let secret_for = |key: &str, has_token: bool| -> Result<String, ApiError> {
        let seed = st.seed_info();
        if key == seed.admin_access_key_id && !has_token {
            *caller.borrow_mut() = Some(Caller::Admin);
            return Ok(seed.admin_secret_access_key.clone());
        }
        let unknown = || {
            ApiError::new(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            )
        };
        let issued = st
            .store
            .read(|db| db.credentials(key))?
            .ok_or_else(unknown)?;
        let given = token.map(token_hash).unwrap_or_default();
        if !bool::from(given.as_bytes().ct_eq(issued.session_token_hash.as_bytes())) {
            return Err(unknown());
        }
        if issued.expires_at <= st.clock.now() {
            return Err(ApiError::new(
                "ExpiredTokenException",
                "The security token included in the request is expired",
            ));
        }
        let secret = issued.secret_key.clone();
        *caller.borrow_mut() = Some(Caller::Issued(issued));
        Ok(secret)
    };
    let request = Signed {
        method: &parts.method,
        uri: &parts.uri,
        headers: &parts.headers,
        body,
    };
    if let Err(e) = sigv4::verify_with("sts", None, &request, &secret_for) {
        return sts_error(&e);
    }
    let (arn, user_id, account) = match caller.into_inner() {
        Some(Caller::Issued(c)) => assumed_role(&c),
        _ => (
            format!("arn:aws:iam::{LOCAL_ACCOUNT}:user/cogtui-local-admin"),
            "AIDALOCALADMIN".to_owned(),
            LOCAL_ACCOUNT.to_owned(),
        ),
    };
    xml(
        StatusCode::OK,
        format!(
            "<GetCallerIdentityResponse xmlns=\"{XMLNS}\">\n  <GetCallerIdentityResult>\n    \
             <Arn>{}</Arn>\n    <UserId>{}</UserId>\n    <Account>{}</Account>\n  \
             </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  \
             </ResponseMetadata>\n</GetCallerIdentityResponse>\n",
            xml_escape(&arn),
            xml_escape(&user_id),
            xml_escape(&account),
            uuid::Uuid::new_v4()
        ),
    )
}

/// `arn:aws:sts::<account>:assumed-role/<role>/CognitoIdentityCredentials`, the role's id
/// (`AROA…`, derived from its ARN) with the session name, and the account.
fn assumed_role(c: &IssuedCredentials) -> (String, String, String) {
    let rest = c.role_arn.strip_prefix("arn:aws:iam::").unwrap_or_default();
    let (account, role) = rest
        .split_once(':')
        .unwrap_or((LOCAL_ACCOUNT, "role/unknown"));
    let name = role.rsplit('/').next().unwrap_or(role);
    let digest = hex::encode_upper(Sha256::digest(c.role_arn.as_bytes()));
    let role_id = format!("AROA{}", &digest[..17]);
    (
        format!("arn:aws:sts::{account}:assumed-role/{name}/CognitoIdentityCredentials"),
        format!("{role_id}:CognitoIdentityCredentials"),
        account.to_owned(),
    )
}
