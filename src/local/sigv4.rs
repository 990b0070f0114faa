//! SigV4 checks for the control-plane operations: the request is signed again with the local
//! admin key by `aws-sigv4`, and the two signatures are compared in constant time.

use super::error::{ApiError, ApiResult};
use super::state::State;
use crate::calendar;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use axum::http::{HeaderMap, Method, Uri};
use std::time::{Duration, UNIX_EPOCH};
use subtle::ConstantTimeEq;

/// How far a request's X-Amz-Date may be from the server clock, as AWS allows.
const MAX_SKEW: i64 = 15 * 60;
const SERVICE: &str = "cognito-idp";

struct Authorization<'a> {
    access_key: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn incomplete(what: &str) -> ApiError {
    ApiError::new(
        "IncompleteSignatureException",
        format!("Authorization header requires '{what}' parameter."),
    )
}

fn parse_authorization(value: &str) -> ApiResult<Authorization<'_>> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or_else(|| {
        ApiError::new(
            "IncompleteSignatureException",
            "Only AWS4-HMAC-SHA256 signatures are supported.",
        )
    })?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let credential = credential.ok_or_else(|| incomplete("Credential"))?;
    let signed = signed.ok_or_else(|| incomplete("SignedHeaders"))?;
    let signature = signature.ok_or_else(|| incomplete("Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, "aws4_request"] = scope.as_slice() else {
        return Err(ApiError::new(
            "IncompleteSignatureException",
            "Credential must be AKID/date/region/service/aws4_request.",
        ));
    };
    Ok(Authorization {
        access_key,
        date,
        region,
        service,
        signed_headers: signed.split(';').collect(),
        signature,
    })
}

/// `20261126T143000Z` as Unix seconds.
fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(calendar::days_from_civil(y, m as u32, d as u32) * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Accepts the request only if it is signed with the local admin key for this region.
pub fn verify(
    st: &State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<()> {
    verify_admin(st, SERVICE, method, uri, headers, body)
}

/// [`verify`] for another service's control plane (`cognito-identity`).
pub fn verify_admin(
    st: &State,
    service: &str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<()> {
    let seed = st.seed_info();
    let secret_for = |key: &str, has_token: bool| {
        if key != seed.admin_access_key_id {
            return Err(ApiError::new(
                "UnrecognizedClientException",
                "The security token included in the request is invalid: sign with the local \
                 admin key printed by `cogtui local serve`.",
            ));
        }
        if has_token {
            return Err(ApiError::new(
                "UnrecognizedClientException",
                "The security token included in the request is invalid: the local admin key \
                 has no session token.",
            ));
        }
        Ok(seed.admin_secret_access_key.clone())
    };
    let request = Signed {
        method,
        uri,
        headers,
        body,
    };
    verify_with(service, Some(&st.region), &request, &secret_for).map(|_| ())
}

/// A request whose signature is to be checked.
pub struct Signed<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// Checks a SigV4 signature for `service` (and `region`, when given) with the secret key
/// `secret_for(access key id, has a session token)` returns. Returns the access key id.
pub fn verify_with(
    service: &str,
    region: Option<&str>,
    request: &Signed<'_>,
    secret_for: &dyn Fn(&str, bool) -> ApiResult<String>,
) -> ApiResult<String> {
    let Signed {
        method,
        uri,
        headers,
        body,
    } = *request;
    let Some(auth) = headers.get("authorization") else {
        return Err(ApiError::new(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token: this operation needs SigV4 with the local admin key \
             printed by `cogtui local serve`.",
        ));
    };
    let auth = auth
        .to_str()
        .map_err(|_| incomplete("Credential"))
        .and_then(parse_authorization)?;
    let secret = secret_for(
        auth.access_key,
        headers.contains_key("x-amz-security-token"),
    )?;
    if auth.service != service || region.is_some_and(|r| auth.region != r) {
        return Err(ApiError::new(
            "InvalidSignatureException",
            format!(
                "Credential should be scoped to region '{}' and service '{service}'.",
                region.unwrap_or(auth.region)
            ),
        ));
    }
    let amz_date = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::new(
                "IncompleteSignatureException",
                "The request must contain an X-Amz-Date header.",
            )
        })?;
    let when = parse_amz_date(amz_date)
        .filter(|_| amz_date.starts_with(auth.date))
        .ok_or_else(|| {
            ApiError::new(
                "InvalidSignatureException",
                "X-Amz-Date must be yyyyMMddTHHmmssZ and match the credential scope date.",
            )
        })?;
    let now = super::clock::system_now();
    if (now - when).abs() > MAX_SKEW {
        return Err(ApiError::new(
            "InvalidSignatureException",
            "Signature expired: the request time is more than 15 minutes from the server time.",
        ));
    }
    let key = Key {
        access_key: auth.access_key,
        secret: &secret,
        region: auth.region,
        service,
    };
    let expected = resign(&key, &auth, method, uri, headers, body, when)?;
    if bool::from(expected.as_bytes().ct_eq(auth.signature.as_bytes())) {
        Ok(auth.access_key.to_owned())
    } else {
        Err(ApiError::new(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method.",
        ))
    }
}

/// The key and scope a signature is recomputed with.
struct Key<'a> {
    access_key: &'a str,
    secret: &'a str,
    region: &'a str,
    service: &'a str,
}

fn resign(
    key: &Key<'_>,
    auth: &Authorization<'_>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    when: i64,
) -> ApiResult<String> {
    let sig_err = |e: &dyn std::fmt::Display| {
        ApiError::new(
            "InvalidSignatureException",
            format!("cannot check the signature: {e}"),
        )
    };
    // The session token, if any, is checked by the caller; here it is one more signed header.
    let identity: Identity =
        Credentials::new(key.access_key, key.secret, None, None, "cogtui-local").into();
    let mut settings = SigningSettings::default();
    settings.excluded_headers = Some(Vec::new());
    let mut signed: Vec<(&str, &str)> = Vec::new();
    for name in &auth.signed_headers {
        match *name {
            "x-amz-date" => {}
            "x-amz-content-sha256" => {
                settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256
            }
            _ => {
                for v in headers.get_all(*name) {
                    signed.push((name, v.to_str().map_err(|e| sig_err(&e))?));
                }
            }
        }
    }
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let full_uri = format!("http://{host}{path}");
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(key.region)
        .name(key.service)
        .time(UNIX_EPOCH + Duration::from_secs(when.max(0) as u64))
        .settings(settings)
        .build()
        .map_err(|e| sig_err(&e))?
        .into();
    let request = SignableRequest::new(
        method.as_str(),
        full_uri,
        signed.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| sig_err(&e))?;
    let (_, signature) = sign(request, &params)
        .map_err(|e| sig_err(&e))?
        .into_parts();
    Ok(signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_date_parses_strictly() {
        assert_eq!(parse_amz_date("19700101T000001Z"), Some(1));
        assert!(parse_amz_date("19701301T000001Z").is_none());
        assert!(parse_amz_date("1970-01-01T00:00:01Z").is_none());
        assert!(parse_amz_date("").is_none());
    }

    #[test]
    fn authorization_header_parses() {
        let a = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date, Signature=abcd",
        )
        .unwrap();
        assert_eq!(a.access_key, "AKID");
        assert_eq!(a.signed_headers, ["content-type", "host", "x-amz-date"]);
        assert_eq!(a.signature, "abcd");
        assert!(parse_authorization("Bearer x").is_err());
        assert!(parse_authorization("AWS4-HMAC-SHA256 Credential=A/B").is_err());
    }
}
