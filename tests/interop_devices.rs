//! Remembered-device interop: AWS's amazon-cognito-identity-js remembers a device against the
//! local pool and signs in again with DEVICE_SRP_AUTH without being asked for MFA
//! (tests/interop/node/devices.mjs); the SDK signs in with a device cogtui remembered (cogtui's
//! ConfirmDevice verifier works for the SDK's device SRP); and cogtui signs in with a device the
//! SDK remembered (cogtui's device SRP answers with the SDK's device password).
#![cfg(feature = "local")]

mod common;

use cogtui::auth::{Account, Answer, AuthFlow, Challenge, SignIn};
use cogtui::config::{Profile, StoreKind};
use cogtui::secret::Secret;
use cogtui::session::{DeviceSecrets, MemoryStore, SessionKey, SessionStore};
use common::TestPool;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

const PW: &str = "Interop-Device-Passw0rd!";

fn sdk_installed() -> bool {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop/node/node_modules/amazon-cognito-identity-js/package.json")
        .exists()
}

fn account(pool: &TestPool, store: &Arc<MemoryStore>, dir: &Path) -> Account {
    let profile = Profile {
        name: "test".into(),
        region: "us-east-1".into(),
        user_pool_id: pool.info.user_pool_id.clone(),
        client_id: pool.info.client_id.clone(),
        client_secret: None,
        identity_pool_id: None,
        endpoint: Some(pool.info.endpoint.clone()),
        hosted_ui_domain: None,
        session_store: Some(StoreKind::File),
        credentials_flow: None,
        federation_endpoint: None,
        role_arn: None,
    };
    Account::with_store(profile, store.clone(), "memory", dir).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs AWS's SDKs: bash tests/interop/install.sh (CI runs it with --include-ignored)"]
async fn amazon_cognito_identity_js_and_cogtui_share_device_srp() {
    assert!(
        sdk_installed(),
        "amazon-cognito-identity-js is not installed: bash tests/interop/install.sh"
    );
    let pool = common::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = ("sdkdev", "cogdev");
    pool.confirmed_user(a, "sdkdev@example.com", PW).await;
    pool.confirmed_user(b, "cogdev@example.com", PW).await;
    // B signs in with email codes; cogtui remembers B's device after that sign-in.
    pool.admin(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": pool.info.user_pool_id, "Username": b,
               "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    let store = Arc::new(MemoryStore::default());
    let acct = account(&pool, &store, dir.path());
    let step = acct
        .sign_in(b, &Secret::new(PW), AuthFlow::Srp)
        .await
        .unwrap();
    let SignIn::Challenge(ch @ Challenge::SentCode(_)) = step else {
        panic!("expected EMAIL_OTP: {step:?}");
    };
    let code = pool.code_for(b, "email_otp").await;
    let done = acct
        .respond(ch, Answer::Code(Secret::new(code)))
        .await
        .unwrap();
    assert!(matches!(done, SignIn::Done(_)), "{done:?}");
    assert!(acct.device_offered(Some(b)).unwrap());
    acct.remember_device(Some(b), "cogtui interop")
        .await
        .unwrap();
    let kept = store
        .load_device(&SessionKey::new("test", b))
        .unwrap()
        .expect("device kept");
    let cogtui_device = json!({
        "device_key": kept.device_key,
        "device_group_key": kept.device_group_key,
        "device_password": kept.device_password.expose(),
    });

    let server = json!({
        "endpoint": pool.info.endpoint,
        "user_pool_id": pool.info.user_pool_id,
        "client_id": pool.info.client_id,
    });
    let users = json!({"a": a, "b": b, "password": PW});
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("tests/interop/node/devices.mjs")
            .current_dir(root)
            .env("COGTUI_LOCAL", server.to_string())
            .env("COGTUI_USERS", users.to_string())
            .env("COGTUI_DEVICE", cogtui_device.to_string())
            .output()
            .expect("run node")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let text = format!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("the next sign-in uses DEVICE_SRP_AUTH and asks for no MFA code"),
        "{text}"
    );
    assert!(
        text.contains("the device cogtui remembered, no MFA"),
        "{text}"
    );

    // The other way round: cogtui signs A in with the device the SDK remembered, and A (TOTP
    // on) is not asked for a code.
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("SDK_DEVICE "))
        .expect("the SDK's device secrets");
    let sdk: Value = serde_json::from_str(line).unwrap();
    let store = Arc::new(MemoryStore::default());
    store
        .save_device(
            &SessionKey::new("test", a),
            &DeviceSecrets {
                device_key: sdk["device_key"].as_str().unwrap().to_owned(),
                device_group_key: sdk["device_group_key"].as_str().unwrap().to_owned(),
                device_password: Secret::new(sdk["device_password"].as_str().unwrap()),
            },
        )
        .unwrap();
    let acct = account(&pool, &store, dir.path());
    let step = acct
        .sign_in(a, &Secret::new(PW), AuthFlow::Srp)
        .await
        .unwrap();
    let SignIn::Done(tokens) = step else {
        panic!("cogtui was asked for more with the SDK's remembered device: {step:?}");
    };
    assert_eq!(tokens.device_key.as_deref(), sdk["device_key"].as_str());
    assert!(acct.take_device_notice().is_none());
}
