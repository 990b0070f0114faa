//! padHex and the hashing helpers that every SRP value goes through.

use num_bigint::BigUint;
use sha2::{Digest, Sha256};

/// Hex of `n` as AWS's SDKs write it: even length, and a `00` sign byte when the first nibble
/// is 8..f (what Java's `BigInteger.toByteArray()` gives for a positive number).
pub fn pad_hex(n: &BigUint) -> String {
    let mut s = n.to_str_radix(16);
    if s.len() % 2 == 1 {
        s.insert(0, '0');
    } else if s
        .as_bytes()
        .first()
        .is_some_and(|c| b"89abcdef".contains(c))
    {
        s.insert_str(0, "00");
    }
    s
}

/// The bytes that [`pad_hex`] spells.
pub(crate) fn pad_bytes(n: &BigUint) -> Vec<u8> {
    let mut bytes = n.to_bytes_be();
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    bytes
}

/// H over the bytes that the hex string `h` encodes, as a number. `h` always comes from
/// [`pad_hex`] or a SHA-256 hex digest, so it has even length.
pub fn hex_hash(h: &str) -> BigUint {
    let bytes = hex::decode(h).unwrap_or_default();
    BigUint::from_bytes_be(&Sha256::digest(bytes))
}

/// Parses a hex number as sent on the wire (any case, odd length allowed, no prefix).
pub fn parse_hex(s: &str) -> Option<BigUint> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    BigUint::parse_bytes(s.as_bytes(), 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_odd_length_and_high_nibble() {
        assert_eq!(pad_hex(&BigUint::from(0xfu32)), "0f");
        assert_eq!(pad_hex(&BigUint::from(0x7fu32)), "7f");
        assert_eq!(pad_hex(&BigUint::from(0x80u32)), "0080");
        assert_eq!(pad_hex(&BigUint::from(0x123u32)), "0123");
        assert_eq!(pad_bytes(&BigUint::from(0x80u32)), vec![0, 0x80]);
        assert_eq!(pad_bytes(&BigUint::from(0x7fu32)), vec![0x7f]);
    }

    #[test]
    fn parse_hex_rejects_junk() {
        assert!(parse_hex("").is_none());
        assert!(parse_hex("xyz").is_none());
        assert!(parse_hex("0x12").is_none());
        assert_eq!(parse_hex("0aF"), Some(BigUint::from(0xafu32)));
    }
}
