//! Reproduces every SRP vector computed with AWS's own SDK (`tests/data/srp-aws-sdk.json`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use cogtui::srp::{self, ClientEphemeral, ServerEphemeral, SrpError};
use num_bigint::BigUint;
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/srp-aws-sdk.json"
    ))
    .expect("vector file");
    serde_json::from_str(&text).expect("vector json")
}

fn hex(v: &Value, key: &str) -> BigUint {
    srp::parse_hex(v[key].as_str().expect(key)).expect(key)
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().expect(key)
}

#[test]
fn password_verifier_vectors() {
    let all: Vec<Value> = vectors()
        .into_iter()
        .filter(|v| v["kind"] == "password_verifier")
        .collect();
    assert_eq!(all.len(), 24);
    for v in &all {
        let client = ClientEphemeral::from_secret(hex(v, "small_a_hex"));
        assert_eq!(
            client.public_hex(),
            s(v, "srp_a_hex").trim_start_matches('0')
        );
        let claim = client
            .claim(
                &hex(v, "srp_b_hex"),
                &hex(v, "salt_hex"),
                s(v, "pool_name"),
                s(v, "username"),
                s(v, "password"),
            )
            .expect("claim");
        assert_eq!(claim.u, hex(v, "u_hex"), "u for {}", s(v, "username"));
        assert_eq!(hex::encode(claim.key), s(v, "hkdf_key_hex"));
        let block = B64.decode(s(v, "secret_block_b64")).expect("b64");
        let sig = srp::password_claim_signature(
            &claim.key,
            s(v, "pool_name"),
            s(v, "username"),
            &block,
            s(v, "timestamp"),
        );
        assert_eq!(sig, s(v, "password_claim_signature_b64"));
        assert_eq!(
            srp::parse_timestamp(s(v, "timestamp"))
                .map(srp::format_timestamp)
                .as_deref(),
            Some(s(v, "timestamp"))
        );
    }
}

#[test]
fn device_verifier_vectors() {
    let all: Vec<Value> = vectors()
        .into_iter()
        .filter(|v| v["kind"] == "device_verifier")
        .collect();
    assert_eq!(all.len(), 6);
    for v in &all {
        let dv = srp::device_verifier(
            s(v, "device_group_key"),
            s(v, "device_key"),
            Some((s(v, "device_password"), hex(v, "salt_hex"))),
        );
        assert_eq!(dv.salt_b64, s(v, "confirm_device_salt_b64"));
        assert_eq!(
            dv.verifier_b64,
            s(v, "confirm_device_password_verifier_b64")
        );
        let verifier = B64.decode(&dv.verifier_b64).expect("b64");
        assert_eq!(hex::encode(verifier), s(v, "verifier_hex"));
    }
}

#[test]
fn server_accepts_the_right_password_and_refuses_a_wrong_one() {
    let v = srp::password_verifier("abc", "user-1", "Correct#1", None);
    for (password, ok) in [("Correct#1", true), ("Correct#2", false)] {
        let server = ServerEphemeral::generate(&v.v);
        let client = ClientEphemeral::generate();
        let claim = client
            .claim(server.public(), &v.salt, "abc", "user-1", password)
            .expect("claim");
        let ts = srp::format_timestamp(1_790_000_000);
        let sig = srp::password_claim_signature(&claim.key, "abc", "user-1", b"block", &ts);
        let got = srp::verify_claim(
            &v.v,
            &server,
            client.public(),
            "abc",
            "user-1",
            b"block",
            &ts,
            &sig,
        );
        assert_eq!(got.is_ok(), ok, "{password}");
        // The same proof for another user or another block is refused.
        let other = srp::verify_claim(
            &v.v,
            &server,
            client.public(),
            "abc",
            "user-2",
            b"block",
            &ts,
            &sig,
        );
        assert_eq!(other, Err(SrpError::BadSignature));
    }
}

#[test]
fn device_verifier_signs_in_with_device_srp() {
    let dv = srp::device_verifier("grp", "us-east-1_dev", None);
    let salt = BigUint::from_bytes_be(&B64.decode(&dv.salt_b64).unwrap());
    let v = BigUint::from_bytes_be(&B64.decode(&dv.verifier_b64).unwrap());
    let server = ServerEphemeral::generate(&v);
    let client = ClientEphemeral::generate();
    let claim = client
        .claim(
            server.public(),
            &salt,
            "grp",
            "us-east-1_dev",
            &dv.device_password,
        )
        .unwrap();
    let sig = srp::password_claim_signature(&claim.key, "grp", "us-east-1_dev", b"x", "t");
    assert!(
        srp::verify_claim(
            &v,
            &server,
            client.public(),
            "grp",
            "us-east-1_dev",
            b"x",
            "t",
            &sig
        )
        .is_ok()
    );
}

#[test]
fn zero_values_are_refused() {
    let v = srp::password_verifier("abc", "u", "p", None);
    let server = ServerEphemeral::generate(&v.v);
    let n = srp::n().clone();
    for a in [BigUint::from(0u32), n.clone(), &n * 2u32] {
        let got = srp::verify_claim(&v.v, &server, &a, "abc", "u", b"", "t", "AAAA");
        assert_eq!(got, Err(SrpError::AZero));
    }
    let client = ClientEphemeral::generate();
    for b in [BigUint::from(0u32), n.clone()] {
        let got = client.claim(&b, &v.salt, "abc", "u", "p");
        assert_eq!(got, Err(SrpError::BZero));
    }
}
