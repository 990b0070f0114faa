//! `cogtui profile …` end to end through the real binary, with the config in a temp dir.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> String {
    format!("{}/tests/data/config/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn cogtui(config: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cogtui"))
        .args(args)
        .env("COGTUI_CONFIG", config)
        .env_remove("COGTUI_PROFILE")
        .env_remove("AWS_REGION")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn ok(config: &Path, args: &[&str]) -> String {
    let out = cogtui(config, args, "");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?}: {}{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

fn json(config: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--output", "json"]);
    serde_json::from_str(&ok(config, &all)).unwrap()
}

fn fails(config: &Path, args: &[&str]) -> String {
    let out = cogtui(config, args, "");
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn add_list_show_use_remove() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let out = cogtui(
        &config,
        &[
            "profile",
            "add",
            "dev",
            "--user-pool-id",
            "eu-west-1_AbC123xyz",
            "--client-id",
            "client1",
            "--client-secret-stdin",
        ],
        "very-secret-value\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(
        human.contains("`dev`") && human.contains("default"),
        "{human}"
    );
    let saved = std::fs::read_to_string(&config).unwrap();
    assert!(
        saved.contains("client_secret = \"very-secret-value\""),
        "{saved}"
    );
    assert!(
        saved.contains("region = \"eu-west-1\""),
        "the region comes from the pool id"
    );

    ok(
        &config,
        &[
            "profile",
            "add",
            "local",
            "--user-pool-id",
            "us-east-1_Local0001",
            "--client-id",
            "c",
            "--endpoint",
            "http://127.0.0.1:9229",
            "--session-store",
            "file",
        ],
    );
    let list = json(&config, &["profile", "list"]);
    assert_eq!(list["default_profile"], "dev");
    assert_eq!(list["profiles"].as_array().unwrap().len(), 2);
    assert_eq!(list["profiles"][0]["client_secret"], "[set]");
    assert_eq!(list["profiles"][1]["session_store"], "file");

    let human = ok(&config, &["profile", "list"]);
    assert!(
        human.contains("* dev") && human.contains("  local"),
        "{human}"
    );
    assert!(!human.contains("very-secret-value"));

    let shown = json(&config, &["profile", "show"]);
    assert_eq!(shown["name"], "dev");
    assert_eq!(shown["chosen"], "default_profile");
    let human = ok(&config, &["profile", "show", "dev"]);
    assert!(
        human.contains("[set]") && !human.contains("very-secret-value"),
        "{human}"
    );

    ok(&config, &["profile", "use", "local"]);
    assert_eq!(json(&config, &["profile", "show"])["name"], "local");
    let removed = json(&config, &["profile", "remove", "local"]);
    assert_eq!(removed["default_profile"], Value::Null);
    assert_eq!(
        json(&config, &["profile", "show"])["chosen"],
        "only_profile"
    );
}

#[test]
fn mistakes_are_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let add = [
        "profile",
        "add",
        "dev",
        "--user-pool-id",
        "eu-west-1_AbC123xyz",
        "--client-id",
        "c",
    ];
    ok(&config, &add);
    assert!(fails(&config, &add).contains("--force"));
    let mut forced = add.to_vec();
    forced.push("--force");
    ok(&config, &forced);
    let e = fails(
        &config,
        &[
            "profile",
            "add",
            "x",
            "--user-pool-id",
            "eu-west-1_A",
            "--client-id",
            "c",
            "--region",
            "us-east-1",
        ],
    );
    assert!(e.contains("region = \"eu-west-1\""), "{e}");
    assert!(fails(&config, &["profile", "use", "nope"]).contains("dev"));
    assert!(fails(&config, &["profile", "remove", "nope"]).contains("no profile named `nope`"));
    let secretless = cogtui(
        &config,
        &[
            "profile",
            "add",
            "y",
            "--user-pool-id",
            "eu-west-1_A",
            "--client-id",
            "c",
            "--client-secret-stdin",
        ],
        "",
    );
    assert!(!secretless.status.success());
}

#[test]
fn import_amplify_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let out = json(
        &config,
        &[
            "profile",
            "import",
            &fixture("amplify_outputs.json"),
            "--name",
            "gen2",
        ],
    );
    assert_eq!(out["profile"]["name"], "gen2");
    assert_eq!(out["profile"]["user_pool_id"], "eu-central-1_Gen2Pool9");
    assert_eq!(out["profile"]["default"], true);
    let human = ok(
        &config,
        &[
            "profile",
            "import",
            &fixture("amplifyconfiguration_mobile.json"),
        ],
    );
    assert!(
        human.contains("`amplify`") && human.contains("mobile"),
        "{human}"
    );
    let shown = json(&config, &["profile", "show", "amplify"]);
    assert_eq!(shown["client_secret"], "[set]");
}

#[test]
fn a_broken_file_is_reported_with_its_line() {
    let e = fails(
        Path::new(&fixture("pool_in_other_region.toml")),
        &["profile", "list"],
    );
    assert!(e.contains("pool_in_other_region.toml:6:16"), "{e}");
    assert!(
        e.contains("6 | user_pool_id = \"eu-west-2_AbC123xyz\""),
        "{e}"
    );
}

#[test]
fn environment_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    for (name, pool) in [("eu", "eu-west-1_AbC"), ("us", "us-east-1_AbC")] {
        ok(
            &config,
            &[
                "profile",
                "add",
                name,
                "--user-pool-id",
                pool,
                "--client-id",
                "c",
            ],
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_cogtui"))
        .args(["profile", "show", "--output", "json"])
        .env("COGTUI_CONFIG", &config)
        .env("COGTUI_PROFILE", "us")
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["name"], "us");
    assert_eq!(shown["chosen"], "env");
}

#[test]
fn local_before_any_local_pool_says_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    for args in [
        &["--local", "whoami"][..],
        &["--local", "login", "alice", "--password-stdin"],
    ] {
        let e = fails(&config, args);
        assert!(e.contains("`cogtui local serve`"), "{args:?}: {e}");
        assert!(!e.contains("profile add"), "{args:?}: {e}");
    }
}
