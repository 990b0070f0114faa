//! The real binary: `cogtui local serve` survives `kill -9` with every answered write, prints
//! the same ids on restart, and keeps secrets out of its output.
#![cfg(feature = "local")]

mod common;

use cogtui::local::SeedInfo;
use common::TestPool;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const PW: &str = "Persist-Passw0rd!";

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(data_dir: &Path, log: &Path) -> (Server, SeedInfo) {
    let stderr = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .expect("log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cogtui"))
        .args(["local", "serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("COGTUI_CONFIG", data_dir.join("config.toml"))
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn cogtui");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let info: SeedInfo = serde_json::from_str(&line).expect("first line is the seed JSON");
    (Server { child }, info)
}

fn client(info: SeedInfo, dir: tempfile::TempDir) -> TestPool {
    TestPool {
        pool: None,
        info,
        http: reqwest::Client::new(),
        dir,
    }
}

#[tokio::test]
async fn state_survives_kill_9_and_secrets_stay_out_of_the_log() {
    let data = tempfile::tempdir().expect("tempdir");
    let log = data.path().join("server.log");
    let db_dir = data.path().join("pool");

    let (mut server, first) = serve(&db_dir, &log);
    let p = client(first.clone(), tempfile::tempdir().expect("tempdir"));
    p.confirmed_user("kim", "kim@example.com", PW).await;
    let tokens = p.srp_login("kim", PW).await.expect("sign-in")["AuthenticationResult"].clone();
    p.sign_up("lee", "lee@example.com", PW).await;

    // SIGKILL: no shutdown code runs.
    server.child.kill().expect("kill -9");
    server.child.wait().expect("reaped");

    let (_server, second) = serve(&db_dir, &log);
    let mut same = second.clone();
    same.endpoint = first.endpoint.clone();
    assert_eq!(same, first, "a restart prints the same ids");
    let p = client(second, tempfile::tempdir().expect("tempdir"));
    // The confirmed user, their session and the pending sign-up all survived.
    assert!(p.srp_login("kim@example.com", PW).await.is_ok());
    let refreshed = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"]}}),
        )
        .await
        .expect("refresh after restart");
    assert!(refreshed["AuthenticationResult"]["AccessToken"].is_string());
    let code = p.code_for("lee", "sign_up").await;
    p.call(
        "ConfirmSignUp",
        json!({"ClientId": p.info.client_id, "Username": "lee", "ConfirmationCode": code}),
    )
    .await
    .expect("confirm after restart");

    let text = std::fs::read_to_string(&log).expect("log");
    assert!(
        text.contains("outbox: sign_up for kim"),
        "codes are printed: {text}"
    );
    for secret in [
        PW,
        tokens["RefreshToken"].as_str().expect("rt"),
        tokens["AccessToken"].as_str().expect("at"),
        tokens["IdToken"].as_str().expect("it"),
        &first.admin_secret_access_key,
        &first.client_secret,
    ] {
        assert!(!text.contains(secret), "a secret reached the log");
    }
}

#[tokio::test]
async fn a_bad_data_dir_or_a_taken_port_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").expect("file");
    let out = Command::new(env!("CARGO_BIN_EXE_cogtui"))
        .args(["local", "serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(&file)
        .env("COGTUI_CONFIG", dir.path().join("config.toml"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--data-dir"), "{err}");
    assert!(out.stdout.is_empty());

    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_cogtui"))
        .args(["local", "serve", "--bind", &addr, "--data-dir"])
        .arg(dir.path().join("ok"))
        .env("COGTUI_CONFIG", dir.path().join("config.toml"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--bind"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[tokio::test]
async fn the_outbox_line_on_stderr_never_carries_a_control_character_raw() {
    let data = tempfile::tempdir().expect("tempdir");
    let log = data.path().join("server.log");
    let (_server, info) = serve(&data.path().join("pool"), &log);
    let p = client(info, tempfile::tempdir().expect("tempdir"));
    // Usernames with such characters are refused; an email may carry them.
    let hostile = "x\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{7f}\u{202e}\u{200b}@example.com";
    p.sign_up("mia", hostile, PW).await;
    let text = std::fs::read_to_string(&log).expect("log");
    let line = text
        .lines()
        .find(|l| l.contains("outbox: sign_up for mia"))
        .unwrap_or_else(|| panic!("no outbox line: {text:?}"));
    assert!(line.contains("x\\u{1b}[2J"), "{line:?}");
    for c in text.chars().filter(|c| *c != '\n') {
        assert!(
            !c.is_control() && !cogtui::local::escape::is_hostile(c),
            "{c:?} reached stderr raw: {text:?}"
        );
    }
}
