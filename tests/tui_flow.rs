//! The TUI driven headlessly against a local pool: keys go into the app, effects go to the
//! real worker, answers come back as actions. Sign-up, confirmation from the outbox, sign-in,
//! the account, password change, sign-out, NEW_PASSWORD_REQUIRED, cancel, and a restart that
//! finds the session. No rendered frame ever holds a password or a token.
#![cfg(all(feature = "tui", feature = "local"))]

mod common;

use common::tui::settle_not_now as settle;

use cogtui::config::Profile;
use cogtui::session::MemoryStore;
use cogtui::session::current::CurrentUsers;
use cogtui::tui::action::{Action, Outcome};
use cogtui::tui::app::App;
use cogtui::tui::clipboard::Memory;
use cogtui::tui::effect::Effect;
use cogtui::tui::headless::{Headless, text};
use cogtui::tui::screens::ScreenId;
use cogtui::tui::theme::Theme;
use cogtui::tui::worker::{Stores, WorkerConfig};
use crossterm::event::KeyCode;
use serde_json::json;
use std::sync::Arc;

struct Env {
    store: Arc<MemoryStore>,
    clipboard: Arc<Memory>,
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            store: Arc::new(MemoryStore::new()),
            clipboard: Arc::new(Memory::default()),
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn worker(&self) -> WorkerConfig {
        WorkerConfig {
            stores: Stores::Shared(self.store.clone()),
            data_dir: self.dir.path().to_path_buf(),
            local_data_dir: self.dir.path().join("local"),
            config_path: Some(self.dir.path().join("config.toml")),
            clipboard: self.clipboard.clone(),
            aws_credentials_file: None,
        }
    }
    fn app(&self, profiles: Vec<Profile>) -> App {
        App::new(Theme::built_in("default").unwrap(), profiles)
    }
    /// Every secret the store holds, to look for on screen.
    fn secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (_, t) in self.store.sessions() {
            out.push(t.id_token.expose().to_owned());
            out.push(t.access_token.expose().to_owned());
            if let Some(r) = &t.refresh_token {
                out.push(r.expose().to_owned());
            }
        }
        out
    }
}

/// Renders at both sizes and checks that no secret is on screen; returns the 120×40 text.
fn screen(h: &Headless, secrets: &[String]) -> String {
    let mut last = String::new();
    for (w, ht) in [(80, 24), (120, 40)] {
        last = text(&h.render(w, ht));
        let flat: String = last.split_whitespace().collect();
        for s in secrets {
            let probe = &s[..s.len().min(24)];
            assert!(!flat.contains(probe), "a secret is on screen:\n{last}");
        }
    }
    last
}

/// A field of the form on screen.
fn field(h: &Headless, id: &str) -> String {
    h.app
        .form()
        .map(|f| f.get(id).to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn sign_up_confirm_sign_in_change_password_sign_out() {
    let env = Env::new();
    let mut h = Headless::new(env.app(Vec::new()), env.worker());
    let start = h.app.start(true, None);
    h.send_effects(start);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn);
    assert!(h.app.is_local());
    let config = std::fs::read_to_string(env.dir.path().join("config.toml")).unwrap();
    assert!(config.contains("[profiles.local]"), "{config}");

    let (user, pw, pw2) = ("dora", "Dora-Passw0rd!", "Dora-N3w-Passw0rd!");
    let mut secrets = vec![pw.to_owned(), pw2.to_owned()];
    h.ctrl('n');
    assert_eq!(h.app.screen(), ScreenId::SignUp);
    h.type_text(user);
    h.key(KeyCode::Enter);
    h.type_text("dora@example.com");
    h.key(KeyCode::Enter);
    h.type_text(pw);
    h.key(KeyCode::Tab);
    h.type_text(pw);
    screen(&h, &secrets);
    h.key(KeyCode::Enter);
    assert!(h.app.busy().is_some());
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Confirm,
        "{:?}",
        h.app.shared.status
    );
    assert_eq!(field(&h, "username"), user);

    h.ctrl('f');
    settle(&mut h).await;
    assert_eq!(field(&h, "code").len(), 6);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::SignIn,
        "{:?}",
        h.app.shared.status
    );
    assert_eq!(field(&h, "username"), user);

    h.type_text(pw);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
    secrets.extend(env.secrets());
    assert_eq!(secrets.len(), 5, "tokens are stored");
    let shown = screen(&h, &secrets);
    assert!(
        shown.contains("Signed in as    dora") && shown.contains("dora@example.com"),
        "{shown}"
    );
    assert!(shown.contains("expires in"), "{shown}");

    h.key(KeyCode::Char('c'));
    assert_eq!(h.app.screen(), ScreenId::ChangePassword);
    h.type_text(pw);
    h.key(KeyCode::Enter);
    h.type_text(pw2);
    h.key(KeyCode::Enter);
    h.type_text(pw2);
    screen(&h, &secrets);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
    assert!(screen(&h, &secrets).contains("Password changed"));

    h.key(KeyCode::Char('O'));
    assert!(h.app.shared.dialog.is_some());
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::SignIn,
        "{:?}",
        h.app.shared.status
    );
    assert!(screen(&h, &secrets).contains("Signed out everywhere"));
    assert!(env.secrets().is_empty(), "the session is removed");
    assert_eq!(CurrentUsers::new(env.dir.path()).get("local"), None);

    // The old password no longer works; the new one does.
    h.type_text(pw);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert!(screen(&h, &secrets).contains("Wrong username or password"));
    h.type_text(pw2);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home);
    h.dispatch(Action::Quit);
}

#[tokio::test]
async fn new_password_required_then_a_restart_finds_the_session() {
    let pool = common::start().await;
    pool.admin(
        "AdminCreateUser",
        json!({"UserPoolId": pool.info.user_pool_id, "Username": "henry",
               "TemporaryPassword": "Temp-Passw0rd!",
               "UserAttributes": [{"Name": "email", "Value": "henry@example.com"}]}),
    )
    .await
    .unwrap();
    let env = Env::new();
    let profile = common::local_profile(&pool.info);
    let mut h = Headless::new(env.app(vec![profile.clone()]), env.worker());
    let start = h.app.start(false, Some("local"));
    h.send_effects(start);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn);

    h.type_text("henry");
    h.key(KeyCode::Enter);
    h.type_text("Temp-Passw0rd!");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Challenge,
        "{:?}",
        h.app.shared.status
    );
    let secrets = vec!["Temp-Passw0rd!".to_owned(), "Henry-Passw0rd!".to_owned()];
    h.type_text("Henry-Passw0rd!");
    h.key(KeyCode::Enter);
    h.type_text("Henry-Passw0rd!");
    screen(&h, &secrets);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
    assert_eq!(h.app.shared.session.as_ref().unwrap().username, "henry");

    // A new app with the same store and data dir opens straight on the account.
    let mut again = Headless::new(env.app(vec![profile]), env.worker());
    let start = again.app.start(false, Some("local"));
    again.send_effects(start);
    settle(&mut again).await;
    assert_eq!(
        again.app.screen(),
        ScreenId::Home,
        "{:?}",
        again.app.shared.status
    );
    let mut all = secrets.clone();
    all.extend(env.secrets());
    assert!(screen(&again, &all).contains("henry@example.com"));
}

#[tokio::test]
async fn esc_cancels_a_call_and_its_late_answer_is_ignored() {
    let env = Env::new();
    // Nothing listens here: the call hangs in connect/retry long enough to cancel it.
    let mut p = common::local_profile(&cogtui::local::SeedInfo {
        endpoint: "http://10.255.255.1:9".into(),
        region: "us-east-1".into(),
        user_pool_id: "us-east-1_x".into(),
        client_id: "c".into(),
        client_id_with_secret: String::new(),
        client_secret: String::new(),
        identity_pool_id: String::new(),
        admin_access_key_id: String::new(),
        admin_secret_access_key: String::new(),
    });
    p.name = "nowhere".into();
    let mut h = Headless::new(env.app(vec![p]), env.worker());
    let start = h.app.start(false, Some("nowhere"));
    h.send_effects(start);
    settle(&mut h).await;
    h.type_text("someone");
    h.key(KeyCode::Enter);
    h.type_text("Whatever-1!");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.busy(), Some("Signing in"));
    let Some(Effect::Run(id, _)) = h.sent.last().cloned() else {
        panic!("the sign-in call was sent");
    };
    h.key(KeyCode::Esc);
    assert_eq!(h.app.busy(), None);
    assert!(matches!(h.sent.last(), Some(Effect::Cancel(c)) if *c == id));
    let shown = text(&h.render(80, 24));
    assert!(shown.contains("Cancelled"));
    // A late answer after the cancel changes nothing.
    h.dispatch(Action::Done(id, Outcome::SignedIn(Default::default())));
    assert_eq!(h.app.screen(), ScreenId::SignIn);
    assert_eq!(text(&h.render(80, 24)), shown);
}

#[tokio::test]
async fn the_worker_aborts_only_the_call_it_is_told_to() {
    let pool = common::start().await;
    let env = Env::new();
    let mut h = Headless::new(
        env.app(vec![common::local_profile(&pool.info)]),
        env.worker(),
    );
    let start = h.app.start(false, Some("local"));
    let Some(Effect::Run(opened, _)) = start.first().cloned() else {
        panic!("opening the profile is a call");
    };
    h.send_effects(start);
    settle(&mut h).await;
    h.type_text("nobody");
    h.key(KeyCode::Enter);
    h.type_text("Whatever-1!");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.busy(), Some("Signing in"));
    // A cancel for a call that is over (it may come late from the UI) leaves this one running.
    h.send_effects(vec![Effect::Cancel(opened)]);
    settle(&mut h).await;
    let status = h
        .app
        .shared
        .status
        .clone()
        .map(|s| s.text)
        .unwrap_or_default();
    assert!(
        status.contains("No such user") || status.contains("Wrong username"),
        "{status}"
    );
}

/// A separate local pool (as `cogtui local serve` runs one), opened as a profile of its own.
async fn served() -> (common::TestPool, Env, Headless) {
    let pool = common::start().await;
    let env = Env::new();
    let mut p = common::local_profile(&pool.info);
    p.name = "served".into();
    let mut h = Headless::new(env.app(vec![p]), env.worker());
    let start = h.app.start(false, Some("served"));
    h.send_effects(start);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn);
    (pool, env, h)
}

async fn sign_up(h: &mut Headless, user: &str, pw: &str) {
    h.ctrl('n');
    h.type_text(user);
    h.key(KeyCode::Enter);
    h.type_text(&format!("{user}@example.com"));
    h.key(KeyCode::Enter);
    h.type_text(pw);
    h.key(KeyCode::Enter);
    h.type_text(pw);
    h.key(KeyCode::Enter);
    settle(h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Confirm,
        "{:?}",
        h.app.shared.status
    );
}

#[tokio::test]
async fn after_a_resend_the_outbox_fill_takes_the_newest_code() {
    let (pool, _env, mut h) = served().await;
    sign_up(&mut h, "rita", "Rita-Passw0rd!").await;
    h.ctrl('r');
    settle(&mut h).await;
    let codes: Vec<String> = pool
        .outbox()
        .await
        .iter()
        .filter(|e| e["username"] == "rita")
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
    h.ctrl('f');
    settle(&mut h).await;
    assert_eq!(field(&h, "code"), codes[1], "{:?}", h.app.shared.status);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::SignIn,
        "{:?}",
        h.app.shared.status
    );
}

#[tokio::test]
async fn forgot_password_from_the_sign_in_screen() {
    let (_pool, _env, mut h) = served().await;
    let (user, old, new) = ("fern", "Fern-Passw0rd!", "Fern-N3w-Passw0rd!");
    sign_up(&mut h, user, old).await;
    h.ctrl('f');
    settle(&mut h).await;
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn);

    h.ctrl('r');
    assert_eq!(h.app.screen(), ScreenId::ForgotPassword);
    assert_eq!(field(&h, "username"), user, "the name typed comes along");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert!(
        h.app.form().unwrap().fields.len() == 4,
        "{:?}",
        h.app.shared.status
    );
    h.ctrl('f');
    settle(&mut h).await;
    assert_eq!(field(&h, "code").len(), 6, "{:?}", h.app.shared.status);
    assert_eq!(h.app.form().unwrap().focused_id(), "new");
    h.type_text(new);
    h.key(KeyCode::Enter);
    h.type_text(new);
    screen(&h, &[old.to_owned(), new.to_owned()]);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::SignIn,
        "{:?}",
        h.app.shared.status
    );
    assert!(screen(&h, &[]).contains("Password reset"));
    assert_eq!(field(&h, "username"), user);
    h.type_text(new);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
}

#[tokio::test]
async fn an_unreachable_pool_says_so_and_r_retries() {
    let (pool, env, mut h) = served().await;
    sign_up(&mut h, "uma", "Uma-Passw0rd!").await;
    h.ctrl('f');
    settle(&mut h).await;
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    h.type_text("Uma-Passw0rd!");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
    let profile = h.app.shared.active.clone().unwrap();
    h.dispatch(Action::Quit);
    let _dir = pool.stop().await;

    // A restart while the pool is down: the stored session, and a plain word about the pool.
    let mut again = Headless::new(env.app(vec![profile]), env.worker());
    let start = again.app.start(false, Some("served"));
    again.send_effects(start);
    settle(&mut again).await;
    assert_eq!(again.app.screen(), ScreenId::Home);
    let shown = screen(&again, &env.secrets());
    assert!(
        shown.contains("cannot be reached") && shown.contains("r retries"),
        "{shown}"
    );
    assert!(!shown.contains("loading"), "{shown}");
    again.key(KeyCode::Char('r'));
    assert!(again.app.busy().is_some(), "r retries");
    settle(&mut again).await;
    let shown = screen(&again, &env.secrets());
    assert!(shown.contains("cannot be reached"), "{shown}");
}

async fn confirm_and_sign_in(h: &mut Headless, pw: &str) {
    h.ctrl('f');
    settle(h).await;
    h.key(KeyCode::Enter);
    settle(h).await;
    h.type_text(pw);
    h.key(KeyCode::Enter);
    settle(h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
}

#[tokio::test]
async fn copy_the_tokens_read_the_claims_and_switch_between_two_users() {
    let (_pool, env, mut h) = served().await;
    sign_up(&mut h, "ada", "Ada-Passw0rd!").await;
    confirm_and_sign_in(&mut h, "Ada-Passw0rd!").await;

    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    let (_, ada) = env
        .store
        .sessions()
        .into_iter()
        .find(|(k, _)| k.username == "ada")
        .unwrap();
    let copied = env.clipboard.0.lock().unwrap().clone();
    assert_eq!(copied, [ada.id_token.expose().to_owned()]);
    let shown = screen(&h, &env.secrets());
    assert!(
        shown.contains("ID token copied") && shown.contains("expires in"),
        "{shown}"
    );
    h.key(KeyCode::Char('Y'));
    settle(&mut h).await;
    assert_eq!(
        env.clipboard.0.lock().unwrap()[1],
        ada.access_token.expose()
    );
    assert!(screen(&h, &env.secrets()).contains("Access token copied"));

    h.key(KeyCode::Char('t'));
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Claims,
        "{:?}",
        h.app.shared.status
    );
    let shown = screen(&h, &env.secrets());
    assert!(
        shown.contains("cognito:username") && shown.contains("ada@example.com"),
        "{shown}"
    );
    // At 60×18 the claims do not all fit: they scroll.
    text(&h.render(60, 18));
    for _ in 0..30 {
        h.key(KeyCode::Down);
    }
    let scrolled = text(&h.render(60, 18));
    assert!(
        scrolled.contains("sub "),
        "the last claim shows:\n{scrolled}"
    );
    assert!(
        !scrolled.contains("aud "),
        "scrolled past the first claim:\n{scrolled}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen(), ScreenId::Home);

    // A second user on the same profile.
    h.key(KeyCode::Char('a'));
    assert_eq!(h.app.screen(), ScreenId::SignIn);
    sign_up(&mut h, "bea", "Bea-Passw0rd!").await;
    confirm_and_sign_in(&mut h, "Bea-Passw0rd!").await;
    assert_eq!(h.app.shared.username(), "bea");

    h.key(KeyCode::Char('u'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Users, "{:?}", h.app.shared.status);
    let shown = screen(&h, &env.secrets());
    assert!(
        shown.contains("ada") && shown.contains("bea") && shown.contains("current"),
        "{shown}"
    );
    h.key(KeyCode::Up);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
    assert_eq!(h.app.shared.username(), "ada");
    assert!(screen(&h, &env.secrets()).contains("Now acting as ada"));
    assert_eq!(
        CurrentUsers::new(env.dir.path()).get("served").as_deref(),
        Some("ada")
    );
}
