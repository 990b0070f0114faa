//! The cogtui client against another SRP-verifying Cognito implementation: fakecloud
//! (crates.io, `cargo install fakecloud`). cogtui signs up, is confirmed by an admin call, signs
//! in with SRP, and a wrong password is refused, so the other side really checks the proof.
//!
//! fakecloud is large to build, so CI does not install it: the test is `#[ignore]`d with its own
//! reason, `.ci/run` leaves it out by name (`--skip`), and `cargo test -- --include-ignored` on a
//! machine with `fakecloud` on PATH (or `COGTUI_FAKECLOUD` naming the binary) runs it; without
//! fakecloud that run fails and says how to get it.
#![cfg(feature = "local")]

mod common;

use assert_cmd::Command;
use cogtui::local::SeedInfo;
use common::{TestPool, write_config};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const PW: &str = "Fake-Cloud-Passw0rd!";

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn fakecloud() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("COGTUI_FAKECLOUD") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("fakecloud"))
            .find(|p| p.is_file())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs fakecloud, not installed in CI (an hour to build): cargo install fakecloud, or set COGTUI_FAKECLOUD"]
async fn cogtui_signs_in_with_srp_against_fakecloud() {
    let Some(bin) = fakecloud() else {
        panic!(
            "fakecloud is not installed: cargo install fakecloud, or set COGTUI_FAKECLOUD to its path"
        );
    };
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let _server = Killed(
        std::process::Command::new(&bin)
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .env("FAKECLOUD_ADDR", format!("127.0.0.1:{port}"))
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start fakecloud"),
    );
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "fakecloud did not start on {endpoint}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Any key signs for fakecloud; the common helper signs admin calls with SigV4.
    let fc = TestPool {
        pool: None,
        info: SeedInfo {
            endpoint: endpoint.clone(),
            region: "us-east-1".into(),
            user_pool_id: String::new(),
            client_id: String::new(),
            client_id_with_secret: String::new(),
            client_secret: String::new(),
            identity_pool_id: String::new(),
            admin_access_key_id: "AKIAFAKECLOUDTEST000".into(),
            admin_secret_access_key: "fakecloud-test-secret".into(),
        },
        http: reqwest::Client::new(),
        dir: tempfile::tempdir().unwrap(),
    };
    let pool = fc
        .admin("CreateUserPool", json!({"PoolName": "cogtui-interop"}))
        .await
        .expect("CreateUserPool")["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = fc
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool, "ClientName": "cogtui",
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await
        .expect("CreateUserPoolClient")["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();

    let data = tempfile::tempdir().unwrap();
    let config = write_config(data.path(), "fc", &pool, &client, &endpoint);
    let run = |args: Vec<String>, stdin: String| {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(args)
            .env("COGTUI_CONFIG", &config)
            .env("COGTUI_DATA_DIR", data.path())
            .env_remove("COGTUI_PROFILE")
            .write_stdin(stdin);
        cmd.output().unwrap()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();

    let out = run(
        s(&[
            "signup",
            "fcuser",
            "--email",
            "fc@example.com",
            "--password-stdin",
        ]),
        format!("{PW}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fc.admin(
        "AdminConfirmSignUp",
        json!({"UserPoolId": pool, "Username": "fcuser"}),
    )
    .await
    .expect("AdminConfirmSignUp");

    let out = run(
        s(&["login", "fcuser", "--password-stdin"]),
        "Wr0ng-Passw0rd!\n".into(),
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a wrong password must be refused"
    );

    let out = run(
        s(&["login", "fcuser", "--password-stdin"]),
        format!("{PW}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(s(&["tokens", "access"]), String::new());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
