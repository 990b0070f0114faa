//! Bad input to the local pool gets Cognito-shaped 4xx errors: never a 500, never a panic,
//! never the secret it was sent echoed back.
#![cfg(feature = "local")]

mod common;

use common::start;
use serde_json::json;

const IDP: &str = "AWSCognitoIdentityProviderService";

#[tokio::test]
async fn malformed_bodies_and_targets() {
    let p = start().await;
    let sign_up = format!("{IDP}.SignUp");
    let cases: Vec<(Option<String>, Vec<u8>, &str)> = vec![
        (
            Some(sign_up.clone()),
            b"{not json".to_vec(),
            "SerializationException",
        ),
        (
            Some(sign_up.clone()),
            b"[1,2,3]".to_vec(),
            "SerializationException",
        ),
        (
            Some(sign_up.clone()),
            vec![0xff, 0xfe, 0x00],
            "SerializationException",
        ),
        (
            Some(sign_up.clone()),
            br#"{"ClientId": 5, "Username": "u", "Password": "Secret-Passw0rd!"}"#.to_vec(),
            "SerializationException",
        ),
        (
            Some(sign_up.clone()),
            br#"{"ClientId": "c", "Username": ["u"], "Password": "Secret-Passw0rd!"}"#.to_vec(),
            "SerializationException",
        ),
        (
            Some(sign_up.clone()),
            br#"{"ClientId": "c", "Password": "Secret-Passw0rd!"}"#.to_vec(),
            "InvalidParameterException",
        ),
        (
            Some(sign_up.clone()),
            b"".to_vec(),
            "InvalidParameterException",
        ),
        (None, b"{}".to_vec(), "UnknownOperationException"),
        (
            Some("Nope".into()),
            b"{}".to_vec(),
            "UnknownOperationException",
        ),
        (
            Some(format!("{IDP}.DropTables")),
            b"{}".to_vec(),
            "UnknownOperationException",
        ),
        (
            Some("AWSCognitoIdentityService.DropTables".into()),
            b"{}".to_vec(),
            "UnknownOperationException",
        ),
        (
            Some("AWSCognitoIdentityService.GetId".into()),
            b"{}".to_vec(),
            "InvalidParameterException",
        ),
    ];
    for (target, body, kind) in cases {
        let err = p.raw(target.as_deref(), body.clone()).await.unwrap_err();
        assert_eq!(
            err.kind,
            kind,
            "{target:?} {}",
            String::from_utf8_lossy(&body)
        );
        assert_eq!(err.status, 400);
        assert!(!err.message.contains("Secret-Passw0rd!"), "{}", err.message);
    }
    let err = p
        .raw(
            Some(&sign_up),
            br#"{"ClientId": "c", "Password": "x"}"#.to_vec(),
        )
        .await
        .unwrap_err();
    assert!(err.message.contains("'Username'"), "{}", err.message);
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_refused() {
    let p = start().await;
    let big = json!({"ClientId": "x".repeat(1 << 20), "Username": "u", "Password": "p"});
    let err = p.call("SignUp", big).await.unwrap_err();
    assert_eq!(err.status, 413);
    assert_eq!(err.kind, "SerializationException");
    // The pool still answers afterwards.
    let err = p
        .call(
            "SignUp",
            json!({"ClientId": "x", "Username": "u", "Password": "p"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "ResourceNotFoundException");
}

#[tokio::test]
async fn wrong_auth_inputs() {
    let p = start().await;
    let cid = p.info.client_id.clone();
    let init = |flow: &str, params: serde_json::Value| json!({"AuthFlow": flow, "ClientId": cid, "AuthParameters": params});
    for (body, kind) in [
        (
            init("USER_SRP_AUTH", json!({})),
            "InvalidParameterException",
        ),
        (
            init("USER_SRP_AUTH", json!({"USERNAME": "a"})),
            "InvalidParameterException",
        ),
        (init("NO_SUCH_FLOW", json!({})), "InvalidParameterException"),
        (
            init("CUSTOM_AUTH", json!({"USERNAME": "a"})),
            "InvalidParameterException",
        ),
        (
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "missing",
                   "AuthParameters": {"USERNAME": "a", "SRP_A": "abc"}}),
            "ResourceNotFoundException",
        ),
    ] {
        let err = p.call("InitiateAuth", body.clone()).await.unwrap_err();
        assert_eq!(err.kind, kind, "{body}");
    }
    for (body, kind) in [
        (
            json!({"ClientId": cid, "ChallengeName": "PASSWORD_VERIFIER",
                   "ChallengeResponses": {"USERNAME": "a"}}),
            "InvalidParameterException",
        ),
        (
            json!({"ClientId": cid, "ChallengeName": "PASSWORD_VERIFIER", "Session": "made-up",
                   "ChallengeResponses": {"USERNAME": "a"}}),
            "NotAuthorizedException",
        ),
    ] {
        let err = p
            .call("RespondToAuthChallenge", body.clone())
            .await
            .unwrap_err();
        assert_eq!(err.kind, kind, "{body}");
    }
}

#[tokio::test]
async fn local_helpers_refuse_junk() {
    let p = start().await;
    let r = p
        .http
        .post(format!("{}/_local/clock", p.info.endpoint))
        .body("soon")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = p
        .http
        .get(format!(
            "{}/us-east-1_nope/.well-known/jwks.json",
            p.info.endpoint
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = p
        .http
        .get(format!(
            "{}/{}/.well-known/openid-configuration",
            p.info.endpoint, p.info.user_pool_id
        ))
        .send()
        .await
        .unwrap();
    let conf: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        conf["issuer"],
        format!("{}/{}", p.info.endpoint, p.info.user_pool_id)
    );
    assert_eq!(
        conf["jwks_uri"],
        format!(
            "{}/{}/.well-known/jwks.json",
            p.info.endpoint, p.info.user_pool_id
        )
    );
}

/// serde fills a struct from a list by position; Cognito takes only an object. (Found by
/// `tests/fuzz_wire.rs`: `["id"]` described the pool `id`.)
#[tokio::test]
async fn a_list_is_not_a_request() {
    let p = start().await;
    let err = p
        .admin("DescribeUserPool", json!([p.info.user_pool_id]))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "SerializationException");
    let err = p
        .call(
            "InitiateAuth",
            json!(["USER_PASSWORD_AUTH", p.info.client_id, {"USERNAME": "u", "PASSWORD": "p"}]),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "SerializationException");
}
