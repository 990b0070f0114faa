//! The local pool's sign-up, confirmation and SRP sign-in, end to end over HTTP.
#![cfg(feature = "local")]

mod common;

use common::{start, verify_jwt};
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";

#[tokio::test]
async fn sign_up_confirm_and_sign_in_by_username_and_email_alias() {
    let p = start().await;
    let resp = p.sign_up("alice", "alice@example.com", PW).await;
    assert_eq!(resp["UserConfirmed"], false);
    assert_eq!(resp["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert_eq!(resp["CodeDeliveryDetails"]["Destination"], "a***@e***");
    let sub = resp["UserSub"].as_str().unwrap().to_owned();

    // Not confirmed yet: the password is right but the user may not sign in.
    let err = p.srp_login("alice", PW).await.unwrap_err();
    assert_eq!(err.kind, "UserNotConfirmedException");
    // The email is no alias before it is verified.
    let err = p.srp_login("alice@example.com", PW).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");

    let code = p.code_for("alice", "sign_up").await;
    assert_eq!(code.len(), 6);
    p.call(
        "ConfirmSignUp",
        json!({"ClientId": p.info.client_id, "Username": "alice", "ConfirmationCode": code}),
    )
    .await
    .unwrap();

    let jwks = p.jwks().await;
    let issuer = format!("{}/{}", p.info.endpoint, p.info.user_pool_id);
    for login in ["alice", "ALICE", "alice@example.com"] {
        let resp = p.srp_login(login, PW).await.unwrap();
        let result = &resp["AuthenticationResult"];
        assert_eq!(result["TokenType"], "Bearer");
        assert_eq!(result["ExpiresIn"], 3600);
        assert!(result["RefreshToken"].as_str().unwrap().len() > 1000);
        let id = verify_jwt(result["IdToken"].as_str().unwrap(), &jwks, &issuer).unwrap();
        assert_eq!(id["token_use"], "id");
        assert_eq!(id["aud"], p.info.client_id.as_str());
        assert_eq!(id["sub"], sub.as_str());
        assert_eq!(id["cognito:username"], "alice");
        assert_eq!(id["email"], "alice@example.com");
        assert_eq!(id["email_verified"], true);
        let access = verify_jwt(result["AccessToken"].as_str().unwrap(), &jwks, &issuer).unwrap();
        assert_eq!(access["token_use"], "access");
        assert_eq!(access["client_id"], p.info.client_id.as_str());
        assert_eq!(access["username"], "alice");
        assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
        assert_eq!(access["origin_jti"], id["origin_jti"]);
    }
    // A token signed by another pool's key does not verify against this JWKS.
    let other = start().await;
    other.confirmed_user("bob", "bob@example.com", PW).await;
    let foreign = other.srp_login("bob", PW).await.unwrap();
    assert!(
        verify_jwt(
            foreign["AuthenticationResult"]["IdToken"].as_str().unwrap(),
            &jwks,
            &issuer
        )
        .is_err()
    );
}

#[tokio::test]
async fn sign_up_errors_are_cognitos() {
    let p = start().await;
    p.sign_up("carol", "carol@example.com", PW).await;
    let su = |user: &str, pw: &str, attrs: serde_json::Value| {
        json!({"ClientId": p.info.client_id, "Username": user, "Password": pw,
               "UserAttributes": attrs})
    };
    let email = json!([{"Name": "email", "Value": "c@example.com"}]);
    let cases = [
        (su("carol", PW, email.clone()), "UsernameExistsException"),
        (su("CAROL", PW, email.clone()), "UsernameExistsException"),
        (
            su("dave", "short1!", email.clone()),
            "InvalidPasswordException",
        ),
        (
            su("dave", "nouppercase1!", email.clone()),
            "InvalidPasswordException",
        ),
        (su("dave", PW, json!([])), "InvalidParameterException"),
        (
            su("dave@example.com", PW, email.clone()),
            "InvalidParameterException",
        ),
        (
            su(
                "dave",
                PW,
                json!([{"Name": "email", "Value": "not-an-email"}]),
            ),
            "InvalidParameterException",
        ),
        (
            su(
                "dave",
                PW,
                json!([{"Name": "email", "Value": "d@example.com"},
                                  {"Name": "custom:nope", "Value": "x"}]),
            ),
            "InvalidParameterException",
        ),
        (
            su(
                "dave",
                PW,
                json!([{"Name": "email", "Value": "d@example.com"},
                                  {"Name": "email_verified", "Value": "true"}]),
            ),
            "InvalidParameterException",
        ),
        (
            json!({"ClientId": "nosuchclient", "Username": "dave", "Password": PW}),
            "ResourceNotFoundException",
        ),
    ];
    for (body, kind) in cases {
        let err = p.call("SignUp", body.clone()).await.unwrap_err();
        assert_eq!(err.kind, kind, "{body}");
        assert_eq!(err.status, 400);
        assert_eq!(err.header_kind.as_deref(), Some(kind));
        assert!(
            !err.message.contains(PW),
            "password echoed: {}",
            err.message
        );
    }
    assert!(
        p.call("SignUp", su("dave", "short1!", email))
            .await
            .unwrap_err()
            .message
            .contains("Password not long enough")
    );
}

#[tokio::test]
async fn confirmation_codes_mismatch_expire_and_resend() {
    let p = start().await;
    p.sign_up("erin", "erin@example.com", PW).await;
    let confirm = |code: &str| json!({"ClientId": p.info.client_id, "Username": "erin", "ConfirmationCode": code});
    let first = p.code_for("erin", "sign_up").await;
    let wrong = if first == "000000" {
        "111111"
    } else {
        "000000"
    };
    let err = p.call("ConfirmSignUp", confirm(wrong)).await.unwrap_err();
    assert_eq!(err.kind, "CodeMismatchException");

    // A day later the code has expired.
    p.advance_clock(25 * 3600).await;
    let err = p.call("ConfirmSignUp", confirm(&first)).await.unwrap_err();
    assert_eq!(err.kind, "ExpiredCodeException");

    let resent = p
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": p.info.client_id, "Username": "erin"}),
        )
        .await
        .unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["AttributeName"], "email");
    let code = p.code_for("erin", "resend").await;
    p.call("ConfirmSignUp", confirm(&code)).await.unwrap();

    let err = p.call("ConfirmSignUp", confirm(&code)).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert!(err.message.contains("CONFIRMED"));
    let err = p
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": p.info.client_id, "Username": "erin"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    let err = p
        .call(
            "ConfirmSignUp",
            json!({"ClientId": p.info.client_id, "Username": "nobody", "ConfirmationCode": "1"}),
        )
        .await
        .unwrap_err();
    // PreventUserExistenceErrors: an unknown user hears what a wrong code hears.
    assert_eq!(err.kind, "CodeMismatchException");
}

#[tokio::test]
async fn a_verified_email_alias_belongs_to_one_user() {
    let p = start().await;
    p.confirmed_user("frank", "shared@example.com", PW).await;
    p.sign_up("grace", "shared@example.com", PW).await;
    let code = p.code_for("grace", "sign_up").await;
    let body = json!({"ClientId": p.info.client_id, "Username": "grace", "ConfirmationCode": code});
    let err = p.call("ConfirmSignUp", body.clone()).await.unwrap_err();
    assert_eq!(err.kind, "AliasExistsException");
    let mut forced = body;
    forced["ForceAliasCreation"] = json!(true);
    p.call("ConfirmSignUp", forced).await.unwrap();
    // The alias moved: it now signs grace in.
    let resp = p.srp_login("shared@example.com", PW).await.unwrap();
    let token = resp["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap();
    let me = p
        .call("GetUser", json!({"AccessToken": token}))
        .await
        .unwrap();
    assert_eq!(me["Username"], "grace");
}
