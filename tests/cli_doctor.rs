//! `cogtui doctor` end to end: the real binary against a local pool started in-process, signed
//! with the pool's own admin key (found in its data dir). Exit codes for CI (0 clean, 11 on
//! errors, `--fail-on`), the human blocks and the JSON document's shape, a missing pool, bad
//! flags, and no client secret or admin key in anything printed.
#![cfg(all(feature = "local", feature = "admin"))]

mod common;

use assert_cmd::Command;
use common::{Run, TestPool, start};
use serde_json::json;
use std::path::PathBuf;

struct Env {
    pool: TestPool,
    data: tempfile::TempDir,
    config: PathBuf,
}

const AWS_VARS: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "COGTUI_PROFILE",
];

/// A config whose default profile `test` uses `client_id`, with `secret` if given.
fn write_config(e: &Env, client_id: &str, secret: Option<&str>) {
    let secret = secret
        .map(|s| format!("client_secret = \"{s}\"\n"))
        .unwrap_or_default();
    std::fs::write(
        &e.config,
        format!(
            "default_profile = \"test\"\n\n[profiles.test]\nregion = \"us-east-1\"\n\
             user_pool_id = \"{}\"\nclient_id = \"{client_id}\"\n{secret}\
             endpoint = \"{}\"\nsession_store = \"file\"\n",
            e.pool.info.user_pool_id, e.pool.info.endpoint
        ),
    )
    .unwrap();
}

async fn env() -> Env {
    let pool = start().await;
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("config.toml");
    let e = Env { pool, data, config };
    write_config(&e, &e.pool.info.client_id, None);
    e
}

impl Env {
    async fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(args)
            .env("COGTUI_CONFIG", &self.config)
            .env("COGTUI_DATA_DIR", self.data.path())
            .env("COGTUI_LOCAL_DATA_DIR", self.pool.dir.path())
            .env("AWS_CONFIG_FILE", self.data.path().join("aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.data.path().join("aws-creds"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .write_stdin("");
        for v in AWS_VARS {
            cmd.env_remove(v);
        }
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        let run = Run::from(out);
        for secret in [
            &self.pool.info.client_secret,
            &self.pool.info.admin_secret_access_key,
        ] {
            assert!(
                !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
                "a secret was printed:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
        run
    }

    async fn break_srp(&self) {
        self.pool
            .admin(
                "UpdateUserPoolClient",
                json!({
                    "UserPoolId": self.pool.info.user_pool_id,
                    "ClientId": self.pool.info.client_id,
                    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    "RefreshTokenValidity": 2,
                    "TokenValidityUnits": {"RefreshToken": "hours"},
                }),
            )
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_pool_exits_0_with_no_problems_found() {
    let e = env().await;
    let r = e.run(&["doctor"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("no problems found"), "{}", r.stdout);
    assert!(r.stdout.contains(&e.pool.info.user_pool_id), "{}", r.stdout);
    let r = e.run(&["--output", "json", "doctor"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["healthy"], true);
    assert_eq!(j["profile"], "test");
    assert_eq!(j["pool_id"], e.pool.info.user_pool_id.as_str());
    assert_eq!(j["client_id"], e.pool.info.client_id.as_str());
    assert_eq!(j["counts"], json!({"error": 0, "warning": 0, "info": 0}));
    assert_eq!(j["findings"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_exit_11_worst_first_and_fail_on_picks_the_level() {
    let e = env().await;
    e.break_srp().await;
    let r = e.run(&["doctor"]).await;
    assert_eq!(r.code, 11, "{}\n{}", r.stdout, r.stderr);
    let error_at = r.stdout.find("ERROR    ").expect("an error block");
    let warning_at = r.stdout.find("WARNING  ").expect("a warning block");
    assert!(error_at < warning_at, "{}", r.stdout);
    assert!(r.stdout.contains("[srp-not-allowed]"), "{}", r.stdout);
    assert!(r.stdout.contains("  fix: "), "{}", r.stdout);
    assert!(
        r.stdout.contains("1 error, 1 warning, 0 notes."),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("exit 11"), "{}", r.stderr);

    let r = e.run(&["--output", "json", "doctor"]).await;
    assert_eq!(r.code, 11);
    let j = r.json();
    assert_eq!(j["healthy"], false);
    assert_eq!(j["counts"]["error"], 1);
    assert_eq!(j["counts"]["warning"], 1);
    let first = &j["findings"][0];
    let mut keys: Vec<_> = first.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["detail", "fix", "id", "severity", "title"]);
    assert_eq!(first["id"], "srp-not-allowed");
    assert_eq!(first["severity"], "error");
    assert_eq!(j["findings"][1]["id"], "refresh-token-short");
    assert_eq!(j["findings"][1]["severity"], "warning");

    assert_eq!(e.run(&["doctor", "--fail-on", "never"]).await.code, 0);
    // Only the warning left: fine by default, a failure with --fail-on warning.
    e.pool
        .admin(
            "UpdateUserPoolClient",
            json!({
                "UserPoolId": e.pool.info.user_pool_id,
                "ClientId": e.pool.info.client_id,
                "RefreshTokenValidity": 2,
                "TokenValidityUnits": {"RefreshToken": "hours"},
            }),
        )
        .await
        .unwrap();
    assert_eq!(e.run(&["doctor"]).await.code, 0);
    assert_eq!(e.run(&["doctor", "--fail-on", "warning"]).await.code, 11);
    assert_eq!(
        e.run(&["doctor", "--fail-on", "warning", "--expect-refresh", "2h"])
            .await
            .code,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_with_a_secret_is_found_and_the_secret_is_never_printed() {
    let e = env().await;
    let with_secret = e.pool.info.client_id_with_secret.clone();
    write_config(&e, &with_secret, None);
    let r = e.run(&["--output", "json", "doctor"]).await;
    assert_eq!(r.code, 11, "{}", r.stderr);
    assert_eq!(
        r.json()["findings"][0]["id"],
        "client-secret-not-in-profile"
    );
    write_config(&e, &with_secret, Some(&e.pool.info.client_secret));
    let r = e.run(&["doctor"]).await;
    assert_eq!(r.code, 0, "a warning: {}", r.stdout);
    assert!(r.stdout.contains("[client-secret]"), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_pool_is_exit_6_and_bad_flags_exit_2() {
    let e = env().await;
    let r = e.run(&["doctor", "--expect-refresh", "soon"]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("30d"), "{}", r.stderr);
    assert_eq!(e.run(&["doctor", "--sample", "61"]).await.code, 2);
    std::fs::write(
        &e.config,
        std::fs::read_to_string(&e.config)
            .unwrap()
            .replace(&e.pool.info.user_pool_id, "us-east-1_gone"),
    )
    .unwrap();
    let r = e.run(&["doctor"]).await;
    assert_eq!(r.code, 6, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.starts_with("cogtui: no user pool us-east-1_gone")
            && r.stderr.contains("list-user-pools"),
        "{}",
        r.stderr
    );
}
