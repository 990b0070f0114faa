//! Support-staff operations of the local pool (SigV4-signed): AdminUserGlobalSignOut,
//! AdminResetUserPassword, AdminDisableUser / AdminEnableUser, AdminGetUser's MFA, and ListUsers
//! filters and pages as Cognito parses them.
#![cfg(feature = "local")]

mod common;

use common::{TestPool, start};
use serde_json::{Value, json};

const PW: &str = "Corr3ct-Horse!";
const NEW_PW: &str = "N3w-Battery-Staple!";

fn user(p: &TestPool, name: &str) -> Value {
    json!({"UserPoolId": p.info.user_pool_id, "Username": name})
}

async fn refresh(p: &TestPool, token: &Value) -> Result<Value, common::ApiErr> {
    p.call(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": p.info.client_id,
               "AuthParameters": {"REFRESH_TOKEN": token}}),
    )
    .await
}

async fn get_user(p: &TestPool, access: &Value) -> Result<Value, common::ApiErr> {
    p.call("GetUser", json!({"AccessToken": access})).await
}

#[tokio::test]
async fn global_sign_out_revokes_every_session_of_the_user_only() {
    let p = start().await;
    p.confirmed_user("ann", "ann@example.com", PW).await;
    p.confirmed_user("bob", "bob@example.com", PW).await;
    let a1 = p.srp_login("ann", PW).await.unwrap();
    let a2 = p.srp_login("ann", PW).await.unwrap();
    let b = p.srp_login("bob", PW).await.unwrap();
    // By alias, as Cognito's admin operations take it.
    p.admin("AdminUserGlobalSignOut", user(&p, "ann@example.com"))
        .await
        .unwrap();
    for s in [&a1, &a2] {
        let r = &s["AuthenticationResult"];
        let e = refresh(&p, &r["RefreshToken"]).await.unwrap_err();
        assert_eq!(e.kind, "NotAuthorizedException");
        assert_eq!(e.message, "Refresh Token has been revoked");
        let e = get_user(&p, &r["AccessToken"]).await.unwrap_err();
        assert_eq!(e.message, "Access Token has been revoked");
    }
    let r = &b["AuthenticationResult"];
    refresh(&p, &r["RefreshToken"]).await.unwrap();
    get_user(&p, &r["AccessToken"]).await.unwrap();
    // Signing in again works.
    p.srp_login("ann", PW).await.unwrap();
}

#[tokio::test]
async fn reset_password_requires_the_reset_and_confirm_forgot_password_completes_it() {
    let p = start().await;
    p.confirmed_user("cid", "cid@example.com", PW).await;
    p.admin("AdminResetUserPassword", user(&p, "cid"))
        .await
        .unwrap();
    let got = p.admin("AdminGetUser", user(&p, "cid")).await.unwrap();
    assert_eq!(got["UserStatus"], "RESET_REQUIRED");
    let e = p.srp_login("cid", PW).await.unwrap_err();
    assert_eq!(e.kind, "PasswordResetRequiredException");
    // A wrong password still says only that.
    let e = p.srp_login("cid", "Wr0ng-Password!").await.unwrap_err();
    assert_eq!(e.kind, "NotAuthorizedException");
    let code = p.code_for("cid", "forgot_password").await;
    p.call(
        "ConfirmForgotPassword",
        json!({"ClientId": p.info.client_id, "Username": "cid",
               "ConfirmationCode": code, "Password": NEW_PW}),
    )
    .await
    .unwrap();
    let got = p.admin("AdminGetUser", user(&p, "cid")).await.unwrap();
    assert_eq!(got["UserStatus"], "CONFIRMED");
    assert!(p.srp_login("cid", PW).await.is_err());
    p.srp_login("cid", NEW_PW).await.unwrap();
}

#[tokio::test]
async fn reset_password_needs_a_verified_email() {
    let p = start().await;
    p.sign_up("dee", "dee@example.com", PW).await;
    let e = p
        .admin("AdminResetUserPassword", user(&p, "dee"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, "InvalidParameterException");
    let got = p.admin("AdminGetUser", user(&p, "dee")).await.unwrap();
    assert_eq!(got["UserStatus"], "UNCONFIRMED", "nothing changed");
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_or_refresh_until_enabled() {
    let p = start().await;
    p.confirmed_user("eve", "eve@example.com", PW).await;
    let s = p.srp_login("eve", PW).await.unwrap();
    let r = &s["AuthenticationResult"];
    p.admin("AdminDisableUser", user(&p, "eve")).await.unwrap();
    let e = p.srp_login("eve", PW).await.unwrap_err();
    assert_eq!(
        (e.kind.as_str(), e.message.as_str()),
        ("NotAuthorizedException", "User is disabled.")
    );
    let e = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "eve", "PASSWORD": PW}}),
        )
        .await
        .unwrap_err();
    assert_eq!(e.message, "User is disabled.");
    assert_eq!(
        refresh(&p, &r["RefreshToken"]).await.unwrap_err().kind,
        "NotAuthorizedException"
    );
    assert_eq!(
        get_user(&p, &r["AccessToken"]).await.unwrap_err().kind,
        "NotAuthorizedException"
    );
    // Still listed, as disabled.
    let got = p.admin("AdminGetUser", user(&p, "eve")).await.unwrap();
    assert_eq!(got["Enabled"], false);
    let list = p
        .admin(
            "ListUsers",
            json!({"UserPoolId": p.info.user_pool_id, "Filter": "status = \"Disabled\""}),
        )
        .await
        .unwrap();
    assert_eq!(list["Users"][0]["Username"], "eve");
    assert_eq!(list["Users"][0]["Enabled"], false);

    p.admin("AdminEnableUser", user(&p, "eve")).await.unwrap();
    p.srp_login("eve", PW).await.unwrap();
    // The sessions revoked on disable stay revoked.
    assert_eq!(
        refresh(&p, &r["RefreshToken"]).await.unwrap_err().message,
        "Refresh Token has been revoked"
    );
}

#[tokio::test]
async fn admin_operations_on_a_missing_user_say_so() {
    let p = start().await;
    for op in [
        "AdminUserGlobalSignOut",
        "AdminResetUserPassword",
        "AdminDisableUser",
        "AdminEnableUser",
        "AdminGetUser",
    ] {
        let e = p.admin(op, user(&p, "nobody")).await.unwrap_err();
        assert_eq!(e.kind, "UserNotFoundException", "{op}");
        // Unsigned, they are refused before anything else.
        let e = p.call(op, user(&p, "nobody")).await.unwrap_err();
        assert_eq!(e.kind, "MissingAuthenticationTokenException", "{op}");
    }
}

#[tokio::test]
async fn admin_get_user_reports_mfa_and_mfa_can_be_turned_off() {
    let p = start().await;
    p.confirmed_user("fay", "fay@example.com", PW).await;
    let got = p.admin("AdminGetUser", user(&p, "fay")).await.unwrap();
    assert!(got.get("UserMFASettingList").is_none());
    let mut on = user(&p, "fay");
    on["EmailMfaSettings"] = json!({"Enabled": true, "PreferredMfa": true});
    p.admin("AdminSetUserMFAPreference", on).await.unwrap();
    let got = p.admin("AdminGetUser", user(&p, "fay")).await.unwrap();
    assert_eq!(got["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert_eq!(got["PreferredMfaSetting"], "EMAIL_OTP");
    let mut off = user(&p, "fay");
    off["EmailMfaSettings"] = json!({"Enabled": false, "PreferredMfa": false});
    p.admin("AdminSetUserMFAPreference", off).await.unwrap();
    let got = p.admin("AdminGetUser", user(&p, "fay")).await.unwrap();
    assert!(got.get("UserMFASettingList").is_none());
    assert!(got.get("PreferredMfaSetting").is_none());
}

fn names(v: &Value) -> Vec<String> {
    v["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["Username"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn list_users_filters_as_cognito_parses_them() {
    let p = start().await;
    for (name, email) in [
        ("gus", "gus@example.com"),
        ("hal", "hal@example.org"),
        ("Hank", "Hank@example.org"),
    ] {
        p.confirmed_user(name, email, PW).await;
    }
    p.sign_up("ida", "ida@example.org", PW).await;
    let list = |filter: &str| {
        let body = json!({"UserPoolId": p.info.user_pool_id, "Filter": filter});
        let p = &p;
        async move { p.admin("ListUsers", body).await }
    };
    let gus = p.admin("AdminGetUser", user(&p, "gus")).await.unwrap();
    let sub = gus["UserAttributes"][0]["Value"]
        .as_str()
        .unwrap()
        .to_owned();
    for (filter, want) in [
        ("email = \"hal@example.org\"", vec!["hal"]),
        ("email=\"hal@example.org\"", vec!["hal"]),
        // Exact matches are case-sensitive, as Cognito's.
        ("email = \"hank@example.org\"", vec![]),
        ("email = \"Hank@example.org\"", vec!["Hank"]),
        ("email ^= \"h\"", vec!["hal"]),
        ("username = \"Hank\"", vec!["Hank"]),
        ("username = \"hank\"", vec![]),
        ("username ^= \"H\"", vec!["Hank"]),
        ("cognito:user_status = \"unconfirmed\"", vec!["ida"]),
        ("status = \"Enabled\"", vec!["gus", "hal", "Hank", "ida"]),
        ("status = \"enabled\"", vec![]),
        ("", vec!["gus", "hal", "Hank", "ida"]),
        ("email = \"a \\\"quoted\\\" one\"", vec![]),
    ] {
        assert_eq!(names(&list(filter).await.unwrap()), want, "{filter}");
    }
    assert_eq!(
        names(&list(&format!("sub = \"{sub}\"")).await.unwrap()),
        ["gus"]
    );
    for bad in [
        "email",
        "email = hal",
        "email = \"hal",
        "custom:tenant = \"x\"",
        "email = \"a\" extra",
    ] {
        let e = list(bad).await.unwrap_err();
        assert_eq!(e.kind, "InvalidParameterException", "{bad}");
        assert!(e.message.contains("filter"), "{bad}: {}", e.message);
    }
}

#[tokio::test]
async fn filtered_lists_page_to_the_end() {
    let p = start().await;
    // Several users share one email, so the indexed exact match pages too.
    for i in 0..5 {
        p.sign_up(&format!("u{i}"), "shared@example.com", PW).await;
        p.sign_up(&format!("v{i}"), &format!("v{i}@example.net"), PW)
            .await;
    }
    for filter in ["email = \"shared@example.com\"", "email ^= \"shared\""] {
        let mut seen = Vec::new();
        let mut token = Value::Null;
        loop {
            let mut body = json!({"UserPoolId": p.info.user_pool_id, "Filter": filter,
                                  "Limit": 2});
            if !token.is_null() {
                body["PaginationToken"] = token.clone();
            }
            let page = p.admin("ListUsers", body).await.unwrap();
            seen.extend(names(&page));
            token = page["PaginationToken"].clone();
            if token.is_null() {
                break;
            }
        }
        assert_eq!(seen, ["u0", "u1", "u2", "u3", "u4"], "{filter}");
    }
}
