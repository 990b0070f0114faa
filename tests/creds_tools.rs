//! AWS's own tools pick cogtui's credentials up: the AWS CLI (v1, PyPI `awscli`) and boto3
//! through `credential_process = cogtui creds process`, and the AWS CLI after
//! `eval "$(cogtui creds export)"`, each calling the local pool's STS.
//! Needs `bash tests/interop/install.sh`; CI runs it with `--include-ignored`.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const PW: &str = "Tools-Passw0rd!";
const HINT: &str = "install them with `bash tests/interop/install.sh`";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cogtui")
}

fn output(cmd: &mut std::process::Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what} ({e}): {HINT}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs AWS's SDKs and the AWS CLI: bash tests/interop/install.sh"]
async fn the_aws_cli_and_boto3_use_cogtui_credentials() {
    let p = common::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.local]\nregion = \"us-east-1\"\nuser_pool_id = \"{}\"\nclient_id = \"{}\"\n\
             endpoint = \"{}\"\nsession_store = \"file\"\nidentity_pool_id = \"{}\"\n",
            p.info.user_pool_id, p.info.client_id, p.info.endpoint, p.info.identity_pool_id
        ),
    )
    .unwrap();
    let aws_config = dir.path().join("aws-config");
    std::fs::write(
        &aws_config,
        format!(
            "[profile cogtui]\nregion = us-east-1\ncredential_process = \"{}\" creds process \
             --profile local\n",
            bin().display()
        ),
    )
    .unwrap();
    let setup = |cmd: &mut std::process::Command, data: &Path| {
        cmd.env("COGTUI_CONFIG", &config)
            .env("COGTUI_DATA_DIR", data)
            .env("AWS_CONFIG_FILE", &aws_config)
            .env("AWS_SHARED_CREDENTIALS_FILE", data.join("no-credentials"))
            .env("AWS_PROFILE", "cogtui")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("COGTUI_PROFILE")
            .env_remove(cogtui::creds::EXEC_VAR);
        for k in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_DEFAULT_PROFILE",
        ] {
            cmd.env_remove(k);
        }
    };
    let data = dir.path().join("data");
    p.confirmed_user("tools1", "tools1@example.com", PW).await;
    let mut login = std::process::Command::new(bin());
    login.args(["--profile", "local", "login", "tools1", "--password-stdin"]);
    setup(&mut login, &data);
    let mut login = Command::from_std(login);
    login.write_stdin(format!("{PW}\n"));
    let out = login.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut process = std::process::Command::new(bin());
    process.args(["--profile", "local", "creds", "process"]);
    setup(&mut process, &data);
    let ours: Value = serde_json::from_str(&output(&mut process, "cogtui creds process")).unwrap();
    let key = ours["AccessKeyId"].as_str().unwrap().to_owned();

    // The AWS CLI, through credential_process, asks the local pool's STS who it is.
    let mut aws = std::process::Command::new("aws");
    aws.args([
        "sts",
        "get-caller-identity",
        "--endpoint-url",
        &p.info.endpoint,
        "--output",
        "json",
    ]);
    setup(&mut aws, &data);
    let who: Value = serde_json::from_str(&output(&mut aws, "the AWS CLI (`aws`)")).unwrap();
    assert_eq!(
        who["Arn"],
        "arn:aws:sts::000000000000:assumed-role/cogtui-local-authenticated/CognitoIdentityCredentials"
    );

    // boto3's session freezes the same (cached) credentials.
    let mut py = std::process::Command::new("python3");
    py.args([
        "-c",
        "import boto3; c = boto3.Session().get_credentials().get_frozen_credentials(); \
         print(c.access_key); print(c.token is not None)",
    ]);
    setup(&mut py, &data);
    let frozen = output(&mut py, "python3 with boto3");
    let lines: Vec<&str> = frozen.lines().collect();
    assert_eq!(lines, [key.as_str(), "True"]);

    // eval "$(cogtui creds export)", then the AWS CLI with no profile at all.
    let script = format!(
        "eval \"$('{}' --profile local creds export)\" && unset AWS_PROFILE && \
         AWS_CONFIG_FILE=/dev/null aws sts get-caller-identity --endpoint-url '{}' --output json",
        bin().display(),
        p.info.endpoint
    );
    let mut sh = std::process::Command::new("sh");
    sh.args(["-c", &script]);
    setup(&mut sh, &data);
    let who: Value = serde_json::from_str(&output(&mut sh, "eval + aws")).unwrap();
    assert!(
        who["Arn"].as_str().unwrap().contains(":assumed-role/"),
        "{who}"
    );
}
