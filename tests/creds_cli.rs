//! `cogtui creds …` and `cogtui exec` end to end: the real binary against a local pool started
//! in-process, sessions in a file store under a temp data dir.

mod common;
mod creds_support;

use assert_cmd::Command;
use common::{TestPool, start};
use creds_support::{Keys, caller_identity, identity_admin, xml_field};
use serde_json::{Value, json};
use std::path::PathBuf;

const PW: &str = "Creds-Passw0rd!";

struct Env {
    pool: TestPool,
    config: PathBuf,
    data: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|_| panic!("not JSON: {}\n{}", self.stdout, self.stderr))
    }
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cogtui")
}

async fn env() -> Env {
    let pool = start().await;
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("config.toml");
    let e = Env { pool, config, data };
    e.profile(&e.pool.info.identity_pool_id.clone());
    e
}

impl Env {
    /// Writes the profile `test` with this identity pool (empty: none).
    fn profile(&self, identity_pool: &str) {
        let pool_line = if identity_pool.is_empty() {
            String::new()
        } else {
            format!("identity_pool_id = \"{identity_pool}\"\n")
        };
        std::fs::write(
            &self.config,
            format!(
                "default_profile = \"test\"\n\n[profiles.test]\nregion = \"us-east-1\"\n\
                 user_pool_id = \"{}\"\nclient_id = \"{}\"\nendpoint = \"{}\"\n\
                 session_store = \"file\"\n{pool_line}",
                self.pool.info.user_pool_id, self.pool.info.client_id, self.pool.info.endpoint
            ),
        )
        .unwrap();
    }

    fn command(&self, program: &std::path::Path, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.args(args)
            .env("COGTUI_CONFIG", &self.config)
            .env("COGTUI_DATA_DIR", self.data.path())
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.data.path().join("aws/credentials"),
            )
            .env_remove("COGTUI_PROFILE")
            .env_remove(cogtui::creds::EXEC_VAR);
        cmd
    }

    async fn run_program(&self, program: &std::path::Path, args: &[&str]) -> Run {
        let mut cmd = Command::from_std(self.command(program, args));
        cmd.write_stdin("");
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    async fn run(&self, args: &[&str]) -> Run {
        self.run_program(&bin(), args).await
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

    async fn signed_in(&self, user: &str) {
        self.pool
            .confirmed_user(user, &format!("{user}@example.com"), PW)
            .await;
        let mut cmd = Command::from_std(self.command(&bin(), &["login", user, "--password-stdin"]));
        cmd.write_stdin(format!("{PW}\n"));
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn admin(&self) -> Keys {
        Keys {
            id: self.pool.info.admin_access_key_id.clone(),
            secret: self.pool.info.admin_secret_access_key.clone(),
            token: None,
        }
    }

    async fn identity_admin(&self, op: &str, body: Value) -> Value {
        identity_admin(
            &self.pool.info.endpoint,
            "us-east-1",
            &self.admin(),
            op,
            body,
        )
        .await
        .unwrap_or_else(|e| panic!("{op}: {e}"))
    }

    async fn arn_of(&self, keys: &Keys) -> String {
        let (status, xml) = caller_identity(&self.pool.info.endpoint, "us-east-1", keys).await;
        assert_eq!(status, 200, "{xml}");
        xml_field(&xml, "Arn").unwrap()
    }
}

fn process_keys(j: &Value) -> Keys {
    Keys {
        id: j["AccessKeyId"].as_str().unwrap().to_owned(),
        secret: j["SecretAccessKey"].as_str().unwrap().to_owned(),
        token: Some(j["SessionToken"].as_str().unwrap().to_owned()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_export_and_eval_give_credentials_that_sign() {
    let e = env().await;
    e.signed_in("cred1").await;
    let first = e.ok(&["creds", "process"]).await;
    let j = first.json();
    assert_eq!(j["Version"], 1);
    let expiration = j["Expiration"].as_str().unwrap();
    assert!(
        expiration.ends_with('Z') && expiration.len() == 20,
        "{expiration}"
    );
    assert!(
        first
            .stderr
            .trim()
            .lines()
            .all(|l| l.starts_with("warning: sessions are stored")),
        "{}",
        first.stderr
    );
    let keys = process_keys(&j);
    assert!(
        e.arn_of(&keys)
            .await
            .contains("assumed-role/cogtui-local-authenticated/")
    );

    // Cached: the same credentials, no call to the pool (shown as cached).
    let again = e.ok(&["creds", "process"]).await.json();
    assert_eq!(again["AccessKeyId"], j["AccessKeyId"]);
    let show = e.ok(&["--output", "json", "creds", "show"]).await.json();
    assert_eq!(show["cached"], true);
    assert!(show["expires_in"].as_i64().unwrap() > 3300);
    let identity = show["identity_id"].as_str().unwrap().to_owned();

    // eval "$(cogtui creds export)" just works.
    let script = format!(
        "eval \"$('{}' creds export)\" && printf '%s\\n' \"$AWS_ACCESS_KEY_ID\" \
         \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" \"$AWS_CREDENTIAL_EXPIRATION\" \"$AWS_REGION\"",
        bin().display()
    );
    let r = e
        .run_program(std::path::Path::new("sh"), &["-c", &script])
        .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], keys.id);
    assert_eq!(lines[3], expiration);
    assert_eq!(lines[4], "us-east-1");
    let from_env = Keys {
        id: lines[0].into(),
        secret: lines[1].into(),
        token: Some(lines[2].into()),
    };
    assert!(e.arn_of(&from_env).await.contains(":assumed-role/"));

    for format in ["fish", "powershell", "cmd", "dotenv", "json"] {
        let r = e.ok(&["creds", "export", "--format", format]).await;
        assert!(r.stdout.contains("AWS_CREDENTIAL_EXPIRATION") && r.stdout.contains(&keys.id));
    }

    // --refresh: new credentials, the same identity (GetId is asked once).
    let fresh = e.ok(&["creds", "process", "--refresh"]).await.json();
    assert_ne!(fresh["AccessKeyId"], j["AccessKeyId"]);
    let show = e.ok(&["--output", "json", "creds", "show"]).await.json();
    assert_eq!(show["identity_id"], identity.as_str());
    let human = e.ok(&["creds", "show"]).await;
    assert!(
        !human.stdout.contains(&keys.secret)
            && !human.stdout.contains(keys.token.as_deref().unwrap())
    );

    // console is not there yet, and says so.
    let r = e.run(&["creds", "console"]).await;
    assert_eq!(r.code, 8, "{}", r.stderr);
    assert!(r.stderr.contains("not supported yet"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_sets_the_environment_passes_the_exit_code_and_refuses_to_nest() {
    let e = env().await;
    e.signed_in("cred2").await;
    let r = e
        .run(&["exec", "--", "sh", "-c", "test -n \"$AWS_SESSION_TOKEN\" && test -n \"$AWS_CREDENTIAL_EXPIRATION\" && printf %s \"$AWS_ACCESS_KEY_ID\" && exit 7"])
        .await;
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(r.stdout.starts_with("ASIA"), "{}", r.stdout);
    let nested = format!("'{}' exec -- true", bin().display());
    let r = e.run(&["exec", "--", "sh", "-c", &nested]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("already inside `cogtui exec`"),
        "{}",
        r.stderr
    );
    let r = e.run(&["exec", "--", "no-such-command-here"]).await;
    assert_eq!(r.code, 127, "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_profile_replaces_one_section_and_keeps_the_rest() {
    let e = env().await;
    e.signed_in("cred3").await;
    let dir = e.data.path().join("aws");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("credentials");
    let before = "# my keys\r\n[default]\r\naws_access_key_id=AKIADEFAULT\r\n\r\n[ cogtui ]\r\n\
                  ; keep me\r\nregion : eu-west-1\r\naws_access_key_id = OLD\r\n\r\n[zeta]\r\nx=1";
    std::fs::write(&file, before).unwrap();
    let r = e
        .ok(&["--output", "json", "creds", "write-profile", "cogtui"])
        .await;
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.starts_with("# my keys\r\n[default]\r\naws_access_key_id=AKIADEFAULT\r\n\r\n[ cogtui ]\r\n; keep me\r\nregion : eu-west-1\r\naws_access_key_id = ASIA"), "{after:?}");
    assert!(after.ends_with("\r\n\r\n[zeta]\r\nx=1"), "{after:?}");
    assert!(!after.contains("OLD"));
    assert!(!r.stdout.contains("aws_secret") && r.json()["profile"] == "cogtui");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A section twice: refused, the file untouched.
    let twice = "[cogtui]\nk=1\n[cogtui]\nk=2\n";
    std::fs::write(&file, twice).unwrap();
    let r = e.run(&["creds", "write-profile", "cogtui"]).await;
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("more than one [cogtui]"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), twice);
    // A file that cannot be written: a clear error.
    let blocker = e.data.path().join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let mut cmd = Command::from_std(e.command(&bin(), &["creds", "write-profile", "cogtui"]));
    cmd.env("AWS_SHARED_CREDENTIALS_FILE", blocker.join("credentials"));
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("cannot write") && stderr.contains("the file is unchanged"),
        "{stderr}"
    );
    // A bad section name is refused before anything is written.
    let r = e.run(&["creds", "write-profile", "a]b"]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_say_what_is_wrong() {
    let e = env().await;
    // Nobody signed in.
    let r = e.run(&["creds", "process"]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("next: sign in with `cogtui login"),
        "{}",
        r.stderr
    );
    // Guests are not allowed by the seeded pool.
    let r = e.run(&["creds", "process", "--guest"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("gives no guest credentials"),
        "{}",
        r.stderr
    );

    e.signed_in("cred4").await;
    let first = e.ok(&["--output", "json", "creds", "show"]).await.json();
    // A revoked (deleted) identity: a new one is asked for, once, without fuss.
    e.identity_admin(
        "DeleteIdentities",
        json!({"IdentityIdsToDelete": [first["identity_id"]]}),
    )
    .await;
    let after = e
        .ok(&["--output", "json", "creds", "show", "--refresh"])
        .await
        .json();
    assert_ne!(after["identity_id"], first["identity_id"]);

    // A pool with no roles, then one whose token mapping is ambiguous.
    let provider = format!(
        "cognito-idp.us-east-1.amazonaws.com/{}",
        e.pool.info.user_pool_id
    );
    let created = e
        .identity_admin(
            "CreateIdentityPool",
            json!({"IdentityPoolName": "broken", "AllowUnauthenticatedIdentities": true,
                   "CognitoIdentityProviders": [{"ProviderName": provider, "ClientId": e.pool.info.client_id}]}),
        )
        .await;
    let pool = created["IdentityPoolId"].as_str().unwrap().to_owned();
    e.profile(&pool);
    let r = e.run(&["creds", "process"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("has no IAM role for authenticated identities"),
        "{}",
        r.stderr
    );
    e.identity_admin(
        "SetIdentityPoolRoles",
        json!({"IdentityPoolId": pool,
               "Roles": {"authenticated": "arn:aws:iam::123456789012:role/A",
                         "unauthenticated": "arn:aws:iam::123456789012:role/G"},
               "RoleMappings": {format!("{provider}:{}", e.pool.info.client_id):
                                {"Type": "Token", "AmbiguousRoleResolution": "Deny"}}}),
    )
    .await;
    let r = e.run(&["creds", "process"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("names no single role"), "{}", r.stderr);
    let r = e
        .run(&[
            "creds",
            "process",
            "--role-arn",
            "arn:aws:iam::123456789012:role/X",
        ])
        .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("--role-arn was refused"), "{}", r.stderr);
    // Guests of this pool get the guest role.
    let g = e.ok(&["creds", "process", "--guest"]).await.json();
    assert!(
        e.arn_of(&process_keys(&g))
            .await
            .contains("assumed-role/G/")
    );

    // No identity pool in the profile.
    e.profile("");
    let r = e.run(&["creds", "export"]).await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(r.stderr.contains("has no identity_pool_id"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_refresh_token_ends_the_session_with_a_clear_message() {
    let e = env().await;
    e.signed_in("cred5").await;
    e.ok(&["creds", "process"]).await;
    // 31 days later the refresh token is dead; the access token must be refreshed first.
    e.pool.advance_clock(31 * 86_400).await;
    let path = e.data.path().join("sessions.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    v["sessions"]["test"]["cred5"]["expires_at"] = json!(common::now() + 60);
    std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    let r = e.run(&["creds", "process", "--refresh"]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("sign in again"), "{}", r.stderr);
    // Signed out: the cached credentials are not served either.
    let r = e.run(&["creds", "process"]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(
        !kept.contains("ASIA"),
        "cached credentials forgotten: {kept}"
    );
}
