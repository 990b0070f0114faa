//! MFA in the local pool: the pool's configuration over SigV4, software-token enrolment with an
//! access token and with an MFA_SETUP session, SOFTWARE_TOKEN_MFA / EMAIL_OTP / SMS_MFA /
//! SELECT_MFA_TYPE at sign-in, wrong, replayed and too many codes.
#![cfg(feature = "local")]

mod common;

use cogtui::totp;
use common::{TestPool, start};
use serde_json::{Value, json};

const PW: &str = "Mfa-Passw0rd!";

async fn mfa_config(pool: &TestPool, mode: &str, email: bool, sms: bool) {
    let mut body = json!({
        "UserPoolId": pool.info.user_pool_id,
        "MfaConfiguration": mode,
        "SoftwareTokenMfaConfiguration": {"Enabled": true},
    });
    if email {
        body["EmailMfaConfiguration"] = json!({"Message": "code {####}"});
    }
    if sms {
        body["SmsMfaConfiguration"] = json!({"SmsAuthenticationMessage": "code {####}"});
    }
    pool.admin("SetUserPoolMfaConfig", body).await.unwrap();
}

fn secret_of(v: &Value) -> Vec<u8> {
    totp::base32_decode(v["SecretCode"].as_str().unwrap()).unwrap()
}

fn now() -> i64 {
    common::now()
}

/// Signs in and enrols a verified, enabled, preferred software token; returns its secret and
/// the access token.
async fn enrolled(pool: &TestPool, user: &str) -> (Vec<u8>, String) {
    pool.confirmed_user(user, &format!("{user}@example.com"), PW)
        .await;
    let r = pool.srp_login(user, PW).await.unwrap();
    let access = r["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = secret_of(&a);
    let v = pool
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": totp::code_at(&secret, now())}),
        )
        .await
        .unwrap();
    assert_eq!(v["Status"], "SUCCESS");
    pool.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    (secret, access)
}

#[tokio::test]
async fn the_pools_mfa_configuration_is_signed_and_checked() {
    let pool = start().await;
    let get = pool
        .admin(
            "GetUserPoolMfaConfig",
            json!({"UserPoolId": pool.info.user_pool_id}),
        )
        .await
        .unwrap();
    // The seeded pool offers MFA so testers can turn it on per user.
    assert_eq!(get["MfaConfiguration"], "OPTIONAL");
    assert_eq!(get["SoftwareTokenMfaConfiguration"]["Enabled"], true);
    let err = pool
        .call(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool.info.user_pool_id, "MfaConfiguration": "ON"}),
        )
        .await
        .unwrap_err();
    assert_ne!(err.status, 200);
    let err = pool
        .admin(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool.info.user_pool_id, "MfaConfiguration": "SOMETIMES"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    // A pool of one's own starts OFF, as in Cognito, and cannot be ON without a method.
    let created = pool
        .admin("CreateUserPool", json!({"PoolName": "mine"}))
        .await
        .unwrap();
    let mine = created["UserPool"]["Id"].as_str().unwrap().to_owned();
    let get = pool
        .admin("GetUserPoolMfaConfig", json!({"UserPoolId": mine}))
        .await
        .unwrap();
    assert_eq!(get["MfaConfiguration"], "OFF");
    let err = pool
        .admin(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": mine, "MfaConfiguration": "ON",
                   "SoftwareTokenMfaConfiguration": {"Enabled": false}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    mfa_config(&pool, "OPTIONAL", true, false).await;
    let get = pool
        .admin(
            "GetUserPoolMfaConfig",
            json!({"UserPoolId": pool.info.user_pool_id}),
        )
        .await
        .unwrap();
    assert_eq!(get["MfaConfiguration"], "OPTIONAL");
    assert_eq!(get["SoftwareTokenMfaConfiguration"]["Enabled"], true);
}

#[tokio::test]
async fn totp_enrolment_then_sign_in_asks_for_the_code() {
    let pool = start().await;
    mfa_config(&pool, "OPTIONAL", false, false).await;
    pool.confirmed_user("tom", "tom@example.com", PW).await;
    let r = pool.srp_login("tom", PW).await.unwrap();
    let access = r["AuthenticationResult"]["AccessToken"].as_str().unwrap();
    // A fresh secret of at least 160 bits each time.
    let a1 = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let a2 = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_ne!(a1["SecretCode"], a2["SecretCode"]);
    let secret = secret_of(&a2);
    assert!(secret.len() >= 20);
    // Not verified yet: cannot be enabled.
    let err = pool
        .call(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    let wrong = pool
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": "000000"}),
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.kind, "EnableSoftwareTokenMFAException");
    // The first secret is gone: only the newest can be verified.
    let old = pool
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": totp::code_at(&secret_of(&a1), now())}),
        )
        .await;
    assert!(old.is_err() || totp::code_at(&secret_of(&a1), now()) == totp::code_at(&secret, now()));
    pool.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": totp::code_at(&secret, now())}),
    )
    .await
    .unwrap();
    pool.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    let me = pool
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(me["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(me["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));

    // Sign-in now asks for the code; a wrong one may be corrected with the same session.
    pool.advance_clock(totp::STEP).await;
    let r = pool.srp_login("tom", PW).await.unwrap();
    assert_eq!(r["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let client = pool.info.client_id.clone();
    let answer = |code: String| json!({"USERNAME": "tom", "SOFTWARE_TOKEN_MFA_CODE": code});
    let err = pool
        .respond(
            &client,
            "SOFTWARE_TOKEN_MFA",
            Some(&r["Session"]),
            answer("12345".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "CodeMismatchException");
    let code = totp::code_at(&secret, now() + totp::STEP);
    let ok = pool
        .respond(
            &client,
            "SOFTWARE_TOKEN_MFA",
            Some(&r["Session"]),
            answer(code.clone()),
        )
        .await
        .unwrap();
    assert!(ok["AuthenticationResult"]["AccessToken"].is_string());
    // The same code is good once.
    let r = pool.srp_login("tom", PW).await.unwrap();
    let err = pool
        .respond(
            &client,
            "SOFTWARE_TOKEN_MFA",
            Some(&r["Session"]),
            answer(code),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "CodeMismatchException");
}

#[tokio::test]
async fn too_many_wrong_codes_end_the_session() {
    let pool = start().await;
    mfa_config(&pool, "OPTIONAL", false, false).await;
    let (secret, _) = enrolled(&pool, "una").await;
    pool.advance_clock(totp::STEP).await;
    let r = pool.srp_login("una", PW).await.unwrap();
    let client = pool.info.client_id.clone();
    for _ in 0..3 {
        let err = pool
            .respond(
                &client,
                "SOFTWARE_TOKEN_MFA",
                Some(&r["Session"]),
                json!({"USERNAME": "una", "SOFTWARE_TOKEN_MFA_CODE": "000000"}),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind, "CodeMismatchException");
    }
    let err = pool
        .respond(
            &client,
            "SOFTWARE_TOKEN_MFA",
            Some(&r["Session"]),
            json!({"USERNAME": "una",
                   "SOFTWARE_TOKEN_MFA_CODE": totp::code_at(&secret, now() + totp::STEP)}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
}

#[tokio::test]
async fn a_pool_that_requires_mfa_sets_it_up_at_sign_in() {
    let pool = start().await;
    mfa_config(&pool, "ON", false, false).await;
    pool.confirmed_user("val", "val@example.com", PW).await;
    let r = pool.srp_login("val", PW).await.unwrap();
    assert_eq!(r["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        r["ChallengeParameters"]["MFAS_CAN_SETUP"],
        "[\"SOFTWARE_TOKEN_MFA\"]"
    );
    let client = pool.info.client_id.clone();
    // Not set up yet: the challenge cannot be answered.
    let a = pool
        .call("AssociateSoftwareToken", json!({"Session": r["Session"]}))
        .await
        .unwrap();
    let secret = secret_of(&a);
    let err = pool
        .call(
            "VerifySoftwareToken",
            json!({"Session": a["Session"], "UserCode": "000000"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "EnableSoftwareTokenMFAException");
    let v = pool
        .call(
            "VerifySoftwareToken",
            json!({"Session": a["Session"], "UserCode": totp::code_at(&secret, now())}),
        )
        .await
        .unwrap();
    assert_eq!(v["Status"], "SUCCESS");
    let done = pool
        .respond(
            &client,
            "MFA_SETUP",
            Some(&v["Session"]),
            json!({"USERNAME": "val"}),
        )
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["IdToken"].is_string());
    // From now on, the code.
    let r = pool.srp_login("val", PW).await.unwrap();
    assert_eq!(r["ChallengeName"], "SOFTWARE_TOKEN_MFA");
}

#[tokio::test]
async fn email_codes_and_choosing_a_method() {
    let pool = start().await;
    mfa_config(&pool, "OPTIONAL", true, false).await;
    let (secret, access) = enrolled(&pool, "wes").await;
    // Email only.
    pool.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": false},
               "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    let client = pool.info.client_id.clone();
    let r = pool.srp_login("wes", PW).await.unwrap();
    assert_eq!(r["ChallengeName"], "EMAIL_OTP");
    assert_eq!(
        r["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "EMAIL"
    );
    let code = pool.code_for("wes", "email_otp").await;
    let done = pool
        .respond(
            &client,
            "EMAIL_OTP",
            Some(&r["Session"]),
            json!({"USERNAME": "wes", "EMAIL_OTP_CODE": code}),
        )
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    // Both, none preferred: the user chooses.
    pool.admin(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": pool.info.user_pool_id, "Username": "wes",
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": false},
               "EmailMfaSettings": {"Enabled": true, "PreferredMfa": false}}),
    )
    .await
    .unwrap();
    let r = pool.srp_login("wes", PW).await.unwrap();
    assert_eq!(r["ChallengeName"], "SELECT_MFA_TYPE");
    let session = {
        let choose = r["ChallengeParameters"]["MFAS_CAN_CHOOSE"]
            .as_str()
            .unwrap();
        assert!(choose.contains("SOFTWARE_TOKEN_MFA") && choose.contains("EMAIL_OTP"));
        let next = pool
            .respond(
                &client,
                "SELECT_MFA_TYPE",
                Some(&r["Session"]),
                json!({"USERNAME": "wes", "ANSWER": "SOFTWARE_TOKEN_MFA"}),
            )
            .await
            .unwrap();
        assert_eq!(next["ChallengeName"], "SOFTWARE_TOKEN_MFA");
        next["Session"].clone()
    };
    pool.advance_clock(totp::STEP).await;
    let done = pool
        .respond(
            &client,
            "SOFTWARE_TOKEN_MFA",
            Some(&session),
            json!({"USERNAME": "wes",
                   "SOFTWARE_TOKEN_MFA_CODE": totp::code_at(&secret, now() + totp::STEP)}),
        )
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
}
