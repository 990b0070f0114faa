//! Remembered devices through the real binary against a local pool started in-process:
//! `login --remember-device yes`, the next login skipping MFA, `devices list|show|remember|
//! not-remembered|forget`, and the faults (a device forgotten elsewhere, a device password that
//! no longer verifies): a clear message, the sign-in goes on, nothing else lost. Device
//! passwords never reach the output.
#![cfg(feature = "local")]

mod common;

use common::Run;

use assert_cmd::Command;
use cogtui::totp;
use common::{TestPool, start};
use serde_json::{Value, json};

const PW: &str = "Device-Cli-Passw0rd!";

struct Env {
    pool: TestPool,
    data: tempfile::TempDir,
}

async fn env() -> Env {
    let pool = start().await;
    let data = tempfile::tempdir().unwrap();
    common::write_config(
        data.path(),
        "test",
        &pool.info.user_pool_id,
        &pool.info.client_id,
        &pool.info.endpoint,
    );
    Env { pool, data }
}

impl Env {
    async fn run(&self, args: &[&str], stdin: &str) -> Run {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(args)
            .env("COGTUI_CONFIG", self.data.path().join("config.toml"))
            .env("COGTUI_DATA_DIR", self.data.path())
            .env_remove("COGTUI_PROFILE")
            .write_stdin(stdin.to_owned());
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        Run::from(out)
    }

    async fn ok(&self, args: &[&str], stdin: &str) -> Run {
        let r = self.run(args, stdin).await;
        assert_eq!(r.code, 0, "{args:?}\n{}\n{}", r.stdout, r.stderr);
        r
    }

    async fn login(&self, user: &str, extra: &[&str]) -> Run {
        let mut args = vec!["--output", "json", "login", user, "--password-stdin"];
        args.extend_from_slice(extra);
        self.run(&args, &format!("{PW}\n")).await
    }

    fn sessions(&self) -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(self.data.path().join("sessions.json")).unwrap(),
        )
        .unwrap()
    }

    fn device_entry(&self, user: &str) -> Value {
        self.sessions()["devices"]["test"][user].clone()
    }
}

async fn mid_step() {
    while totp::seconds_left(common::now()) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remembered_device_skips_mfa_until_it_is_forgotten() {
    let e = env().await;
    e.pool.confirmed_user("mia", "mia@example.com", PW).await;
    // Without a terminal, `ask` means no: nothing is remembered.
    let r = e.login("mia", &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["device"], Value::Null);
    assert!(e.device_entry("mia").is_null());
    mid_step().await;
    e.ok(&["--output", "json", "mfa", "setup", "--keep-secret"], "")
        .await;
    e.ok(&["logout"], "").await;

    // MFA answered from the kept secret; the device is remembered.
    mid_step().await;
    let r = e
        .login(
            "mia",
            &["--remember-device", "yes", "--device-name", "ci box"],
        )
        .await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let key = r.json()["device"]["device_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored = e.device_entry("mia");
    assert_eq!(stored["device_key"], key.as_str());
    let password = stored["device_password"].as_str().unwrap().to_owned();
    let list = e.ok(&["--output", "json", "devices", "list"], "").await;
    let devices = list.json()["devices"].clone();
    assert_eq!(devices.as_array().unwrap().len(), 1);
    assert_eq!(devices[0]["device_key"], key.as_str());
    assert_eq!(devices[0]["current"], true);
    assert_eq!(devices[0]["remembered"], true);
    assert_eq!(devices[0]["name"], "ci box");
    let human = e.ok(&["devices", "list"], "").await;
    assert!(
        human.stdout.contains(&format!("* {key}")),
        "{}",
        human.stdout
    );
    let show = e.ok(&["devices", "show"], "").await;
    assert!(show.stdout.contains("(this device)") && show.stdout.contains("127.0.0.1"));
    for out in [
        &list.stdout,
        &human.stdout,
        &show.stdout,
        &r.stdout,
        &r.stderr,
    ] {
        assert!(
            !out.contains(&password),
            "the device password leaked: {out}"
        );
    }
    e.ok(&["logout"], "").await;

    // The next login proves the device and is not asked for MFA: a wrong code is never used.
    let r = e.login("mia", &["--mfa-code", "000000"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.json()["device"]["device_key"], key.as_str());

    // Not remembered: MFA again; the secrets stay, so `devices remember` brings it back.
    e.ok(&["devices", "not-remembered"], "").await;
    e.ok(&["logout"], "").await;
    let r = e.login("mia", &["--mfa-code", "000000"]).await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(e.device_entry("mia")["device_key"], key.as_str());
    mid_step().await;
    e.login("mia", &[]).await;
    e.ok(&["devices", "remember"], "").await;
    e.ok(&["logout"], "").await;
    let r = e.login("mia", &["--mfa-code", "000000"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);

    // Forgetting this device drops its secrets and ends the session issued with it.
    let f = e
        .ok(&["--output", "json", "devices", "forget", "--current"], "")
        .await;
    assert_eq!(f.json()["was_current"], true);
    assert!(e.device_entry("mia").is_null());
    let w = e.run(&["whoami"], "").await;
    assert_eq!(w.code, 5, "{}", w.stderr);
    let r = e.login("mia", &["--mfa-code", "000000"]).await;
    assert_eq!(r.code, 3, "MFA is asked again: {}", r.stderr);

    // Forgotten by a support person while signed out, then a login whose MFA code is wrong:
    // the login fails, and still says in plain words that the device went.
    mid_step().await;
    let r = e.login("mia", &["--remember-device", "yes"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let key = r.json()["device"]["device_key"]
        .as_str()
        .unwrap()
        .to_owned();
    e.ok(&["logout"], "").await;
    e.pool
        .admin(
            "AdminForgetDevice",
            json!({"UserPoolId": e.pool.info.user_pool_id, "Username": "mia", "DeviceKey": key}),
        )
        .await
        .unwrap();
    let r = e.login("mia", &["--mfa-code", "000000"]).await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("refused by the pool"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("WARN"),
        "a log line, not words: {}",
        r.stderr
    );
    assert!(e.device_entry("mia").is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_device_is_dropped_and_the_login_goes_on() {
    let e = env().await;
    e.pool.confirmed_user("noa", "noa@example.com", PW).await;
    let r = e.login("noa", &["--remember-device", "yes"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let key = r.json()["device"]["device_key"]
        .as_str()
        .unwrap()
        .to_owned();

    // Forgotten elsewhere (a support person): the login says so and goes on without it.
    e.pool
        .admin(
            "AdminForgetDevice",
            json!({"UserPoolId": e.pool.info.user_pool_id, "Username": "noa", "DeviceKey": key}),
        )
        .await
        .unwrap();
    let r = e.login("noa", &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("refused by the pool"), "{}", r.stderr);
    assert!(e.device_entry("noa").is_null());
    let show = e.run(&["devices", "show"], "").await;
    assert_eq!(show.code, 10, "{}", show.stderr);
    assert!(
        show.stderr.contains("no device is remembered"),
        "{}",
        show.stderr
    );

    // A device password that no longer verifies (damaged here): dropped, login goes on, the
    // session and other users' entries stay.
    let r = e.login("noa", &["--remember-device", "yes"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    e.pool.confirmed_user("ola", "ola@example.com", PW).await;
    e.ok(
        &[
            "login",
            "ola",
            "--password-stdin",
            "--remember-device",
            "yes",
        ],
        &format!("{PW}\n"),
    )
    .await;
    let path = e.data.path().join("sessions.json");
    let mut contents = e.sessions();
    contents["devices"]["test"]["noa"]["device_password"] = json!("d3JvbmcgcGFzc3dvcmQ=");
    std::fs::write(&path, contents.to_string()).unwrap();
    let r = e.login("noa", &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("Incorrect device password"),
        "{}",
        r.stderr
    );
    assert!(e.device_entry("noa").is_null());
    assert!(e.device_entry("ola")["device_key"].is_string());
    assert!(e.sessions()["sessions"]["test"]["ola"].is_object());

    // An hour later the access token has expired: the refresh carries the DEVICE_KEY, which
    // the pool requires for a session issued with a confirmed device.
    e.pool.advance_clock(3700).await;
    let r = e
        .ok(
            &["--user", "ola", "--output", "json", "devices", "list"],
            "",
        )
        .await;
    assert_eq!(r.json()["devices"][0]["current"], true);
}
