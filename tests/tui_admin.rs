//! The admin screens, driven headlessly against the in-process local pool with its admin key:
//! `A` on the account finds the credentials, a search finds a user, Enter opens them; resetting
//! MFA and forgetting every device ask first (Enter means no and changes nothing), then change
//! the user on the pool and land in the audit log as `cogtui admin` writes it; a user deleted
//! meanwhile is a plain message and what was shown stays. The "done when", in the TUI:
//! a user with TOTP remembers this machine and signs in again without MFA; support staff
//! forget all their devices from the admin screen; the next sign-in asks for MFA again.
#![cfg(all(feature = "tui", feature = "local"))]

mod common;

use common::tui::{remembered_device, settle, signed_in, status};

use cogtui::session::MemoryStore;
use cogtui::totp;
use cogtui::tui::app::App;
use cogtui::tui::clipboard::Memory;
use cogtui::tui::headless::{Headless, text};
use cogtui::tui::screens::ScreenId;
use cogtui::tui::theme::Theme;
use cogtui::tui::worker::{Stores, WorkerConfig};
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;

const PW: &str = "Tui-Admin-Passw0rd!";

fn audit(data: &Path) -> Vec<Value> {
    std::fs::read_to_string(data.join("audit.log"))
        .map(|t| {
            t.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

/// The key bar: the row above the status bar, found by its keys.
fn key_bar(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| l.contains(" · "))
        .unwrap_or_default()
        .to_owned()
}

fn keeps_help_and_quit(h: &Headless) {
    for (w, hh) in [(60, 18), (80, 24)] {
        let shown = text(&h.render(w, hh));
        let bar = key_bar(&shown);
        let help = bar.contains("? help") || bar.contains("F1 help");
        let quit = bar.contains("q quit") || bar.contains("Ctrl-C quit");
        assert!(help && quit, "{w}×{hh}: key bar {bar:?}\n{shown}");
        assert!(bar.chars().count() <= w as usize);
        assert!(!shown.contains("too small"), "{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn support_staff_find_a_user_and_reset_mfa_and_devices() {
    let pool = common::start().await;
    let pool_id = pool.info.user_pool_id.clone();
    pool.confirmed_user("sam", "sam@example.com", PW).await;
    pool.confirmed_user("dora", "dora@example.com", PW).await;
    let p = common::local_profile(&pool.info);
    let dir = tempfile::tempdir().unwrap();
    let laptop = remembered_device(
        &p,
        &Arc::new(MemoryStore::new()),
        dir.path(),
        "dora",
        PW,
        "dora laptop",
    )
    .await;
    let phone = remembered_device(
        &p,
        &Arc::new(MemoryStore::new()),
        dir.path(),
        "dora",
        PW,
        "dora phone",
    )
    .await;
    let mut on = json!({"UserPoolId": pool_id, "Username": "dora"});
    on["EmailMfaSettings"] = json!({"Enabled": true, "PreferredMfa": true});
    pool.admin("AdminSetUserMFAPreference", on).await.unwrap();
    let user = json!({"UserPoolId": pool_id, "Username": "dora"});
    let devices = || async {
        let list = pool.admin("AdminListDevices", user.clone()).await.unwrap();
        list["Devices"].as_array().unwrap().len()
    };
    assert_eq!(devices().await, 2);

    let data = dir.path().join("data");
    let cfg = WorkerConfig {
        stores: Stores::Shared(Arc::new(MemoryStore::new())),
        data_dir: data.clone(),
        // The pool's data dir holds its admin key, as the in-process pool's does in the TUI.
        local_data_dir: pool.dir.path().to_path_buf(),
        config_path: Some(dir.path().join("config.toml")),
        clipboard: Arc::new(Memory::default()),
        aws_credentials_file: None,
    };
    let mut h = signed_in(p, cfg, "sam", PW).await;
    // Not this machine (the pool asks each user to opt in).
    assert!(h.app.shared.dialog.is_some(), "remember this device?");
    h.key(KeyCode::Char('n'));

    // A on the account: the credentials are found and named.
    h.key(KeyCode::Char('A'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::AdminUsers, "{}", status(&h));
    let shown = text(&h.render(100, 30));
    assert!(shown.contains("admin-key.json"), "{shown}");

    // The start of a username finds dora, not sam.
    h.type_text("do");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    let shown = text(&h.render(80, 24));
    assert!(shown.contains("dora@example.com"), "{shown}");
    assert!(!shown.contains("sam@example.com"), "{shown}");
    assert!(status(&h).contains("1 user matches"), "{}", status(&h));
    keeps_help_and_quit(&h);

    // Enter on the same search opens the user: status, MFA, devices.
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::AdminUser, "{}", status(&h));
    let shown = text(&h.render(100, 30));
    for want in [
        "dora",
        "CONFIRMED",
        "enabled",
        "EMAIL_OTP",
        "dora laptop",
        "dora phone",
    ] {
        assert!(shown.contains(want), "{want} in\n{shown}");
    }
    keeps_help_and_quit(&h);
    let at_60 = text(&h.render(60, 18));
    assert!(
        at_60.contains("EMAIL_OTP") && at_60.contains("dora laptop"),
        "{at_60}"
    );

    // m asks, naming the user and the pool; Enter means no and nothing changes.
    h.key(KeyCode::Char('m'));
    let dialog = h.app.shared.dialog.clone().expect("a dialog");
    assert!(dialog.question.contains("`dora`"), "{}", dialog.question);
    assert!(dialog.question.contains(&pool_id), "{}", dialog.question);
    for (w, hh) in [(60, 18), (80, 24)] {
        let shown = text(&h.render(w, hh));
        assert!(
            shown.contains("y: yes") && shown.contains("sets up a new") && shown.contains("`dora`"),
            "the whole dialog shows at {w}×{hh}:\n{shown}"
        );
    }
    h.key(KeyCode::Enter);
    assert!(h.app.shared.dialog.is_none());
    assert!(h.app.busy().is_none(), "no call after a no");
    let dora = pool.admin("AdminGetUser", user.clone()).await.unwrap();
    assert_eq!(dora["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert!(audit(&data).is_empty(), "nothing recorded after a no");

    // m, y: every MFA method is off on the pool, the screen says so.
    h.key(KeyCode::Char('m'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert!(
        status(&h).contains("Done: mfa reset for dora") && status(&h).contains("EMAIL_OTP"),
        "{}",
        status(&h)
    );
    let dora = pool.admin("AdminGetUser", user.clone()).await.unwrap();
    assert!(dora.get("UserMFASettingList").is_none(), "{dora}");
    let shown = text(&h.render(100, 30));
    let mfa_row = shown
        .lines()
        .find(|l| l.contains("MFA  "))
        .unwrap_or_default();
    assert!(mfa_row.contains("off"), "{shown}");

    // F, Esc (no), then F, y: every device is forgotten.
    h.key(KeyCode::Char('F'));
    let question = h.app.shared.dialog.clone().expect("a dialog").question;
    assert!(question.contains("every device of `dora`"), "{question}");
    h.key(KeyCode::Esc);
    assert_eq!(devices().await, 2);
    h.key(KeyCode::Char('F'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert!(
        status(&h).contains("2 device(s) forgotten"),
        "{}",
        status(&h)
    );
    assert_eq!(devices().await, 0);
    let shown = text(&h.render(100, 30));
    assert!(shown.contains("No devices"), "{shown}");
    assert!(!shown.contains(&laptop) && !shown.contains(&phone));

    // Both actions are in the audit log, as `cogtui admin` writes them.
    let lines = audit(&data);
    let actions: Vec<_> = lines.iter().map(|l| l["action"].clone()).collect();
    assert_eq!(actions, [json!("mfa reset"), json!("devices forget-all")]);
    for l in &lines {
        assert_eq!(l["target"], "dora");
        assert_eq!(l["pool"], pool_id.as_str());
        assert_eq!(l["profile"], "local");
        assert_eq!(l["result"], "ok");
        assert_eq!(l["access_key_id"], pool.info.admin_access_key_id.as_str());
    }
    let log = std::fs::read_to_string(data.join("audit.log")).unwrap();
    let secret = pool.info.admin_secret_access_key.as_str();
    assert!(!log.contains(secret));
    // Nor does the screen, nor the messages shown.
    assert!(!text(&h.render(120, 40)).contains(secret));
    assert!(
        h.app
            .shared
            .history
            .iter()
            .all(|(_, s)| !s.text.contains(secret))
    );

    // The user is deleted meanwhile: r says so plainly, and what was shown stays.
    pool.admin("AdminDeleteUser", user.clone()).await.unwrap();
    h.key(KeyCode::Char('r'));
    settle(&mut h).await;
    assert!(status(&h).contains("no user `dora`"), "{}", status(&h));
    assert_eq!(h.app.screen(), ScreenId::AdminUser);
    let shown = text(&h.render(100, 30));
    assert!(shown.contains("dora@example.com"), "{shown}");
    // An action on them is refused the same way and recorded as refused.
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert!(status(&h).contains("no user `dora`"), "{}", status(&h));
    let last = audit(&data).pop().unwrap();
    assert_eq!(last["action"], "user disable");
    assert_eq!(last["result"], "error: UserNotFoundException");

    // Esc goes back to the search, which is as it was.
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen(), ScreenId::AdminUsers);
    let shown = text(&h.render(100, 30));
    assert!(shown.contains("dora@example.com"), "{shown}");
}

/// Turns TOTP on for `user` (enrolled and preferred) through the pool's own API.
async fn totp_on(pool: &common::TestPool, user: &str) -> Vec<u8> {
    let tokens = pool.srp_login(user, PW).await.unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"].clone();
    let assoc = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let key = totp::base32_decode(assoc["SecretCode"].as_str().unwrap()).unwrap();
    let code = totp::code_at(&key, common::now());
    pool.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": code}),
    )
    .await
    .unwrap();
    pool.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    key
}

/// Password on the sign-in screen (the username typed afresh).
async fn password_step(h: &mut Headless, user: &str) {
    assert_eq!(h.app.screen(), ScreenId::SignIn, "{}", status(h));
    if h.app.form().is_some_and(|f| !f.get("username").is_empty()) {
        h.key(KeyCode::Up);
        h.ctrl('u');
    }
    h.type_text(user);
    h.key(KeyCode::Enter);
    h.type_text(PW);
    h.key(KeyCode::Enter);
    settle(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgetting_all_devices_in_the_admin_screen_brings_mfa_back() {
    let pool = common::start().await;
    pool.confirmed_user("tom", "tom@example.com", PW).await;
    let key = totp_on(&pool, "tom").await;
    // The enrolment used this 30 s window's code: the sign-in's comes from the next one.
    pool.advance_clock(totp::STEP).await;
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        Theme::built_in("default").unwrap(),
        vec![common::local_profile(&pool.info)],
    );
    let cfg = WorkerConfig {
        stores: Stores::Shared(Arc::new(MemoryStore::new())),
        data_dir: dir.path().join("data"),
        local_data_dir: pool.dir.path().to_path_buf(),
        config_path: Some(dir.path().join("config.toml")),
        clipboard: Arc::new(Memory::default()),
        aws_credentials_file: None,
    };
    let mut h = Headless::new(app, cfg);
    let start = h.app.start(false, Some("local"));
    h.send_effects(start);
    settle(&mut h).await;

    // Sign in with TOTP, remember this machine.
    password_step(&mut h, "tom").await;
    assert_eq!(h.app.screen(), ScreenId::Challenge, "{}", status(&h));
    let code = totp::code_at(&key, common::now() + totp::STEP);
    h.type_text(&code);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{}", status(&h));
    assert!(h.app.shared.dialog.is_some(), "remember this device?");
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert!(status(&h).contains("is remembered"), "{}", status(&h));

    // Sign out, sign in again: no MFA asked.
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    password_step(&mut h, "tom").await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Home,
        "MFA was asked: {}",
        status(&h)
    );
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;

    // Support staff, from the sign-in screen: find tom, forget all his devices.
    h.ctrl('a');
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::AdminUsers, "{}", status(&h));
    h.type_text("tom@example.com");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::AdminUser, "{}", status(&h));
    let shown = text(&h.render(100, 30));
    assert!(shown.contains("SOFTWARE_TOKEN_MFA (preferred)"), "{shown}");
    assert!(shown.contains("cogtui on "), "{shown}");
    h.key(KeyCode::Char('F'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert!(
        status(&h).contains("1 device(s) forgotten"),
        "{}",
        status(&h)
    );

    // Back to sign-in: the next sign-in asks for MFA again.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen(), ScreenId::SignIn);
    password_step(&mut h, "tom").await;
    assert_eq!(h.app.screen(), ScreenId::Challenge, "{}", status(&h));
}
