//! Helpers shared by the operations: finding clients and users, SECRET_HASH, passwords as SRP
//! verifiers, codes and lockout (for users and, alike, for names that are not users).

use super::super::error::{ApiError, ApiResult};
use super::super::fakes;
use super::super::model::User;
use super::super::state::State;
use super::super::store::{CodeCheck, Db, MAX_CODE_ATTEMPTS, PoolRow, UserPatch, username_key};
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

/// Whether this client hides which users exist (PreventUserExistenceErrors = ENABLED).
pub fn hides_users(client: &UserPoolClientType) -> bool {
    client.prevent_user_existence_errors.as_deref() == Some("ENABLED")
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
pub fn resolve_user(db: &Db<'_>, pool: &PoolRow, name: &str) -> ApiResult<Option<User>> {
    let id = pool_id(pool);
    if let Some(u) = db.get_user(id, name)? {
        return Ok(Some(u));
    }
    if email_is_alias(&pool.config) {
        let found = db.find_by_email(id, name)?;
        return Ok(found.into_iter().find(User::email_verified));
    }
    if email_is_username(&pool.config) {
        return Ok(db.find_by_email(id, name)?.into_iter().next());
    }
    Ok(None)
}

/// [`resolve_user`] outside a transaction.
pub fn find_user(st: &State, pool: &PoolRow, name: &str) -> ApiResult<Option<User>> {
    st.store.read(|db| resolve_user(db, pool, name))
}

/// The user, or UserNotFoundException.
pub fn must_resolve(st: &State, pool: &PoolRow, name: &str) -> ApiResult<User> {
    find_user(st, pool, name)?.ok_or_else(ApiError::user_not_found)
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

/// The same work as [`password_matches`] for a name that is not a user, so the time an answer
/// takes does not tell the two apart. Always false.
pub fn dummy_password_check(st: &State, pool_id: &str, name: &str, password: &str) -> bool {
    let key = username_key(name);
    let salt = fakes::salt(st.secret(), pool_id, &key);
    let stored = fakes::verifier(st.secret(), pool_id, &key);
    let v = srp::password_verifier(pool_name(pool_id), name, password, Some(salt));
    // The comparison is kept (black_box) so the work is the same; its answer cannot matter.
    std::hint::black_box(bool::from(v.v.to_bytes_be().ct_eq(&stored.to_bytes_be())));
    false
}

/// A fresh salt and verifier (hex) for `password`.
pub fn new_password(pool_id: &str, username: &str, password: &str) -> (String, String) {
    let v = srp::password_verifier(pool_name(pool_id), username, password, None);
    (srp::pad_hex(&v.salt), srp::pad_hex(&v.v))
}

/// Stores a fresh salt and verifier for `password` in a user not yet written.
pub fn set_password(user: &mut User, password: &str) {
    (user.salt_hex, user.verifier_hex) = new_password(&user.pool_id, &user.username, password);
}

fn attempts_exceeded() -> ApiError {
    ApiError::not_authorized("Password attempts exceeded")
}

/// Refuses a user who is locked out after too many wrong passwords (read afresh).
pub fn check_lockout(st: &State, user: &User) -> ApiResult<()> {
    let locked_until = st
        .store
        .read(|db| db.lockout(&user.pool_id, &user.username))?
        .map_or(0, |l| l.locked_until);
    if locked_until > st.clock.now() {
        Err(attempts_exceeded())
    } else {
        Ok(())
    }
}

/// The lockout after one more failure.
fn lockout_after(failed_attempts: i64, locked_until: i64, now: i64) -> (i64, i64) {
    let failed = failed_attempts + 1;
    if failed >= MAX_FAILED_ATTEMPTS {
        let doublings = (failed - MAX_FAILED_ATTEMPTS).min(10) as u32;
        (failed, now + (FIRST_LOCKOUT << doublings).min(MAX_LOCKOUT))
    } else {
        (failed, locked_until)
    }
}

/// Counts a wrong password (one transaction: read the count, add one); the fifth in a row locks
/// the user out for a while. Returns the answer to give.
pub fn record_failure(st: &State, user: &User) -> ApiResult<ApiError> {
    let now = st.clock.now();
    st.store.write(|db| {
        if let Some(mut l) = db.lockout(&user.pool_id, &user.username)? {
            (l.failed_attempts, l.locked_until) =
                lockout_after(l.failed_attempts, l.locked_until, now);
            db.set_lockout(&user.pool_id, &user.username, l)?;
        }
        Ok(())
    })?;
    Ok(ApiError::incorrect_credentials())
}

pub fn record_success(st: &State, user: &User) -> ApiResult<()> {
    st.store.read(|db| {
        db.patch_user(
            &user.pool_id,
            &user.username,
            &UserPatch {
                reset_failures: true,
                ..Default::default()
            },
        )
    })
}

/// The decoy key of a name that is not a user of `pool_id`.
pub fn decoy_key(pool_id: &str, name: &str) -> String {
    format!("{pool_id}/{}", username_key(name))
}

/// A name that is not a user is locked out as a user would be.
pub fn check_decoy_lockout(st: &State, pool_id: &str, name: &str) -> ApiResult<()> {
    let now = st.clock.now();
    if st
        .decoys
        .with(&decoy_key(pool_id, name), |d| d.locked_until > now)
    {
        Err(attempts_exceeded())
    } else {
        Ok(())
    }
}

/// Counts a wrong password for a name that is not a user; the answer a user would get.
pub fn record_decoy_failure(st: &State, pool_id: &str, name: &str) -> ApiError {
    let now = st.clock.now();
    st.decoys.with(&decoy_key(pool_id, name), |d| {
        (d.failed_attempts, d.locked_until) = lockout_after(d.failed_attempts, d.locked_until, now);
    });
    ApiError::incorrect_credentials()
}

/// The answer for a code that is not the one pending.
pub fn code_error(check: CodeCheck) -> ApiResult<()> {
    match check {
        CodeCheck::Matches => Ok(()),
        CodeCheck::Mismatch => Err(ApiError::new(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        )),
        CodeCheck::Exhausted => Err(ApiError::limit_exceeded()),
        CodeCheck::Expired => Err(ApiError::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        )),
    }
}

/// A guessed code for a name that is not a user: wrong, and counted like a user's guesses.
pub fn decoy_code_guess(st: &State, pool_id: &str, name: &str) -> ApiError {
    let exhausted = st.decoys.with(&decoy_key(pool_id, name), |d| {
        d.code_attempts += 1;
        d.code_attempts > MAX_CODE_ATTEMPTS
    });
    let check = if exhausted {
        CodeCheck::Exhausted
    } else {
        CodeCheck::Mismatch
    };
    code_error(check)
        .err()
        .unwrap_or_else(ApiError::limit_exceeded)
}

/// A code request for a name that is not a user, rate-limited as a user's would be.
pub fn decoy_code_request(st: &State, pool_id: &str, name: &str) -> ApiResult<()> {
    use super::super::state::{CODE_REQUEST_WINDOW, MAX_CODE_REQUESTS};
    let now = st.clock.now();
    st.decoys.with(&decoy_key(pool_id, name), |d| {
        d.code_requests.retain(|t| *t > now - CODE_REQUEST_WINDOW);
        if d.code_requests.len() as i64 >= MAX_CODE_REQUESTS {
            return Err(ApiError::limit_exceeded());
        }
        d.code_requests.push(now);
        d.code_attempts = 0;
        Ok(())
    })
}
