//! The CLI end to end: the real binary against a local pool started in-process, sessions in a
//! file store under a temp data dir (the keyring has its own tests).
#![cfg(feature = "local")]

mod common;

use common::Run;

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
        let run = Run::from(out);
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
    assert_eq!(j["code_delivery"]["destination"], "a***@e***");

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

    // `logout` ends this session: its refresh token is revoked (with the access tokens it
    // issued), not every session of the user.
    let r = e.ok(&["--output", "json", "logout"], "").await.json();
    assert_eq!(r["signed_out_everywhere"], false);
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
    for shell in ["bash", "zsh", "fish"] {
        let r = e.ok(&["completions", shell], "").await;
        assert!(r.stdout.contains("COMPLETE="), "{shell}: {}", r.stdout);
    }
    // At TAB time the shell asks cogtui: subcommands, and profile names from the config.
    let ask = |words: &[&str]| {
        let mut cmd = e.binary();
        cmd.env("COMPLETE", "fish")
            .arg("--")
            .arg("cogtui")
            .args(words);
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(ask(&["log"]).contains("login"));
    assert_eq!(ask(&["whoami", "--profile", ""]).trim(), "test");
    assert_eq!(ask(&["--profile", "x"]).trim(), "");
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

impl Env {
    /// Points the profile at a port nobody listens on.
    fn unreachable(&self) {
        let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = dead.local_addr().unwrap();
        drop(dead);
        let cfg = std::fs::read_to_string(&self.config)
            .unwrap()
            .replace(&self.pool.info.endpoint, &format!("http://{addr}"));
        std::fs::write(&self.config, cfg).unwrap();
    }

    fn binary(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cogtui"));
        cmd.env("COGTUI_CONFIG", &self.config)
            .env("COGTUI_DATA_DIR", self.data.path())
            .env_remove("COGTUI_PROFILE");
        cmd
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_that_keep_no_session_need_no_store() {
    let e = env().await;
    // No Secret Service reachable, and the keyring asked for explicitly.
    let no_keyring = |args: &[&str], stdin: &str| {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(["--session-store", "keyring"])
            .args(args)
            .env("COGTUI_CONFIG", &e.config)
            .env("COGTUI_DATA_DIR", e.data.path())
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env_remove("COGTUI_PROFILE")
            .write_stdin(stdin.to_owned());
        cmd.output().unwrap()
    };
    let out = no_keyring(
        &[
            "signup",
            "nia",
            "--email",
            "nia@example.com",
            "--password-stdin",
        ],
        &format!("{PW}\n"),
    );
    assert!(out.status.success(), "{out:?}");
    let out = no_keyring(&["resend-code", "nia"], "");
    assert!(out.status.success(), "{out:?}");
    let code = e.pool.code_for("nia", "resend").await;
    for args in [
        vec!["confirm", "nia", &code],
        vec!["password", "forgot", "nia"],
    ] {
        let out = no_keyring(&args, "");
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    // Nor do they warn about a file store they do not use.
    let r = e
        .ok(
            &[
                "signup",
                "noa",
                "--email",
                "noa@example.com",
                "--password-stdin",
            ],
            &format!("{PW}\n"),
        )
        .await;
    assert!(!r.stderr.contains("unencrypted"), "{}", r.stderr);
    // A command that keeps a session does say where it is kept.
    let code = e.pool.code_for("noa", "sign_up").await;
    e.ok(&["confirm", "noa", &code], "").await;
    let r = e
        .ok(
            &["--output", "json", "login", "noa", "--password-stdin"],
            &format!("{PW}\n"),
        )
        .await;
    assert!(r.stderr.contains("unencrypted"), "{}", r.stderr);
    let store = r.json()["session_store"].as_str().unwrap().to_owned();
    assert!(store.contains("sessions.json"), "{store}");
    let who = e.ok(&["whoami"], "").await;
    assert!(who.stdout.contains("sessions.json"), "{}", who.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_ends_quietly() {
    let e = env().await;
    for args in [
        vec!["completions", "zsh"],
        vec!["--help"],
        vec!["profile", "list"],
    ] {
        let mut child = e
            .binary()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
    }
    // A closed stderr too.
    let mut child = e
        .binary()
        .args(["whoami"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_is_not_signed_out() {
    let e = env().await;
    e.signed_up_and_in("una").await;
    e.unreachable();
    let r = e.run(&["whoami"], "").await;
    assert_eq!(r.code, 4, "{}", r.stderr);
    e.age_sessions();
    let r = e.run(&["tokens"], "").await;
    assert_eq!(r.code, 4, "{}", r.stderr);
    // The session stays; `logout` refuses and says how to forget it anyway.
    let r = e.run(&["logout"], "").await;
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("--local-only"), "{}", r.stderr);
    let users = e.ok(&["--output", "json", "users"], "").await.json();
    assert_eq!(users["users"][0]["username"], "una");
    e.ok(&["logout", "--local-only"], "").await;
    let users = e.ok(&["--output", "json", "users"], "").await.json();
    assert_eq!(users["users"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoami_checks_the_token_with_cached_keys() {
    let mut e = env().await;
    e.signed_up_and_in("kai").await;
    e.ok(&["whoami"], "").await;
    let cached = std::fs::read_dir(e.data.path().join("jwks"))
        .unwrap()
        .count();
    assert_eq!(cached, 1);
    // With the pool gone, the cached keys still check the stored token.
    if let Some(p) = e.pool.pool.take() {
        p.stop().await;
    }
    let r = e.ok(&["--output", "json", "whoami"], "").await.json();
    assert_eq!(r["username"], "kai");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_name_the_right_source_and_next_step() {
    let e = env().await;
    let r = e.run(&["whoami"], "").await;
    assert_eq!(r.code, 5);
    let mut cmd = Command::cargo_bin("cogtui").unwrap();
    let out = cmd
        .args(["whoami"])
        .env("COGTUI_CONFIG", &e.config)
        .env("COGTUI_DATA_DIR", e.data.path())
        .env("COGTUI_PROFILE", "nosuch")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("COGTUI_PROFILE"), "{stderr}");
    assert!(!stderr.contains("command line"), "{stderr}");

    e.pool.confirmed_user("pia", "pia@example.com", PW).await;
    e.ok(&["password", "forgot", "pia"], "").await;
    let r = e
        .run(
            &["password", "reset", "pia", "000000", "--password-stdin"],
            "New-Passw0rd!\n",
        )
        .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("password forgot pia") || r.stderr.contains("password forgot USERNAME"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("resend-code"), "{}", r.stderr);

    let r = e
        .run(&["profile", "import", "/nonexistent/amplify.json"], "")
        .await;
    assert_eq!(r.stderr.matches("No such file").count(), 1, "{}", r.stderr);

    let r = e.run(&["login", "pia", "Hunter2-Secret!"], "").await;
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("Hunter2"), "{}", r.stderr);
    assert!(r.stderr.contains("--password-stdin"), "{}", r.stderr);
    let r = e.run(&["login", "pia", "--passwrod-stdin"], "").await;
    assert!(r.stderr.contains("--password-stdin"), "{}", r.stderr);

    let r = e.run(&["--local", "--profile", "test", "whoami"], "").await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--local"), "{}", r.stderr);

    // JSON keys are snake_case throughout.
    let r = e
        .ok(
            &[
                "--output",
                "json",
                "signup",
                "quinn",
                "--email",
                "q@example.com",
                "--password-stdin",
            ],
            &format!("{PW}\n"),
        )
        .await
        .json();
    let d = &r["code_delivery"];
    assert!(
        d.get("destination").is_some() && d.get("Destination").is_none(),
        "{r}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_users_on_one_profile() {
    let e = env().await;
    e.signed_up_and_in("ari").await;
    e.signed_up_and_in("bo").await;
    let r = e.ok(&["--output", "json", "users"], "").await.json();
    let names: Vec<_> = r["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["username"].as_str().unwrap().to_owned(),
                u["current"] == true,
            )
        })
        .collect();
    assert_eq!(names, vec![("ari".into(), false), ("bo".into(), true)]);
    let who = e
        .ok(&["--output", "json", "--user", "ari", "whoami"], "")
        .await
        .json();
    assert_eq!(who["username"], "ari");
    let who = e.ok(&["--output", "json", "whoami"], "").await.json();
    assert_eq!(who["username"], "bo");
    e.ok(&["users", "use", "ari@example.com"], "").await;
    let who = e.ok(&["--output", "json", "whoami"], "").await.json();
    assert_eq!(who["username"], "ari");
    let r = e.run(&["users", "use", "nobody"], "").await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    let r = e
        .ok(&["--output", "json", "logout", "--all"], "")
        .await
        .json();
    assert_eq!(r["signed_out"].as_array().unwrap().len(), 2, "{r}");
    let r = e.ok(&["--output", "json", "users"], "").await.json();
    assert_eq!(r["users"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_local_serve_on_one_data_dir_refuses() {
    use std::io::BufRead;
    let e = env().await;
    let dir = e.data.path().join("pool");
    let serve = |dir: &std::path::Path| {
        e.binary()
            .args(["local", "serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut first = serve(&dir);
    let mut line = String::new();
    std::io::BufReader::new(first.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let second = serve(&dir).wait_with_output().unwrap();
    let _ = first.kill();
    let _ = first.wait();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains(info["endpoint"].as_str().unwrap()),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_never_reaches_the_terminal_raw() {
    let e = env().await;
    e.signed_up_and_in("ivy").await;
    for args in [
        vec!["--user", "\u{1b}[2Jevil\u{202e}", "whoami"],
        vec!["users", "use", "\u{1b}]0;title\u{7}"],
    ] {
        let r = e.run(&args, "").await;
        assert_eq!(r.code, 5, "{}", r.stderr);
        assert!(
            !r.stderr
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{202e}' || c == '\u{7}'),
            "{:?}",
            r.stderr
        );
        assert!(r.stderr.contains("\\u{1b}"), "{}", r.stderr);
    }
}
