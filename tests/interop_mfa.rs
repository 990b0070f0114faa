//! TOTP MFA interop: AWS's amazon-cognito-identity-js enrols a software token and signs in
//! with codes from an independent RFC 6238 implementation (tests/interop/node/mfa.mjs), against
//! the local pool started in this process; and that implementation accepts cogtui's codes.
#![cfg(feature = "local")]

mod common;

use serde_json::json;
use std::path::Path;
use std::process::Command;

fn sdk_installed() -> bool {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop/node/node_modules/amazon-cognito-identity-js/package.json")
        .exists()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs AWS's SDKs: bash tests/interop/install.sh (CI runs it with --include-ignored)"]
async fn amazon_cognito_identity_js_enrols_totp_and_signs_in_with_it() {
    assert!(
        sdk_installed(),
        "amazon-cognito-identity-js is not installed: bash tests/interop/install.sh"
    );
    let pool = common::start().await;
    pool.admin(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool.info.user_pool_id, "MfaConfiguration": "OPTIONAL",
               "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
    .await
    .unwrap();
    let secret = cogtui::totp::base32_encode(&cogtui::totp::generate_secret());
    let time = 1_800_000_000_i64;
    let code = cogtui::totp::code_at(&cogtui::totp::base32_decode(&secret).unwrap(), time);
    let server = json!({
        "endpoint": pool.info.endpoint,
        "user_pool_id": pool.info.user_pool_id,
        "client_id": pool.info.client_id,
    });
    let check = json!({"secret": secret, "time": time, "code": code});
    let dir = env!("CARGO_MANIFEST_DIR");
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("tests/interop/node/mfa.mjs")
            .current_dir(dir)
            .env("COGTUI_LOCAL", server.to_string())
            .env("COGTUI_TOTP_CHECK", check.to_string())
            .output()
            .expect("run node")
    })
    .await
    .unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("sendMFACode signs in"), "{text}");
}
