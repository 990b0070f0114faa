//! The verifier a client registers with ConfirmDevice for a remembered device.

use super::{pad_hex, password_verifier};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use num_bigint::BigUint;

/// A device password and the verifier ConfirmDevice sends for it.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceVerifier {
    /// base64 of 40 random bytes: the secret the client keeps.
    pub device_password: String,
    /// `DeviceSecretVerifierConfig.Salt`: base64 of the bytes of padHex(salt).
    pub salt_b64: String,
    /// `DeviceSecretVerifierConfig.PasswordVerifier`: base64 of the bytes of padHex(v).
    pub verifier_b64: String,
}

impl std::fmt::Debug for DeviceVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceVerifier")
            .field("device_password", &"[redacted]")
            .field("salt_b64", &self.salt_b64)
            .finish()
    }
}

/// The verifier for a device; a fresh password and salt unless given.
pub fn device_verifier(
    group_key: &str,
    device_key: &str,
    password_and_salt: Option<(&str, BigUint)>,
) -> DeviceVerifier {
    let (password, salt) = match password_and_salt {
        Some((p, s)) => (p.to_owned(), s),
        None => {
            let mut raw = [0u8; 40];
            rand::fill(&mut raw[..]);
            (B64.encode(raw), super::random_biguint(128))
        }
    };
    let v = password_verifier(group_key, device_key, &password, Some(salt));
    DeviceVerifier {
        device_password: password,
        salt_b64: B64.encode(hex::decode(pad_hex(&v.salt)).unwrap_or_default()),
        verifier_b64: B64.encode(hex::decode(pad_hex(&v.v)).unwrap_or_default()),
    }
}
