//! CUSTOM_AUTH on the local pool through DefineAuthChallenge, CreateAuthChallenge and
//! VerifyAuthChallengeResponse handler files (Node and Python): with and without SRP_A, for an
//! unknown name, and driven by AWS's amazon-cognito-identity-js.
#![cfg(feature = "local")]

mod common;
#[path = "triggers/support.rs"]
mod support;

use common::{TestPool, start};
use serde_json::{Value, json};
use support::{claims, dir, need, node, python, set_triggers};

async fn custom_auth_pool() -> TestPool {
    need("node");
    need("python3");
    let p = start().await;
    p.confirmed_user("ivy", "ivy@example.com", "Passw0rd!x")
        .await;
    set_triggers(
        &p,
        json!({
            "DefineAuthChallenge": node("define_auth_challenge.js"),
            "CreateAuthChallenge": node("create_auth_challenge.js"),
            "VerifyAuthChallengeResponse": python("verify_auth_challenge_response.py"),
        }),
    )
    .await;
    p.admin(
        "UpdateUserPoolClient",
        json!({"UserPoolId": p.info.user_pool_id, "ClientId": p.info.client_id,
               "ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    )
    .await
    .expect("client allows CUSTOM_AUTH");
    p
}

async fn answer(p: &TestPool, challenge: &Value, answer: &str) -> Result<Value, common::ApiErr> {
    p.call(
        "RespondToAuthChallenge",
        json!({"ClientId": p.info.client_id, "ChallengeName": "CUSTOM_CHALLENGE",
               "Session": challenge["Session"],
               "ChallengeResponses": {"USERNAME": challenge["ChallengeParameters"]["USERNAME"],
                                      "ANSWER": answer}}),
    )
    .await
}

#[tokio::test]
#[ignore = "runs Lambda handlers with node and python3: install them (apt-get install nodejs python3); CI runs it"]
async fn custom_auth_runs_end_to_end_through_the_three_triggers() {
    let p = custom_auth_pool().await;
    let start = || {
        p.call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "ivy"}}),
        )
    };
    let first = start().await.expect("challenge");
    assert_eq!(first["ChallengeName"], "CUSTOM_CHALLENGE");
    let params = &first["ChallengeParameters"];
    assert_eq!(params["question"], "What colour is the sky?");
    assert_eq!(params["attempt"], "1");
    assert_eq!(params["USERNAME"], "ivy");
    assert!(
        !first.to_string().contains("blue"),
        "private parameters stay private"
    );
    let second = answer(&p, &first, "green").await.expect("another try");
    assert_eq!(second["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(second["ChallengeParameters"]["attempt"], "2");
    let done = answer(&p, &second, "blue").await.expect("tokens");
    let id = claims(&p, &done, "IdToken").await;
    assert_eq!(id["cognito:username"], "ivy");
    // A used session is gone; three wrong answers end the sign-in.
    assert_eq!(
        answer(&p, &second, "blue").await.unwrap_err().kind,
        "NotAuthorizedException"
    );
    let mut c = start().await.expect("challenge");
    for _ in 0..2 {
        c = answer(&p, &c, "red").await.expect("another try");
    }
    let err = answer(&p, &c, "red").await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "Incorrect username or password.");
}

#[tokio::test]
#[ignore = "runs Lambda handlers with node and python3: install them (apt-get install nodejs python3); CI runs it"]
async fn custom_auth_for_an_unknown_name_looks_the_same_and_never_gives_tokens() {
    let p = custom_auth_pool().await;
    let c = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "nobody"}}),
        )
        .await
        .expect("a challenge, as for a user (PreventUserExistenceErrors)");
    assert_eq!(c["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(
        c["ChallengeParameters"]["question"],
        "What colour is the sky?"
    );
    let err = answer(&p, &c, "blue").await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "Incorrect username or password.");
}

#[tokio::test]
#[ignore = "runs Lambda handlers with node and python3: install them (apt-get install nodejs python3); CI runs it"]
async fn custom_auth_with_srp_a_asks_for_the_password_then_the_custom_challenge() {
    use cogtui::srp::{ClientEphemeral, format_timestamp};
    let p = custom_auth_pool().await;
    set_triggers(
        &p,
        json!({
            "DefineAuthChallenge": node("define_auth_challenge_srp.js"),
            "CreateAuthChallenge": node("create_auth_challenge.js"),
            "VerifyAuthChallengeResponse": python("verify_auth_challenge_response.py"),
        }),
    )
    .await;
    let cid = p.info.client_id.clone();
    let begin = |eph: &ClientEphemeral| {
        p.call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": cid,
                   "AuthParameters": {"USERNAME": "ivy", "SRP_A": eph.public_hex(),
                                      "CHALLENGE_NAME": "SRP_A"}}),
        )
    };
    let eph = ClientEphemeral::generate();
    let verifier = begin(&eph).await.expect("password challenge");
    assert_eq!(verifier["ChallengeName"], "PASSWORD_VERIFIER");
    let proof = p.srp_answer(
        &verifier,
        &eph,
        "Passw0rd!x",
        &format_timestamp(common::now()),
    );
    let custom = p
        .verify(&cid, &verifier, proof)
        .await
        .expect("custom challenge");
    assert_eq!(custom["ChallengeName"], "CUSTOM_CHALLENGE");
    // The password step is in the session CreateAuthChallenge saw.
    assert_eq!(custom["ChallengeParameters"]["attempt"], "3");
    let done = answer(&p, &custom, "blue").await.expect("tokens");
    assert_eq!(
        claims(&p, &done, "IdToken").await["cognito:username"],
        "ivy"
    );
    // A wrong password never reaches the custom challenge.
    let eph = ClientEphemeral::generate();
    let verifier = begin(&eph).await.expect("password challenge");
    let proof = p.srp_answer(
        &verifier,
        &eph,
        "Wrong-Passw0rd",
        &format_timestamp(common::now()),
    );
    let err = p.verify(&cid, &verifier, proof).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
}

/// Runs tests/triggers/sdk_custom_auth.mjs (AWS's amazon-cognito-identity-js) against the pool.
async fn sdk_custom_auth(p: &TestPool, mode: &str) -> Value {
    let server = json!({"endpoint": p.info.endpoint, "user_pool_id": p.info.user_pool_id,
                        "client_id": p.info.client_id})
    .to_string();
    let mode = mode.to_owned();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(format!("{}/sdk_custom_auth.mjs", dir()))
            .env("COGTUI_LOCAL", server)
            .env("USERNAME", "ivy")
            .env("PASSWORD", "Passw0rd!x")
            .env("MODE", mode)
            .output()
    })
    .await
    .expect("join")
    .expect("node runs");
    assert!(
        out.status.success(),
        "the SDK's sign-in failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the script's JSON line")
}

#[tokio::test]
#[ignore = "needs node and amazon-cognito-identity-js: bash tests/interop/install.sh"]
async fn aws_sdk_signs_in_with_custom_auth_with_and_without_srp() {
    let p = custom_auth_pool().await;
    let done = sdk_custom_auth(&p, "custom").await;
    assert_eq!(done["username"], "ivy");
    let asked = done["challenges"].as_array().expect("challenges");
    assert_eq!(asked.len(), 2, "a wrong answer, then the right one: {done}");
    assert_eq!(asked[0]["question"], "What colour is the sky?");
    set_triggers(
        &p,
        json!({
            "DefineAuthChallenge": node("define_auth_challenge_srp.js"),
            "CreateAuthChallenge": node("create_auth_challenge.js"),
            "VerifyAuthChallengeResponse": python("verify_auth_challenge_response.py"),
        }),
    )
    .await;
    let done = sdk_custom_auth(&p, "srp").await;
    assert_eq!(done["username"], "ivy");
    let asked = done["challenges"].as_array().expect("challenges");
    assert_eq!(asked.len(), 1, "{done}");
    assert_eq!(
        asked[0]["attempt"], "3",
        "SRP_A and PASSWORD_VERIFIER came first: {done}"
    );
}
