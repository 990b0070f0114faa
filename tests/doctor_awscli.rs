//! The fixes the pool doctor prints work as written: for each planted misconfiguration, the
//! exact `aws cognito-idp …` command of its fix is run with the AWS CLI (v1, PyPI `awscli`)
//! against the local pool started in-process, signed with the pool's admin key, and the
//! doctor no longer finds the problem.
//! Needs `bash tests/interop/install.sh`; CI runs it with `--include-ignored`.
#![cfg(all(feature = "local", feature = "admin"))]

mod common;

use cogtui::admin::{Admin, AdminCredentials, CredentialSource};
use cogtui::doctor::{self, Expectations, Report};
use cogtui::secret::Secret;
use common::{TestPool, local_profile, start};
use serde_json::json;

const HINT: &str = "install it with `bash tests/interop/install.sh`";

async fn report(pool: &TestPool) -> Report {
    let p = local_profile(&pool.info);
    let creds = AdminCredentials {
        access_key_id: pool.info.admin_access_key_id.clone(),
        secret_access_key: Secret::new(pool.info.admin_secret_access_key.clone()),
        session_token: None,
        source: CredentialSource::Environment,
    };
    let admin = Admin::with_credentials(&p, creds).unwrap();
    let cogtui = Expectations {
        callback: Some(cogtui::auth::hosted_ui::DEFAULT_CALLBACK.into()),
        ..Default::default()
    };
    doctor::diagnose(&admin, &cogtui).await.unwrap()
}

/// The `aws cognito-idp …` command in a fix, as words (the fixes quote nothing).
fn command_in(fix: &str, endpoint: &str) -> Vec<String> {
    let start = fix.find("aws cognito-idp ").expect("a command in the fix");
    let tail = &fix[start..];
    let end = tail.find(endpoint).expect("the endpoint in the command") + endpoint.len();
    tail[..end].split_whitespace().map(str::to_owned).collect()
}

/// Runs the fix of finding `id` with the AWS CLI, then checks the doctor no longer finds it.
async fn fix_with_the_aws_cli(pool: &TestPool, id: &str) {
    let r = report(pool).await;
    let f = r
        .findings
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("{id} not planted: {:?}", r.findings));
    let words = command_in(&f.fix, &pool.info.endpoint);
    let pool_info = pool.info.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(&words[0])
            .args(&words[1..])
            .env("AWS_ACCESS_KEY_ID", &pool_info.admin_access_key_id)
            .env("AWS_SECRET_ACCESS_KEY", &pool_info.admin_secret_access_key)
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .unwrap_or_else(|e| panic!("cannot run the AWS CLI ({e}): {HINT}"))
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{id}: the fix's command failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let after = report(pool).await;
    assert!(
        after.findings.iter().all(|f| f.id != id),
        "{id} is still found after its fix: {:?}",
        after.findings
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the AWS CLI: bash tests/interop/install.sh"]
async fn the_aws_cli_commands_of_the_fixes_fix_what_was_planted() {
    let pool = start().await;
    let base = json!({"UserPoolId": pool.info.user_pool_id, "ClientId": pool.info.client_id});
    let client = |extra: serde_json::Value| {
        let mut body = base.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };

    pool.admin(
        "UpdateUserPoolClient",
        client(
            json!({"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        ),
    )
    .await
    .unwrap();
    fix_with_the_aws_cli(&pool, "srp-not-allowed").await;

    pool.admin(
        "UpdateUserPoolClient",
        client(json!({"RefreshTokenValidity": 6, "TokenValidityUnits": {"RefreshToken": "hours"}})),
    )
    .await
    .unwrap();
    fix_with_the_aws_cli(&pool, "refresh-token-short").await;

    pool.admin(
        "UpdateUserPoolClient",
        client(json!({
            "AllowedOAuthFlowsUserPoolClient": true,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid"],
            "SupportedIdentityProviders": ["COGNITO"],
            "CallbackURLs": ["https://app.example.com/callback"],
        })),
    )
    .await
    .unwrap();
    fix_with_the_aws_cli(&pool, "hosted-ui-cogtui-callback").await;

    pool.admin(
        "SetUserPoolMfaConfig",
        json!({
            "UserPoolId": pool.info.user_pool_id,
            "MfaConfiguration": "OPTIONAL",
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "code {####}"},
            "SoftwareTokenMfaConfiguration": {"Enabled": false}
        }),
    )
    .await
    .unwrap();
    fix_with_the_aws_cli(&pool, "mfa-no-authenticator-app").await;

    pool.admin(
        "UpdateUserPool",
        json!({
            "UserPoolId": pool.info.user_pool_id,
            "MfaConfiguration": "OPTIONAL",
            "DeviceConfiguration": {
                "ChallengeRequiredOnNewDevice": true,
                "DeviceOnlyRememberedOnUserPrompt": false
            }
        }),
    )
    .await
    .unwrap();
    fix_with_the_aws_cli(&pool, "devices-remembered-silently").await;
}
