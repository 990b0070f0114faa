//! Checks an ID token against its pool's JWKS: signature (RS256, by `kid`), issuer, audience,
//! `token_use` and expiry.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::Value;
use std::time::Duration;

/// Why a token did not check out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenCheckError {
    #[error("cannot fetch the pool's keys from {url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("the ID token is not valid: {0}")]
    Invalid(String),
    #[error("the ID token has expired; run `cogtui login` again")]
    Expired,
}

/// Verifies `token` as an ID token of `issuer` for `client_id`; returns its claims.
pub async fn verify_id_token(
    issuer: &str,
    client_id: &str,
    token: &str,
    now: i64,
) -> Result<Value, TokenCheckError> {
    let url = format!("{issuer}/.well-known/jwks.json");
    let fetch_err = |reason: String| TokenCheckError::Fetch {
        url: url.clone(),
        reason,
    };
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .map_err(|e| fetch_err(e.to_string()))?;
    let jwks: Value = http
        .get(&url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| fetch_err(e.to_string()))?
        .json()
        .await
        .map_err(|e| fetch_err(format!("not a JWKS: {e}")))?;
    check_with_jwks(&jwks, issuer, client_id, token, now)
}

/// The checks of [`verify_id_token`] against a JWKS already at hand.
pub fn check_with_jwks(
    jwks: &Value,
    issuer: &str,
    client_id: &str,
    token: &str,
    now: i64,
) -> Result<Value, TokenCheckError> {
    let invalid = |why: &str| TokenCheckError::Invalid(why.to_owned());
    let header = decode_header(token).map_err(|_| invalid("it is not a JWT"))?;
    if header.alg != Algorithm::RS256 {
        return Err(invalid("it is not signed with RS256"));
    }
    let kid = header.kid.ok_or_else(|| invalid("it names no key (kid)"))?;
    let jwk = jwks["keys"]
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["kid"] == kid.as_str()))
        .ok_or_else(|| invalid("its key is not in the pool's JWKS"))?;
    let key = DecodingKey::from_rsa_components(
        jwk["n"].as_str().unwrap_or_default(),
        jwk["e"].as_str().unwrap_or_default(),
    )
    .map_err(|_| invalid("the pool's key is malformed"))?;
    let mut v = Validation::new(Algorithm::RS256);
    v.validate_exp = false;
    v.validate_aud = false;
    v.required_spec_claims.clear();
    let claims = decode::<Value>(token, &key, &v)
        .map_err(|_| invalid("its signature does not verify"))?
        .claims;
    if claims["iss"] != issuer {
        return Err(invalid("it was issued by another pool"));
    }
    if claims["aud"] != client_id {
        return Err(invalid("it was issued to another app client"));
    }
    if claims["token_use"] != "id" {
        return Err(invalid("it is not an ID token"));
    }
    if claims["exp"].as_i64().unwrap_or(0) <= now {
        return Err(TokenCheckError::Expired);
    }
    Ok(claims)
}
