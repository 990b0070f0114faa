//! Remembering this device at a TUI sign-in, against the in-process local pool: a pool that
//! remembers on the user's word asks (n leaves the device tracked but not remembered, and the
//! next sign-in does not ask again; y remembers it), and a pool that remembers every device
//! only says so.
#![cfg(all(feature = "tui", feature = "local"))]

mod common;

use common::tui::{settle, status};

use cogtui::session::MemoryStore;
use cogtui::tui::app::App;
use cogtui::tui::clipboard::Memory;
use cogtui::tui::headless::{Headless, text};
use cogtui::tui::screens::ScreenId;
use cogtui::tui::theme::Theme;
use cogtui::tui::worker::{Stores, WorkerConfig};
use crossterm::event::KeyCode;
use serde_json::{Value, json};
use std::sync::Arc;

const PW: &str = "Tui-Remember-Passw0rd!";

/// Signs `user` in on the sign-in screen.
async fn sign_in(h: &mut Headless, user: &str) {
    assert_eq!(h.app.screen(), ScreenId::SignIn, "{}", status(h));
    // After a sign-out the last username is filled in and the password focused.
    let filled = h.app.form().is_some_and(|f| !f.get("username").is_empty());
    if filled {
        h.key(KeyCode::Up);
        h.ctrl('u');
    }
    h.type_text(user);
    h.key(KeyCode::Enter);
    h.type_text(PW);
    h.key(KeyCode::Enter);
    settle(h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Home,
        "{user}: {}\n{}",
        status(h),
        text(&h.render(80, 24))
    );
}

/// Signs the current user out here (o, y).
async fn sign_out(h: &mut Headless) {
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Char('y'));
    settle(h).await;
}

/// The user's devices on the pool, as (name, status).
async fn devices(pool: &common::TestPool, user: &str) -> Vec<(String, String)> {
    let list = pool
        .admin(
            "AdminListDevices",
            json!({"UserPoolId": pool.info.user_pool_id, "Username": user}),
        )
        .await
        .unwrap();
    let attr = |d: &Value, name: &str| {
        d["DeviceAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == name)
            .map(|a| a["Value"].as_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    list["Devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                attr(d, "device_name"),
                attr(d, "dev:device_remembered_status"),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_offers_to_remember_the_device_as_the_pool_wants() {
    let pool = common::start().await;
    for u in ["olga", "yann", "alma"] {
        pool.confirmed_user(u, &format!("{u}@example.com"), PW)
            .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        Theme::built_in("default").unwrap(),
        vec![common::local_profile(&pool.info)],
    );
    let cfg = WorkerConfig {
        stores: Stores::Shared(Arc::new(MemoryStore::new())),
        data_dir: dir.path().to_path_buf(),
        local_data_dir: dir.path().join("local"),
        config_path: Some(dir.path().join("config.toml")),
        clipboard: Arc::new(Memory::default()),
        aws_credentials_file: None,
    };
    let mut h = Headless::new(app, cfg);
    let start = h.app.start(false, Some("local"));
    h.send_effects(start);
    settle(&mut h).await;

    // The seeded pool remembers on the user's word: the sign-in asks, naming the device.
    sign_in(&mut h, "olga").await;
    let dialog = h.app.shared.dialog.clone().expect("remember this device?");
    assert!(
        dialog.question.contains("cogtui on "),
        "{}",
        dialog.question
    );
    let shown = text(&h.render(60, 18));
    assert!(shown.contains("y: yes"), "{shown}");
    // n: the device is tracked, not remembered, and the next sign-in does not ask again.
    h.key(KeyCode::Char('n'));
    assert!(h.app.shared.dialog.is_none());
    let listed = devices(&pool, "olga").await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].1, "not_remembered", "{listed:?}");
    assert!(listed[0].0.starts_with("cogtui on "), "{listed:?}");
    sign_out(&mut h).await;
    sign_in(&mut h, "olga").await;
    assert!(h.app.shared.dialog.is_none(), "asked again");
    assert_eq!(devices(&pool, "olga").await.len(), 1);
    sign_out(&mut h).await;

    // y: remembered, said on the account, which stays showing.
    sign_in(&mut h, "yann").await;
    assert!(h.app.shared.dialog.is_some());
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home);
    assert!(
        status(&h).contains("This device is remembered"),
        "{}",
        status(&h)
    );
    assert_eq!(devices(&pool, "yann").await[0].1, "remembered");
    sign_out(&mut h).await;

    // A pool that remembers every device: no question, a word that it did.
    pool.admin(
        "UpdateUserPool",
        json!({"UserPoolId": pool.info.user_pool_id,
               "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true,
                                       "DeviceOnlyRememberedOnUserPrompt": false}}),
    )
    .await
    .unwrap();
    sign_in(&mut h, "alma").await;
    assert!(h.app.shared.dialog.is_none());
    assert!(
        status(&h).contains("remembers every device"),
        "{}",
        status(&h)
    );
    assert_eq!(devices(&pool, "alma").await[0].1, "remembered");
}
