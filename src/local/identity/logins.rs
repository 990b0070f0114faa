//! Checking the `Logins` of an identity call: each ID token must be signed by its user pool's
//! key, issued by that pool (`iss`), to one of the identity pool's app clients (`aud`), be an
//! ID token, and not be expired (by the pool's clock).

use super::pools::{PoolConfig, provider_user_pool};
use crate::cognito::identity_types::{Logins, user_pool_provider};
use crate::local::error::{ApiError, ApiResult};
use crate::local::state::State;
use serde_json::Value;

/// A checked login.
#[derive(Debug, Clone)]
pub struct Login {
    /// `<user pool id>/<sub>`: what ties the login to one identity.
    pub key: String,
    /// The provider name, AWS's form (`cognito-idp.<region>.amazonaws.com/<pool id>`).
    pub provider: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub claims: Value,
}

fn invalid(why: &str) -> ApiError {
    ApiError::not_authorized(format!("Invalid login token. {why}"))
}

/// The first login of `logins`, checked; `None` when there are none (an unauthenticated call).
pub fn check(st: &State, pool: &PoolConfig, logins: Option<&Logins>) -> ApiResult<Option<Login>> {
    let Some((name, token)) = logins.and_then(|l| l.iter().next()) else {
        return Ok(None);
    };
    let user_pool_id = provider_user_pool(name).to_owned();
    let clients = pool.clients_of(&user_pool_id);
    let aws_name = user_pool_provider(
        user_pool_id.split('_').next().unwrap_or_default(),
        &user_pool_id,
    );
    let issuer = st.issuer(&user_pool_id);
    let issuer_name = issuer
        .split_once("://")
        .map_or(issuer.as_str(), |(_, rest)| rest);
    if clients.is_empty() || (name != &aws_name && name != issuer_name) {
        return Err(ApiError::not_authorized(
            "Token is not from a supported provider of this identity pool.",
        ));
    }
    let keys = st
        .keys(&user_pool_id)
        .map_err(|_| invalid("Couldn't verify signed token."))?;
    let claims = keys
        .verify(token.expose(), &issuer)
        .ok_or_else(|| invalid("Couldn't verify signed token."))?;
    if claims["token_use"] != "id" {
        return Err(invalid("Not a valid OpenId Connect identity token."));
    }
    let aud = claims["aud"].as_str().unwrap_or_default().to_owned();
    if !clients.contains(&aud.as_str()) {
        return Err(invalid("Incorrect token audience."));
    }
    let exp = claims["exp"].as_i64().unwrap_or(0);
    let now = st.clock.now();
    if exp <= now {
        return Err(invalid(&format!("Token expired: {now} >= {exp}")));
    }
    let sub = claims["sub"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("The token has no sub."))?;
    Ok(Some(Login {
        key: format!("{user_pool_id}/{sub}"),
        provider: aws_name,
        user_pool_id,
        client_id: aud,
        claims,
    }))
}
