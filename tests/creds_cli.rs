//! `cogtui creds …` and `cogtui exec` end to end: the real binary against a local pool started
//! in-process, sessions in a file store under a temp data dir.

mod common;

use common::Run;
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
        self.profile_with(identity_pool, "");
    }

    /// The profile `test` with this identity pool and `extra` lines (`key = "value"\n`).
    fn profile_with(&self, identity_pool: &str, extra: &str) {
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
                 session_store = \"file\"\n{pool_line}{extra}",
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
        Run::from(out)
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

/// A federation endpoint on 127.0.0.1: answers each getSigninToken with a SigninToken (or with
/// `status`), and hands each request's query pairs to the test.
fn federation_stub(status: u16) -> (String, std::sync::mpsc::Receiver<Vec<(String, String)>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/federation", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                    break;
                }
            }
            let target = line.split(' ').nth(1).unwrap_or_default().to_owned();
            let query = url::Url::parse(&format!("http://stub{target}")).unwrap();
            let pairs: Vec<(String, String)> = query.query_pairs().into_owned().collect();
            let body = if status == 200 {
                "{\"SigninToken\":\"STUB-SIGNIN-TOKEN+/=\"}"
            } else {
                "<html>bad</html>"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tx.send(pairs);
        }
    });
    (url, rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_signs_in_through_the_profiles_federation_endpoint() {
    let e = env().await;
    e.signed_in("cons1").await;
    let (stub, requests) = federation_stub(200);
    let pool = e.pool.info.identity_pool_id.clone();
    e.profile_with(&pool, &format!("federation_endpoint = \"{stub}\"\n"));
    let creds = e.ok(&["creds", "process"]).await.json();

    // --print: the login URL on stdout, nothing secret on stderr even with trace logging.
    let mut cmd = Command::from_std(e.command(
        &bin(),
        &["creds", "console", "--print", "--duration", "3600"],
    ));
    cmd.env("COGTUI_LOG", "trace");
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let q = requests.recv().unwrap();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get("Action").as_deref(), Some("getSigninToken"));
    assert_eq!(get("SessionDuration").as_deref(), Some("3600"));
    let session: Value = serde_json::from_str(&get("Session").unwrap()).unwrap();
    assert_eq!(session["sessionId"], creds["AccessKeyId"]);
    assert_eq!(session["sessionKey"], creds["SecretAccessKey"]);
    assert_eq!(session["sessionToken"], creds["SessionToken"]);
    let login = url::Url::parse(stdout.trim()).unwrap();
    assert!(stdout.starts_with(&stub), "{stdout}");
    let pairs: Vec<(String, String)> = login.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        vec![
            ("Action".into(), "login".into()),
            ("Issuer".into(), "cogtui".into()),
            (
                "Destination".into(),
                "https://console.aws.amazon.com/".into()
            ),
            ("SigninToken".into(), "STUB-SIGNIN-TOKEN+/=".into()),
        ]
    );
    for secret in [
        "STUB-SIGNIN-TOKEN",
        "STUB-SIGNIN-TOKEN%2B",
        creds["SecretAccessKey"].as_str().unwrap(),
        creds["SessionToken"].as_str().unwrap(),
    ] {
        assert!(!stderr.contains(secret), "a secret in the log: {stderr}");
    }
    assert!(!stdout.contains(creds["SecretAccessKey"].as_str().unwrap()));

    // Without --print: the browser gets the URL (BROWSER names a script here); the terminal
    // does not, even with trace logging.
    let seen = e.data.path().join("browser-saw");
    let browser = e.data.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
            seen.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut cmd = Command::from_std(e.command(&bin(), &["creds", "console"]));
    cmd.env("BROWSER", &browser).env("COGTUI_LOG", "trace");
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Opened the AWS console"), "{stdout}");
    let mut opened = String::new();
    for _ in 0..100 {
        if let Ok(t) = std::fs::read_to_string(&seen) {
            opened = t;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        opened.contains("SigninToken=STUB-SIGNIN-TOKEN"),
        "{opened:?}"
    );
    for text in [&stdout, &stderr] {
        assert!(!text.contains("STUB-SIGNIN-TOKEN"), "{text}");
    }
    let q = requests.recv().unwrap();
    assert!(!q.iter().any(|(k, _)| k == "SessionDuration"), "{q:?}");

    // A federation endpoint that refuses: exit 3, no secret in the message.
    let (refusing, _r) = federation_stub(400);
    e.profile_with(&pool, &format!("federation_endpoint = \"{refusing}\"\n"));
    let r = e.run(&["creds", "console", "--print"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("refused the credentials (HTTP 400)"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr
            .contains(creds["SecretAccessKey"].as_str().unwrap())
    );
    assert!(r.stdout.is_empty());
    // One that cannot be reached: exit 4, and the credentials (in the request's query) are
    // not quoted back.
    e.profile_with(
        &pool,
        "federation_endpoint = \"http://127.0.0.1:1/federation\"\n",
    );
    let r = e.run(&["creds", "console", "--print"]).await;
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        !r.stderr.contains(creds["SessionToken"].as_str().unwrap()),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("Session="), "{}", r.stderr);
}

const AUTH_ROLE: &str = "arn:aws:iam::000000000000:role/cogtui-local-authenticated";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_basic_flow_assumes_the_named_role_through_sts() {
    let e = env().await;
    e.signed_in("basic1").await;
    // No role named: said before any call.
    let r = e.run(&["creds", "process", "--basic"]).await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(
        r.stderr.contains("the basic flow assumes a role you name"),
        "{}",
        r.stderr
    );

    let j = e
        .ok(&["creds", "process", "--basic", "--role-arn", AUTH_ROLE])
        .await
        .json();
    let keys = process_keys(&j);
    let arn = e.arn_of(&keys).await;
    assert!(
        arn.contains(":assumed-role/cogtui-local-authenticated/"),
        "{arn}"
    );
    // Cached like the enhanced flow's, per role.
    let again = e
        .ok(&["creds", "process", "--basic", "--role-arn", AUTH_ROLE])
        .await
        .json();
    assert_eq!(again["AccessKeyId"], j["AccessKeyId"]);

    // A role the pool's identities may not assume: STS says no, in words about the setup.
    let r = e
        .run(&[
            "creds",
            "process",
            "--basic",
            "--role-arn",
            "arn:aws:iam::000000000000:role/someone-else",
        ])
        .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("STS would not let this identity assume"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("trust policy"), "{}", r.stderr);

    // The profile asks for the basic flow; a pool that does not allow it says so.
    let provider = format!(
        "cognito-idp.us-east-1.amazonaws.com/{}",
        e.pool.info.user_pool_id
    );
    let created = e
        .identity_admin(
            "CreateIdentityPool",
            json!({"IdentityPoolName": "enhancedonly", "AllowUnauthenticatedIdentities": false,
                   "AllowClassicFlow": false,
                   "CognitoIdentityProviders": [{"ProviderName": provider, "ClientId": e.pool.info.client_id}]}),
        )
        .await;
    let pool = created["IdentityPoolId"].as_str().unwrap().to_owned();
    e.identity_admin(
        "SetIdentityPoolRoles",
        json!({"IdentityPoolId": pool, "Roles": {"authenticated": AUTH_ROLE}}),
    )
    .await;
    e.profile_with(
        &pool,
        &format!("credentials_flow = \"basic\"\nrole_arn = \"{AUTH_ROLE}\"\n"),
    );
    let r = e.run(&["creds", "process"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("AllowClassicFlow"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // The same pool through the enhanced flow works (the profile's role_arn is CustomRoleArn
    // there, and this pool has no token mapping, so it is left out).
    e.profile(&pool);
    let enhanced = e.ok(&["creds", "process"]).await.json();
    assert!(
        e.arn_of(&process_keys(&enhanced))
            .await
            .contains("cogtui-local-authenticated")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_forgets_the_users_cached_credentials() {
    let e = env().await;
    e.signed_in("out1").await;
    e.signed_in("out2").await;
    let path = e.data.path().join("sessions.json");
    let one = e.ok(&["--user", "out1", "creds", "process"]).await.json();
    let two = e.ok(&["--user", "out2", "creds", "process"]).await.json();
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(kept.contains(one["AccessKeyId"].as_str().unwrap()));
    e.ok(&["--user", "out1", "logout"]).await;
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(
        !kept.contains(one["AccessKeyId"].as_str().unwrap()),
        "{kept}"
    );
    assert!(!kept.contains(one["SessionToken"].as_str().unwrap()));
    // The other user's stay.
    assert!(kept.contains(two["AccessKeyId"].as_str().unwrap()));
    e.ok(&["--user", "out2", "logout", "--local-only"]).await;
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(!kept.contains("ASIA"), "{kept}");
    let r = e.run(&["--user", "out1", "creds", "process"]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creds_process_is_quiet_about_the_file_store_once_it_exists() {
    let e = env().await;
    e.signed_in("quiet1").await;
    let r = e.ok(&["creds", "process"]).await;
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The data dir and what cogtui made in it are its owner's alone.
        let file = e.data.path().join("sessions.json");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A file others may read is said every time.
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let r = e.ok(&["creds", "process"]).await;
        assert!(r.stderr.contains("has mode 644"), "{}", r.stderr);
    }
}
