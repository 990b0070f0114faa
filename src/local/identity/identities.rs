//! Identities: GetId (one per pool and login, or a new unauthenticated one), the check that a
//! call may act for an identity, GetOpenIdToken, and DeleteIdentities (SigV4).

use super::logins::{self, Login};
use super::pools::{self, PoolConfig};
use crate::cognito::identity_types::{
    DeleteIdentitiesRequest, DeleteIdentitiesResponse, GetIdRequest, GetIdResponse,
    GetOpenIdTokenRequest, GetOpenIdTokenResponse, Logins,
};
use crate::local::error::{ApiError, ApiResult};
use crate::local::jwt::{PoolKeys, generate_key};
use crate::local::state::State;
use crate::local::store::IdentityRow;
use crate::secret::Secret;
use serde_json::json;
use std::sync::Arc;

fn unauthenticated_refused() -> ApiError {
    ApiError::not_authorized("Unauthenticated access is not supported for this identity pool.")
}

fn new_identity_id(identity_pool_id: &str) -> String {
    let region = identity_pool_id.split(':').next().unwrap_or_default();
    format!("{region}:{}", uuid::Uuid::new_v4())
}

pub fn get_id(st: &State, req: GetIdRequest) -> ApiResult<GetIdResponse> {
    let pool = pools::load(st, &req.identity_pool_id)?;
    let login = logins::check(st, &pool, req.logins.as_ref())?;
    let now = st.clock.now();
    let identity_id = match login {
        None => {
            if !pool.allow_unauthenticated_identities {
                return Err(unauthenticated_refused());
            }
            let row = IdentityRow {
                identity_id: new_identity_id(&req.identity_pool_id),
                pool_id: req.identity_pool_id.clone(),
                login_key: None,
            };
            st.store.read(|db| db.insert_identity(&row, now))?;
            row.identity_id
        }
        Some(login) => st.store.write(|db| {
            if let Some(id) = db.identity_by_login(&req.identity_pool_id, &login.key)? {
                return Ok(id);
            }
            let row = IdentityRow {
                identity_id: new_identity_id(&req.identity_pool_id),
                pool_id: req.identity_pool_id.clone(),
                login_key: Some(login.key.clone()),
            };
            db.insert_identity(&row, now)?;
            Ok(row.identity_id)
        })?,
    };
    Ok(GetIdResponse { identity_id })
}

/// An identity a call may act for: its pool, and the checked login for an authenticated one
/// (`None` for an unauthenticated identity of a pool that allows them).
pub struct Acting {
    pub identity: IdentityRow,
    pub pool: PoolConfig,
    pub login: Option<Login>,
}

pub fn acting(st: &State, identity_id: &str, logins: Option<&Logins>) -> ApiResult<Acting> {
    let identity = st
        .store
        .read(|db| db.identity(identity_id))?
        .ok_or_else(|| ApiError::resource_not_found("Identity not found."))?;
    let pool = pools::load(st, &identity.pool_id)?;
    let login = logins::check(st, &pool, logins)?;
    match (&identity.login_key, &login) {
        (Some(key), Some(l)) if *key == l.key => {}
        (Some(_), _) | (None, Some(_)) => {
            return Err(ApiError::not_authorized(
                "Logins don't match. Please include at least one valid login for this identity \
                 or identity pool.",
            ));
        }
        (None, None) => {
            if !pool.allow_unauthenticated_identities {
                return Err(unauthenticated_refused());
            }
        }
    }
    Ok(Acting {
        identity,
        pool,
        login,
    })
}

const OPENID_KEY: &str = "identity_openid_key";
/// The `iss` of identity pools' OpenID tokens.
pub(super) const OPENID_ISSUER: &str = "https://cognito-identity.amazonaws.com";
/// OpenID tokens of identity pools are good for ten minutes, as Cognito's.
const OPENID_TTL: i64 = 600;

/// The key identity pools sign OpenID tokens with, made at first use and parsed once per
/// process.
pub(super) fn openid_keys(st: &State) -> ApiResult<Arc<PoolKeys>> {
    st.cached_keys(OPENID_KEY, || {
        let stored = st.store.meta_get(OPENID_KEY)?;
        let text = match stored {
            Some(t) => t,
            None => {
                let (pem, kid) = generate_key()?;
                let text = json!({"pem": pem, "kid": kid}).to_string();
                st.store.meta_set(OPENID_KEY, &text)?;
                text
            }
        };
        let v: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| ApiError::internal(format!("stored OpenID key does not parse: {e}")))?;
        PoolKeys::from_pem(
            v["pem"].as_str().unwrap_or_default(),
            v["kid"].as_str().unwrap_or_default(),
        )
    })
}

pub fn get_open_id_token(
    st: &State,
    req: GetOpenIdTokenRequest,
) -> ApiResult<GetOpenIdTokenResponse> {
    let a = acting(st, &req.identity_id, req.logins.as_ref())?;
    let now = st.clock.now();
    let amr = match &a.login {
        Some(l) => json!([
            "authenticated",
            l.provider,
            format!("{}:{}", l.provider, l.client_id)
        ]),
        None => json!(["unauthenticated"]),
    };
    let token = openid_keys(st)?.sign(&json!({
        "iss": OPENID_ISSUER,
        "sub": a.identity.identity_id,
        "aud": a.identity.pool_id,
        "amr": amr,
        "iat": now,
        "exp": now + OPENID_TTL,
    }))?;
    Ok(GetOpenIdTokenResponse {
        identity_id: a.identity.identity_id,
        token: Secret::new(token),
    })
}

pub fn delete_identities(
    st: &State,
    req: DeleteIdentitiesRequest,
) -> ApiResult<DeleteIdentitiesResponse> {
    if req.identity_ids_to_delete.is_empty() || req.identity_ids_to_delete.len() > 60 {
        return Err(ApiError::invalid_parameter(
            "IdentityIdsToDelete must hold 1 to 60 identity ids.",
        ));
    }
    st.store.write(|db| {
        for id in &req.identity_ids_to_delete {
            db.delete_identity(id)?;
        }
        Ok(())
    })?;
    Ok(DeleteIdentitiesResponse::default())
}
