//! MFA through the real binary against a local pool started in-process: `mfa setup` with the
//! secret kept, `mfa status`, sign-in answered from the kept secret or `--totp-secret-env`,
//! `totp code`, `mfa prefer`, `mfa disable`, MFA_SETUP at sign-in, and bad codes.
#![cfg(feature = "local")]

mod common;

use common::Run;

use assert_cmd::Command;
use cogtui::totp;
use common::{TestPool, start};
use serde_json::json;

const PW: &str = "Mfa-Cli-Passw0rd!";

struct Env {
    pool: TestPool,
    data: tempfile::TempDir,
}

async fn env(mode: &str) -> Env {
    let pool = start().await;
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("config.toml"),
        format!(
            "default_profile = \"test\"\n\n[profiles.test]\nregion = \"us-east-1\"\n\
             user_pool_id = \"{}\"\nclient_id = \"{}\"\nendpoint = \"{}\"\n\
             session_store = \"file\"\n",
            pool.info.user_pool_id, pool.info.client_id, pool.info.endpoint
        ),
    )
    .unwrap();
    pool.admin(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool.info.user_pool_id, "MfaConfiguration": mode,
               "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
    .await
    .unwrap();
    Env { pool, data }
}

impl Env {
    async fn run_with(&self, args: &[&str], stdin: &str, vars: &[(&str, &str)]) -> Run {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(args)
            .env("COGTUI_CONFIG", self.data.path().join("config.toml"))
            .env("COGTUI_DATA_DIR", self.data.path())
            .env_remove("COGTUI_PROFILE")
            .write_stdin(stdin.to_owned());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        Run::from(out)
    }

    async fn ok(&self, args: &[&str], stdin: &str) -> Run {
        let r = self.run_with(args, stdin, &[]).await;
        assert_eq!(r.code, 0, "{args:?}\n{}\n{}", r.stdout, r.stderr);
        r
    }
}

/// Waits until the current TOTP step has at least 3 s left, so a code computed now is still
/// current when the pool checks it.
async fn mid_step() {
    while totp::seconds_left(common::now()) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_status_sign_in_and_disable_from_a_script() {
    let e = env("OPTIONAL").await;
    e.pool.confirmed_user("mia", "mia@example.com", PW).await;
    e.ok(&["login", "mia", "--password-stdin"], &format!("{PW}\n"))
        .await;

    // A wrong first code leaves MFA off.
    let r = e
        .run_with(&["mfa", "setup", "--code", "000000"], "", &[])
        .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    let s = e
        .ok(&["--output", "json", "mfa", "status"], "")
        .await
        .json();
    assert_eq!(s["enabled"], json!([]));

    // Enrol with the secret kept; JSON carries the URI and the secret the person asked for.
    mid_step().await;
    let begin = e
        .ok(&["--output", "json", "mfa", "setup", "--keep-secret"], "")
        .await;
    let j = begin.json();
    let uri = j["uri"].as_str().unwrap();
    let secret = j["secret"].as_str().unwrap().to_owned();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={secret}")), "{uri}");
    let s = e
        .ok(&["--output", "json", "mfa", "status"], "")
        .await
        .json();
    assert_eq!(s["enabled"], json!(["totp"]));
    assert_eq!(s["preferred"], "totp");
    assert_eq!(s["totp_secret_kept"], true);

    // `totp code` prints the current code from the kept secret.
    let code = e.ok(&["totp", "code"], "").await.stdout.trim().to_owned();
    let bytes = totp::base32_decode(&secret).unwrap();
    let now = common::now();
    assert!(
        [now - 1, now]
            .iter()
            .any(|t| totp::code_at(&bytes, *t) == code),
        "{code}"
    );

    // Sign out; a script signs in again with the secret in an environment variable. The
    // enrolment used this step's code, so the CLI waits for the next step by itself.
    e.ok(&["logout"], "").await;
    let r = e
        .run_with(
            &[
                "--output",
                "json",
                "login",
                "mia",
                "--password-stdin",
                "--totp-secret-env",
                "MIA_TOTP",
            ],
            &format!("{PW}\n"),
            &[("MIA_TOTP", &secret)],
        )
        .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["username"], "mia");
    assert!(!r.stderr.contains(&secret) && !r.stdout.contains(&secret));

    // Turned off: the kept secret goes too, and sign-in asks for nothing.
    e.ok(&["mfa", "disable"], "").await;
    let s = e
        .ok(&["--output", "json", "mfa", "status"], "")
        .await
        .json();
    assert_eq!(s["enabled"], json!([]));
    assert_eq!(s["totp_secret_kept"], false);
    let r = e.run_with(&["totp", "code"], "", &[]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    e.ok(&["logout"], "").await;
    e.ok(&["login", "mia", "--password-stdin"], &format!("{PW}\n"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_that_requires_mfa_enrols_at_sign_in_from_a_script() {
    let e = env("ON").await;
    e.pool.confirmed_user("ned", "ned@example.com", PW).await;
    // Without a terminal or --keep-totp-secret, the code cannot be asked for.
    let r = e
        .run_with(
            &["login", "ned", "--password-stdin"],
            &format!("{PW}\n"),
            &[],
        )
        .await;
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("--keep-totp-secret"), "{}", r.stderr);
    mid_step().await;
    let r = e
        .ok(
            &["login", "ned", "--password-stdin", "--keep-totp-secret"],
            &format!("{PW}\n"),
        )
        .await;
    assert!(r.stderr.contains("kept"), "{}", r.stderr);
    let s = e
        .ok(&["--output", "json", "mfa", "status"], "")
        .await
        .json();
    assert_eq!(s["enabled"], json!(["totp"]));
    // A code with spaces is fine; a wrong one is refused with exit 3.
    e.ok(&["logout"], "").await;
    let r = e
        .run_with(
            &["login", "ned", "--password-stdin", "--mfa-code", "000 000"],
            &format!("{PW}\n"),
            &[],
        )
        .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("MFA code"), "{}", r.stderr);
    assert!(!r.stderr.contains("resend-code"), "{}", r.stderr);
    // A code of the wrong length is refused before anything is sent (exit 10).
    let r = e
        .run_with(
            &["login", "ned", "--password-stdin", "--mfa-code", "12345"],
            &format!("{PW}\n"),
            &[],
        )
        .await;
    assert_eq!(r.code, 10, "{}", r.stderr);
    assert!(r.stderr.contains("6 digits"), "{}", r.stderr);
    let kept = e.ok(&["--user", "ned", "totp", "code"], "").await;
    assert_eq!(kept.stdout.trim().len(), 6);
}
