//! `cogtui login --hosted-ui` end to end: the real binary waits on its loopback listener while
//! this test plays the browser on the local pool's login page; then `cogtui whoami` shows the
//! user. And the ways it stops with nothing kept: an unregistered callback URL, a closed
//! browser (timeout), a redirect whose state is not the one sent.
#![cfg(feature = "local")]

mod common;

use common::{Run, TestPool, start, write_config};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

const PW: &str = "Hosted-Passw0rd!";

struct Env {
    pool: TestPool,
    config: PathBuf,
    data: tempfile::TempDir,
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
    Env { pool, config, data }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Env {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("cogtui"));
        cmd.args(args)
            .env("COGTUI_CONFIG", &self.config)
            .env("COGTUI_DATA_DIR", self.data.path())
            .env_remove("COGTUI_PROFILE")
            .env_remove("COGTUI_HOSTED_UI_CALLBACK")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    async fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.command(args);
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        Run::from(out)
    }

    /// Registers `callback` on the seeded public client (with the Hosted UI settings it has).
    async fn register(&self, callback: &str) {
        self.pool
            .admin(
                "UpdateUserPoolClient",
                json!({
                    "UserPoolId": self.pool.info.user_pool_id,
                    "ClientId": self.pool.info.client_id,
                    "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    "CallbackURLs": [callback],
                    "AllowedOAuthFlows": ["code"],
                    "AllowedOAuthFlowsUserPoolClient": true,
                    "AllowedOAuthScopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
                    "SupportedIdentityProviders": ["COGNITO"]
                }),
            )
            .await
            .unwrap();
    }
}

/// A running `cogtui login --hosted-ui --no-browser`: the process and its stderr, read on.
struct Login {
    child: Child,
    stderr: std::thread::JoinHandle<String>,
}

/// Starts `cogtui login --hosted-ui --no-browser` and returns it with the URL it printed.
async fn start_login(e: &Env, callback: &str, extra: &[&str]) -> (Login, String) {
    let mut args = vec![
        "login",
        "--hosted-ui",
        "--no-browser",
        "--callback-url",
        callback,
    ];
    args.extend_from_slice(extra);
    let mut child = e.command(&args).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap();
            if line.starts_with("http") && line.contains("/oauth2/authorize?") {
                let _ = tx.send(line.clone());
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let url = tokio::task::spawn_blocking(move || rx.recv().ok())
        .await
        .unwrap();
    let login = Login {
        child,
        stderr: reader,
    };
    let Some(url) = url else {
        let run = finish(login).await;
        panic!("no URL printed; stderr:\n{}", run.stderr);
    };
    (login, url)
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// Plays the browser: authorize, the login page, the form, and back to the loopback.
async fn browse(e: &Env, url: &str, username: &str) -> reqwest::Response {
    let b = no_redirects();
    let r = b.get(url).send().await.unwrap();
    let login = format!("{}{}", e.pool.info.endpoint, location(&r));
    assert_eq!(b.get(&login).send().await.unwrap().status(), 200);
    let r = b
        .post(&login)
        .form(&[("username", username), ("password", PW)])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    b.get(location(&r)).send().await.unwrap()
}

async fn finish(login: Login) -> Run {
    let Login { child, stderr } = login;
    tokio::task::spawn_blocking(move || {
        let out = child.wait_with_output().unwrap();
        let mut run = Run::from(out);
        run.stderr = stderr.join().unwrap();
        run
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_hosted_ui_signs_in_and_whoami_shows_the_user() {
    let e = env().await;
    e.pool.confirmed_user("hana", "hana@example.com", PW).await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    e.register(&callback).await;
    let (child, url) = start_login(&e, &callback, &[]).await;
    assert!(url.contains("code_challenge_method=S256") && url.contains("state="));
    let landed = browse(&e, &url, "hana").await;
    assert_eq!(landed.status(), 200);
    assert!(
        landed
            .text()
            .await
            .unwrap()
            .contains("You can close this tab")
    );
    let run = finish(child).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Signed in as hana"), "{}", run.stdout);
    let who = e.run(&["whoami"]).await;
    assert_eq!(who.code, 0, "{}", who.stderr);
    assert!(who.stdout.contains("hana@example.com"), "{}", who.stdout);
    // The access token carries the admin scope: self-service calls work.
    let mfa = e.run(&["mfa", "status"]).await;
    assert_eq!(mfa.code, 0, "{}", mfa.stderr);
}

#[tokio::test]
async fn an_unregistered_callback_url_is_said_plainly_and_nothing_is_kept() {
    let e = env().await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    let run = e
        .run(&[
            "login",
            "--hosted-ui",
            "--no-browser",
            "--callback-url",
            &callback,
        ])
        .await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr.contains("not one of app client"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&callback), "{}", run.stderr);
    assert_eq!(e.run(&["whoami"]).await.code, 5);
}

#[tokio::test]
async fn a_closed_browser_times_out_with_nothing_kept() {
    let e = env().await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    e.register(&callback).await;
    let (child, _) = start_login(&e, &callback, &["--timeout", "1"]).await;
    let run = finish(child).await;
    assert_eq!(run.code, 9, "{}", run.stderr);
    assert!(
        run.stderr.contains("no answer from the browser within 1 s"),
        "{}",
        run.stderr
    );
    assert_eq!(e.run(&["whoami"]).await.code, 5);
}

#[tokio::test]
async fn a_redirect_with_another_or_no_state_is_refused_and_nothing_is_kept() {
    let e = env().await;
    e.pool.confirmed_user("ivan", "ivan@example.com", PW).await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    e.register(&callback).await;
    for forged in ["state=forged&code=abc", "code=abc"] {
        let (child, _) = start_login(&e, &callback, &[]).await;
        let r = reqwest::get(format!("{callback}?{forged}")).await.unwrap();
        assert_eq!(r.status(), 400);
        let run = finish(child).await;
        assert_eq!(run.code, 3, "{}", run.stderr);
        assert!(
            run.stderr.contains("state does not match"),
            "{}",
            run.stderr
        );
        assert_eq!(e.run(&["whoami"]).await.code, 5);
    }
}
