//! The client's half of SRP: the ephemeral pair (a, A) and the password claim.

use super::{SrpError, derive_key, g_pow, k, n, pow_mod_n, private_x, scrambler};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, KeyInit, Mac};
use num_bigint::BigUint;
use num_traits::Zero;
use sha2::Sha256;

/// The client's secret a and public A = g^a mod N. (num-bigint cannot wipe its memory; `a`
/// is never printed and lives only for one sign-in.)
pub struct ClientEphemeral {
    a: BigUint,
    a_pub: BigUint,
}

impl std::fmt::Debug for ClientEphemeral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientEphemeral")
            .field("a", &"[redacted]")
            .field("A", &self.a_pub.to_str_radix(16))
            .finish()
    }
}

/// What the client proves knowledge of the password with.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordClaim {
    /// u = H(padHex(A) ‖ padHex(B)).
    pub u: BigUint,
    /// The 16-byte HKDF key.
    pub key: [u8; 16],
}

impl std::fmt::Debug for PasswordClaim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordClaim([redacted])")
    }
}

impl ClientEphemeral {
    /// A fresh a of [`SECRET_BITS`](super::SECRET_BITS) (AWS's SDKs draw 1024 bits; 256 are as
    /// strong in this group, see docs/security.md, and halve the client's work).
    pub fn generate() -> Self {
        loop {
            let a = super::random_biguint(super::SECRET_BITS);
            let eph = Self::from_secret(a);
            if !(&eph.a_pub % n()).is_zero() {
                return eph;
            }
        }
    }

    /// The pair for a known a (tests and reference vectors).
    pub fn from_secret(a: BigUint) -> Self {
        let a_pub = g_pow(&a);
        Self { a, a_pub }
    }

    /// A, the value sent as `SRP_A`.
    pub fn public(&self) -> &BigUint {
        &self.a_pub
    }

    /// A as the SDKs send it: lowercase hex, unpadded.
    pub fn public_hex(&self) -> String {
        self.a_pub.to_str_radix(16)
    }

    /// Derives u and the session key for the server's B and salt. `pool` is the pool name (the
    /// part of the pool id after `_`) or, for a device, the device group key; `user` is
    /// USER_ID_FOR_SRP or the device key.
    pub fn claim(
        &self,
        b_pub: &BigUint,
        salt: &BigUint,
        pool: &str,
        user: &str,
        password: &str,
    ) -> Result<PasswordClaim, SrpError> {
        let n = n();
        if (b_pub % n).is_zero() {
            return Err(SrpError::BZero);
        }
        let u = scrambler(&self.a_pub, b_pub);
        if u.is_zero() {
            return Err(SrpError::UZero);
        }
        let x = private_x(salt, pool, user, password);
        let gx = g_pow(&x);
        let kgx = (k() * gx) % n;
        let base = ((b_pub % n) + n - kgx) % n;
        let exp = &self.a + &u * &x;
        let s = pow_mod_n(&base, &exp);
        let key = derive_key(&s, &u);
        Ok(PasswordClaim { u, key })
    }
}

/// base64(HMAC-SHA256(key, pool ‖ user ‖ secret block ‖ timestamp)): `PASSWORD_CLAIM_SIGNATURE`.
pub fn password_claim_signature(
    key: &[u8; 16],
    pool: &str,
    user: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> String {
    B64.encode(signature_bytes(key, pool, user, secret_block, timestamp))
}

pub(crate) fn signature_bytes(
    key: &[u8; 16],
    pool: &str,
    user: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> [u8; 32] {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(pool.as_bytes());
    mac.update(user.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_bytes());
    mac.finalize().into_bytes().into()
}
