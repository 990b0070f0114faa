//! Imports of Amplify configuration files: Gen 2 outputs, Gen 1 web (JSON and aws-exports.js),
//! Gen 1 mobile, and files that cannot be imported.

use cogtui::config::{AmplifyFormat, ConfigError, import_amplify};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/config")
        .join(name)
}

#[test]
fn gen2_amplify_outputs() {
    let i = import_amplify(&fixture("amplify_outputs.json")).unwrap();
    assert_eq!(i.format, AmplifyFormat::Gen2);
    let p = i.profile;
    assert_eq!(p.name, "amplify");
    assert_eq!(p.region, "eu-central-1");
    assert_eq!(p.user_pool_id, "eu-central-1_Gen2Pool9");
    assert_eq!(p.client_id, "3f9gen2client0abcdefghijkl");
    assert_eq!(
        p.identity_pool_id.as_deref(),
        Some("eu-central-1:6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d")
    );
    assert_eq!(
        p.hosted_ui_domain.as_deref(),
        Some("gen2app.auth.eu-central-1.amazoncognito.com")
    );
    assert!(p.client_secret.is_none() && p.endpoint.is_none());
}

#[test]
fn gen1_web_amplifyconfiguration() {
    let i = import_amplify(&fixture("amplifyconfiguration.json")).unwrap();
    assert_eq!(i.format, AmplifyFormat::Gen1Web);
    let p = i.profile;
    assert_eq!(p.region, "us-west-2");
    assert_eq!(p.user_pool_id, "us-west-2_Gen1Web01");
    assert_eq!(p.client_id, "7gen1webclient0123456789ab");
    assert_eq!(
        p.identity_pool_id.as_deref(),
        Some("us-west-2:1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f")
    );
    assert_eq!(
        p.hosted_ui_domain.as_deref(),
        Some("gen1web-dev.auth.us-west-2.amazoncognito.com")
    );
}

#[test]
fn gen1_aws_exports_js_without_a_cognito_region() {
    let i = import_amplify(&fixture("aws-exports.js")).unwrap();
    assert_eq!(i.format, AmplifyFormat::Gen1Web);
    let p = i.profile;
    assert_eq!(p.region, "ap-southeast-2");
    assert_eq!(p.user_pool_id, "ap-southeast-2_ExportsJs");
    // `"oauth": {}` means no Hosted UI.
    assert!(p.hosted_ui_domain.is_none() && p.identity_pool_id.is_none());
}

#[test]
fn gen1_mobile_plugin_shape_with_a_client_secret() {
    let i = import_amplify(&fixture("amplifyconfiguration_mobile.json")).unwrap();
    assert_eq!(i.format, AmplifyFormat::Gen1Mobile);
    let p = i.profile;
    assert_eq!(p.region, "ap-northeast-1");
    assert_eq!(p.user_pool_id, "ap-northeast-1_Mobile001");
    assert_eq!(p.client_id, "5mobileclient0123456789abc");
    assert_eq!(
        p.client_secret.as_ref().map(|s| s.expose()),
        Some("mobile-client-secret-not-real")
    );
    assert_eq!(
        p.identity_pool_id.as_deref(),
        Some("ap-northeast-1:9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b")
    );
    assert_eq!(
        p.hosted_ui_domain.as_deref(),
        Some("mobileapp.auth.ap-northeast-1.amazoncognito.com")
    );
}

#[test]
fn placeholders_are_refused_naming_the_json_key() {
    let e = import_amplify(&fixture("amplifyconfiguration_placeholders.json")).unwrap_err();
    let shown = e.to_string();
    assert!(matches!(e, ConfigError::Import { .. }), "{e:?}");
    assert!(shown.contains("CognitoUserPool.Default.Region"), "{shown}");
    assert!(shown.contains("[REGION]"), "{shown}");
}

#[test]
fn a_file_without_auth_says_what_cogtui_looks_for() {
    let e = import_amplify(&fixture("amplify_outputs_no_auth.json")).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains("auth.user_pool_id") && shown.contains("aws_user_pools_id"),
        "{shown}"
    );
    assert!(shown.contains("amplify_outputs_no_auth.json"), "{shown}");
}

#[test]
fn broken_json_gives_the_line() {
    let e = import_amplify(&fixture("amplify_broken.json")).unwrap_err();
    let shown = e.to_string();
    match &e {
        ConfigError::Import { at: Some(at), .. } => assert_eq!(at.line, 5, "{shown}"),
        other => panic!("{other:?}"),
    }
    assert!(shown.contains("amplify_broken.json:5:"), "{shown}");
    assert!(!shown.contains(" at line "), "{shown}");
}

#[test]
fn a_missing_file_says_so() {
    let e = import_amplify(&fixture("nope.json")).unwrap_err();
    assert!(matches!(e, ConfigError::Read { .. }), "{e:?}");
}
