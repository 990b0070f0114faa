//! The pool doctor against the local pool started in-process: each misconfiguration is
//! planted on purpose through the control plane (UpdateUserPool, UpdateUserPoolClient,
//! CreateUserPoolClient, SetUserPoolMfaConfig) and the doctor must find it by its id; the
//! seeded pool yields no error or warning; missing pools and clients and refused credentials
//! are clear errors; the client secret never appears in what the doctor returns.
#![cfg(all(feature = "local", feature = "admin"))]

mod common;

use cogtui::admin::{Admin, AdminCredentials, AdminError, CredentialSource};
use cogtui::config::Profile;
use cogtui::doctor::{self, DoctorError, Expectations, Report, Severity};
use cogtui::secret::Secret;
use common::{TestPool, local_profile, start};
use serde_json::{Value, json};

const PW: &str = "Doctor-Passw0rd!";

fn admin_for(pool: &TestPool, profile: &Profile) -> Admin {
    let creds = AdminCredentials {
        access_key_id: pool.info.admin_access_key_id.clone(),
        secret_access_key: Secret::new(pool.info.admin_secret_access_key.clone()),
        session_token: None,
        source: CredentialSource::Environment,
    };
    Admin::with_credentials(profile, creds).unwrap()
}

async fn report_with(pool: &TestPool, profile: &Profile, expect: &Expectations) -> Report {
    doctor::diagnose(&admin_for(pool, profile), expect)
        .await
        .unwrap()
}

async fn report(pool: &TestPool) -> Report {
    let p = local_profile(&pool.info);
    report_with(pool, &p, &Expectations::default()).await
}

fn ids(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.id).collect()
}

fn finding<'a>(r: &'a Report, id: &str) -> &'a doctor::Finding {
    r.findings
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(r)))
}

async fn update_client(pool: &TestPool, client_id: &str, settings: Value) {
    let mut body = json!({"UserPoolId": pool.info.user_pool_id, "ClientId": client_id});
    body.as_object_mut()
        .unwrap()
        .extend(settings.as_object().unwrap().clone());
    pool.admin("UpdateUserPoolClient", body).await.unwrap();
}

/// UpdateUserPool with the seeded pool's MFA mode and device settings unless `settings`
/// names them (the operation resets what it leaves out).
async fn update_pool(pool: &TestPool, settings: Value) {
    let mut body = json!({
        "UserPoolId": pool.info.user_pool_id,
        "MfaConfiguration": "OPTIONAL",
        "DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": true,
            "DeviceOnlyRememberedOnUserPrompt": true
        },
        "AutoVerifiedAttributes": ["email"],
    });
    body.as_object_mut()
        .unwrap()
        .extend(settings.as_object().unwrap().clone());
    pool.admin("UpdateUserPool", body).await.unwrap();
}

async fn mfa_config(pool: &TestPool, settings: Value) {
    let mut body = json!({"UserPoolId": pool.info.user_pool_id});
    body.as_object_mut()
        .unwrap()
        .extend(settings.as_object().unwrap().clone());
    pool.admin("SetUserPoolMfaConfig", body).await.unwrap();
}

#[tokio::test]
async fn the_seeded_pool_is_healthy() {
    let pool = start().await;
    pool.confirmed_user("ann", "ann@example.com", PW).await;
    let r = report(&pool).await;
    assert!(r.healthy(), "{:#?}", r.findings);
    assert_eq!(r.count(Severity::Error), 0);
    assert_eq!(r.sampled_users, 1);
    assert_eq!(r.pool_id, pool.info.user_pool_id);
}

#[tokio::test]
async fn srp_and_refresh_taken_off_the_client_are_errors() {
    let pool = start().await;
    let client = pool.info.client_id.clone();
    update_client(
        &pool,
        &client,
        json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"]}),
    )
    .await;
    let r = report(&pool).await;
    assert_eq!(
        ids(&r)[..2],
        ["srp-not-allowed", "refresh-not-allowed"],
        "{:?}",
        ids(&r)
    );
    let f = finding(&r, "srp-not-allowed");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.fix.contains(&format!("--client-id {client}")),
        "{}",
        f.fix
    );
    assert!(f.fix.contains(&pool.info.endpoint), "{}", f.fix);
}

#[tokio::test]
async fn a_client_secret_is_found_and_never_shown() {
    let pool = start().await;
    let mut p = local_profile(&pool.info);
    p.client_id = pool.info.client_id_with_secret.clone();
    let r = report_with(&pool, &p, &Expectations::default()).await;
    assert_eq!(ids(&r), ["client-secret-not-in-profile"]);
    assert_eq!(r.findings[0].severity, Severity::Error);
    p.client_secret = Some(Secret::new(pool.info.client_secret.clone()));
    let r = report_with(&pool, &p, &Expectations::default()).await;
    assert_eq!(ids(&r), ["client-secret"]);
    let shown = format!("{r:?}{}", serde_json::to_string(&r).unwrap());
    assert!(!shown.contains(&pool.info.client_secret), "{shown}");
    let snap = doctor::snapshot(&admin_for(&pool, &p), 0).await.unwrap();
    assert!(snap.client_has_secret);
    assert!(snap.client.client_secret.is_none());
}

#[tokio::test]
async fn a_public_client_made_by_create_user_pool_client_is_healthy_but_short_refresh_is_not() {
    let pool = start().await;
    let made = pool
        .admin(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": pool.info.user_pool_id,
                "ClientName": "short-lived",
                "RefreshTokenValidity": 12,
                "TokenValidityUnits": {"RefreshToken": "hours"},
            }),
        )
        .await
        .unwrap();
    let mut p = local_profile(&pool.info);
    p.client_id = made["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = report_with(&pool, &p, &Expectations::default()).await;
    assert_eq!(ids(&r), ["refresh-token-short"]);
    assert!(r.findings[0].title.contains("12 hours"));
    let relaxed = Expectations {
        refresh_seconds: 3_600,
        ..Default::default()
    };
    assert!(report_with(&pool, &p, &relaxed).await.findings.is_empty());
    // The seeded client's 30 days against a team that expects 90.
    let strict = Expectations {
        refresh_seconds: 90 * 86_400,
        ..Default::default()
    };
    let r = report_with(&pool, &local_profile(&pool.info), &strict).await;
    assert_eq!(ids(&r), ["refresh-token-short"]);
    assert!(
        r.findings[0].title.contains("30 days"),
        "{}",
        r.findings[0].title
    );
}

#[tokio::test]
async fn device_settings_are_checked_against_what_users_see() {
    let pool = start().await;
    update_pool(
        &pool,
        json!({"DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": true,
            "DeviceOnlyRememberedOnUserPrompt": false
        }}),
    )
    .await;
    assert_eq!(ids(&report(&pool).await), ["devices-remembered-silently"]);
    update_pool(
        &pool,
        json!({"DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": false,
            "DeviceOnlyRememberedOnUserPrompt": true
        }}),
    )
    .await;
    assert_eq!(ids(&report(&pool).await), ["devices-do-not-skip-mfa"]);
    update_pool(&pool, json!({"MfaConfiguration": "OFF"})).await;
    let r = report(&pool).await;
    assert_eq!(ids(&r), ["devices-without-mfa"]);
    assert!(r.healthy(), "a note, not a problem");
}

/// A pool that requires TOTP, with `users` confirmed and none enrolled.
async fn mfa_required_with(users: &[&str]) -> TestPool {
    let pool = start().await;
    for u in users {
        pool.confirmed_user(u, &format!("{u}@example.com"), PW)
            .await;
    }
    mfa_config(
        &pool,
        json!({"MfaConfiguration": "ON", "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
    .await;
    pool
}

#[tokio::test]
async fn required_mfa_with_users_not_enrolled_is_found_on_a_sample() {
    let pool = mfa_required_with(&["ann", "bob", "cy"]).await;
    let r = report(&pool).await;
    assert_eq!(ids(&r), ["mfa-required-not-enrolled"]);
    let f = &r.findings[0];
    assert!(f.title.contains("3 of the users"), "{}", f.title);
    assert!(
        f.detail.contains("every user of the pool, 3"),
        "{}",
        f.detail
    );
    for u in ["ann", "bob", "cy"] {
        assert!(f.detail.contains(u), "{}", f.detail);
    }
    let sample = Expectations {
        sample: 2,
        ..Default::default()
    };
    let r = report_with(&pool, &local_profile(&pool.info), &sample).await;
    assert_eq!(r.sampled_users, 2);
    let f = &r.findings[0];
    assert!(
        f.detail
            .contains("a sample: the first 2 users ListUsers gave, of about 3"),
        "{}",
        f.detail
    );
    let none = Expectations {
        sample: 0,
        ..Default::default()
    };
    let r = report_with(&pool, &local_profile(&pool.info), &none).await;
    assert!(r.findings.is_empty(), "{:?}", ids(&r));
}

/// Signs `user` up and enrols a verified, enabled software token, as an authenticator app
/// would.
async fn enrolled(pool: &TestPool, user: &str) {
    pool.confirmed_user(user, &format!("{user}@example.com"), PW)
        .await;
    let r = pool.srp_login(user, PW).await.unwrap();
    let access = r["AuthenticationResult"]["AccessToken"].clone();
    let a = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = cogtui::totp::base32_decode(a["SecretCode"].as_str().unwrap()).unwrap();
    let code = cogtui::totp::code_at(&secret, common::now());
    pool.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": code}),
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
}

#[tokio::test]
async fn mfa_off_with_users_enrolled_is_a_note_naming_them() {
    let pool = start().await;
    enrolled(&pool, "tess").await;
    pool.confirmed_user("ned", "ned@example.com", PW).await;
    update_pool(
        &pool,
        json!({"MfaConfiguration": "OFF", "DeviceConfiguration": null}),
    )
    .await;
    let r = report(&pool).await;
    assert_eq!(ids(&r), ["mfa-off-users-enrolled"]);
    let f = &r.findings[0];
    assert!(f.title.contains("1 of the users"), "{}", f.title);
    assert!(f.detail.starts_with("tess:"), "{}", f.detail);
    assert!(!f.detail.contains("ned"), "{}", f.detail);
}

#[tokio::test]
async fn optional_mfa_without_authenticator_apps_is_found() {
    let pool = start().await;
    mfa_config(
        &pool,
        json!({
            "MfaConfiguration": "OPTIONAL",
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "code {####}"},
            "SoftwareTokenMfaConfiguration": {"Enabled": false}
        }),
    )
    .await;
    let r = report(&pool).await;
    assert_eq!(ids(&r), ["mfa-no-authenticator-app"]);
    assert!(r.findings[0].detail.contains("only SMS"));
}

#[tokio::test]
async fn hosted_ui_callbacks_missing_or_insecure_and_code_without_openid_are_found() {
    let pool = start().await;
    let client = pool.info.client_id.clone();
    let hosted = |callbacks: Value, scopes: Value| {
        json!({
            "UserPoolId": pool.info.user_pool_id,
            "ClientId": client,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "AllowedOAuthFlowsUserPoolClient": true,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": scopes,
            "SupportedIdentityProviders": ["COGNITO"],
            "CallbackURLs": callbacks,
        })
    };
    // What Cognito itself refuses, the local pool refuses too: no callback URL for the code
    // flow, plain http to another host. The doctor's checks for them are unit tests.
    let err = pool
        .admin("UpdateUserPoolClient", hosted(json!([]), json!(["openid"])))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidOAuthFlowException");
    let err = pool
        .admin(
            "UpdateUserPoolClient",
            hosted(
                json!(["http://app.example.com/callback"]),
                json!(["openid"]),
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    // What it takes: a loopback IP (Cognito wants localhost), a client without the URL cogtui
    // listens on, the code flow without openid.
    let cogtui = Expectations {
        callback: Some("http://localhost:9230/callback".into()),
        ..Default::default()
    };
    let profile = local_profile(&pool.info);
    pool.admin(
        "UpdateUserPoolClient",
        hosted(
            json!([
                "https://app.example.com/callback",
                "http://127.0.0.1:8765/cb"
            ]),
            json!(["email"]),
        ),
    )
    .await
    .unwrap();
    let r = report_with(&pool, &profile, &cogtui).await;
    assert_eq!(
        ids(&r),
        [
            "hosted-ui-loopback-ip-callback",
            "hosted-ui-code-without-openid",
            "hosted-ui-cogtui-callback"
        ]
    );
    assert!(
        finding(&r, "hosted-ui-loopback-ip-callback")
            .detail
            .contains("http://127.0.0.1:8765/cb")
    );
    let f = finding(&r, "hosted-ui-cogtui-callback");
    assert!(
        f.title.contains("http://localhost:9230/callback"),
        "{}",
        f.title
    );
    assert!(
        f.fix
            .contains("--callback-urls https://app.example.com/callback http://127.0.0.1:8765/cb http://localhost:9230/callback"),
        "{}",
        f.fix
    );
    // Without the expectation the callback is not checked.
    assert!(
        !ids(&report_with(&pool, &profile, &Expectations::default()).await)
            .contains(&"hosted-ui-cogtui-callback")
    );
    pool.admin(
        "UpdateUserPoolClient",
        hosted(
            json!([
                "http://localhost:8765/callback",
                "http://localhost:9230/callback"
            ]),
            json!(["openid"]),
        ),
    )
    .await
    .unwrap();
    assert!(
        report_with(&pool, &profile, &cogtui)
            .await
            .findings
            .is_empty()
    );
}

#[tokio::test]
async fn triggers_are_listed_and_an_incomplete_custom_auth_set_is_an_error() {
    let pool = start().await;
    update_pool(
        &pool,
        json!({"LambdaConfig": {
            "PreSignUp": "cmd:node pre-sign-up.js",
            "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": "http://127.0.0.1:9/hook"},
            "DefineAuthChallenge": "cmd:python3 define.py"
        }}),
    )
    .await;
    let r = report(&pool).await;
    assert_eq!(ids(&r), ["custom-auth-incomplete", "triggers-configured"]);
    let t = finding(&r, "triggers-configured");
    // A local pool's handlers log to the pool's log, not CloudWatch.
    assert!(t.detail.contains("the local pool's log"), "{}", t.detail);
    assert!(!t.detail.contains("CloudWatch"), "{}", t.detail);
    assert!(
        t.title
            .contains("PreSignUp, DefineAuthChallenge, PreTokenGenerationConfig"),
        "{}",
        t.title
    );
    assert!(
        t.detail.contains("the local command `node pre-sign-up.js`"),
        "{}",
        t.detail
    );
    assert!(t.detail.contains("http://127.0.0.1:9/hook"), "{}", t.detail);
    let c = finding(&r, "custom-auth-incomplete");
    assert!(
        c.detail
            .contains("CreateAuthChallenge and VerifyAuthChallengeResponse")
    );
}

#[tokio::test]
async fn a_missing_pool_or_client_and_refused_credentials_say_what_to_do() {
    let pool = start().await;
    let mut p = local_profile(&pool.info);
    p.user_pool_id = "us-east-1_nothere".into();
    let e = doctor::diagnose(&admin_for(&pool, &p), &Expectations::default())
        .await
        .unwrap_err();
    assert!(matches!(e, DoctorError::PoolNotFound { .. }), "{e:?}");
    let text = e.to_string();
    assert!(
        text.contains("us-east-1_nothere") && text.contains("list-user-pools"),
        "{text}"
    );
    let mut p = local_profile(&pool.info);
    p.client_id = "nosuchclient".into();
    let e = doctor::diagnose(&admin_for(&pool, &p), &Expectations::default())
        .await
        .unwrap_err();
    assert!(matches!(e, DoctorError::ClientNotFound { .. }), "{e:?}");
    assert!(e.to_string().contains("list-user-pool-clients"), "{e}");

    let p = local_profile(&pool.info);
    let wrong = AdminCredentials {
        access_key_id: pool.info.admin_access_key_id.clone(),
        secret_access_key: Secret::new("not-the-secret-key"),
        session_token: None,
        source: CredentialSource::Environment,
    };
    let admin = Admin::with_credentials(&p, wrong).unwrap();
    let e = doctor::diagnose(&admin, &Expectations::default())
        .await
        .unwrap_err();
    assert!(
        matches!(e, DoctorError::Admin(AdminError::CredentialsRefused { .. })),
        "{e:?}"
    );
    assert!(!e.to_string().contains("not-the-secret-key"));
}

#[tokio::test]
async fn a_sample_larger_than_one_batch_reads_every_user_once() {
    // The doctor asks for 8 users at a time; 11 cross a batch's end.
    let names: Vec<String> = (0..11).map(|i| format!("u{i:02}")).collect();
    let pool = mfa_required_with(&names.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let r = report(&pool).await;
    assert_eq!(r.sampled_users, 11);
    let f = &r.findings[0];
    assert!(f.title.contains("11 of the users"), "{}", f.title);
    // In ListUsers' order, each once.
    assert!(
        f.detail.contains("u00, u01, u02, u03, u04 and 6 more"),
        "{}",
        f.detail
    );
    assert!(
        f.detail.contains("every user of the pool, 11"),
        "{}",
        f.detail
    );
}
