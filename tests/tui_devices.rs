//! The account's devices screen, driven headlessly against the in-process local pool: the
//! table marks this machine's device, `n` / `r` stop and start remembering it, `f` forgets
//! another device only after a yes (Enter means no), and forgetting this machine's own device
//! ends the session here.
#![cfg(all(feature = "tui", feature = "local"))]

mod common;

use common::tui::{remembered_device, settle, signed_in, status};

use cogtui::session::MemoryStore;
use cogtui::tui::clipboard::Memory;
use cogtui::tui::headless::text;
use cogtui::tui::screens::ScreenId;
use cogtui::tui::worker::{Stores, WorkerConfig};
use crossterm::event::KeyCode;
use std::sync::Arc;

const PW: &str = "Tui-Devices-Passw0rd!";

#[tokio::test]
async fn the_devices_screen_lists_remembers_and_forgets() {
    let pool = common::start().await;
    pool.confirmed_user("dora", "dora@example.com", PW).await;
    let p = common::local_profile(&pool.info);
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    // This machine's device (kept in the TUI's store) and one on another machine.
    let here = remembered_device(&p, &store, dir.path(), "dora", PW, "this laptop").await;
    let other_store = Arc::new(MemoryStore::new());
    let other = remembered_device(&p, &other_store, dir.path(), "dora", PW, "old phone").await;
    assert_ne!(here, other);

    let cfg = WorkerConfig {
        stores: Stores::Shared(store.clone()),
        data_dir: dir.path().to_path_buf(),
        local_data_dir: dir.path().join("local"),
        config_path: Some(dir.path().join("config.toml")),
        clipboard: Arc::new(Memory::default()),
        aws_credentials_file: None,
    };
    let mut h = signed_in(p, cfg, "dora", PW).await;

    h.key(KeyCode::Char('d'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Devices, "{}", status(&h));
    let shown = text(&h.render(80, 24));
    assert!(
        shown.contains("this laptop") && shown.contains("old phone"),
        "{shown}"
    );
    let row = |s: &str, name: &str| {
        s.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no {name} in\n{s}"))
            .to_owned()
    };
    assert!(
        row(&shown, "this laptop").contains("this device"),
        "{shown}"
    );
    assert!(!row(&shown, "old phone").contains("this device"), "{shown}");
    assert!(row(&shown, "this laptop").contains("yes"), "{shown}");
    let at_60 = text(&h.render(60, 18));
    assert!(at_60.contains("this laptop"), "{at_60}");

    // n: this machine's device is no longer remembered; r: it is again.
    h.key(KeyCode::Char('n'));
    settle(&mut h).await;
    assert!(
        status(&h).contains("no longer remembered"),
        "{}",
        status(&h)
    );
    assert!(row(&text(&h.render(80, 24)), "this laptop").contains(" no "));
    h.key(KeyCode::Char('r'));
    settle(&mut h).await;
    assert!(status(&h).contains("is remembered"), "{}", status(&h));
    assert!(row(&text(&h.render(80, 24)), "this laptop").contains("yes"));

    // Forget the other machine's device: Enter means no, y means yes.
    let shown = text(&h.render(80, 24));
    let lines: Vec<&str> = shown.lines().collect();
    let here_at = lines
        .iter()
        .position(|l| l.contains("this laptop"))
        .unwrap();
    let other_at = lines.iter().position(|l| l.contains("old phone")).unwrap();
    if other_at > here_at {
        h.key(KeyCode::Down);
    } else {
        h.key(KeyCode::Up);
    }
    h.key(KeyCode::Char('f'));
    assert!(h.app.shared.dialog.is_some());
    h.key(KeyCode::Enter);
    assert!(h.app.shared.dialog.is_none());
    settle(&mut h).await;
    assert!(
        text(&h.render(80, 24)).contains("old phone"),
        "Enter forgot it"
    );
    h.key(KeyCode::Char('f'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert!(
        status(&h).contains(&format!("Forgot device {other}")),
        "{}",
        status(&h)
    );
    let shown = text(&h.render(80, 24));
    assert!(
        !shown.contains("old phone") && shown.contains("this laptop"),
        "{shown}"
    );
    let left = pool
        .admin(
            "AdminListDevices",
            serde_json::json!({"UserPoolId": pool.info.user_pool_id, "Username": "dora"}),
        )
        .await
        .unwrap();
    assert_eq!(left["Devices"].as_array().unwrap().len(), 1, "{left}");

    // Forgetting this machine's own device ends the session here.
    h.key(KeyCode::Char('f'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn, "{}", status(&h));
    assert!(
        status(&h).contains("device was forgotten"),
        "{}",
        status(&h)
    );
}
