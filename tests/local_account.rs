//! Tokens and the signed-in account on the local pool: refresh, GetUser, attributes,
//! passwords, sign-out and revocation.
#![cfg(feature = "local")]

mod common;

use common::{TestPool, start};
use serde_json::{Value, json};

const PW: &str = "Corr3ct-Horse!";

async fn signed_in(p: &TestPool) -> Value {
    p.confirmed_user("alice", "alice@example.com", PW).await;
    p.srp_login("alice", PW).await.unwrap()["AuthenticationResult"].clone()
}

fn refresh_body(p: &TestPool, token: &Value) -> Value {
    json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": p.info.client_id,
           "AuthParameters": {"REFRESH_TOKEN": token}})
}

#[tokio::test]
async fn refresh_gives_new_tokens_and_refuses_junk() {
    let p = start().await;
    let tokens = signed_in(&p).await;
    let fresh = p
        .call("InitiateAuth", refresh_body(&p, &tokens["RefreshToken"]))
        .await
        .unwrap();
    let result = &fresh["AuthenticationResult"];
    assert!(result["RefreshToken"].is_null(), "refresh does not rotate");
    assert_ne!(result["AccessToken"], tokens["AccessToken"]);
    let me = p
        .call("GetUser", json!({"AccessToken": result["AccessToken"]}))
        .await
        .unwrap();
    assert_eq!(me["Username"], "alice");
    let err = p
        .call("InitiateAuth", refresh_body(&p, &json!("not-a-token")))
        .await
        .unwrap_err();
    assert_eq!(err.message, "Invalid Refresh Token");
}

#[tokio::test]
async fn get_user_and_update_attributes() {
    let p = start().await;
    let tokens = signed_in(&p).await;
    let at = tokens["AccessToken"].clone();
    let me = p.call("GetUser", json!({"AccessToken": at})).await.unwrap();
    let attrs = me["UserAttributes"].as_array().unwrap();
    assert_eq!(attrs[0]["Name"], "sub");
    assert!(
        attrs
            .iter()
            .any(|a| a["Name"] == "email_verified" && a["Value"] == "true")
    );

    let resp = p
        .call(
            "UpdateUserAttributes",
            json!({"AccessToken": at, "UserAttributes": [
                {"Name": "name", "Value": "Alice A."},
                {"Name": "email", "Value": "alice2@example.com"}]}),
        )
        .await
        .unwrap();
    assert_eq!(
        resp["CodeDeliveryDetailsList"][0]["Destination"],
        "a***@e***"
    );
    let me = p.call("GetUser", json!({"AccessToken": at})).await.unwrap();
    let get = |n: &str| {
        me["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == n)
            .map(|a| a["Value"].clone())
    };
    assert_eq!(get("name"), Some(json!("Alice A.")));
    assert_eq!(get("email_verified"), Some(json!("false")));
    let code = p.code_for("alice", "verify_email").await;
    p.call(
        "VerifyUserAttribute",
        json!({"AccessToken": at, "AttributeName": "email", "Code": code}),
    )
    .await
    .unwrap();
    assert!(p.srp_login("alice2@example.com", PW).await.is_ok());
    let err = p
        .call(
            "UpdateUserAttributes",
            json!({"AccessToken": at, "UserAttributes": [{"Name": "sub", "Value": "x"}]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
}

#[tokio::test]
async fn access_tokens_are_checked() {
    let p = start().await;
    let tokens = signed_in(&p).await;
    let id_token = tokens["IdToken"].clone();
    for bad in [json!("abc"), json!("a.b.c"), id_token] {
        let err = p
            .call("GetUser", json!({"AccessToken": bad}))
            .await
            .unwrap_err();
        assert_eq!(err.kind, "NotAuthorizedException", "{bad}");
    }
    // A token with a flipped signature byte.
    let at = tokens["AccessToken"].as_str().unwrap();
    let mut forged = at.to_owned();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let err = p
        .call("GetUser", json!({"AccessToken": forged}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    // An hour later it has expired.
    p.advance_clock(3601).await;
    let err = p
        .call("GetUser", json!({"AccessToken": at}))
        .await
        .unwrap_err();
    assert_eq!(err.message, "Access Token has expired");
}

#[tokio::test]
async fn change_password_needs_the_old_one_and_the_policy() {
    let p = start().await;
    let tokens = signed_in(&p).await;
    let at = tokens["AccessToken"].clone();
    let change = |old: &str, new: &str| json!({"AccessToken": at, "PreviousPassword": old, "ProposedPassword": new});
    let err = p
        .call("ChangePassword", change("Wr0ng-Horse!", "N3w-Password!"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    let err = p
        .call("ChangePassword", change(PW, "weak"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidPasswordException");
    p.call("ChangePassword", change(PW, "N3w-Password!"))
        .await
        .unwrap();
    assert!(p.srp_login("alice", PW).await.is_err());
    assert!(p.srp_login("alice", "N3w-Password!").await.is_ok());
}

#[tokio::test]
async fn forgot_and_confirm_forgot_password() {
    let p = start().await;
    signed_in(&p).await;
    let resp = p
        .call(
            "ForgotPassword",
            json!({"ClientId": p.info.client_id, "Username": "alice@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(resp["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let code = p.code_for("alice", "forgot_password").await;
    let confirm = |code: &str, pw: &str| {
        json!({"ClientId": p.info.client_id, "Username": "alice",
               "ConfirmationCode": code, "Password": pw})
    };
    let err = p
        .call("ConfirmForgotPassword", confirm(&code, "weak"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidPasswordException");
    let wrong = if code == "999999" { "111111" } else { "999999" };
    let err = p
        .call("ConfirmForgotPassword", confirm(wrong, "Reset-Passw0rd!"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "CodeMismatchException");
    p.call("ConfirmForgotPassword", confirm(&code, "Reset-Passw0rd!"))
        .await
        .unwrap();
    assert!(p.srp_login("alice", "Reset-Passw0rd!").await.is_ok());
    // Unknown users get the same answer as known ones.
    let resp = p
        .call(
            "ForgotPassword",
            json!({"ClientId": p.info.client_id, "Username": "nobody"}),
        )
        .await
        .unwrap();
    assert_eq!(resp["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
}

#[tokio::test]
async fn global_sign_out_and_revoke_token() {
    let p = start().await;
    let first = signed_in(&p).await;
    let second = p.srp_login("alice", PW).await.unwrap()["AuthenticationResult"].clone();

    // RevokeToken ends one session: its refresh and access tokens, not the other session.
    let err = p
        .call(
            "RevokeToken",
            json!({"ClientId": p.info.client_id, "Token": first["AccessToken"]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "UnsupportedTokenTypeException");
    p.call(
        "RevokeToken",
        json!({"ClientId": p.info.client_id, "Token": first["RefreshToken"]}),
    )
    .await
    .unwrap();
    let err = p
        .call("InitiateAuth", refresh_body(&p, &first["RefreshToken"]))
        .await
        .unwrap_err();
    assert_eq!(err.message, "Refresh Token has been revoked");
    let err = p
        .call("GetUser", json!({"AccessToken": first["AccessToken"]}))
        .await
        .unwrap_err();
    assert_eq!(err.message, "Access Token has been revoked");
    p.call("GetUser", json!({"AccessToken": second["AccessToken"]}))
        .await
        .unwrap();

    // GlobalSignOut ends them all.
    p.call(
        "GlobalSignOut",
        json!({"AccessToken": second["AccessToken"]}),
    )
    .await
    .unwrap();
    let err = p
        .call("GetUser", json!({"AccessToken": second["AccessToken"]}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    let err = p
        .call("InitiateAuth", refresh_body(&p, &second["RefreshToken"]))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    // Signing in again works.
    assert!(p.srp_login("alice", PW).await.is_ok());
}
