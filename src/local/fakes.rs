//! Stand-ins for users that do not exist, derived from the name with the pool's secret so the
//! same name gets the same answer every time (a changing SALT would tell it apart), and shaped
//! like a real user's.

use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use sha2::Sha256;

fn derive(secret: &[u8], label: &str, pool_id: &str, name_key: &str) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    for part in [label, pool_id, name_key] {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part.as_bytes());
    }
    mac.finalize().into_bytes().into()
}

/// A 128-bit salt, as real ones are made.
pub fn salt(secret: &[u8], pool_id: &str, name_key: &str) -> BigUint {
    BigUint::from_bytes_be(&derive(secret, "salt", pool_id, name_key)[..16])
}

/// A verifier-sized number, so the dummy SRP work costs what a real one does.
pub fn verifier(secret: &[u8], pool_id: &str, name_key: &str) -> BigUint {
    let mut bytes = Vec::with_capacity(384);
    for i in 0..12 {
        bytes.extend_from_slice(&derive(secret, &format!("verifier{i}"), pool_id, name_key));
    }
    BigUint::from_bytes_be(&bytes) % crate::srp::n()
}

/// A version-4 UUID, the form of the internal username of users who sign in by email.
pub fn user_id(secret: &[u8], pool_id: &str, name_key: &str) -> String {
    let mut b: [u8; 16] = [0; 16];
    b.copy_from_slice(&derive(secret, "user_id", pool_id, name_key)[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

/// A masked email such as `j***@e***`, as a real user's code destination is shown.
pub fn masked_destination(secret: &[u8], pool_id: &str, name: &str) -> String {
    if let Some((local, domain)) = name.split_once('@') {
        return super::state::mask_email(&format!("{local}@{domain}"));
    }
    let d = derive(secret, "destination", pool_id, &name.to_lowercase());
    let letter = |b: u8| (b'a' + b % 26) as char;
    format!("{}***@{}***", letter(d[0]), letter(d[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_same_answer_other_secret_other_answer() {
        assert_eq!(salt(b"k", "p", "bob"), salt(b"k", "p", "bob"));
        assert_ne!(salt(b"k", "p", "bob"), salt(b"k", "p", "eve"));
        assert_ne!(salt(b"k", "p", "bob"), salt(b"j", "p", "bob"));
        let id = user_id(b"k", "p", "bob@example.com");
        assert!(uuid::Uuid::parse_str(&id).is_ok());
        assert_eq!(id.as_bytes()[14], b'4');
        assert!(verifier(b"k", "p", "bob") < *crate::srp::n());
    }
}
