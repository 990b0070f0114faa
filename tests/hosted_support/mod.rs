//! Helpers for the Hosted UI sign-in tests: the real `cogtui` binary against a local pool
//! started in-process, `cogtui login --hosted-ui --no-browser` run in the background with the
//! URL it prints, and a browser played over HTTP.
#![allow(dead_code)]

use crate::common::{Run, TestPool, start, write_config};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const PW: &str = "Hosted-Passw0rd!";

pub struct Env {
    pub pool: TestPool,
    pub config: PathBuf,
    pub data: tempfile::TempDir,
}

pub async fn env() -> Env {
    env_named("test").await
}

/// An environment whose one profile is `profile` (`local` for `cogtui --local`).
pub async fn env_named(profile: &str) -> Env {
    let pool = start().await;
    let data = tempfile::tempdir().unwrap();
    let config = write_config(
        data.path(),
        profile,
        &pool.info.user_pool_id,
        &pool.info.client_id,
        &pool.info.endpoint,
    );
    Env { pool, config, data }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Env {
    pub fn command(&self, args: &[&str]) -> Command {
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

    pub async fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.command(args);
        let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap();
        Run::from(out)
    }

    /// Registers `callback` on the seeded public client (with the Hosted UI settings it has).
    pub async fn register(&self, callback: &str) {
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
                    "SupportedIdentityProviders": ["COGNITO", "Google"]
                }),
            )
            .await
            .unwrap();
    }
}

/// A running `cogtui login --hosted-ui --no-browser`: the process and its stderr, read on.
pub struct Login {
    child: Child,
    stderr: std::thread::JoinHandle<String>,
}

/// Starts `cogtui login --hosted-ui --no-browser` and returns it with the URL it printed.
pub async fn start_login(e: &Env, callback: &str, extra: &[&str]) -> (Login, String) {
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

pub fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// Plays the browser: authorize, the login page, the form, and back to the loopback.
pub async fn browse(e: &Env, url: &str, username: &str) -> reqwest::Response {
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

pub async fn finish(login: Login) -> Run {
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
