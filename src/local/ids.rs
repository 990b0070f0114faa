//! Identifiers shaped like Cognito's: pool ids, client ids and secrets, codes, admin keys.

use rand::RngExt;
use rand::distr::Alphanumeric;

fn pick(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

const LOWER_DIGITS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// `us-east-1_AbCdEf123`.
pub fn user_pool_id(region: &str) -> String {
    let tail: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(9)
        .map(char::from)
        .collect();
    format!("{region}_{tail}")
}

/// 26 lowercase letters and digits.
pub fn client_id() -> String {
    pick(LOWER_DIGITS, 26)
}

/// 51 lowercase letters and digits.
pub fn client_secret() -> String {
    pick(LOWER_DIGITS, 51)
}

/// A six-digit code.
pub fn code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000))
}

/// `AKIA` + 16 characters, marked as local.
pub fn access_key_id() -> String {
    format!("AKIALOCAL{}", pick(UPPER_DIGITS, 11))
}

/// 40 characters.
pub fn secret_access_key() -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect()
}

/// A temporary password that meets the default policy.
pub fn temporary_password() -> String {
    format!("Tmp{}!9a", pick(UPPER_DIGITS, 8))
}
