//! `cogtui local seed --users N`: N confirmed accounts with a known password, listed as JSON,
//! that sign in with SRP against the pool served from the same data dir; all or nothing.
#![cfg(feature = "local")]

mod common;

use assert_cmd::Command;
use serde_json::Value;

fn seed(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("cogtui")
        .unwrap()
        .args(["local", "seed", "--data-dir"])
        .arg(dir)
        .args(args)
        .env_remove("COGTUI_SEED_PASSWORD")
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_users_are_listed_and_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = seed(dir.path(), &["--users", "25", "--prefix", "load"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let users: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(users.len(), 25);
    assert_eq!(users[0]["username"], "load-000001");
    assert_eq!(users[24]["username"], "load-000025");
    let password = users[0]["password"].as_str().unwrap().to_owned();
    assert!(password.len() >= 16, "a generated password: {password}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("25 confirmed users"), "{stderr}");
    assert!(!stderr.contains(&password), "the password stays off stderr");

    let pool = common::start_in(dir).await;
    for user in [&users[0], &users[24]] {
        let name = user["username"].as_str().unwrap();
        let tokens = pool
            .srp_login(name, &password)
            .await
            .expect("a seeded user signs in");
        let id = common::verify_jwt(
            tokens["AuthenticationResult"]["IdToken"].as_str().unwrap(),
            &pool.jwks().await,
            &format!("{}/{}", pool.info.endpoint, pool.info.user_pool_id),
        )
        .unwrap();
        assert_eq!(id["sub"], user["sub"]);
        assert_eq!(id["email_verified"], true);
    }
    assert!(
        pool.srp_login("load-000002", "Wrong-Passw0rd!")
            .await
            .is_err()
    );
    let dir = pool.stop().await;

    // A taken name: refused with what to do next, and nothing of the batch written.
    let out = seed(
        dir.path(),
        &[
            "--users",
            "30",
            "--prefix",
            "load",
            "--password",
            "Other-Passw0rd!",
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--prefix"), "{stderr}");
    assert!(out.stdout.is_empty());
    let pool = common::start_in(dir).await;
    assert!(
        pool.srp_login("load-000030", "Other-Passw0rd!")
            .await
            .is_err()
    );
    assert!(pool.srp_login("load-000001", &password).await.is_ok());
}

#[test]
fn bad_counts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["0", "-1", "many"] {
        let out = seed(dir.path(), &["--users", bad]);
        assert_eq!(out.status.code(), Some(2), "--users {bad}");
    }
}
