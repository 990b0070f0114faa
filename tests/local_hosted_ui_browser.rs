//! A real browser on the Hosted UI: Debian's chromium, headless, driven by playwright-core
//! (`tests/interop/node/hosted_ui_browser.mjs`), signs in on the local pool's login page while
//! `cogtui login --hosted-ui` waits on its loopback listener; then `cogtui whoami` shows the
//! user. The login page's screenshot is kept at `target/hosted-ui/login-page.png`.
#![cfg(feature = "local")]

mod common;
mod hosted_support;

use hosted_support::{PW, env, finish, free_port, start_login};
use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails, saying what is missing and how to install it: the test only runs when asked for.
fn require_browser() {
    let script_deps = manifest_dir().join("tests/interop/node/node_modules/playwright-core");
    let node = Command::new("node").arg("--version").output().is_ok();
    let why = if !Path::new(CHROMIUM).is_file() {
        Some(format!("{CHROMIUM} is missing (apt-get install chromium)"))
    } else if !node || !script_deps.is_dir() {
        Some("node with playwright-core is missing (bash tests/interop/install.sh)".to_owned())
    } else {
        None
    };
    if let Some(why) = why {
        panic!("the Hosted UI browser test cannot run: {why}");
    }
}

/// Runs the browser script on `url`; panics with its output when it fails.
async fn drive(url: &str, social: bool, screenshot: &Path) {
    let mut node = Command::new("node");
    node.arg("tests/interop/node/hosted_ui_browser.mjs")
        .current_dir(manifest_dir())
        .env("AUTHORIZE_URL", url)
        .env("USERNAME", "mia")
        .env("PASSWORD", PW)
        .env("SCREENSHOT", screenshot)
        .env("SOCIAL", if social { "1" } else { "0" })
        .env("CHROMIUM", CHROMIUM);
    let out = tokio::task::spawn_blocking(move || node.output().unwrap())
        .await
        .unwrap();
    let report = format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the browser script failed\n{report}");
    eprintln!("{report}");
    let png = std::fs::read(screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
}

fn screenshot(name: &str) -> std::path::PathBuf {
    let shots = manifest_dir().join("target/hosted-ui");
    std::fs::create_dir_all(&shots).unwrap();
    let path = shots.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test]
#[ignore = "needs Debian's chromium and node with playwright-core: apt-get install chromium; bash tests/interop/install.sh"]
async fn chromium_signs_in_on_the_hosted_ui_and_whoami_shows_the_user() {
    require_browser();
    let e = env().await;
    e.pool.confirmed_user("mia", "mia@example.com", PW).await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    e.register(&callback).await;
    let (login, url) = start_login(&e, &callback, &[]).await;
    drive(&url, false, &screenshot("login-page.png")).await;
    let run = finish(login).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Signed in as mia"), "{}", run.stdout);
    let who = e.run(&["whoami"]).await;
    assert_eq!(who.code, 0, "{}", who.stderr);
    assert!(who.stdout.contains("mia@example.com"), "{}", who.stdout);
}

#[tokio::test]
#[ignore = "needs Debian's chromium and node with playwright-core: apt-get install chromium; bash tests/interop/install.sh"]
async fn chromium_signs_in_through_the_local_social_provider() {
    require_browser();
    let e = env().await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    e.register(&callback).await;
    let (login, url) = start_login(&e, &callback, &["--provider", "Google"]).await;
    assert!(url.contains("identity_provider=Google"), "{url}");
    drive(&url, true, &screenshot("social-provider-page.png")).await;
    let run = finish(login).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Signed in as Google_"),
        "{}",
        run.stdout
    );
    let who = e.run(&["whoami"]).await;
    assert_eq!(who.code, 0, "{}", who.stderr);
    assert!(who.stdout.contains("alice@gmail.example"), "{}", who.stdout);
}

#[tokio::test]
#[ignore = "needs Debian's chromium and node with playwright-core: apt-get install chromium; bash tests/interop/install.sh"]
async fn cogtui_opens_the_browser_itself_through_webbrowser() {
    use std::os::unix::fs::PermissionsExt;
    require_browser();
    let e = env().await;
    e.pool.confirmed_user("mia", "mia@example.com", PW).await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    e.register(&callback).await;
    // BROWSER names the command the `webbrowser` crate runs with the URL: a wrapper that hands
    // it to the chromium script and keeps its report (the crate silences the browser's output).
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("browser.out");
    let wrapper = dir.path().join("browser.sh");
    let script = manifest_dir().join("tests/interop/node/hosted_ui_browser.mjs");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nAUTHORIZE_URL=\"$1\" exec node '{}' > '{}' 2>&1\n",
            script.display(),
            report.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = e.command(&[
        "login",
        "--hosted-ui",
        "--callback-url",
        &callback,
        "--timeout",
        "60",
    ]);
    cmd.env("BROWSER", &wrapper)
        .env("USERNAME", "mia")
        .env("PASSWORD", PW)
        .env("SOCIAL", "0")
        .env("SCREENSHOT", screenshot("login-page-webbrowser.png"))
        .env("CHROMIUM", CHROMIUM);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let browser = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(out.status.success(), "{stderr}\n--- browser ---\n{browser}");
    assert!(
        stderr.contains("Opened the Hosted UI in your browser"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("/oauth2/authorize?"),
        "the URL is not printed when a browser opened: {stderr}"
    );
    let who = e.run(&["whoami"]).await;
    assert!(who.stdout.contains("mia@example.com"), "{}", who.stdout);
}
