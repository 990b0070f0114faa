//! The CLI end to end: the real binary against a local pool started in-process, sessions in a
//! file store under a temp data dir (the keyring has its own tests).
#![cfg(feature = "local")]

mod common;

use assert_cmd::Command;
use common::{TestPool, start, write_config};
use serde_json::{Value, json};
use std::path::PathBuf;

const PW: &str = "Cli-Passw0rd!";

struct Env {
    pool: TestPool,
    config: PathBuf,
    data: tempfile::TempDir,
    /// Everything the binary printed, to search for secrets at the end.
    printed: std::sync::Mutex<String>,
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
        printed: Default::default(),
    }
}

impl Env {
    async fn run(&self, args: &[&str], stdin: &str) -> Run {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(args)
            .env("COGTUI_CONFIG", &self.config)
            .env("COGTUI_DATA_DIR", self.data.path())
            .env_remove("COGTUI_PROFILE")
            .write_stdin(stdin.to_owned());
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        let mut p = self.printed.lock().unwrap();
        p.push_str(&run.stdout);
        p.push_str(&run.stderr);
        run
    }

    async fn ok(&self, args: &[&str], stdin: &str) -> Run {
        let r = self.run(args, stdin).await;
        assert_eq!(
            r.code, 0,
            "{args:?}\nstdout: {}\nstderr: {}",
            r.stdout, r.stderr
        );
        r
    }

    /// Makes every stored session's access token expire within a minute, as if time passed.
    fn age_sessions(&self) {
        let path = self.data.path().join("sessions.json");
        let mut v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let soon = common::now() + 60;
        fn walk(v: &mut Value, soon: i64) {
            match v {
                Value::Object(m) => {
                    if m.contains_key("expires_at") {
                        m.insert("expires_at".into(), json!(soon));
                    }
                    m.values_mut().for_each(|x| walk(x, soon));
                }
                Value::Array(a) => a.iter_mut().for_each(|x| walk(x, soon)),
                _ => {}
            }
        }
        walk(&mut v, soon);
        std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    }

    async fn signed_up_and_in(&self, user: &str) {
        self.ok(
            &[
                "signup",
                user,
                "--email",
                &format!("{user}@example.com"),
                "--password-stdin",
            ],
            &format!("{PW}\n"),
        )
        .await;
        let code = self.pool.code_for(user, "sign_up").await;
        self.ok(&["confirm", user, &code], "").await;
        self.ok(&["login", user, "--password-stdin"], &format!("{PW}\n"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_confirm_login_whoami_tokens_logout() {
    let e = env().await;
    let r = e
        .ok(
            &[
                "--output",
                "json",
                "signup",
                "ada",
                "--email",
                "ada@example.com",
                "--attribute",
                "name=Ada L.",
                "--password-stdin",
            ],
            &format!("{PW}\n"),
        )
        .await;
    let j = r.json();
    assert_eq!(j["confirmed"], false);
    assert_eq!(j["code_delivery"]["Destination"], "a***@e***");

    let code = e.pool.code_for("ada", "sign_up").await;
    e.ok(&["confirm", "ada", &code], "").await;
    let r = e
        .ok(
            &["login", "ada@example.com", "--password-stdin"],
            &format!("{PW}\n"),
        )
        .await;
    assert!(r.stdout.contains("Signed in as ada"), "{}", r.stdout);

    let who = e.ok(&["--output", "json", "whoami"], "").await.json();
    assert_eq!(who["username"], "ada");
    assert_eq!(who["claims"]["email"], "ada@example.com");
    assert_eq!(who["claims"]["name"], "Ada L.");
    assert!(who["expires_in"].as_i64().unwrap() > 3000);
    let human = e.ok(&["whoami"], "").await;
    assert!(human.stdout.contains("checked against the pool's keys"));

    let id = e.ok(&["tokens"], "").await.stdout.trim().to_owned();
    let claims = common::verify_jwt(
        &id,
        &e.pool.jwks().await,
        &format!("{}/{}", e.pool.info.endpoint, e.pool.info.user_pool_id),
    )
    .unwrap();
    assert_eq!(claims["token_use"], "id");
    let access = e
        .ok(&["tokens", "access"], "")
        .await
        .stdout
        .trim()
        .to_owned();
    e.pool
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();

    let r = e.ok(&["--output", "json", "logout"], "").await.json();
    assert_eq!(r["signed_out_everywhere"], true);
    assert_eq!(r["refresh_revoked"], true);
    // The server agrees: the access token is revoked.
    let err = e
        .pool
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    let r = e.run(&["whoami"], "").await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("cogtui login"), "{}", r.stderr);

    let printed = e.printed.lock().unwrap().clone();
    assert!(!printed.contains(PW), "the password was printed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_have_exit_codes_and_next_steps() {
    let e = env().await;
    e.signed_up_and_in("bob").await;
    let r = e
        .run(&["login", "bob", "--password-stdin"], "Wr0ng-Passw0rd!\n")
        .await;
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("Incorrect username or password"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("next:"), "{}", r.stderr);
    assert!(!r.stderr.contains("Wr0ng-Passw0rd!"));

    // No terminal and no --password-stdin: no prompt, a clear error.
    let r = e.run(&["login", "bob"], "").await;
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("--password-stdin"), "{}", r.stderr);

    // Unconfirmed users are told how to confirm.
    e.ok(
        &[
            "signup",
            "cy",
            "--email",
            "cy@example.com",
            "--password-stdin",
        ],
        &format!("{PW}\n"),
    )
    .await;
    let r = e
        .run(&["login", "cy", "--password-stdin"], &format!("{PW}\n"))
        .await;
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("cogtui confirm"), "{}", r.stderr);

    let r = e.run(&["--profile", "nope", "whoami"], "").await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_endpoint_is_a_network_error() {
    let e = env().await;
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = dead.local_addr().unwrap();
    drop(dead);
    let cfg = std::fs::read_to_string(&e.config)
        .unwrap()
        .replace(&e.pool.info.endpoint, &format!("http://{addr}"));
    std::fs::write(&e.config, cfg).unwrap();
    let r = e
        .run(&["login", "x", "--password-stdin"], "Whatever-1!\n")
        .await;
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("cannot reach"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_refresh_when_due_even_with_two_processes_at_once() {
    let e = env().await;
    e.signed_up_and_in("dee").await;
    let before = e.ok(&["tokens", "access"], "").await.stdout;
    // The access token is now within the refresh margin (as if 57 minutes had passed).
    e.age_sessions();
    let (a, b) = tokio::join!(e.run(&["whoami"], ""), e.run(&["whoami"], ""));
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let after = e.ok(&["tokens", "access"], "").await.stdout;
    assert_ne!(before, after, "the access token was refreshed");
    // Revoked elsewhere: the next refresh fails and says to sign in again.
    e.pool
        .call("GlobalSignOut", json!({"AccessToken": after.trim()}))
        .await
        .unwrap();
    e.age_sessions();
    let r = e.run(&["whoami"], "").await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("sign in again"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_password_required_and_password_commands() {
    let e = env().await;
    e.pool
        .admin(
            "AdminCreateUser",
            json!({"UserPoolId": e.pool.info.user_pool_id, "Username": "eve",
                   "TemporaryPassword": "Temp-Passw0rd!",
                   "UserAttributes": [{"Name": "email_verified", "Value": "true"}]}),
        )
        .await
        .unwrap();
    e.ok(
        &[
            "login",
            "eve",
            "--password-stdin",
            "--attribute",
            "email=eve@example.com",
        ],
        "Temp-Passw0rd!\nEve-Passw0rd-1!\n",
    )
    .await;
    e.ok(
        &["password", "change", "--password-stdin"],
        "Eve-Passw0rd-1!\nEve-Passw0rd-2!\n",
    )
    .await;
    e.ok(&["logout"], "").await;
    e.ok(&["login", "eve", "--password-stdin"], "Eve-Passw0rd-2!\n")
        .await;

    e.ok(&["password", "forgot", "eve@example.com"], "").await;
    let code = e.pool.code_for("eve", "forgot_password").await;
    e.ok(
        &["password", "reset", "eve", &code, "--password-stdin"],
        "Eve-Passw0rd-3!\n",
    )
    .await;
    e.ok(&["login", "eve", "--password-stdin"], "Eve-Passw0rd-3!\n")
        .await;
    let printed = e.printed.lock().unwrap().clone();
    for secret in [
        "Temp-Passw0rd!",
        "Eve-Passw0rd-1!",
        "Eve-Passw0rd-2!",
        "Eve-Passw0rd-3!",
    ] {
        assert!(!printed.contains(secret), "a password was printed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_are_generated() {
    let e = env().await;
    let r = e.ok(&["completions", "bash"], "").await;
    assert!(r.stdout.contains("cogtui"));
    assert!(r.stdout.contains("login"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Secret Service: bash .ci/with-keyring.sh cargo test -- --include-ignored"]
async fn the_session_lives_in_the_real_keyring_between_commands() {
    let probe = cogtui::session::open_store(
        cogtui::config::StoreKind::Keyring,
        std::path::Path::new("/nonexistent"),
    );
    if let Err(e) = probe {
        panic!("this test needs a Secret Service (.ci/with-keyring.sh): {e}");
    }
    let e = env().await;
    let user = format!("kr{}", std::process::id());
    let k = ["--session-store", "keyring"];
    e.ok(
        &[
            &k[..],
            &[
                "signup",
                &user,
                "--email",
                "kr@example.com",
                "--password-stdin",
            ],
        ]
        .concat(),
        &format!("{PW}\n"),
    )
    .await;
    let code = e.pool.code_for(&user, "sign_up").await;
    e.ok(&[&k[..], &["confirm", &user, &code]].concat(), "")
        .await;
    e.ok(
        &[&k[..], &["login", &user, "--password-stdin"]].concat(),
        &format!("{PW}\n"),
    )
    .await;
    // Nothing went to the file store; the keyring holds it, and another process reads it.
    assert!(!e.data.path().join("sessions.json").exists());
    let who = e
        .ok(&[&k[..], &["--output", "json", "whoami"]].concat(), "")
        .await
        .json();
    assert_eq!(who["username"], user.as_str());
    let listed = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", "cogtui"])
        .output()
        .expect("secret-tool");
    let text = String::from_utf8_lossy(&listed.stdout).to_string()
        + &String::from_utf8_lossy(&listed.stderr);
    assert!(text.contains(&format!("test/{user}/tokens")), "{text}");
    e.ok(&[&k[..], &["logout"]].concat(), "").await;
    let r = e.run(&[&k[..], &["whoami"]].concat(), "").await;
    assert_eq!(r.code, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_with_a_secret_signs_in_by_alias_and_refreshes() {
    let e = env().await;
    let cfg = format!(
        "default_profile = \"secret\"\n\n[profiles.secret]\nregion = \"us-east-1\"\n\
         user_pool_id = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\nendpoint = \"{}\"\n\
         session_store = \"file\"\n",
        e.pool.info.user_pool_id,
        e.pool.info.client_id_with_secret,
        e.pool.info.client_secret,
        e.pool.info.endpoint
    );
    std::fs::write(&e.config, cfg).unwrap();
    e.ok(
        &[
            "signup",
            "sam",
            "--email",
            "sam@example.com",
            "--password-stdin",
        ],
        &format!("{PW}\n"),
    )
    .await;
    let code = e.pool.code_for("sam", "sign_up").await;
    e.ok(&["confirm", "sam", &code], "").await;
    // By the alias: SECRET_HASH uses what was typed first, then the internal username.
    e.ok(
        &["login", "sam@example.com", "--password-stdin"],
        &format!("{PW}\n"),
    )
    .await;
    let before = e.ok(&["tokens", "access"], "").await.stdout;
    e.age_sessions();
    let who = e.ok(&["--output", "json", "whoami"], "").await.json();
    assert_eq!(who["username"], "sam");
    let after = e.ok(&["tokens", "access"], "").await.stdout;
    assert_ne!(
        before, after,
        "refreshed with the internal username's SECRET_HASH"
    );
    let printed = e.printed.lock().unwrap().clone();
    assert!(
        !printed.contains(&e.pool.info.client_secret),
        "the client secret was printed"
    );
}
