//! What the trigger tests share: where the handler files are, the runner commands for them,
//! setting a pool's triggers, a password sign-in and the verified claims of its tokens.
#![allow(dead_code)]

use crate::common::TestPool;
use serde_json::{Value, json};

pub fn dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/triggers")
}

pub fn node(handler: &str) -> String {
    format!("cmd:node {0}/run.js {0}/{handler}", dir())
}

pub fn python(handler: &str) -> String {
    format!("cmd:python3 {0}/run.py {0}/{handler}", dir())
}

/// The handlers' runtimes must be on PATH: a missing one fails plainly, never passes.
pub fn need(tool: &str) {
    let ok = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "these tests run Lambda handlers with {tool}: install it (apt-get install nodejs python3)"
    );
}

pub async fn set_triggers(p: &TestPool, config: Value) {
    p.admin(
        "UpdateUserPool",
        json!({
            "UserPoolId": p.info.user_pool_id,
            "AutoVerifiedAttributes": ["email"],
            "LambdaConfig": config,
        }),
    )
    .await
    .expect("UpdateUserPool");
}

pub async fn password_login(
    p: &TestPool,
    username: &str,
    password: &str,
) -> Result<Value, crate::common::ApiErr> {
    p.call(
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": p.info.client_id,
            "AuthParameters": {"USERNAME": username, "PASSWORD": password},
        }),
    )
    .await
}

pub async fn claims(p: &TestPool, result: &Value, which: &str) -> Value {
    let token = result["AuthenticationResult"][which]
        .as_str()
        .expect("token");
    let iss = format!("{}/{}", p.info.endpoint, p.info.user_pool_id);
    crate::common::verify_jwt(token, &p.jwks().await, &iss).expect("token verifies")
}
