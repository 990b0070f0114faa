//! Issuing ID, access and refresh tokens, refreshing them, and checking an access token.

use super::super::challenge::DeviceLink;
use super::super::error::{ApiError, ApiResult};
use super::super::jwt::random_token;
use super::super::model::{SessionRow, User};
use super::super::state::State;
use super::super::store::PoolRow;
use super::common::{client_id, pool_id};
use super::validity::lifetimes;
use crate::cognito::types::{AuthenticationResult, NewDeviceMetadata, UserPoolClientType};
use crate::secret::Secret;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The scope of tokens from the user-pool API (not the Hosted UI).
pub const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

pub fn refresh_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

thread_local! {
    /// The triggerSource a sign-in's tokens are minted for, when the path knows better than
    /// "Authentication" (a new password, the Hosted UI).
    static SOURCE: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// The "source" of tokens minted only to open a session whose real tokens come later (the Hosted
/// UI's sign-in, whose tokens are minted again at the code exchange): the pre-token-generation
/// trigger does not run for them, so it runs once per sign-in, with TokenGeneration_HostedAuth.
pub const SESSION_ONLY: &str = "session-only";

/// Runs `f` with tokens it issues minted for `source` (Cognito's triggerSource, e.g.
/// TokenGeneration_NewPasswordChallenge or TokenGeneration_HostedAuth).
pub fn with_source<T>(source: &'static str, f: impl FnOnce() -> T) -> T {
    let before = SOURCE.with(|c| c.replace(Some(source)));
    let out = f();
    SOURCE.with(|c| c.set(before));
    out
}

/// Signs a new session in: a refresh token plus access and ID tokens, issued with the sign-in's
/// device (a new one is offered as NewDeviceMetadata).
pub fn issue(
    st: &State,
    pool: &PoolRow,
    client: &UserPoolClientType,
    user: &User,
    device: &DeviceLink,
) -> ApiResult<AuthenticationResult> {
    // The handler may refuse the sign-in: before anything is stored.
    super::super::triggers::hooks::post_authentication(
        st,
        pool,
        client_id(client),
        user,
        matches!(device, DeviceLink::New),
    )?;
    let now = st.clock.now();
    let origin_jti = uuid::Uuid::new_v4().to_string();
    let refresh = random_token(1300);
    let row = SessionRow {
        origin_jti: origin_jti.clone(),
        pool_id: pool_id(pool).to_owned(),
        client_id: client_id(client).to_owned(),
        username: user.username.clone(),
        expires_at: now + lifetimes(client).refresh,
        revoked: false,
        auth_time: now,
        oauth_scope: None,
    };
    let offered = match device {
        DeviceLink::New => Some(super::devices::offer(st, user)),
        _ => None,
    };
    let device_key = match device {
        DeviceLink::Proven(k) | DeviceLink::Claimed(k) => Some(k.clone()),
        _ => offered.as_ref().map(|d| d.device_key.clone()),
    };
    st.store.write(|db| {
        db.insert_session(&row, &refresh_hash(&refresh))?;
        if let Some(d) = &offered {
            db.prune_unconfirmed_devices(&d.pool_id, &user.username, d.created - OFFER_KEPT)?;
            db.insert_device(d)?;
        }
        if let Some(k) = &device_key {
            db.link_session_device(&origin_jti, k)?;
        }
        Ok(())
    })?;
    let grant = Grant {
        scope: ADMIN_SCOPE,
        nonce: None,
    };
    let mut result = sign_pair(
        st,
        pool,
        client,
        user,
        &Minting {
            origin_jti: &origin_jti,
            auth_time: now,
            device_key: device_key.as_deref(),
            source: SOURCE.with(|c| c.get()).unwrap_or(match device {
                DeviceLink::Proven(_) => "TokenGeneration_AuthenticateDevice",
                _ => "TokenGeneration_Authentication",
            }),
            grant: &grant,
        },
    )?;
    result.refresh_token = Some(Secret::new(refresh));
    result.new_device_metadata = offered.map(|d| NewDeviceMetadata {
        device_key: Some(d.device_key),
        device_group_key: Some(d.group_key),
    });
    Ok(result)
}

/// How long a device offered at sign-in may still be confirmed (older unconfirmed offers of the
/// user are dropped when a new one is made).
pub const OFFER_KEPT: f64 = 24.0 * 3600.0;

/// The scope a session's tokens carry: what a Hosted UI sign-in was granted, else the
/// user-pool API's.
pub fn session_scope(session: &SessionRow) -> &str {
    session.oauth_scope.as_deref().unwrap_or(ADMIN_SCOPE)
}

/// New access and ID tokens for an existing session (REFRESH_TOKEN_AUTH).
pub fn refreshed(
    st: &State,
    pool: &PoolRow,
    client: &UserPoolClientType,
    user: &User,
    session: &SessionRow,
    device_key: Option<&str>,
) -> ApiResult<AuthenticationResult> {
    // A Hosted UI session keeps the scope it was granted (read with the session's row).
    let scope = session_scope(session);
    let grant = Grant { scope, nonce: None };
    sign_pair(
        st,
        pool,
        client,
        user,
        &Minting {
            origin_jti: &session.origin_jti,
            auth_time: session.auth_time,
            device_key,
            source: "TokenGeneration_RefreshTokens",
            grant: &grant,
        },
    )
}

/// What a Hosted UI sign-in asked for: the scope granted and the OpenID Connect nonce.
pub struct Grant<'a> {
    pub scope: &'a str,
    pub nonce: Option<&'a str>,
}

/// Access and ID tokens for a Hosted UI session: its granted scope, and the nonce in the ID
/// token when one was sent to /oauth2/authorize.
pub fn granted(
    st: &State,
    pool: &PoolRow,
    client: &UserPoolClientType,
    user: &User,
    session: &SessionRow,
    grant: &Grant<'_>,
) -> ApiResult<AuthenticationResult> {
    sign_pair(
        st,
        pool,
        client,
        user,
        &Minting {
            origin_jti: &session.origin_jti,
            auth_time: session.auth_time,
            device_key: None,
            source: SOURCE
                .with(|c| c.get())
                .unwrap_or("TokenGeneration_HostedAuth"),
            grant,
        },
    )
}

/// What a pair of tokens is minted for: the session, its sign-in time, its device, the
/// triggerSource the pre-token-generation trigger hears, and the scope and nonce granted.
struct Minting<'a> {
    origin_jti: &'a str,
    auth_time: i64,
    device_key: Option<&'a str>,
    source: &'a str,
    grant: &'a Grant<'a>,
}

fn sign_pair(
    st: &State,
    pool: &PoolRow,
    client: &UserPoolClientType,
    user: &User,
    m: &Minting<'_>,
) -> ApiResult<AuthenticationResult> {
    let Minting {
        origin_jti,
        auth_time,
        device_key,
        source,
        grant,
    } = *m;
    let keys = st.keys(pool_id(pool))?;
    let now = st.clock.now();
    let ttl = lifetimes(client);
    let iss = st.issuer(pool_id(pool));
    let event_id = uuid::Uuid::new_v4().to_string();
    let access = json!({
        "sub": user.sub,
        "iss": iss,
        "client_id": client_id(client),
        "origin_jti": origin_jti,
        "event_id": event_id,
        "token_use": "access",
        "scope": grant.scope,
        "auth_time": auth_time,
        "exp": now + ttl.access,
        "iat": now,
        "jti": uuid::Uuid::new_v4().to_string(),
        "username": user.username,
    });
    let Value::Object(mut access) = access else {
        return Err(ApiError::internal("access claims are not an object"));
    };
    if let Some(k) = device_key {
        access.insert("device_key".into(), json!(k));
    }
    let mut id = Map::new();
    for (k, v) in &user.attributes {
        let value = match k.as_str() {
            "email_verified" | "phone_number_verified" => Value::Bool(v == "true"),
            // A federated user's linked identities: a list in the token, as Cognito sends it.
            "identities" => serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.clone())),
            _ => Value::String(v.clone()),
        };
        id.insert(k.clone(), value);
    }
    for (k, v) in [
        ("sub", json!(user.sub)),
        ("iss", json!(iss)),
        ("cognito:username", json!(user.username)),
        ("origin_jti", json!(origin_jti)),
        ("aud", json!(client_id(client))),
        ("event_id", json!(event_id)),
        ("token_use", json!("id")),
        ("auth_time", json!(auth_time)),
        ("exp", json!(now + ttl.id)),
        ("iat", json!(now)),
        ("jti", json!(uuid::Uuid::new_v4().to_string())),
    ] {
        id.insert(k.to_owned(), v);
    }
    if let Some(n) = grant.nonce {
        id.insert("nonce".to_owned(), json!(n));
    }
    if source != SESSION_ONLY {
        claims_hook(st, pool, client, user, source, &mut access, &mut id)?;
    }
    Ok(AuthenticationResult {
        access_token: Some(Secret::new(keys.sign(&Value::Object(access))?)),
        expires_in: Some(ttl.access),
        token_type: Some("Bearer".into()),
        refresh_token: None,
        id_token: Some(Secret::new(keys.sign(&Value::Object(id))?)),
        new_device_metadata: None,
    })
}

/// The one place where claims about to be signed meet the pool's pre-token-generation
/// trigger; every path that mints tokens (sign-in, refresh, the Hosted UI) goes through it.
/// `source` is Cognito's triggerSource (TokenGeneration_Authentication, _RefreshTokens,
/// _HostedAuth, …).
pub fn claims_hook(
    st: &State,
    pool: &PoolRow,
    client: &UserPoolClientType,
    user: &User,
    source: &str,
    access: &mut Map<String, Value>,
    id: &mut Map<String, Value>,
) -> ApiResult<()> {
    super::super::triggers::hooks::pre_token_generation(
        st,
        pool,
        client_id(client),
        user,
        source,
        access,
        id,
    )
}

/// The claims of a JWT without checking it: only to learn which pool's key to check it with.
pub(in crate::local) fn unverified_claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    serde_json::from_slice(&B64URL.decode(payload).ok()?).ok()
}

fn invalid_access_token() -> ApiError {
    ApiError::not_authorized("Invalid Access Token")
}

/// Checks an access token (signature, issuer, use, expiry, revocation, and the scope the
/// user-pool API needs: Hosted UI tokens have it only if asked for) and returns its user, pool
/// and session.
pub fn access_token_user(st: &State, token: &str) -> ApiResult<(User, PoolRow, SessionRow)> {
    let (user, pool, session, claims) = verified_access(st, token)?;
    let scopes = claims["scope"].as_str().unwrap_or_default();
    if !scopes.split(' ').any(|s| s == ADMIN_SCOPE) {
        return Err(ApiError::not_authorized(
            "Access Token does not have required scopes",
        ));
    }
    Ok((user, pool, session))
}

/// Checks an access token as [`access_token_user`] does, whatever its scope, and returns its
/// claims too (the Hosted UI's userInfo needs `openid`).
pub fn verified_access(st: &State, token: &str) -> ApiResult<(User, PoolRow, SessionRow, Value)> {
    let unverified = unverified_claims(token).ok_or_else(invalid_access_token)?;
    let iss = unverified["iss"]
        .as_str()
        .ok_or_else(invalid_access_token)?;
    let pool_id = iss.rsplit('/').next().unwrap_or_default();
    if st.issuer(pool_id) != iss {
        return Err(invalid_access_token());
    }
    let pool = st.pool(pool_id).map_err(|_| invalid_access_token())?;
    let claims = st
        .keys(pool_id)?
        .verify(token, iss)
        .ok_or_else(invalid_access_token)?;
    if claims["token_use"] != "access" {
        return Err(invalid_access_token());
    }
    if claims["exp"].as_i64().unwrap_or(0) <= st.clock.now() {
        return Err(ApiError::not_authorized("Access Token has expired"));
    }
    let jti = claims["origin_jti"].as_str().unwrap_or_default();
    let session = st
        .store
        .session_by_jti(jti)?
        .ok_or_else(invalid_access_token)?;
    if session.revoked {
        return Err(ApiError::not_authorized("Access Token has been revoked"));
    }
    let user = st
        .store
        .get_user(pool_id, claims["username"].as_str().unwrap_or_default())?
        .ok_or_else(|| ApiError::not_authorized("User does not exist."))?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok((user, pool, session, claims))
}
