//! A local `sts:AssumeRoleWithWebIdentity` for the basic flow: checks an OpenID token the
//! identity pools issued (signature, issuer, expiry, an identity of a pool that allows the
//! basic flow) and issues credentials for the role asked, if it is that identity's pool role.

use super::credentials::{secret_key, temporary_key_id, token_hash};
use super::identities::{OPENID_ISSUER, openid_keys};
use super::pools;
use super::sts::{XMLNS, error, xml, xml_escape};
use crate::local::jwt::random_token;
use crate::local::state::State;
use crate::local::store::IssuedCredentials;
use axum::http::StatusCode;
use axum::response::Response;
use sha2::{Digest, Sha256};

/// STS's default and limits for DurationSeconds.
const DEFAULT_DURATION: i64 = 3600;
const DURATIONS: std::ops::RangeInclusive<i64> = 900..=43_200;

fn denied() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithWebIdentity",
    )
}

fn invalid(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "ValidationError", message)
}

fn session_name_ok(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
}

pub fn answer(st: &State, get: &dyn Fn(&str) -> Option<String>) -> Response {
    let (Some(role_arn), Some(session), Some(token)) = (
        get("RoleArn"),
        get("RoleSessionName"),
        get("WebIdentityToken"),
    ) else {
        return invalid("RoleArn, RoleSessionName and WebIdentityToken are required.");
    };
    if !session_name_ok(&session) {
        return invalid("RoleSessionName must be 2 to 64 of the characters [\\w+=,.@-].");
    }
    let duration = match get("DurationSeconds").map(|d| d.parse::<i64>()) {
        None => DEFAULT_DURATION,
        Some(Ok(d)) if DURATIONS.contains(&d) => d,
        Some(_) => return invalid("DurationSeconds must be a number from 900 to 43200."),
    };
    let Ok(keys) = openid_keys(st) else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalFailure",
            "The local pool could not load its OpenID key; see its log.",
        );
    };
    let Some(claims) = keys.verify(&token, OPENID_ISSUER) else {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidIdentityToken",
            "Couldn't verify signed token.",
        );
    };
    let now = st.clock.now();
    let exp = claims["exp"].as_i64().unwrap_or(0);
    if exp <= now {
        return error(
            StatusCode::BAD_REQUEST,
            "ExpiredTokenException",
            "Token expired: the OpenID token from GetOpenIdToken lasts ten minutes.",
        );
    }
    let (Some(sub), Some(aud)) = (claims["sub"].as_str(), claims["aud"].as_str()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidIdentityToken",
            "The token has no sub or aud.",
        );
    };
    // The role's trust policy, as the local pool plays it: the identity must still exist in
    // the audience pool, the pool must allow the basic flow, and the role must be the pool's
    // role for the token's kind of identity.
    let Ok(pool) = pools::load(st, aud) else {
        return denied();
    };
    let identity = st.store.read(|db| db.identity(sub)).ok().flatten();
    if identity.as_ref().is_none_or(|i| i.pool_id != aud) || pool.allow_classic_flow != Some(true) {
        return denied();
    }
    let authenticated = claims["amr"]
        .as_array()
        .is_some_and(|a| a.iter().any(|v| v == "authenticated"));
    let kind = if authenticated {
        "authenticated"
    } else {
        "unauthenticated"
    };
    if pool.roles.get(kind) != Some(&role_arn) {
        return denied();
    }
    let session_token = random_token(480);
    let issued = IssuedCredentials {
        access_key_id: temporary_key_id(),
        secret_key: secret_key(),
        session_token_hash: token_hash(&session_token),
        identity_id: sub.to_owned(),
        role_arn: role_arn.clone(),
        expires_at: now + duration,
    };
    if st
        .store
        .read(|db| db.insert_credentials(&issued, now))
        .is_err()
    {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalFailure",
            "The local pool could not keep the credentials; see its log.",
        );
    }
    let rest = role_arn.strip_prefix("arn:aws:iam::").unwrap_or_default();
    let (account, role) = rest.split_once(':').unwrap_or(("000000000000", "role/x"));
    let name = role.rsplit('/').next().unwrap_or(role);
    let digest = hex::encode_upper(Sha256::digest(role_arn.as_bytes()));
    let e = xml_escape;
    xml(
        StatusCode::OK,
        format!(
            "<AssumeRoleWithWebIdentityResponse xmlns=\"{XMLNS}\">\n  \
             <AssumeRoleWithWebIdentityResult>\n    \
             <SubjectFromWebIdentityToken>{}</SubjectFromWebIdentityToken>\n    \
             <Audience>{}</Audience>\n    <AssumedRoleUser>\n      \
             <Arn>arn:aws:sts::{}:assumed-role/{}/{}</Arn>\n      \
             <AssumedRoleId>AROA{}:{}</AssumedRoleId>\n    </AssumedRoleUser>\n    \
             <Credentials>\n      <SessionToken>{}</SessionToken>\n      \
             <SecretAccessKey>{}</SecretAccessKey>\n      <Expiration>{}</Expiration>\n      \
             <AccessKeyId>{}</AccessKeyId>\n    </Credentials>\n    \
             <Provider>cognito-identity.amazonaws.com</Provider>\n  \
             </AssumeRoleWithWebIdentityResult>\n  <ResponseMetadata>\n    \
             <RequestId>{}</RequestId>\n  </ResponseMetadata>\n\
             </AssumeRoleWithWebIdentityResponse>\n",
            e(sub),
            e(aud),
            e(account),
            e(name),
            e(&session),
            &digest[..17],
            e(&session),
            e(&session_token),
            e(&issued.secret_key),
            crate::creds::export::rfc3339(issued.expires_at),
            e(&issued.access_key_id),
            uuid::Uuid::new_v4()
        ),
    )
}
