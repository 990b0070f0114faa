//! Codes cannot be guessed: a code burns after a few wrong tries (LimitExceededException until
//! a new one is requested), and requesting codes is rate-limited per user.

mod common;

use common::{TestPool, start};
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";

fn other_than(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

/// Sends 30 wrong codes, then the right one; returns the kinds of the answers.
async fn thirty_wrong_then_right(
    p: &TestPool,
    op: &str,
    body: impl Fn(&str) -> serde_json::Value,
    right: &str,
) -> (Vec<String>, Result<serde_json::Value, common::ApiErr>) {
    let wrong = other_than(right);
    let mut kinds = Vec::new();
    for _ in 0..30 {
        kinds.push(p.call(op, body(&wrong)).await.unwrap_err().kind);
    }
    (kinds, p.call(op, body(right)).await)
}

fn assert_burned(kinds: &[String], last: &Result<serde_json::Value, common::ApiErr>) {
    assert!(
        kinds[..5].iter().all(|k| k == "CodeMismatchException"),
        "{kinds:?}"
    );
    assert!(
        kinds[5..].iter().all(|k| k == "LimitExceededException"),
        "{kinds:?}"
    );
    let err = last
        .as_ref()
        .expect_err("the right code after 30 wrong ones is refused");
    assert_eq!(err.kind, "LimitExceededException");
    assert_eq!(
        err.message,
        "Attempt limit exceeded, please try after some time."
    );
}

#[tokio::test]
async fn a_reset_code_burns_after_five_wrong_guesses() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let forgot = json!({"ClientId": p.info.client_id, "Username": "alice"});
    p.call("ForgotPassword", forgot.clone()).await.unwrap();
    let code = p.code_for("alice", "forgot_password").await;
    let body = |c: &str| {
        json!({"ClientId": p.info.client_id, "Username": "alice", "ConfirmationCode": c,
               "Password": "Attack3r-Passw0rd!"})
    };
    let (kinds, last) = thirty_wrong_then_right(&p, "ConfirmForgotPassword", body, &code).await;
    assert_burned(&kinds, &last);
    // The attacker's password did not take; the old one still works.
    assert!(p.srp_login("alice", "Attack3r-Passw0rd!").await.is_err());
    p.srp_login("alice", PW).await.unwrap();

    // A fresh code works.
    p.call("ForgotPassword", forgot).await.unwrap();
    let fresh = p.code_for("alice", "forgot_password").await;
    p.call("ConfirmForgotPassword", body(&fresh)).await.unwrap();
    p.srp_login("alice", "Attack3r-Passw0rd!").await.unwrap();
}

#[tokio::test]
async fn a_sign_up_code_burns_after_five_wrong_guesses() {
    let p = start().await;
    p.sign_up("bob", "bob@example.com", PW).await;
    let code = p.code_for("bob", "sign_up").await;
    let body =
        |c: &str| json!({"ClientId": p.info.client_id, "Username": "bob", "ConfirmationCode": c});
    let (kinds, last) = thirty_wrong_then_right(&p, "ConfirmSignUp", body, &code).await;
    assert_burned(&kinds, &last);
    p.call(
        "ResendConfirmationCode",
        json!({"ClientId": p.info.client_id, "Username": "bob"}),
    )
    .await
    .unwrap();
    let fresh = p.code_for("bob", "resend").await;
    p.call("ConfirmSignUp", body(&fresh)).await.unwrap();
    p.srp_login("bob", PW).await.unwrap();
}

#[tokio::test]
async fn an_attribute_code_burns_after_five_wrong_guesses() {
    let p = start().await;
    p.confirmed_user("carol", "carol@example.com", PW).await;
    let token = p.srp_login("carol", PW).await.unwrap()["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    p.call(
        "UpdateUserAttributes",
        json!({"AccessToken": token, "UserAttributes": [{"Name": "email", "Value": "new@example.com"}]}),
    )
    .await
    .unwrap();
    let code = p.code_for("carol", "verify_email").await;
    let body = |c: &str| json!({"AccessToken": token, "AttributeName": "email", "Code": c});
    let (kinds, last) = thirty_wrong_then_right(&p, "VerifyUserAttribute", body, &code).await;
    assert_burned(&kinds, &last);
    p.call(
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": token, "AttributeName": "email"}),
    )
    .await
    .unwrap();
    let fresh = p.code_for("carol", "verify_email").await;
    p.call("VerifyUserAttribute", body(&fresh)).await.unwrap();
}

#[tokio::test]
async fn requesting_codes_is_rate_limited_per_user() {
    let p = start().await;
    p.confirmed_user("dave", "dave@example.com", PW).await;
    p.confirmed_user("erin", "erin@example.com", PW).await;
    let forgot = |u: &str| json!({"ClientId": p.info.client_id, "Username": u});
    // The sign-up code counted as one request: nine more fit in the hour.
    for _ in 0..9 {
        p.call("ForgotPassword", forgot("dave")).await.unwrap();
    }
    let err = p.call("ForgotPassword", forgot("dave")).await.unwrap_err();
    assert_eq!(err.kind, "LimitExceededException");
    // Another user is not affected; an hour later dave may ask again.
    p.call("ForgotPassword", forgot("erin")).await.unwrap();
    p.advance_clock(3601).await;
    p.call("ForgotPassword", forgot("dave")).await.unwrap();
}
