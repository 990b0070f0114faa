//! Unknown users look like known ones (PreventUserExistenceErrors): the same SALT every time, a
//! USER_ID_FOR_SRP of a known user's form, a lockout after the same wrong tries, and the code
//! operations answering as for a user with a wrong code. A LEGACY client still says
//! UserNotFoundException.

mod common;

use common::start;
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";

#[tokio::test]
async fn an_unknown_name_gets_a_stable_challenge_shaped_like_a_real_one() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let cid = p.info.client_id.clone();
    let (known, _) = p.srp_start(&cid, "alice@example.com", &[]).await.unwrap();
    let (first, _) = p.srp_start(&cid, "nobody@example.com", &[]).await.unwrap();
    let (second, _) = p.srp_start(&cid, "NOBODY@example.com", &[]).await.unwrap();
    let params =
        |v: &serde_json::Value, k: &str| v["ChallengeParameters"][k].as_str().unwrap().to_owned();
    assert_eq!(
        params(&first, "SALT"),
        params(&second, "SALT"),
        "the same SALT every time"
    );
    assert_eq!(
        params(&first, "USER_ID_FOR_SRP"),
        params(&second, "USER_ID_FOR_SRP")
    );
    // A known email alias maps to the internal username; an unknown one is not echoed back.
    assert_eq!(params(&known, "USER_ID_FOR_SRP"), "alice");
    let fake_id = params(&first, "USER_ID_FOR_SRP");
    assert!(!fake_id.contains('@'), "{fake_id}");
    assert!(
        (params(&first, "SALT").len() as i64 - params(&known, "SALT").len() as i64).abs() <= 2,
        "salts of the same size"
    );
}

#[tokio::test]
async fn an_unknown_name_is_locked_out_like_a_user() {
    let p = start().await;
    p.confirmed_user("bob", "bob@example.com", PW).await;
    let login = |u: &str| {
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id,
               "AuthParameters": {"USERNAME": u, "PASSWORD": "Wrong-Passw0rd!"}})
    };
    for name in ["bob", "nobody"] {
        let mut messages = Vec::new();
        for _ in 0..7 {
            messages.push(
                p.call("InitiateAuth", login(name))
                    .await
                    .unwrap_err()
                    .message,
            );
        }
        assert!(
            messages[..5]
                .iter()
                .all(|m| m == "Incorrect username or password."),
            "{name}: {messages:?}"
        );
        assert!(
            messages[5..]
                .iter()
                .all(|m| m == "Password attempts exceeded"),
            "{name}: {messages:?}"
        );
    }
}

#[tokio::test]
async fn code_operations_answer_unknown_users_as_known_ones() {
    let p = start().await;
    let cid = p.info.client_id.clone();
    let resent = p
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": cid, "Username": "nobody"}),
        )
        .await
        .expect("a simulated delivery");
    assert_eq!(resent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let again = p
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": cid, "Username": "nobody"}),
        )
        .await
        .unwrap();
    assert_eq!(resent, again, "the same simulated destination every time");
    let forgot = p
        .call(
            "ForgotPassword",
            json!({"ClientId": cid, "Username": "nobody"}),
        )
        .await
        .unwrap();
    assert_eq!(forgot["CodeDeliveryDetails"]["AttributeName"], "email");

    let confirm = json!({"ClientId": cid, "Username": "nobody", "ConfirmationCode": "123456"});
    let err = p.call("ConfirmSignUp", confirm).await.unwrap_err();
    assert_eq!(err.kind, "CodeMismatchException");
    let reset = json!({"ClientId": cid, "Username": "ghost", "ConfirmationCode": "123456",
                       "Password": "Attack3r-Passw0rd!"});
    let mut kinds = Vec::new();
    for _ in 0..7 {
        kinds.push(
            p.call("ConfirmForgotPassword", reset.clone())
                .await
                .unwrap_err()
                .kind,
        );
    }
    assert!(
        kinds[..5].iter().all(|k| k == "CodeMismatchException"),
        "{kinds:?}"
    );
    assert!(
        kinds[5..].iter().all(|k| k == "LimitExceededException"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn a_legacy_client_says_user_not_found() {
    let p = start().await;
    let client = p
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": p.info.user_pool_id, "ClientName": "legacy",
                   "PreventUserExistenceErrors": "LEGACY",
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await
        .unwrap();
    let cid = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    for (op, body) in [
        (
            "ResendConfirmationCode",
            json!({"ClientId": cid, "Username": "nobody"}),
        ),
        (
            "ForgotPassword",
            json!({"ClientId": cid, "Username": "nobody"}),
        ),
        (
            "ConfirmSignUp",
            json!({"ClientId": cid, "Username": "nobody", "ConfirmationCode": "1"}),
        ),
    ] {
        let err = p.call(op, body).await.unwrap_err();
        assert_eq!(err.kind, "UserNotFoundException", "{op}");
    }
}
