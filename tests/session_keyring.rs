//! The keyring store against a real Secret Service (gnome-keyring under `dbus-run-session` in
//! CI, see `.ci/with-keyring.sh`): save, read back from another process, `secret-tool` sees the
//! items, delete. The tests that need a Secret Service or dbus-run-session are `#[ignore]`d with
//! what they need; under `--include-ignored` (`.ci/run`) a missing one is a failure. Also: no
//! session bus, or a bus without a Secret Service, gives `NoKeyring` naming both fixes. The
//! `*_helper` tests are the child side of a test and are ignored unless that test runs them.

use cogtui::config::StoreKind;
use cogtui::secret::Secret;
use cogtui::session::{DeviceSecrets, SessionError, SessionKey, StoredTokens, open_store};
use sha2::{Digest, Sha256};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Set in a child process: the profile whose session the helper reads.
const READ_HELPER: &str = "COGTUI_TEST_KEYRING_READ";
/// Set in a child process: the helper opens the keyring and reports the error.
const NO_BUS_HELPER: &str = "COGTUI_TEST_KEYRING_NO_BUS";

fn tokens() -> StoredTokens {
    // A refresh token the size Cognito issues (~1,800 chars): the JSON is split in chunks.
    let refresh: String = (0..1800).map(|i| (b'A' + (i % 26) as u8) as char).collect();
    StoredTokens {
        username: "alice".into(),
        id_token: Secret::new(format!("eyJpZC50b2tlbi{}", "x".repeat(1000))),
        access_token: Secret::new(format!("eyJhY2Nlc3M{}", "y".repeat(1000))),
        refresh_token: Some(Secret::new(format!("eyJjdHkiOiJKV1Qi.{refresh}"))),
        expires_at: 1_900_003_600,
        issued_at: 1_900_000_000,
        clock_skew: 0,
        device_key: Some("us-east-1_3f2a".into()),
        new_device: None,
    }
}

fn device() -> DeviceSecrets {
    DeviceSecrets {
        device_key: "us-east-1_3f2a".into(),
        device_group_key: "-abcdEF".into(),
        device_password: Secret::new("device-pw-9e8d7c6b5a4"),
    }
}

fn digest(t: &StoredTokens) -> String {
    hex::encode(Sha256::digest(serde_json::to_vec(t).unwrap()))
}

/// Runs one test of this binary in a child process.
fn run_helper(test: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        test,
        "--include-ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    output_within(cmd).unwrap()
}

/// Runs `cmd`, killing it after a minute (a keyring call that hangs must fail the test).
fn output_within(mut cmd: Command) -> std::io::Result<Output> {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait()?.is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{cmd:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output()
}

/// The value after `marker` on the child's stdout (libtest prints the test name before it).
fn reported(out: &Output, marker: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains("device-pw-9e8d7c6b5a4") && !text.contains("eyJjdHkiOiJKV1Qi."),
            "a secret reached the helper's output"
        );
    }
    stdout
        .lines()
        .find_map(|l| l.split_once(marker).map(|(_, value)| value))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no {marker} from the helper; stderr: {stderr}"))
}

/// The `username` attributes of cogtui's items, as `secret-tool` lists them (never its secrets).
fn secret_tool_items(profile: &str) -> Vec<String> {
    let out = Command::new("secret-tool")
        .args(["search", "--all", "service", "cogtui"])
        .output()
        .expect("secret-tool (package libsecret-tools) is needed for this test");
    let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    let mut items: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("attribute.username = "))
        .filter(|u| u.starts_with(profile))
        .map(str::to_owned)
        .collect();
    items.sort();
    items
}

#[test]
#[ignore = "needs a Secret Service: bash .ci/with-keyring.sh cargo test -- --include-ignored"]
fn keyring_round_trip_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(StoreKind::Keyring, dir.path())
        .unwrap_or_else(|e| panic!("this test needs a Secret Service (.ci/with-keyring.sh): {e}"));
    let profile = format!("test-{}", std::process::id());
    let key = SessionKey::new(profile.clone(), "alice");
    store.save(&key, &tokens()).unwrap();
    store.save_device(&key, &device()).unwrap();

    let child = run_helper("read_back_helper", &[(READ_HELPER, &profile)]);
    assert_eq!(reported(&child, "@TOKENS "), digest(&tokens()));
    assert_eq!(reported(&child, "@DEVICE "), "us-east-1_3f2a");

    let tokens_item = format!("{profile}/alice/tokens");
    assert_eq!(
        secret_tool_items(&profile),
        [
            format!("{profile}/alice/device"),
            tokens_item.clone(),
            format!("{tokens_item}#0"),
            format!("{tokens_item}#1"),
        ]
    );

    // Signing out keeps the device remembered.
    store.delete(&key).unwrap();
    let child = run_helper("read_back_helper", &[(READ_HELPER, &profile)]);
    assert_eq!(reported(&child, "@TOKENS "), "none");
    assert_eq!(reported(&child, "@DEVICE "), "us-east-1_3f2a");
    assert_eq!(
        secret_tool_items(&profile),
        [format!("{profile}/alice/device")]
    );

    store.delete_device(&key).unwrap();
    assert!(secret_tool_items(&profile).is_empty());
    assert_eq!(store.load_device(&key).unwrap(), None);
}

/// Child side of the round trip: reads the session and prints its digest, never its value.
#[test]
#[ignore = "helper: run in a child process by keyring_round_trip_across_processes"]
fn read_back_helper() {
    let Ok(profile) = std::env::var(READ_HELPER) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(StoreKind::Keyring, dir.path()).unwrap();
    let key = SessionKey::new(profile, "alice");
    match store.load(&key).unwrap() {
        Some(t) => println!("@TOKENS {}", digest(&t)),
        None => println!("@TOKENS none"),
    }
    match store.load_device(&key).unwrap() {
        Some(d) => println!("@DEVICE {}", d.device_key),
        None => println!("@DEVICE none"),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_session_bus_the_error_names_both_fixes() {
    let child = run_helper(
        "no_bus_helper",
        &[
            (NO_BUS_HELPER, "1"),
            (
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/cogtui-test/bus",
            ),
        ],
    );
    let message = reported(&child, "@ERROR ");
    assert!(message.starts_with("no keyring is reachable"), "{message}");
    assert!(message.contains("Secret Service"), "{message}");
    assert!(message.contains("--session-store file"), "{message}");
}

/// A session bus on which nothing provides org.freedesktop.secrets (no service files).
#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs dbus-run-session: apt-get install dbus"]
fn a_bus_without_a_secret_service_names_both_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bus.conf");
    std::fs::write(
        &config,
        format!(
            "<busconfig><type>session</type><listen>unix:dir={}</listen>\
             <policy context=\"default\"><allow send_destination=\"*\"/>\
             <allow receive_sender=\"*\"/><allow own=\"*\"/></policy></busconfig>",
            dir.path().display()
        ),
    )
    .unwrap();
    let mut cmd = Command::new("dbus-run-session");
    cmd.arg(format!("--config-file={}", config.display()))
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "no_bus_helper",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(NO_BUS_HELPER, "1");
    let child = output_within(cmd)
        .unwrap_or_else(|e| panic!("dbus-run-session (apt-get install dbus) cannot run: {e}"));
    let message = reported(&child, "@ERROR ");
    assert!(message.starts_with("no keyring is reachable"), "{message}");
    assert!(message.contains("org.freedesktop.secrets"), "{message}");
    assert!(message.contains("--session-store file"), "{message}");
}

/// Child side: opens the keyring with no session bus and prints the error.
#[test]
#[ignore = "helper: run in a child process by the no-bus tests"]
fn no_bus_helper() {
    if std::env::var(NO_BUS_HELPER).is_err() {
        return;
    }
    match open_store(StoreKind::Keyring, std::path::Path::new("/nonexistent")) {
        Ok(_) => println!("@ERROR none: the keyring opened without a bus"),
        Err(e @ SessionError::NoKeyring(_)) => println!("@ERROR {e}"),
        Err(e) => println!("@ERROR not NoKeyring: {e}"),
    }
}
