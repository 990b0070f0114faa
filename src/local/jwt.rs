//! RS256 signing keys per pool, the tokens the pool issues, and the JWKS it serves.

use super::error::{ApiError, ApiResult};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::{PrivateKey, PublicKey};
use serde_json::{Value, json};

/// A pool's signing key, ready to sign and verify: parsed once per pool and process (the
/// state's key cache), with the RS256 header encoded once.
pub struct PoolKeys {
    /// base64url of the JOSE header `{"alg":"RS256","kid":…,"typ":"JWT"}`.
    header_b64: String,
    signing: RsaKeyPair,
    rng: SystemRandom,
    decoding: DecodingKey,
    jwk: Value,
}

/// A fresh 2048-bit RSA key as PKCS#1 PEM, and a `kid` for it.
pub fn generate_key() -> ApiResult<(String, String)> {
    let key = PrivateKey::new(&mut rand::rng(), 2048)
        .map_err(|e| ApiError::internal(format!("could not generate a signing key: {e}")))?;
    let pem = key
        .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
        .map_err(|e| ApiError::internal(format!("could not encode the signing key: {e}")))?;
    let mut raw = [0u8; 32];
    rand::fill(&mut raw[..]);
    let kid = base64::engine::general_purpose::STANDARD.encode(raw);
    Ok((pem.to_string(), kid))
}

impl PoolKeys {
    pub fn from_pem(pem: &str, kid: &str) -> ApiResult<Self> {
        let bad = |e: &dyn std::fmt::Display| {
            ApiError::internal(format!("the stored signing key is unusable: {e}"))
        };
        let private = PrivateKey::from_pkcs1_pem(pem).map_err(|e| bad(&e))?;
        let public = PublicKey::from(&private);
        let n = B64URL.encode(public.n_bytes());
        let e = B64URL.encode(public.e_bytes());
        let header = json!({"alg": "RS256", "kid": kid, "typ": "JWT"});
        let der = private.to_pkcs1_der().map_err(|e| bad(&e))?;
        let signing = RsaKeyPair::from_der(der.as_bytes()).map_err(|e| bad(&e))?;
        Ok(Self {
            header_b64: B64URL.encode(header.to_string()),
            signing,
            rng: SystemRandom::new(),
            decoding: DecodingKey::from_rsa_components(&n, &e).map_err(|e| bad(&e))?,
            jwk: json!({"alg": "RS256", "e": e, "kid": kid, "kty": "RSA", "n": n, "use": "sig"}),
        })
    }

    /// The public key as a JWK.
    pub fn jwk(&self) -> &Value {
        &self.jwk
    }

    /// A compact JWS: header, claims and RS256 signature, each base64url, joined by dots.
    pub fn sign(&self, claims: &Value) -> ApiResult<String> {
        let mut token = String::with_capacity(1024);
        token.push_str(&self.header_b64);
        token.push('.');
        B64URL.encode_string(claims.to_string(), &mut token);
        let mut signature = vec![0u8; self.signing.public_modulus_len()];
        self.signing
            .sign(
                &RSA_PKCS1_SHA256,
                &self.rng,
                token.as_bytes(),
                &mut signature,
            )
            .map_err(|_| ApiError::internal("could not sign a token"))?;
        token.push('.');
        B64URL.encode_string(&signature, &mut token);
        Ok(token)
    }

    /// Checks the signature and issuer of a token; expiry is checked by the caller against the
    /// pool's clock (which tests can move).
    pub fn verify(&self, token: &str, issuer: &str) -> Option<Value> {
        let mut v = Validation::new(Algorithm::RS256);
        v.validate_exp = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
        v.set_issuer(&[issuer]);
        jsonwebtoken::decode::<Value>(token, &self.decoding, &v)
            .ok()
            .map(|d| d.claims)
    }
}

/// A random opaque string (refresh tokens, sessions, secret blocks).
pub fn random_token(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::fill(&mut raw[..]);
    B64URL.encode(raw)
}
