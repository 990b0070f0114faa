//! Fuzzing that keeps running (issue 9 item 7): random and mutated request bodies for every
//! operation, SRP parameters and JWTs, as proptest properties inside `cargo test`. Each runs
//! `PROPTEST_CASES` cases (256 by default); those that cost a modpow a 64th of that, pool
//! creation a 1024th, each at least 16. The seeds are the corpus in `tests/data/fuzz/`; failures
//! land in `tests/fuzz_wire.regressions`. docs/security.md records the long run.

mod common;
mod fuzz_support;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use cogtui::cognito::check_with_jwks;
use cogtui::local::ApiError;
use cogtui::srp::{self, SrpError};
use fuzz_support::{
    Case, MARK, OPS, SLOW_OPS, case, config, fast_ops, fx, json_value, odd_string, tick,
};
use num_bigint::BigUint;
use num_traits::Zero;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// Fields whose values are secrets: never in any answer.
const SECRET_FIELDS: &[&str] = &[
    "Password",
    "PASSWORD",
    "PreviousPassword",
    "ProposedPassword",
    "NEW_PASSWORD",
    "TemporaryPassword",
    "ClientSecret",
    "SecretHash",
    "SECRET_HASH",
    "ConfirmationCode",
    "Code",
    "AccessToken",
    "REFRESH_TOKEN",
    "Token",
    "Session",
    "PASSWORD_CLAIM_SIGNATURE",
];
/// Fields Cognito quotes in its errors ("User pool client X does not exist.").
const QUOTED_FIELDS: &[&str] = &["ClientId", "UserPoolId"];

/// Marked strings of a request: (those in secret fields, those no error may quote).
fn marked(v: &Value) -> (Vec<String>, Vec<String>) {
    fn walk(v: &Value, key: &str, secret: &mut Vec<String>, plain: &mut Vec<String>) {
        match v {
            Value::String(s) if s.contains(MARK) => {
                if SECRET_FIELDS.contains(&key) {
                    secret.push(s.clone());
                } else if !QUOTED_FIELDS.contains(&key) {
                    plain.push(s.clone());
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, key, secret, plain)),
            Value::Object(m) => {
                for (k, child) in m {
                    if k.contains(MARK) {
                        plain.push(k.clone());
                    }
                    walk(child, k, secret, plain);
                }
            }
            _ => {}
        }
    }
    let (mut secret, mut plain) = (Vec::new(), Vec::new());
    walk(v, "", &mut secret, &mut plain);
    // A value also sent as a ClientId or UserPoolId may be quoted as that one.
    let mut quoted = Vec::new();
    if let Value::Object(m) = v {
        for f in QUOTED_FIELDS {
            if let Some(Value::String(s)) = m.get(*f) {
                quoted.push(s.clone());
            }
        }
    }
    // A secret also sent in a plain field (say as the Username), or inside one, may come back
    // through that one; so may a value sent inside a ClientId.
    let within = |s: &String, others: &[String]| others.iter().any(|o| o.contains(s.as_str()));
    secret.retain(|s| !within(s, &plain) && !within(s, &quoted));
    plain.retain(|s| !within(s, &quoted));
    (secret, plain)
}

/// What every answer must be: a JSON object, or a Cognito error (4xx, `…Exception`, a
/// message) that quotes no marked value; and never a secret that was sent.
fn check_answer(c: &Case, answer: &Result<String, ApiError>) -> Result<(), TestCaseError> {
    let request: Value = serde_json::from_slice(&c.body).unwrap_or(Value::Null);
    let (secret, plain) = marked(&request);
    match answer {
        Ok(text) => {
            let v: Value = serde_json::from_str(text)
                .map_err(|e| TestCaseError::fail(format!("answer is not JSON: {e}")))?;
            prop_assert!(v.is_object(), "answer is not an object: {text}");
            for s in &secret {
                prop_assert!(!text.contains(s.as_str()), "a secret came back: {text}");
            }
        }
        Err(e) => {
            prop_assert!(
                e.status.is_client_error(),
                "{} {}: {}",
                e.status,
                e.kind,
                e.message
            );
            prop_assert!(
                e.kind.ends_with("Exception") && e.kind.bytes().all(|b| b.is_ascii_alphanumeric()),
                "{}",
                e.kind
            );
            prop_assert!(!e.message.is_empty());
            for s in secret.iter().chain(&plain) {
                prop_assert!(
                    !e.message.contains(s.as_str()),
                    "the error quotes what was sent: {}: {}",
                    e.kind,
                    e.message
                );
            }
        }
    }
    Ok(())
}

fn call(op: &str, body: &Value) -> Result<String, ApiError> {
    fx().state().call(op, body.to_string().as_bytes())
}

proptest! {
    #![proptest_config(config(1))]

    /// Random bytes, random JSON and mutated corpus requests, to every operation as the router
    /// hands them over (after its HTTP checks).
    #[test]
    fn every_operation_answers_any_body_in_cognitos_shape(c in case(fast_ops())) {
        tick("every_operation_answers_any_body_in_cognitos_shape");
        let answer = fx().state().call(&c.op, &c.body);
        check_answer(&c, &answer)?;
    }

    /// The same through HTTP: any target, any Content-Type, any body; never a 5xx, and every
    /// error carries `x-amzn-ErrorType` equal to its `__type`.
    #[test]
    fn the_http_front_door_answers_in_cognitos_shape(
        c in case(OPS.to_vec()),
        target in prop_oneof![
            4 => Just(None),
            1 => "[ -~]{0,60}".prop_map(Some),
        ],
        content_type in prop::option::weighted(0.95, select(&[
            "application/x-amz-json-1.1",
            "application/x-amz-json-1.0",
            "APPLICATION/X-AMZ-JSON-1.1; charset=utf-8",
            "application/json",
            "text/plain",
            "",
        ][..])),
    ) {
        tick("the_http_front_door_answers_in_cognitos_shape");
        let f = fx();
        let target = target.unwrap_or_else(|| format!("AWSCognitoIdentityProviderService.{}", c.op));
        let (status, header, body) = f.rt.block_on(async {
            let mut req = f.pool.http.post(format!("{}/", f.pool.info.endpoint))
                .header("x-amz-target", target.as_str())
                .body(c.body.clone());
            if let Some(ct) = content_type {
                req = req.header("content-type", ct);
            }
            let resp = req.send().await.expect("send");
            let status = resp.status().as_u16();
            let header = resp.headers().get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok()).map(str::to_owned);
            (status, header, resp.bytes().await.expect("body"))
        });
        prop_assert!(status < 500, "{status}: {}", String::from_utf8_lossy(&body));
        let v: Value = serde_json::from_slice(&body)
            .map_err(|e| TestCaseError::fail(format!("answer is not JSON: {e}")))?;
        if status != 200 {
            prop_assert!(v["message"].is_string(), "{v}");
            prop_assert_eq!(header.as_deref(), v["__type"].as_str(), "{}", v);
        }
    }

    /// `parse_hex` takes exactly the non-empty strings of hex digits, and reads them right.
    #[test]
    fn parse_hex_is_total_and_exact(s in prop_oneof![
        any::<String>(),
        "[0-9a-fA-F]{0,800}",
        "[0-9a-fA-Fx+ -]{0,10}",
        select(fx().srp.clone()),
    ]) {
        tick("parse_hex_is_total_and_exact");
        let got = srp::parse_hex(&s);
        let hex = !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
        prop_assert_eq!(got.is_some(), hex);
        if let Some(v) = got {
            let digits = s.trim_start_matches('0').to_lowercase();
            let want = if digits.is_empty() { "0".to_owned() } else { digits };
            prop_assert_eq!(v.to_str_radix(16), want);
        }
    }

    /// A ≡ 0 mod N is refused by the pool (any multiple, leading zeros, any case), and by
    /// `verify_claim`; the client refuses B ≡ 0 mod N.
    #[test]
    fn a_zero_mod_n_is_refused(k in prop_oneof![Just(0u32), Just(1u32), 0u32..1 << 16], zeros in 0usize..4, upper: bool) {
        tick("a_zero_mod_n_is_refused");
        let a = srp::n() * k;
        let mut hex = format!("{}{}", "0".repeat(zeros), a.to_str_radix(16));
        if upper {
            hex = hex.to_uppercase();
        }
        let f = fx();
        let e = call("InitiateAuth", &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": f.client_id(),
            "AuthParameters": {"USERNAME": "fuzzjwt", "SRP_A": hex}})).unwrap_err();
        prop_assert_eq!(e.kind, "InvalidParameterException");
        let v = BigUint::from(7u32);
        prop_assert_eq!(
            srp::verify_claim(&v, &f.server, &a, "pool", "user", b"block", "ts", "AAAA"),
            Err(SrpError::AZero)
        );
        prop_assert_eq!(
            f.client.claim(&a, &v, "pool", "user", "pw").unwrap_err(),
            SrpError::BZero
        );
    }

    /// TIMESTAMP: any string parses or not without a panic; what the client writes, the pool
    /// reads back.
    #[test]
    fn timestamps_parse_strictly(s in prop_oneof![any::<String>(), "[A-Za-z]{3} [A-Za-z]{3} [0-9]{1,3} [0-9:]{8} UTC [0-9]{4}"], t in 0i64..253_402_300_800) {
        tick("timestamps_parse_strictly");
        let _ = srp::parse_timestamp(&s);
        prop_assert_eq!(srp::parse_timestamp(&srp::format_timestamp(t)), Some(t));
    }

    /// A token that is not one the pool issued never verifies: not as an ID token against the
    /// JWKS (`check_with_jwks`), not as an access token at the pool (GetUser).
    #[test]
    fn altered_tokens_never_verify(t in token()) {
        tick("altered_tokens_never_verify");
        let f = fx();
        let id = check_with_jwks(&f.jwks, &f.issuer, f.client_id(), &t, common::now());
        prop_assert_eq!(id.is_ok(), t == f.id_token, "{:?}", id);
        let body = json!({"AccessToken": t});
        let answer = call("GetUser", &body);
        prop_assert_eq!(answer.is_ok(), t == f.access_token);
        if let Err(e) = &answer {
            prop_assert!(
                ["NotAuthorizedException", "InvalidParameterException"].contains(&e.kind),
                "{}: {}", e.kind, e.message
            );
        }
        check_answer(&Case { op: "GetUser".into(), body: body.to_string().into_bytes() }, &answer)?;
    }

    /// Any JWKS (missing keys, wrong types) is handled without a panic and verifies nothing.
    #[test]
    fn odd_jwks_verify_nothing(jwks in prop_oneof![
        json_value(),
        json_value().prop_map(|k| json!({"keys": [k]})),
        (odd_string(), odd_string()).prop_map(|(n, e)| json!({"keys": [{"kid": kid(), "n": n, "e": e}]})),
    ]) {
        tick("odd_jwks_verify_nothing");
        let f = fx();
        prop_assert!(check_with_jwks(&jwks, &f.issuer, f.client_id(), &f.id_token, common::now()).is_err());
    }
}

proptest! {
    // Each case here costs a modpow or two (5 to 10 ms): a 64th of the cases (at least 16).
    #![proptest_config(config(64))]

    /// SRP_A: the pool answers a challenge exactly for a hex number of at most 770 digits that
    /// is not 0 mod N, and refuses anything else as an InvalidParameterException.
    #[test]
    fn srp_start_takes_exactly_valid_srp_a(a in srp_value()) {
        tick("srp_start_takes_exactly_valid_srp_a");
        let f = fx();
        let answer = call("InitiateAuth", &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": f.client_id(),
            "AuthParameters": {"USERNAME": "fuzzjwt", "SRP_A": a}}));
        let valid = a.len() <= 770 && srp::parse_hex(&a).is_some_and(|v| !(v % srp::n()).is_zero());
        match answer {
            Ok(text) => {
                prop_assert!(valid, "accepted {a}");
                let v: Value = serde_json::from_str(&text).expect("json");
                let p = &v["ChallengeParameters"];
                let b = srp::parse_hex(p["SRP_B"].as_str().unwrap_or_default());
                prop_assert!(b.is_some_and(|b| !(b % srp::n()).is_zero()));
                prop_assert!(srp::parse_hex(p["SALT"].as_str().unwrap_or_default()).is_some());
            }
            Err(e) => {
                prop_assert!(!valid, "refused {a}: {}", e.message);
                prop_assert_eq!(e.kind, "InvalidParameterException");
            }
        }
    }

    /// The client takes any SRP_B and SALT a server sends: refused unless both are hex and B is
    /// not 0 mod N, and never a panic.
    #[test]
    fn the_client_takes_any_srp_b_and_salt(b in srp_value(), salt in prop_oneof![srp_value(), "[0-9a-f]{0,64}"]) {
        tick("the_client_takes_any_srp_b_and_salt");
        let (Some(b), Some(salt)) = (srp::parse_hex(&b), srp::parse_hex(&salt)) else {
            return Ok(());
        };
        let claim = fx().client.claim(&b, &salt, "pool", "user", "pw");
        if (&b % srp::n()).is_zero() {
            prop_assert_eq!(claim.unwrap_err(), SrpError::BZero);
        } else {
            prop_assert!(claim.is_ok() || claim == Err(SrpError::UZero));
        }
    }
}

proptest! {
    // A pool made costs an RSA key (a quarter of a second): a 1024th of the cases (at least 16).
    #![proptest_config(config(1024))]

    /// CreateUserPool, fuzzed on its own for that cost.
    #[test]
    fn creating_a_pool_answers_any_body_in_cognitos_shape(c in case(SLOW_OPS.to_vec())) {
        tick("creating_a_pool_answers_any_body_in_cognitos_shape");
        let answer = fx().state().call(&c.op, &c.body);
        check_answer(&c, &answer)?;
    }
}

/// SRP values: the corpus, random numbers below N (valid), hex of any length, any string.
fn srp_value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(fx().srp.clone()),
        2 => proptest::collection::vec(any::<u8>(), 384)
            .prop_map(|b| (BigUint::from_bytes_be(&b) % srp::n()).to_str_radix(16)),
        1 => "[0-9a-fA-F]{1,780}",
        1 => any::<String>(),
    ]
}

fn kid() -> String {
    let (header, _) = fx().id_token.split_once('.').expect("jwt");
    let h: Value = serde_json::from_slice(&B64URL.decode(header).expect("b64")).expect("json");
    h["kid"].as_str().expect("kid").to_owned()
}

/// One edit of a token's text.
#[derive(Debug, Clone)]
enum TokenEdit {
    Flip(usize, char),
    Truncate(usize),
    Insert(usize, String),
    Delete(usize, usize),
    SwapSegments(usize, usize),
    /// Replace a segment with the base64url of a JSON value (a forged header or payload).
    Segment(usize, Value),
    /// Replace a claim of the payload, keeping the signature.
    Claim(String, Value),
}

fn token_edit() -> impl Strategy<Value = TokenEdit> {
    let b64_char = prop_oneof![
        select(&['A', 'a', 'Z', '0', '9', '-', '_', '.', '=', '+', '/', ' '][..]),
        any::<char>(),
    ];
    let claim = select(
        &[
            "exp",
            "iss",
            "token_use",
            "origin_jti",
            "username",
            "sub",
            "aud",
            "client_id",
            "kid",
            "alg",
        ][..],
    );
    prop_oneof![
        3 => (any::<usize>(), b64_char).prop_map(|(p, c)| TokenEdit::Flip(p, c)),
        1 => any::<usize>().prop_map(TokenEdit::Truncate),
        1 => (any::<usize>(), odd_string()).prop_map(|(p, s)| TokenEdit::Insert(p, s)),
        1 => (any::<usize>(), 1usize..40).prop_map(|(p, n)| TokenEdit::Delete(p, n)),
        1 => (0usize..3, 0usize..3).prop_map(|(a, b)| TokenEdit::SwapSegments(a, b)),
        1 => (0usize..3, json_value()).prop_map(|(i, v)| TokenEdit::Segment(i, v)),
        2 => (claim, json_value()).prop_map(|(k, v)| TokenEdit::Claim(k.to_owned(), v)),
    ]
}

fn apply_token_edit(t: &str, e: &TokenEdit) -> String {
    let chars: Vec<char> = t.chars().collect();
    let at = |p: usize| {
        if chars.is_empty() {
            0
        } else {
            p % (chars.len() + 1)
        }
    };
    let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
    match e {
        TokenEdit::Flip(p, c) => {
            let mut chars = chars.clone();
            if !chars.is_empty() {
                let i = p % chars.len();
                chars[i] = *c;
            }
            chars.into_iter().collect()
        }
        TokenEdit::Truncate(p) => chars[..at(*p)].iter().collect(),
        TokenEdit::Insert(p, s) => {
            let i = at(*p);
            let mut out: String = chars[..i].iter().collect();
            out.push_str(s);
            out.extend(&chars[i..]);
            out
        }
        TokenEdit::Delete(p, n) => {
            let i = at(*p);
            let end = (i + n).min(chars.len());
            chars[..i].iter().chain(&chars[end..]).collect()
        }
        TokenEdit::SwapSegments(a, b) => {
            if *a < parts.len() && *b < parts.len() {
                parts.swap(*a, *b);
            }
            parts.join(".")
        }
        TokenEdit::Segment(i, v) => {
            while parts.len() <= *i {
                parts.push(String::new());
            }
            parts[*i] = B64URL.encode(v.to_string());
            parts.join(".")
        }
        TokenEdit::Claim(k, v) => {
            let Some(mut claims) = parts
                .get(1)
                .and_then(|p| B64URL.decode(p).ok())
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                .filter(Value::is_object)
            else {
                return t.to_owned();
            };
            claims[k.as_str()] = v.clone();
            parts[1] = B64URL.encode(claims.to_string());
            parts.join(".")
        }
    }
}

/// The corpus tokens (the pool's own two among them), with up to three edits.
fn token() -> impl Strategy<Value = String> {
    let seeds = fx().tokens.clone();
    (select(seeds), prop::collection::vec(token_edit(), 0..3))
        .prop_map(|(seed, edits)| edits.iter().fold(seed, |t, e| apply_token_edit(&t, e)))
}

/// Every corpus entry as it is, through the operations and through HTTP.
#[test]
fn the_corpus_replays_cleanly() {
    let f = fx();
    for seed in &f.wire {
        let body = match &seed.body {
            Ok(v) => v.to_string().into_bytes(),
            Err(raw) => raw.clone().into_bytes(),
        };
        let c = Case {
            op: seed.op.clone(),
            body,
        };
        let answer = f.state().call(&c.op, &c.body);
        check_answer(&c, &answer).unwrap_or_else(|e| panic!("{c:?}: {e}"));
    }
    for t in &f.tokens {
        let id = check_with_jwks(&f.jwks, &f.issuer, f.client_id(), t, common::now());
        assert_eq!(id.is_ok(), *t == f.id_token, "{t}");
        let answer = call("GetUser", &json!({"AccessToken": t}));
        assert_eq!(answer.is_ok(), *t == f.access_token, "{t}");
    }
    for a in &f.srp {
        let _ = srp::parse_hex(a);
    }
}

/// A token signed with HS256 using the pool's public key as the HMAC secret (the classic
/// algorithm confusion) is refused by both checks.
#[test]
fn an_hs256_token_keyed_with_the_public_key_is_refused() {
    let f = fx();
    let (_, rest) = f.id_token.split_once('.').expect("jwt");
    let (payload, _) = rest.split_once('.').expect("jwt");
    let claims: Value =
        serde_json::from_slice(&B64URL.decode(payload).expect("b64")).expect("json");
    let n = f.jwks["keys"][0]["n"].as_str().expect("n");
    let secrets = [
        n.as_bytes().to_vec(),
        B64URL.decode(n).expect("n bytes"),
        f.jwks["keys"][0].to_string().into_bytes(),
    ];
    for secret in secrets {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(kid());
        let forged = jsonwebtoken::encode(
            &header,
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(&secret),
        )
        .expect("sign");
        assert!(
            check_with_jwks(&f.jwks, &f.issuer, f.client_id(), &forged, common::now()).is_err()
        );
        let mut access = claims.clone();
        access["token_use"] = json!("access");
        let forged_access = jsonwebtoken::encode(
            &header,
            &access,
            &jsonwebtoken::EncodingKey::from_secret(&secret),
        )
        .expect("sign");
        let e = call("GetUser", &json!({"AccessToken": forged_access})).unwrap_err();
        assert_eq!(e.kind, "NotAuthorizedException");
    }
}
