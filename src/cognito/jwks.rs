//! Checks an ID token against its pool's JWKS: signature (RS256, by `kid`), issuer, audience,
//! `token_use` and expiry.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
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

/// Verifies `token` like [`verify_id_token`], with the pool's keys cached per issuer in
/// `cache_dir` (`<data dir>/jwks`): the JWKS is fetched only when there is no cached copy or
/// the token names a key the copy lacks (the pool rotated its keys).
pub async fn verify_id_token_cached(
    issuer: &str,
    client_id: &str,
    token: &str,
    now: i64,
    cache_dir: &Path,
) -> Result<Value, TokenCheckError> {
    let path = cache_path(cache_dir, issuer);
    let kid = decode_header(token).ok().and_then(|h| h.kid);
    let cached: Option<Value> = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    if let (Some(jwks), Some(kid)) = (&cached, &kid) {
        let known = jwks["keys"]
            .as_array()
            .is_some_and(|keys| keys.iter().any(|k| k["kid"] == kid.as_str()));
        if known {
            return check_with_jwks(jwks, issuer, client_id, token, now);
        }
    }
    let jwks = fetch_jwks(issuer).await?;
    // A cache that cannot be written only costs a fetch next time.
    if let Err(e) = write_atomically(&path, &jwks) {
        tracing::debug!(error = %e, "cannot cache the JWKS");
    }
    check_with_jwks(&jwks, issuer, client_id, token, now)
}

/// `<dir>/<hash of the issuer>.json`.
fn cache_path(dir: &Path, issuer: &str) -> PathBuf {
    let digest = Sha256::digest(issuer.as_bytes());
    dir.join(format!("{}.json", hex::encode(&digest[..16])))
}

fn write_atomically(path: &Path, jwks: &Value) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        crate::private_fs::create_private_dir(dir)?;
    }
    let tmp = path.with_extension(format!("json.tmp{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec(jwks)?)?;
    std::fs::rename(&tmp, path)
}

/// The pool's JWKS, fetched.
async fn fetch_jwks(issuer: &str) -> Result<Value, TokenCheckError> {
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
    Ok(jwks)
}

/// The checks of [`verify_id_token_cached`] against a JWKS already at hand.
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
