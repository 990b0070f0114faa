//! TOTP (RFC 6238 over RFC 4226: HMAC-SHA-1, 6 digits, 30-second steps), base32 secrets
//! (RFC 4648, no padding) and `otpauth://` URIs, shared by the client and the local pool.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step.
pub const STEP: i64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Secret length in bytes: 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A fresh random secret.
pub fn generate_secret() -> Vec<u8> {
    let mut bytes = vec![0u8; SECRET_BYTES];
    rand::fill(&mut bytes[..]);
    bytes
}

/// Base32 without padding, upper case.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Base32 as people type it: any case, spaces and dashes ignored, padding allowed. `None` for
/// any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars() {
        if matches!(c, ' ' | '-' | '=') {
            continue;
        }
        let up = c.to_ascii_uppercase();
        let v = ALPHABET.iter().position(|&a| char::from(a) == up)?;
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The step a Unix time falls in.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP)
}

/// Seconds left in the current step.
pub fn seconds_left(unix: i64) -> i64 {
    STEP - unix.rem_euclid(STEP)
}

/// The HOTP code for `counter` (RFC 4226).
pub fn hotp(secret: &[u8], counter: u64) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let Ok(mut mac) = <Hmac<Sha1> as hmac::KeyInit>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let bin = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    format!("{:06}", bin % 1_000_000)
}

/// The TOTP code at Unix time `unix`.
pub fn code_at(secret: &[u8], unix: i64) -> String {
    hotp(secret, u64::try_from(step_of(unix)).unwrap_or(0))
}

/// Checks `code` against the steps around `unix` (one before, one after); returns the step it
/// matched, refusing a step at or before `last_used` (a code is good once).
pub fn verify(secret: &[u8], code: &str, unix: i64, last_used: Option<i64>) -> Option<i64> {
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(unix);
    let mut matched = None;
    for step in [now - 1, now, now + 1] {
        let Ok(counter) = u64::try_from(step) else {
            continue;
        };
        let candidate = hotp(secret, counter);
        let same: bool =
            subtle::ConstantTimeEq::ct_eq(candidate.as_bytes(), code.as_bytes()).into();
        if same && matched.is_none() {
            matched = Some(step);
        }
    }
    matched.filter(|s| last_used.is_none_or(|l| *s > l))
}

/// `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER`. SHA-1, 6 digits and 30 s are the
/// format's defaults, so they are left out: a shorter URI is a smaller QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret_b32: &str) -> String {
    let label = format!("{}:{}", encode(issuer), encode(account));
    format!(
        "otpauth://totp/{label}?secret={secret_b32}&issuer={}",
        encode(issuer)
    )
}

/// The secret in groups of four, for typing into an authenticator by hand.
pub fn grouped(secret_b32: &str) -> String {
    secret_b32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Percent-encoding for a URI component (RFC 3986 unreserved characters stay).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(code_at(secret, t), code, "t={t}");
        }
    }

    #[test]
    fn base32_round_trips_and_forgives_typing() {
        let s = b"12345678901234567890";
        let e = base32_encode(s);
        assert_eq!(e, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(base32_decode(&e).unwrap(), s);
        assert_eq!(base32_decode(&grouped(&e).to_lowercase()).unwrap(), s);
        assert!(base32_decode("ABC1").is_none());
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_decode("MY======").unwrap(), b"f");
    }

    #[test]
    fn codes_are_good_once_and_within_one_step() {
        let s = generate_secret();
        assert_eq!(s.len(), SECRET_BYTES);
        let t = 1_800_000_015;
        let code = code_at(&s, t);
        let step = verify(&s, &code, t, None).unwrap();
        assert_eq!(verify(&s, &code, t, Some(step)), None, "replayed");
        assert!(verify(&s, &code, t + STEP, None).is_some(), "one step late");
        assert!(
            verify(&s, &code, t + 2 * STEP, None).is_none(),
            "two steps late"
        );
        assert!(verify(&s, "12345", t, None).is_none());
        assert!(verify(&s, "12 345", t, None).is_none());
    }

    #[test]
    fn uri_names_issuer_and_account() {
        let u = otpauth_uri("My Pool", "ada@example.com", "ABCD");
        assert_eq!(
            u,
            "otpauth://totp/My%20Pool:ada@example.com?secret=ABCD&issuer=My%20Pool"
        );
    }
}
