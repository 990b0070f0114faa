//! `cogtui admin …` end to end: the real binary against a local pool started in-process,
//! signed with the pool's key found in its data dir (no AWS setup), or with credentials from
//! AWS's standard sources (environment, a profile in the shared files, credential_process);
//! confirmations, the audit log, and the faults (no or wrong credentials, a missing user, a bad
//! filter). No AWS variable of the machine running the tests leaks in.
#![cfg(all(feature = "local", feature = "admin"))]

mod common;

use common::Run;

use assert_cmd::Command;
use common::{TestPool, start, write_config};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const PW: &str = "Adm1n-Cli-Pw!";

struct Env {
    pool: TestPool,
    config: PathBuf,
    data: tempfile::TempDir,
    /// AWS's shared files live here (empty unless a test writes them).
    aws: tempfile::TempDir,
    printed: std::sync::Mutex<String>,
}

const AWS_VARS: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS",
    "COGTUI_PROFILE",
];

async fn env() -> Env {
    let pool = start().await;
    let data = tempfile::tempdir().unwrap();
    let config = write_config(
        data.path(),
        "test",
        &pool.info.user_pool_id,
        &pool.info.client_id,
        &pool.info.endpoint,
    );
    Env {
        pool,
        config,
        data,
        aws: tempfile::tempdir().unwrap(),
        printed: Default::default(),
    }
}

impl Env {
    /// Runs the binary with the local pool's data dir as `local_dir` and extra environment.
    async fn run_with(&self, args: &[&str], local_dir: &Path, extra: &[(&str, &str)]) -> Run {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(args)
            .env("COGTUI_CONFIG", &self.config)
            .env("COGTUI_DATA_DIR", self.data.path())
            .env("COGTUI_LOCAL_DATA_DIR", local_dir)
            .env("AWS_CONFIG_FILE", self.aws.path().join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.aws.path().join("credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .write_stdin("");
        for v in AWS_VARS {
            cmd.env_remove(v);
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        let run = Run::from(out);
        let mut p = self.printed.lock().unwrap();
        p.push_str(&run.stdout);
        p.push_str(&run.stderr);
        run
    }

    async fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, self.pool.dir.path(), &[]).await
    }

    async fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args).await;
        assert_eq!(
            r.code, 0,
            "{args:?}\nstdout: {}\nstderr: {}",
            r.stdout, r.stderr
        );
        r
    }

    fn audit(&self) -> Vec<Value> {
        match std::fs::read_to_string(self.data.path().join("audit.log")) {
            Ok(text) => text
                .lines()
                .map(|l| serde_json::from_str(l).expect("audit line is JSON"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    async fn status(&self, user: &str) -> Value {
        self.pool
            .admin(
                "AdminGetUser",
                json!({"UserPoolId": self.pool.info.user_pool_id, "Username": user}),
            )
            .await
            .unwrap()
    }

    /// Nothing printed holds the admin secret key.
    fn no_secret_printed(&self) {
        let secret = &self.pool.info.admin_secret_access_key;
        assert!(!self.printed.lock().unwrap().contains(secret.as_str()));
        let audit = std::fs::read_to_string(self.data.path().join("audit.log")).unwrap_or_default();
        assert!(!audit.contains(secret.as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_and_show_users_with_the_local_key() {
    let e = env().await;
    e.pool.confirmed_user("ann", "ann@example.com", PW).await;
    e.pool.confirmed_user("bob", "bob@example.org", PW).await;
    let r = e
        .ok(&["admin", "user", "find", "--email", "ann@example.com"])
        .await;
    let lines: Vec<_> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("USERNAME"), "{}", r.stdout);
    assert!(lines[1].starts_with("ann "), "{}", r.stdout);
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    let r = e
        .ok(&[
            "--output",
            "json",
            "admin",
            "user",
            "find",
            "--filter",
            "email ^= \"b\"",
        ])
        .await;
    let v = r.json();
    assert_eq!(v["users"][0]["username"], "bob");
    assert_eq!(v["users"].as_array().unwrap().len(), 1);
    let sub = v["users"][0]["sub"].as_str().unwrap().to_owned();
    let r = e
        .ok(&["--output", "json", "admin", "user", "find", "--sub", &sub])
        .await;
    assert_eq!(r.json()["users"][0]["username"], "bob");
    let r = e
        .ok(&["admin", "user", "find", "--username", "nobody"])
        .await;
    assert!(r.stdout.contains("No user"), "{}", r.stdout);

    let r = e.ok(&["admin", "user", "show", "ann@example.com"]).await;
    assert!(r.stdout.contains("Status    CONFIRMED"), "{}", r.stdout);
    assert!(r.stdout.contains("Enabled   yes"), "{}", r.stdout);
    assert!(r.stdout.contains("MFA       none"), "{}", r.stdout);
    assert!(r.stdout.contains("email = ann@example.com"), "{}", r.stdout);
    let r = e
        .ok(&["--output", "json", "admin", "user", "show", "ann"])
        .await;
    assert_eq!(r.json()["user"]["status"], "CONFIRMED");
    // Lookups change nothing and are not audited.
    assert!(e.audit().is_empty());
    e.no_secret_printed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_is_done_and_audited() {
    let e = env().await;
    let pool_id = e.pool.info.user_pool_id.clone();
    e.pool.confirmed_user("cat", "cat@example.com", PW).await;
    let session = e.pool.srp_login("cat", PW).await.unwrap();

    e.ok(&["admin", "signout-everywhere", "cat", "--yes"]).await;
    let refresh = e
        .pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": e.pool.info.client_id,
                   "AuthParameters": {"REFRESH_TOKEN":
                       session["AuthenticationResult"]["RefreshToken"]}}),
        )
        .await
        .unwrap_err();
    assert_eq!(refresh.message, "Refresh Token has been revoked");

    let r = e
        .ok(&["--output", "json", "admin", "user", "disable", "cat", "-y"])
        .await;
    assert_eq!(r.json()["result"], "ok");
    assert_eq!(e.status("cat").await["Enabled"], false);
    assert_eq!(
        e.pool.srp_login("cat", PW).await.unwrap_err().message,
        "User is disabled."
    );
    e.ok(&["admin", "user", "enable", "cat", "--yes"]).await;
    assert_eq!(e.status("cat").await["Enabled"], true);

    let mut on = json!({"UserPoolId": pool_id, "Username": "cat"});
    on["EmailMfaSettings"] = json!({"Enabled": true, "PreferredMfa": true});
    e.pool.admin("AdminSetUserMFAPreference", on).await.unwrap();
    let r = e.ok(&["admin", "mfa", "reset", "cat", "--yes"]).await;
    assert!(r.stdout.contains("turned off: EMAIL_OTP"), "{}", r.stdout);
    assert!(e.status("cat").await.get("UserMFASettingList").is_none());

    e.ok(&["admin", "password", "reset", "cat", "--yes"]).await;
    assert_eq!(e.status("cat").await["UserStatus"], "RESET_REQUIRED");
    assert_eq!(
        e.pool.srp_login("cat", PW).await.unwrap_err().kind,
        "PasswordResetRequiredException"
    );

    let audit = e.audit();
    let actions: Vec<_> = audit
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "signout-everywhere",
            "user disable",
            "user enable",
            "mfa reset",
            "password reset"
        ]
    );
    for line in &audit {
        assert_eq!(line["target"], "cat");
        assert_eq!(line["pool"], pool_id.as_str());
        assert_eq!(line["profile"], "test");
        assert_eq!(line["result"], "ok");
        // The local STS names the admin key's identity.
        assert_eq!(
            line["who"],
            "arn:aws:iam::000000000000:user/cogtui-local-admin"
        );
        assert_eq!(
            line["access_key_id"],
            e.pool.info.admin_access_key_id.as_str()
        );
        assert!(
            line["credentials"]
                .as_str()
                .unwrap()
                .contains("admin-key.json")
        );
        let when = line["when"].as_str().unwrap();
        assert!(when.len() == 20 && when.ends_with('Z') && when.as_bytes()[10] == b'T');
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(e.data.path().join("audit.log"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    e.no_secret_printed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_terminal_an_action_needs_yes() {
    let e = env().await;
    e.pool.confirmed_user("dan", "dan@example.com", PW).await;
    let r = e.run(&["admin", "user", "disable", "dan"]).await;
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    assert_eq!(e.status("dan").await["Enabled"], true);
    assert!(e.audit().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_user_and_a_bad_filter_are_clear_refusals() {
    let e = env().await;
    let r = e
        .run(&["admin", "password", "reset", "nobody", "--yes"])
        .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("no user `nobody`"), "{}", r.stderr);
    assert!(e.audit().is_empty(), "the lookup failed before any action");
    let r = e.run(&["admin", "user", "show", "nobody"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);

    let r = e
        .run(&["admin", "user", "find", "--filter", "custom:tenant = \"x\""])
        .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("the filter was refused"), "{}", r.stderr);
    assert!(
        r.stderr.contains("Invalid search attribute"),
        "{}",
        r.stderr
    );
    let r = e
        .run(&["admin", "user", "find", "--filter", "email = x"])
        .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("double quotes"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_credentials_say_which_sources_were_tried() {
    let e = env().await;
    let empty = tempfile::tempdir().unwrap();
    let r = e
        .run_with(
            &["admin", "user", "find", "--email", "x@example.com"],
            empty.path(),
            &[],
        )
        .await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(r.stderr.contains("no IAM credentials"), "{}", r.stderr);
    let key_file = empty.path().join("admin-key.json");
    assert!(
        r.stderr.contains(&key_file.display().to_string()),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("AWS profile `default`"), "{}", r.stderr);
    let cfg = e.aws.path().join("config");
    assert!(
        r.stderr.contains(&cfg.display().to_string()),
        "{}",
        r.stderr
    );

    let r = e
        .run_with(
            &["admin", "--aws-profile", "support", "user", "show", "x"],
            e.pool.dir.path(),
            &[],
        )
        .await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(r.stderr.contains("AWS profile `support`"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_refused_naming_their_source() {
    let e = env().await;
    e.pool.confirmed_user("eli", "eli@example.com", PW).await;
    let empty = tempfile::tempdir().unwrap();
    let wrong = "wrongSecretKeyThatShouldNeverBePrinted0000";
    let key = e.pool.info.admin_access_key_id.clone();
    let r = e
        .run_with(
            &["admin", "user", "disable", "eli", "--yes"],
            empty.path(),
            &[
                ("AWS_ACCESS_KEY_ID", key.as_str()),
                ("AWS_SECRET_ACCESS_KEY", wrong),
            ],
        )
        .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("the environment (AWS_ACCESS_KEY_ID)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("InvalidSignatureException"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(wrong) && !r.stdout.contains(wrong));
    assert_eq!(e.status("eli").await["Enabled"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_from_a_shared_profile_and_from_credential_process() {
    let e = env().await;
    e.pool.confirmed_user("fox", "fox@example.com", PW).await;
    let (id, secret) = (
        e.pool.info.admin_access_key_id.clone(),
        e.pool.info.admin_secret_access_key.clone(),
    );
    std::fs::write(
        e.aws.path().join("credentials"),
        format!("[support]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n"),
    )
    .unwrap();
    let process = json!({"Version": 1, "AccessKeyId": id, "SecretAccessKey": secret}).to_string();
    let script = e.aws.path().join("creds.sh");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s' '{process}'\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    std::fs::write(
        e.aws.path().join("config"),
        format!(
            "[profile proc]\ncredential_process = {}\n",
            script.display()
        ),
    )
    .unwrap();
    for profile in ["support", "proc"] {
        let r = e
            .ok(&[
                "--output",
                "json",
                "admin",
                "--aws-profile",
                profile,
                "user",
                "show",
                "fox",
            ])
            .await;
        assert_eq!(r.json()["user"]["username"], "fox", "{profile}");
    }
    let r = e
        .ok(&[
            "admin",
            "--aws-profile",
            "proc",
            "user",
            "disable",
            "fox",
            "--yes",
        ])
        .await;
    assert!(r.stdout.contains("Done"), "{}", r.stdout);
    let line = e.audit().pop().unwrap();
    assert!(
        line["credentials"]
            .as_str()
            .unwrap()
            .contains("AWS profile `proc`")
    );
    e.no_secret_printed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_named_aws_profile_wins_over_the_environment() {
    let e = env().await;
    e.pool.confirmed_user("gil", "gil@example.com", PW).await;
    let (id, secret) = (
        e.pool.info.admin_access_key_id.clone(),
        e.pool.info.admin_secret_access_key.clone(),
    );
    std::fs::write(
        e.aws.path().join("credentials"),
        format!("[support]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n"),
    )
    .unwrap();
    let env_wrong = [
        ("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG0"),
        ("AWS_SECRET_ACCESS_KEY", "wrong"),
    ];
    let r = e
        .run_with(
            &["admin", "--aws-profile", "support", "user", "show", "gil"],
            e.pool.dir.path(),
            &env_wrong,
        )
        .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Without the flag a local profile still takes the pool's own key over the environment.
    let r = e
        .run_with(
            &["admin", "user", "show", "gil"],
            e.pool.dir.path(),
            &env_wrong,
        )
        .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Issue 12's support path: a user remembers a device, a support person lists it, forgets
/// all of them (confirmed, audited), and the user's next login finds its device refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_staff_list_and_forget_a_users_devices() {
    let e = env().await;
    e.pool.confirmed_user("dee", "dee@example.com", PW).await;
    let login = |remember: &'static str| {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args([
            "--output",
            "json",
            "login",
            "dee",
            "--password-stdin",
            "--remember-device",
            remember,
        ])
        .env("COGTUI_CONFIG", &e.config)
        .env("COGTUI_DATA_DIR", e.data.path())
        .env_remove("COGTUI_PROFILE")
        .write_stdin(format!("{PW}\n"));
        cmd
    };
    let out = login("yes").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = signed["device"]["device_key"].as_str().unwrap().to_owned();

    let list = e
        .ok(&["--output", "json", "admin", "devices", "list", "dee"])
        .await;
    let devices = list.json()["devices"].clone();
    assert_eq!(devices.as_array().unwrap().len(), 1, "{}", list.stdout);
    assert_eq!(devices[0]["device_key"], key.as_str());
    assert_eq!(devices[0]["remembered"], true);
    let table = e.ok(&["admin", "devices", "list", "dee"]).await;
    assert!(table.stdout.contains(&key), "{}", table.stdout);

    // Without a terminal and without --yes nothing is forgotten.
    let refused = e.run(&["admin", "devices", "forget-all", "dee"]).await;
    assert_eq!(refused.code, 9, "{}", refused.stderr);
    assert_eq!(
        e.ok(&["--output", "json", "admin", "devices", "list", "dee"])
            .await
            .json()["devices"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let done = e
        .ok(&[
            "--output",
            "json",
            "admin",
            "devices",
            "forget-all",
            "dee",
            "--yes",
        ])
        .await;
    assert_eq!(done.json()["devices_forgotten"], json!([key]));
    let after = e
        .ok(&["--output", "json", "admin", "devices", "list", "dee"])
        .await;
    assert_eq!(after.json()["devices"], json!([]));
    let audit = e.audit();
    let last = audit.last().unwrap();
    assert_eq!(last["action"], "devices forget-all");
    assert_eq!(last["target"], "dee");
    assert_eq!(last["result"], "ok");

    // The user's next login finds the device gone, says so, and goes on without it.
    let out = login("no").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("refused by the pool"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    e.no_secret_printed();
}
