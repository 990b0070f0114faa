//! GetCredentialsForIdentity: the local pool's own temporary AWS credentials (an `ASIA…` key,
//! a secret key, a session token), good for one hour, kept so local STS can check signatures.

use super::identities::acting;
use super::roles;
use crate::cognito::identity_types::{
    GetCredentialsForIdentityRequest, GetCredentialsForIdentityResponse, IdentityCredentials,
};
use crate::local::error::ApiResult;
use crate::local::jwt::random_token;
use crate::local::state::State;
use crate::local::store::IssuedCredentials;
use crate::secret::Secret;

use sha2::{Digest, Sha256};

/// Credentials last one hour, as Cognito's enhanced flow gives them.
pub const CREDENTIALS_TTL: i64 = 3600;

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `ASIA` (temporary credentials) + `LOCAL` + 11 characters.
pub(super) fn temporary_key_id() -> String {
    const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut rng = rand::rng();
    let tail: String = (0..11)
        .map(|_| UPPER_DIGITS[rand::RngExt::random_range(&mut rng, 0..UPPER_DIGITS.len())] as char)
        .collect();
    format!("ASIALOCAL{tail}")
}

pub fn get_credentials_for_identity(
    st: &State,
    req: GetCredentialsForIdentityRequest,
) -> ApiResult<GetCredentialsForIdentityResponse> {
    let a = acting(st, &req.identity_id, req.logins.as_ref())?;
    let custom = req.custom_role_arn.as_deref();
    let role_arn = match &a.login {
        Some(l) => roles::authenticated(
            &a.pool,
            a.pool.mapping_for(&l.user_pool_id, &l.client_id),
            &l.provider,
            &l.claims,
            custom,
        )?,
        None => roles::unauthenticated(&a.pool, custom)?,
    };
    let now = st.clock.now();
    let session_token = random_token(480);
    let issued = IssuedCredentials {
        access_key_id: temporary_key_id(),
        secret_key: secret_key(),
        session_token_hash: token_hash(&session_token),
        identity_id: a.identity.identity_id.clone(),
        role_arn,
        expires_at: now + CREDENTIALS_TTL,
    };
    st.store.read(|db| db.insert_credentials(&issued, now))?;
    Ok(GetCredentialsForIdentityResponse {
        identity_id: a.identity.identity_id,
        credentials: Some(IdentityCredentials {
            access_key_id: issued.access_key_id,
            secret_key: Secret::new(issued.secret_key),
            session_token: Secret::new(session_token),
            expiration: issued.expires_at as f64,
        }),
    })
}

/// 40 characters, as AWS's secret keys.
pub(super) fn secret_key() -> String {
    rand::RngExt::sample_iter(rand::rng(), &rand::distr::Alphanumeric)
        .take(40)
        .map(char::from)
        .collect()
}
