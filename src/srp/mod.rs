//! Cognito's SRP-6a, computed exactly as AWS's SDKs do: shared by the client and the local pool.
//!
//! Every value that is hashed goes through [`pad_hex`]; see `shared/cognito-notes.md` and
//! `docs/architecture.md` for the formulas.

mod client;
mod device;
mod fixed_base;
mod group;
mod monty;
mod pad;
mod server;
mod timestamp;

pub use client::{ClientEphemeral, PasswordClaim, password_claim_signature};
pub use device::{DeviceVerifier, device_verifier};
pub use fixed_base::g_pow;
pub use group::{g, k, n};
pub use pad::{hex_hash, pad_hex, parse_hex};
pub use server::{ServerEphemeral, Verifier, password_verifier, verify_claim};
pub use timestamp::{format_timestamp, parse_timestamp};

use num_bigint::BigUint;
use sha2::{Digest, Sha256};

/// base^exp mod N with the group's own Montgomery arithmetic (what every SRP step uses; equal
/// to `base.modpow(exp, n())`).
pub fn pow_mod_n(base: &BigUint, exp: &BigUint) -> BigUint {
    monty::pow(base, exp, true)
}

/// [`pow_mod_n`] squaring with the general multiply: only for `benches/srp.rs`, to show what
/// the dedicated squaring is worth.
#[doc(hidden)]
pub fn pow_mod_n_without_squaring(base: &BigUint, exp: &BigUint) -> BigUint {
    monty::pow(base, exp, false)
}

/// Bits of the secrets a (client) and b (pool): RFC 5054's minimum (see docs/security.md for
/// why it is enough for the 3072-bit group).
pub const SECRET_BITS: u64 = 256;

/// Why an SRP step was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SrpError {
    #[error("SRP_A is zero modulo N; refusing a value that would let anyone in")]
    AZero,
    #[error("SRP_B is zero modulo N; the server sent an unsafe value")]
    BZero,
    #[error("the SRP scrambler u is zero; the values sent are unsafe")]
    UZero,
    #[error("{0} is not a hexadecimal number")]
    NotHex(&'static str),
    #[error("the SECRET_BLOCK is not valid base64")]
    SecretBlock,
    #[error("the password claim signature does not match")]
    BadSignature,
}

/// x = H(padHex(salt) ‖ H(pool ‖ user ‖ ":" ‖ password)): the private value behind a verifier.
pub(crate) fn private_x(salt: &BigUint, pool: &str, user: &str, password: &str) -> BigUint {
    let mut inner = Sha256::new();
    inner.update(pool.as_bytes());
    inner.update(user.as_bytes());
    inner.update(b":");
    inner.update(password.as_bytes());
    let inner_hex = hex::encode(inner.finalize());
    let mut outer = pad_hex(salt);
    outer.push_str(&inner_hex);
    hex_hash(&outer)
}

/// u = H(padHex(A) ‖ padHex(B)).
pub(crate) fn scrambler(a_pub: &BigUint, b_pub: &BigUint) -> BigUint {
    let mut s = pad_hex(a_pub);
    s.push_str(&pad_hex(b_pub));
    hex_hash(&s)
}

/// A random number below 2^`bits`, drawn from the thread RNG (OS-seeded). num-bigint's own
/// `rand` feature would pull in rand 0.8 beside the rand 0.10 used everywhere else.
pub fn random_biguint(bits: u64) -> BigUint {
    let mut raw = vec![0u8; bits.div_ceil(8) as usize];
    rand::fill(&mut raw[..]);
    if let Some(top) = raw.first_mut() {
        *top &= 0xff >> (bits.div_ceil(8) * 8 - bits);
    }
    BigUint::from_bytes_be(&raw)
}

/// The 16-byte key both sides derive from S and u ("Caldera Derived Key").
pub(crate) fn derive_key(s: &BigUint, u: &BigUint) -> [u8; 16] {
    let ikm = pad::pad_bytes(s);
    let salt = pad::pad_bytes(u);
    let hk = hkdf::Hkdf::<Sha256>::new(Some(&salt), &ikm);
    let mut okm = [0u8; 16];
    // 16 bytes is always a valid HKDF-SHA256 output length (at most 255 × 32).
    let _ = hk.expand(b"Caldera Derived Key", &mut okm);
    okm
}
