//! Helpers shared by the operations: finding clients and users, SECRET_HASH, passwords as SRP
//! verifiers, codes and lockout.

use super::super::error::{ApiError, ApiResult};
use super::super::model::User;
use super::super::state::State;
use super::super::store::PoolRow;
use super::policy::{email_is_alias, email_is_username};
use crate::cognito::secret_hash;
use crate::cognito::types::UserPoolClientType;
use crate::secret::Secret;
use crate::srp;
use subtle::ConstantTimeEq;

/// Consecutive wrong passwords before a temporary lockout.
pub const MAX_FAILED_ATTEMPTS: i64 = 5;
/// The first lockout; it doubles with each further failure, up to [`MAX_LOCKOUT`].
pub const FIRST_LOCKOUT: i64 = 60;
pub const MAX_LOCKOUT: i64 = 15 * 60;

/// The pool name SRP hashes: the part of the pool id after `_`.
pub fn pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map_or(pool_id, |(_, n)| n)
}

pub fn pool_id(pool: &PoolRow) -> &str {
    pool.config.id.as_deref().unwrap_or_default()
}

pub fn client_id(client: &UserPoolClientType) -> &str {
    client.client_id.as_deref().unwrap_or_default()
}

/// Enforces SECRET_HASH for clients that have a secret.
pub fn check_secret_hash(
    client: &UserPoolClientType,
    username: &str,
    given: Option<&str>,
) -> ApiResult<()> {
    let Some(secret) = &client.client_secret else {
        return Ok(());
    };
    let id = client_id(client);
    let Some(given) = given else {
        return Err(ApiError::not_authorized(format!(
            "Client {id} is configured for secret but secret was not received"
        )));
    };
    let expected = secret_hash(secret.expose(), username, id);
    if bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!(
            "Unable to verify secret hash for client {id}"
        )))
    }
}

pub fn secret_str(s: &Option<Secret>) -> Option<&str> {
    s.as_ref().map(Secret::expose)
}

/// Enforces the client's ExplicitAuthFlows.
pub fn require_flow(client: &UserPoolClientType, flow: &str) -> ApiResult<()> {
    let allowed = client
        .explicit_auth_flows
        .iter()
        .flatten()
        .any(|f| f == &format!("ALLOW_{flow}"));
    if allowed {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "{flow} flow not enabled for this client"
        )))
    }
}

/// Finds a user by username, or by email where email is an alias (verified only) or the
/// username itself.
pub fn resolve_user(st: &State, pool: &PoolRow, name: &str) -> ApiResult<Option<User>> {
    let id = pool_id(pool);
    if let Some(u) = st.store.get_user(id, name)? {
        return Ok(Some(u));
    }
    if email_is_alias(&pool.config) {
        let found = st.store.find_by_email(id, name)?;
        return Ok(found.into_iter().find(User::email_verified));
    }
    if email_is_username(&pool.config) {
        return Ok(st.store.find_by_email(id, name)?.into_iter().next());
    }
    Ok(None)
}

/// The user, or UserNotFoundException.
pub fn must_resolve(st: &State, pool: &PoolRow, name: &str) -> ApiResult<User> {
    resolve_user(st, pool, name)?.ok_or_else(ApiError::user_not_found)
}

/// Does `password` match the stored verifier? (Recomputes v from the stored salt.)
pub fn password_matches(user: &User, password: &str) -> bool {
    let Some(salt) = srp::parse_hex(&user.salt_hex) else {
        return false;
    };
    let v = srp::password_verifier(
        pool_name(&user.pool_id),
        &user.username,
        password,
        Some(salt),
    );
    let stored = srp::parse_hex(&user.verifier_hex).unwrap_or_default();
    bool::from(v.v.to_bytes_be().ct_eq(&stored.to_bytes_be()))
}

/// Stores a fresh salt and verifier for `password`.
pub fn set_password(user: &mut User, password: &str) {
    let v = srp::password_verifier(pool_name(&user.pool_id), &user.username, password, None);
    user.salt_hex = srp::pad_hex(&v.salt);
    user.verifier_hex = srp::pad_hex(&v.v);
}

/// Refuses a user who is locked out after too many wrong passwords.
pub fn check_lockout(st: &State, user: &User) -> ApiResult<()> {
    if user.locked_until > st.clock.now() {
        Err(ApiError::not_authorized("Password attempts exceeded"))
    } else {
        Ok(())
    }
}

/// Counts a wrong password; the fifth in a row locks the user out for a while.
pub fn record_failure(st: &State, user: &mut User) -> ApiResult<ApiError> {
    user.failed_attempts += 1;
    if user.failed_attempts >= MAX_FAILED_ATTEMPTS {
        let doublings = (user.failed_attempts - MAX_FAILED_ATTEMPTS).min(10) as u32;
        let lock = (FIRST_LOCKOUT << doublings).min(MAX_LOCKOUT);
        user.locked_until = st.clock.now() + lock;
    }
    st.store.update_user(user)?;
    Ok(ApiError::incorrect_credentials())
}

pub fn record_success(st: &State, user: &mut User) -> ApiResult<()> {
    if user.failed_attempts != 0 || user.locked_until != 0 {
        user.failed_attempts = 0;
        user.locked_until = 0;
        st.store.update_user(user)?;
    }
    Ok(())
}

/// Checks and uses up a code sent for `purpose`.
pub fn take_code(st: &State, user: &User, purpose: &str, given: &str) -> ApiResult<()> {
    check_code(st, user, purpose, given)?;
    st.store.delete_code(&user.pool_id, &user.username, purpose)
}

/// Checks a code sent for `purpose` without using it up.
pub fn check_code(st: &State, user: &User, purpose: &str, given: &str) -> ApiResult<()> {
    let Some((code, expires_at)) = st.store.get_code(&user.pool_id, &user.username, purpose)?
    else {
        return Err(ApiError::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        ));
    };
    if expires_at <= st.clock.now() {
        return Err(ApiError::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        ));
    }
    if !bool::from(code.as_bytes().ct_eq(given.trim().as_bytes())) {
        return Err(ApiError::new(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        ));
    }
    Ok(())
}
