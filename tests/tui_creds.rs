//! The account's AWS credentials screen and the preferred MFA method, driven headlessly against
//! the in-process local pool (its seeded identity pool): the identity and the expiry counting
//! down, copying export lines, writing `~/.aws/credentials` (asked for a name; mode 0600, other
//! sections kept), the `credential_process` line, new credentials on `r`; clear words when the
//! profile has no identity pool and when nobody is signed in; and `P` choosing the preferred
//! two-step method when several are on. No frame ever holds the secret key or session token.
#![cfg(all(feature = "tui", feature = "local"))]

mod common;

use common::tui::{settle_not_now as settle, status};

use cogtui::config::Profile;
use cogtui::session::{MemoryStore, SessionKey, SessionStore};
use cogtui::tui::app::App;
use cogtui::tui::clipboard::Memory;
use cogtui::tui::headless::{Headless, text};
use cogtui::tui::screens::ScreenId;
use cogtui::tui::theme::Theme;
use cogtui::tui::worker::{Stores, WorkerConfig};
use crossterm::event::KeyCode;
use serde_json::json;
use std::sync::Arc;

const PW: &str = "Tui-Creds-Passw0rd!";

fn profile(info: &cogtui::local::SeedInfo, identity_pool: bool) -> Profile {
    Profile {
        identity_pool_id: identity_pool.then(|| info.identity_pool_id.clone()),
        ..common::local_profile(info)
    }
}

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
    fn aws_file(&self) -> std::path::PathBuf {
        self.dir.path().join("aws").join("credentials")
    }
    fn copied(&self) -> Vec<String> {
        self.clipboard.0.lock().unwrap().clone()
    }
    async fn app(&self, p: Profile) -> Headless {
        let app = App::new(Theme::built_in("default").unwrap(), vec![p]);
        let cfg = WorkerConfig {
            stores: Stores::Shared(self.store.clone()),
            data_dir: self.dir.path().to_path_buf(),
            local_data_dir: self.dir.path().join("local"),
            config_path: Some(self.dir.path().join("config.toml")),
            clipboard: self.clipboard.clone(),
            aws_credentials_file: Some(self.aws_file()),
        };
        let mut h = Headless::new(app, cfg);
        let start = h.app.start(false, Some("local"));
        h.send_effects(start);
        settle(&mut h).await;
        h
    }
}

async fn sign_in(h: &mut Headless, user: &str) {
    assert_eq!(h.app.screen(), ScreenId::SignIn, "{}", status(h));
    h.type_text(user);
    h.key(KeyCode::Enter);
    h.type_text(PW);
    h.key(KeyCode::Enter);
    settle(h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{}", status(h));
}

/// The screen at 60×18 and 80×24 (none may show `secrets`); the 80×24 text.
fn screen(h: &Headless, secrets: &[String]) -> String {
    let mut last = String::new();
    for (w, ht) in [(60, 18), (80, 24)] {
        last = text(&h.render(w, ht));
        let flat: String = last.split_whitespace().collect();
        for s in secrets {
            assert!(
                !flat.contains(&s[..s.len().min(16)]),
                "a secret shows:\n{last}"
            );
        }
    }
    last
}

/// The value of `NAME='value'` in export lines.
fn exported(lines: &str, name: &str) -> String {
    let line = lines
        .lines()
        .find(|l| l.starts_with(&format!("export {name}=")))
        .unwrap_or_else(|| panic!("no {name} in {lines}"));
    line.split_once('=')
        .unwrap()
        .1
        .trim_matches('\'')
        .to_owned()
}

#[tokio::test]
async fn the_credentials_screen_shows_copies_writes_and_refreshes() {
    let pool = common::start().await;
    pool.confirmed_user("cara", "cara@example.com", PW).await;
    let env = Env::new();
    // An AWS credentials file the user already has: its other section and comment stay.
    std::fs::create_dir_all(env.aws_file().parent().unwrap()).unwrap();
    std::fs::write(
        env.aws_file(),
        "# mine\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = x\n",
    )
    .unwrap();
    let mut h = env.app(profile(&pool.info, true)).await;
    sign_in(&mut h, "cara").await;
    let home = screen(&h, &[]);
    assert!(home.contains("i AWS credentials"), "{home}");

    h.key(KeyCode::Char('i'));
    assert_eq!(h.app.screen(), ScreenId::Creds);
    assert!(
        h.app.busy().is_some(),
        "the credentials are asked for at once"
    );
    settle(&mut h).await;
    let shown = screen(&h, &[]);
    assert!(shown.contains(&pool.info.identity_pool_id), "{shown}");
    assert!(
        shown.contains("Identity") && shown.contains("Role"),
        "{shown}"
    );
    assert!(shown.contains("authenticated role"), "{shown}");
    assert!(shown.contains("Expires         in "), "{shown}");
    assert!(status(&h).contains("New credentials"), "{}", status(&h));
    // In the smallest window the ids go on under themselves rather than being cut.
    let small = text(&h.render(60, 18));
    let joined: String = small
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect();
    assert!(joined.contains(&pool.info.identity_pool_id), "{small}");
    assert!(
        !small
            .lines()
            .any(|l| l.contains("us-east-1:") && l.contains('…')),
        "{small}"
    );

    // y: the export lines go to the clipboard; their secrets never reach the screen.
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    let lines = env.copied().last().cloned().unwrap();
    let key_id = exported(&lines, "AWS_ACCESS_KEY_ID");
    let secrets = vec![
        exported(&lines, "AWS_SECRET_ACCESS_KEY"),
        exported(&lines, "AWS_SESSION_TOKEN"),
    ];
    assert!(status(&h).contains("Export lines copied"), "{}", status(&h));
    let shown = screen(&h, &secrets);
    assert!(shown.contains(&key_id), "the key id shows:\n{shown}");
    assert!(lines.contains("AWS_REGION='us-east-1'"), "{lines}");
    let identity = pool.info.identity_pool_id.split(':').next().unwrap();
    assert!(shown.contains(&format!("{identity}:")), "{shown}");

    // The expiry counts down with the clock.
    let before = shown
        .lines()
        .find(|l| l.contains("Expires"))
        .unwrap()
        .to_owned();
    h.app.shared.now += 600;
    let after = screen(&h, &secrets);
    let after = after.lines().find(|l| l.contains("Expires")).unwrap();
    assert_ne!(before, after);
    assert!(
        after.contains(" in 49m") || after.contains(" in 50m"),
        "{after}"
    );
    h.app.shared.now -= 600;

    // p: the credential_process line to paste into ~/.aws/config.
    h.key(KeyCode::Char('p'));
    let shown = screen(&h, &secrets);
    assert!(shown.contains("~/.aws/config"), "{shown}");
    assert!(shown.contains("[profile cogtui-local]"), "{shown}");
    let flat: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("credential_process = "), "{shown}");
    assert!(
        shown.contains("--profile local") || flat.contains("--profile local"),
        "{shown}"
    );
    // The smallest window shows the lines to paste whole, wrapped, and says c copies them.
    let small = text(&h.render(60, 18));
    let flat_small: String = small
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat_small.contains("[profile cogtui-local]"), "{small}");
    assert!(
        flat_small.contains("creds process --profile local"),
        "{small}"
    );
    assert!(flat_small.contains("c copies"), "{small}");
    // c: the two lines, whole, to the clipboard.
    h.key(KeyCode::Char('c'));
    settle(&mut h).await;
    assert!(status(&h).contains("~/.aws/config"), "{}", status(&h));
    let pasted = env.copied().last().cloned().unwrap();
    let mut pasted_lines = pasted.lines();
    assert_eq!(pasted_lines.next(), Some("[profile cogtui-local]"));
    let process = pasted_lines.next().unwrap();
    assert!(
        process.starts_with("credential_process = ")
            && process.ends_with(" creds process --profile local"),
        "{pasted}"
    );

    // w: asks the name; a bad one is refused on the field, a good one is written.
    h.key(KeyCode::Char('w'));
    let asked = screen(&h, &secrets);
    assert!(
        asked.contains("AWS profile name") && asked.contains("cogtui-local"),
        "{asked}"
    );
    h.ctrl('u');
    h.type_text("no good!");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    let refused = screen(&h, &secrets);
    assert!(refused.contains("cannot be a profile name"), "{refused}");
    h.ctrl('u');
    h.type_text("dev");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert!(status(&h).contains("Wrote [dev]"), "{}", status(&h));
    let file = std::fs::read_to_string(env.aws_file()).unwrap();
    assert!(
        file.starts_with("# mine\n[other]\naws_access_key_id = AKIAOTHER\n"),
        "{file}"
    );
    assert!(file.contains("[dev]") && file.contains(&key_id), "{file}");
    assert!(file.contains(&secrets[0]) && file.contains(&secrets[1]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.aws_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    screen(&h, &secrets);

    // r: new credentials; back and in again: the cached ones.
    h.key(KeyCode::Char('r'));
    settle(&mut h).await;
    assert!(status(&h).contains("New credentials"), "{}", status(&h));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen(), ScreenId::Home);
    h.key(KeyCode::Char('i'));
    settle(&mut h).await;
    assert!(status(&h).contains("from the cache"), "{}", status(&h));
    let shown = screen(&h, &secrets);
    assert!(shown.contains("(cached)"), "{shown}");

    // The help names the keys, and the account's help names the screen.
    h.key(KeyCode::Char('?'));
    let help = screen(&h, &secrets);
    assert!(
        help.contains("credential_process") && help.contains("export lines"),
        "{help}"
    );
    pool.stop().await;
}

#[tokio::test]
async fn no_identity_pool_and_no_session_are_said_plainly() {
    let pool = common::start().await;
    pool.confirmed_user("dale", "dale@example.com", PW).await;
    let env = Env::new();
    let mut h = env.app(profile(&pool.info, false)).await;
    sign_in(&mut h, "dale").await;
    h.key(KeyCode::Char('i'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Creds);
    let shown = text(&h.render(80, 24));
    let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("has no identity pool"), "{shown}");
    assert!(flat.contains("identity_pool_id"), "{shown}");
    assert!(status(&h).contains("config.toml"), "{}", status(&h));
    // Nothing to copy or write, and no call is made for it.
    h.key(KeyCode::Char('w'));
    assert!(h.app.form().is_none());
    h.key(KeyCode::Esc);

    // The session goes away behind the screen's back: back to sign-in, saying why.
    let env2 = Env::new();
    let mut h = env2.app(profile(&pool.info, true)).await;
    sign_in(&mut h, "dale").await;
    env2.store
        .delete(&SessionKey::new("local", "dale"))
        .unwrap();
    h.key(KeyCode::Char('i'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn, "{}", status(&h));
    assert!(
        status(&h).contains("need a signed-in user"),
        "{}",
        status(&h)
    );
    pool.stop().await;
}

#[tokio::test]
async fn p_on_the_account_changes_the_preferred_mfa_method() {
    let pool = common::start().await;
    pool.confirmed_user("erin", "erin@example.com", PW).await;
    let env = Env::new();
    let mut h = env.app(profile(&pool.info, false)).await;
    sign_in(&mut h, "erin").await;

    // One method or none: P explains and calls nothing.
    let sent = h.sent.len();
    h.key(KeyCode::Char('P'));
    assert_eq!(h.sent.len(), sent);
    assert!(status(&h).contains("fewer than two"), "{}", status(&h));
    let home = text(&h.render(80, 24));
    assert!(!home.contains("P changes"), "{home}");

    // Email and TOTP codes both on (as `cogtui mfa` or an admin would set them), email first.
    let secret = enrol_totp(&pool, "erin").await;
    assert!(!secret.is_empty());
    pool.admin(
        "AdminSetUserMFAPreference",
        json!({
            "UserPoolId": pool.info.user_pool_id,
            "Username": "erin",
            "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true},
            "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": false},
        }),
    )
    .await
    .unwrap();
    h.key(KeyCode::Char('r'));
    settle(&mut h).await;
    let home = text(&h.render(80, 24));
    assert!(
        home.contains("email (preferred)") && home.contains("P changes"),
        "{home}"
    );

    h.key(KeyCode::Char('P'));
    settle(&mut h).await;
    assert!(
        status(&h).contains("authenticator app first"),
        "{}",
        status(&h)
    );
    let home = text(&h.render(80, 24));
    assert!(home.contains("authenticator app (preferred)"), "{home}");
    // The pool agrees: the view above and this refresh are read back with GetUser.
    h.key(KeyCode::Char('r'));
    settle(&mut h).await;
    let home = text(&h.render(80, 24));
    assert!(
        home.contains("authenticator app (preferred), email"),
        "{home}"
    );

    // And back.
    h.key(KeyCode::Char('P'));
    settle(&mut h).await;
    assert!(status(&h).contains("by email first"), "{}", status(&h));
    pool.stop().await;
}

/// Enrols a software token for `user` (signed in by SRP in the pool): returns its secret.
async fn enrol_totp(pool: &common::TestPool, user: &str) -> String {
    let tokens = pool.srp_login(user, PW).await.unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let assoc = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = assoc["SecretCode"].as_str().unwrap().to_owned();
    let key = cogtui::totp::base32_decode(&secret).unwrap();
    let code = cogtui::totp::code_at(&key, common::now());
    pool.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": code}),
    )
    .await
    .unwrap();
    secret
}

#[tokio::test]
async fn a_session_that_ended_while_closed_opens_sign_in_with_its_name() {
    let pool = common::start().await;
    pool.confirmed_user("erin", "erin@example.com", PW).await;
    let env = Env::new();
    let mut h = env.app(profile(&pool.info, false)).await;
    sign_in(&mut h, "erin").await;
    drop(h);
    // Past the refresh token's 30 days: the stored session can no longer be renewed.
    pool.advance_clock(31 * 24 * 3600).await;
    let h = env.app(profile(&pool.info, false)).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn, "{}", status(&h));
    assert_eq!(
        h.app.form().expect("the sign-in form").get("username"),
        "erin",
        "{}",
        status(&h)
    );
    pool.stop().await;
}
