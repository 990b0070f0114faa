//! `cogtui login --hosted-ui` end to end: the real binary waits on its loopback listener while
//! this test plays the browser on the local pool's login page; then `cogtui whoami` shows the
//! user. And the ways it stops with nothing kept: an unregistered callback URL, a closed
//! browser (timeout), a redirect whose state is not the one sent.
#![cfg(feature = "local")]

mod common;
mod hosted_support;

use hosted_support::{
    PW, browse, env, env_named, finish, free_port, location, no_redirects, start_login,
};

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
    // No token, code or verifier reaches the screen: the URL carries only the challenge.
    let printed = format!("{}{}", run.stdout, run.stderr);
    assert!(!printed.contains("eyJ"), "a JWT was printed: {printed}");
    assert!(!printed.contains("code_verifier"), "{printed}");
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

#[tokio::test]
async fn provider_google_signs_in_through_the_local_identity_page() {
    let e = env().await;
    let callback = format!("http://127.0.0.1:{}/callback", free_port());
    e.register(&callback).await;
    let (child, url) = start_login(&e, &callback, &["--provider", "Google"]).await;
    let b = no_redirects();
    let r = b.get(&url).send().await.unwrap();
    let idp = format!("{}{}", e.pool.info.endpoint, location(&r));
    assert!(idp.contains("/_local/idp?"), "{idp}");
    let r = b
        .post(&idp)
        .form(&[("email", "zoe@gmail.example"), ("name", "Zoe")])
        .send()
        .await
        .unwrap();
    let landed = b.get(location(&r)).send().await.unwrap();
    assert_eq!(landed.status(), 200);
    let run = finish(child).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Signed in as Google_"),
        "{}",
        run.stdout
    );
    let who = e.run(&["whoami"]).await;
    assert_eq!(who.code, 0, "{}", who.stderr);
    assert!(who.stdout.contains("zoe@gmail.example"), "{}", who.stdout);
}

#[tokio::test]
async fn local_login_hosted_ui_needs_no_setup() {
    // The seeded client's own callback URL (fixed port 9230), and no flag but --local.
    let e = env_named("local").await;
    e.pool.confirmed_user("noor", "noor@example.com", PW).await;
    let mut cmd = e.command(&["--local", "login", "--hosted-ui", "--no-browser"]);
    let mut child = cmd.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let url = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .find(|l| l.contains("/oauth2/authorize?"))
    })
    .await
    .unwrap()
    .expect("the URL is printed");
    assert!(
        url.contains("redirect_uri=http%3A%2F%2Flocalhost%3A9230%2Fcallback"),
        "{url}"
    );
    assert_eq!(browse(&e, &url, "noor").await.status(), 200);
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert!(out.status.success());
    let who = e.run(&["--local", "whoami"]).await;
    assert!(who.stdout.contains("noor@example.com"), "{}", who.stdout);
}
