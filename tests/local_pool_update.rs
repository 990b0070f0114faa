//! UpdateUserPool and UpdateUserPoolClient on the local pool's control plane: they need SigV4,
//! store what they are given, and (as Cognito does) put back the default of what they leave out.
#![cfg(feature = "local")]

mod common;

use common::start;
use serde_json::json;

#[tokio::test]
async fn update_user_pool_stores_triggers_and_resets_what_it_leaves_out() {
    let p = start().await;
    let pool_id = p.info.user_pool_id.clone();
    let err = p
        .call("UpdateUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "MissingAuthenticationTokenException");
    let before = p
        .admin("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(before["UserPool"]["MfaConfiguration"], "OPTIONAL");
    assert!(before["UserPool"]["DeviceConfiguration"].is_object());
    p.admin(
        "UpdateUserPool",
        json!({
            "UserPoolId": pool_id,
            "LambdaConfig": {
                "PreSignUp": "cmd:node pre-sign-up.js",
                "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": "http://127.0.0.1:9/hook"},
                "KMSKeyID": "none"
            },
            "Policies": {"PasswordPolicy": {"MinimumLength": 12}}
        }),
    )
    .await
    .unwrap();
    let after = p
        .admin("DescribeUserPool", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    let pool = &after["UserPool"];
    assert_eq!(pool["LambdaConfig"]["PreSignUp"], "cmd:node pre-sign-up.js");
    assert_eq!(
        pool["LambdaConfig"]["PreTokenGenerationConfig"]["LambdaVersion"],
        "V2_0"
    );
    assert_eq!(pool["LambdaConfig"]["KMSKeyID"], "none");
    assert_eq!(pool["Policies"]["PasswordPolicy"]["MinimumLength"], 12);
    // Left out: back to Cognito's defaults, as on AWS.
    assert_eq!(pool["MfaConfiguration"], "OFF");
    assert!(pool["DeviceConfiguration"].is_null());
    assert!(pool["AutoVerifiedAttributes"].is_null());
    // What UpdateUserPool cannot change stays.
    assert_eq!(pool["AliasAttributes"], json!(["email"]));
    let mfa = p
        .admin("GetUserPoolMfaConfig", json!({"UserPoolId": pool_id}))
        .await
        .unwrap();
    assert_eq!(mfa["MfaConfiguration"], "OFF");
    let err = p
        .admin(
            "UpdateUserPool",
            json!({"UserPoolId": pool_id, "MfaConfiguration": "SOMETIMES"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    let err = p
        .admin("UpdateUserPool", json!({"UserPoolId": "us-east-1_nothere"}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "ResourceNotFoundException");
}

#[tokio::test]
async fn update_user_pool_client_keeps_id_and_secret_and_stores_oauth_settings() {
    let p = start().await;
    let pool_id = p.info.user_pool_id.clone();
    let client_id = p.info.client_id_with_secret.clone();
    let before = p
        .admin(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id}),
        )
        .await
        .unwrap();
    let secret = before["UserPoolClient"]["ClientSecret"].clone();
    assert!(secret.is_string());
    let out = p
        .admin(
            "UpdateUserPoolClient",
            json!({
                "UserPoolId": pool_id,
                "ClientId": client_id,
                "CallbackURLs": ["http://127.0.0.1:8765/callback"],
                "LogoutURLs": ["http://127.0.0.1:8765/"],
                "AllowedOAuthFlows": ["code"],
                "AllowedOAuthScopes": ["openid", "email"],
                "AllowedOAuthFlowsUserPoolClient": true,
                "SupportedIdentityProviders": ["COGNITO"],
                "RefreshTokenValidity": 2
            }),
        )
        .await
        .unwrap();
    let c = &out["UserPoolClient"];
    assert_eq!(c["ClientId"], client_id.as_str());
    assert_eq!(c["ClientSecret"], secret);
    assert_eq!(c["ClientName"], before["UserPoolClient"]["ClientName"]);
    assert_eq!(c["CallbackURLs"], json!(["http://127.0.0.1:8765/callback"]));
    assert_eq!(c["AllowedOAuthFlowsUserPoolClient"], true);
    assert_eq!(c["RefreshTokenValidity"], 2);
    // Left out: the default flows, as on AWS (the seeded client had USER_PASSWORD_AUTH too).
    assert_eq!(
        c["ExplicitAuthFlows"],
        json!([
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_CUSTOM_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH"
        ])
    );
    let again = p
        .admin(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id}),
        )
        .await
        .unwrap();
    assert_eq!(again["UserPoolClient"], out["UserPoolClient"]);
    let err = p
        .admin(
            "UpdateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": "nothere"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "ResourceNotFoundException");
    let err = p
        .admin(
            "UpdateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client_id, "RefreshTokenValidity": 0}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
}
