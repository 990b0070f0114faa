//! SRP sign-in against the local pool: what is refused, and how.
#![cfg(feature = "local")]

mod common;

use cogtui::cognito::secret_hash;
use cogtui::srp;
use common::{now, start};
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";

#[tokio::test]
async fn wrong_password_and_unknown_user_are_refused_alike() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let err = p.srp_login("alice", "Wr0ng-Horse!").await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "Incorrect username or password.");
    // An unknown user gets a challenge too (no user enumeration), then the same refusal.
    let err = p.srp_login("mallory", PW).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "Incorrect username or password.");
    assert!(p.srp_login("alice", PW).await.is_ok());
}

#[tokio::test]
async fn srp_a_that_is_zero_mod_n_or_not_hex_is_refused() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let n = srp::n();
    for a in [
        "0".to_owned(),
        "00".to_owned(),
        n.to_str_radix(16),
        (n * 3u32).to_str_radix(16),
        "xyz".to_owned(),
        "".to_owned(),
        "-1".to_owned(),
    ] {
        let err = p
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": p.info.client_id,
                       "AuthParameters": {"USERNAME": "alice", "SRP_A": a}}),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException", "SRP_A={a}");
    }
}

#[tokio::test]
async fn a_session_is_single_use_and_expires() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let cid = p.info.client_id.clone();

    let (ch, eph) = p.srp_start(&cid, "alice", &[]).await.unwrap();
    let answer = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now()));
    p.verify(&cid, &ch, answer.clone()).await.unwrap();
    let err = p.verify(&cid, &ch, answer).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert!(err.message.contains("session"), "{}", err.message);

    // Four minutes later the session is stale, even with a proof made for that moment.
    let (ch, eph) = p.srp_start(&cid, "alice", &[]).await.unwrap();
    p.advance_clock(4 * 60).await;
    let answer = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now() + 4 * 60));
    let err = p.verify(&cid, &ch, answer).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert!(err.message.contains("expired"), "{}", err.message);
}

#[tokio::test]
async fn an_answer_without_session_is_found_by_its_secret_block() {
    // pycognito and older SDKs answer PASSWORD_VERIFIER without the Session.
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let cid = p.info.client_id.clone();
    let (ch, eph) = p.srp_start(&cid, "alice", &[]).await.unwrap();
    let answer = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now()));
    let resp = p
        .respond(&cid, "PASSWORD_VERIFIER", None, answer)
        .await
        .unwrap();
    assert!(resp["AuthenticationResult"]["IdToken"].is_string());
}

#[tokio::test]
async fn timestamps_must_be_well_formed_and_recent() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let cid = p.info.client_id.clone();
    let t = now();
    for (ts, kind) in [
        (
            "2026-11-05T09:04:07Z".to_owned(),
            "InvalidParameterException",
        ),
        (
            "Thu Nov 05 09:04:07 UTC 2026".to_owned(),
            "InvalidParameterException",
        ),
        (
            "Thu Nov 5 09:04:07 UTC 2026 ".to_owned(),
            "InvalidParameterException",
        ),
        (srp::format_timestamp(t - 10 * 60), "NotAuthorizedException"),
        (srp::format_timestamp(t + 10 * 60), "NotAuthorizedException"),
    ] {
        let (ch, eph) = p.srp_start(&cid, "alice", &[]).await.unwrap();
        let answer = p.srp_answer(&ch, &eph, PW, &ts);
        let err = p.verify(&cid, &ch, answer).await.unwrap_err();
        assert_eq!(err.kind, kind, "TIMESTAMP {ts}");
    }
}

#[tokio::test]
async fn a_proof_for_another_user_is_refused() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    p.confirmed_user("bob", "bob@example.com", "B0b-Password!")
        .await;
    let cid = p.info.client_id.clone();
    // Bob's challenge, answered with Bob's password but claiming to be Alice.
    let (ch, eph) = p.srp_start(&cid, "bob", &[]).await.unwrap();
    let mut answer = p.srp_answer(&ch, &eph, "B0b-Password!", &srp::format_timestamp(now()));
    answer["USERNAME"] = json!("alice");
    let err = p.verify(&cid, &ch, answer).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    // Alice's challenge answered with a signature computed for user id "bob".
    let (mut ch, eph) = p.srp_start(&cid, "alice", &[]).await.unwrap();
    ch["ChallengeParameters"]["USER_ID_FOR_SRP"] = json!("bob");
    let mut answer = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now()));
    answer["USERNAME"] = json!("alice");
    let err = p.verify(&cid, &ch, answer).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_user_out_for_a_while() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    for _ in 0..5 {
        let err = p.srp_login("alice", "Wr0ng-Horse!").await.unwrap_err();
        assert_eq!(err.message, "Incorrect username or password.");
    }
    // Locked: even the right password is refused now.
    let err = p.srp_login("alice", PW).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "Password attempts exceeded");
    let err = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.message, "Password attempts exceeded");
    p.advance_clock(61).await;
    // Sign-in now needs a proof made for the moved clock.
    let cid = p.info.client_id.clone();
    let (ch, eph) = p.srp_start(&cid, "alice", &[]).await.unwrap();
    let answer = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now() + 61));
    p.verify(&cid, &ch, answer).await.unwrap();
}

#[tokio::test]
async fn the_secret_client_demands_a_correct_secret_hash_at_every_step() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let cid = p.info.client_id_with_secret.clone();
    let secret = p.info.client_secret.clone();

    let err = p.srp_start(&cid, "alice", &[]).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert!(err.message.contains("configured for secret"));
    let wrong = secret_hash("not-the-secret", "alice", &cid);
    let err = p
        .srp_start(&cid, "alice", &[("SECRET_HASH", wrong)])
        .await
        .unwrap_err();
    assert!(err.message.contains("Unable to verify secret hash"));

    // Sign in by the email alias: the first step hashes what was typed, the answer the
    // internal username.
    let first = secret_hash(&secret, "alice@example.com", &cid);
    let (ch, eph) = p
        .srp_start(&cid, "alice@example.com", &[("SECRET_HASH", first)])
        .await
        .unwrap();
    assert_eq!(ch["ChallengeParameters"]["USER_ID_FOR_SRP"], "alice");
    let mut answer = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now()));
    let no_hash = answer.clone();
    answer["SECRET_HASH"] = json!(secret_hash(&secret, "alice", &cid));
    let err = p.verify(&cid, &ch, no_hash).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    let (ch, eph) = p
        .srp_start(
            &cid,
            "alice",
            &[("SECRET_HASH", secret_hash(&secret, "alice", &cid))],
        )
        .await
        .unwrap();
    let mut answer2 = p.srp_answer(&ch, &eph, PW, &srp::format_timestamp(now()));
    answer2["SECRET_HASH"] = answer["SECRET_HASH"].clone();
    let resp = p.verify(&cid, &ch, answer2).await.unwrap();
    let refresh = resp["AuthenticationResult"]["RefreshToken"]
        .as_str()
        .unwrap();
    let refreshed = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": cid,
                   "AuthParameters": {"REFRESH_TOKEN": refresh,
                                      "SECRET_HASH": secret_hash(&secret, "alice", &cid)}}),
        )
        .await
        .unwrap();
    assert!(refreshed["AuthenticationResult"]["AccessToken"].is_string());
}

#[tokio::test]
async fn explicit_auth_flows_are_enforced() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let client = p
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": p.info.user_pool_id, "ClientName": "srp-only",
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]}),
        )
        .await
        .unwrap();
    let cid = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    let err = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": cid,
                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    assert!(err.message.contains("USER_PASSWORD_AUTH flow not enabled"));
    assert!(p.srp_start(cid, "alice", &[]).await.is_ok());
    // USER_PASSWORD_AUTH where it is allowed checks the password like SRP does.
    let ok = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "alice@example.com", "PASSWORD": PW}}),
        )
        .await
        .unwrap();
    assert!(ok["AuthenticationResult"]["IdToken"].is_string());
}
