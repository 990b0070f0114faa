//! The server's half of SRP, for the local pool: verifiers, B, and checking a password claim.

use super::client::signature_bytes;
use super::{SrpError, derive_key, g_pow, k, n, pow_mod_n, private_x, scrambler};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use num_bigint::BigUint;
use num_traits::Zero;
use subtle::ConstantTimeEq;

/// A stored password verifier: v = g^x mod N with its salt.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier {
    pub salt: BigUint,
    pub v: BigUint,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier([redacted])")
    }
}

/// A verifier for a password with a fresh 16-byte salt (`salt` given: that salt).
pub fn password_verifier(
    pool: &str,
    user: &str,
    password: &str,
    salt: Option<BigUint>,
) -> Verifier {
    let salt = salt.unwrap_or_else(|| super::random_biguint(128));
    let x = private_x(&salt, pool, user, password);
    let v = g_pow(&x);
    Verifier { salt, v }
}

/// The server's secret b and public B = (k·v + g^b) mod N. `b` is never printed.
pub struct ServerEphemeral {
    b: BigUint,
    b_pub: BigUint,
}

impl std::fmt::Debug for ServerEphemeral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerEphemeral([redacted])")
    }
}

impl ServerEphemeral {
    /// A fresh b of [`SECRET_BITS`](super::SECRET_BITS) for the verifier v,
    /// redrawn in the (negligible) case B ≡ 0.
    pub fn generate(v: &BigUint) -> Self {
        loop {
            let eph = Self::from_secret(super::random_biguint(super::SECRET_BITS), v);
            if !eph.b_pub.is_zero() {
                return eph;
            }
        }
    }

    /// The pair for a known b.
    pub fn from_secret(b: BigUint, v: &BigUint) -> Self {
        let n = n();
        let b_pub = (k() * v + g_pow(&b)) % n;
        Self { b, b_pub }
    }

    /// B, sent as `SRP_B`.
    pub fn public(&self) -> &BigUint {
        &self.b_pub
    }
}

/// Checks a password claim: S = (A·v^u)^b mod N, the same key, the same HMAC, compared in
/// constant time. Refuses A ≡ 0 mod N, which would otherwise let anyone in.
#[allow(clippy::too_many_arguments)]
pub fn verify_claim(
    verifier: &BigUint,
    server: &ServerEphemeral,
    a_pub: &BigUint,
    pool: &str,
    user: &str,
    secret_block: &[u8],
    timestamp: &str,
    signature_b64: &str,
) -> Result<(), SrpError> {
    let n = n();
    let a_mod = a_pub % n;
    if a_mod.is_zero() {
        return Err(SrpError::AZero);
    }
    let u = scrambler(a_pub, &server.b_pub);
    if u.is_zero() {
        return Err(SrpError::UZero);
    }
    let s = pow_mod_n(&(a_mod * pow_mod_n(verifier, &u)), &server.b);
    let key = derive_key(&s, &u);
    let expected = signature_bytes(&key, pool, user, secret_block, timestamp);
    let given = B64
        .decode(signature_b64.trim())
        .map_err(|_| SrpError::BadSignature)?;
    if given.len() == expected.len() && bool::from(given.ct_eq(&expected)) {
        Ok(())
    } else {
        Err(SrpError::BadSignature)
    }
}
