//! The pool-health panel of the profile screen, driven headlessly against the local pool the
//! TUI starts in-process: `h` before the pool runs says to start it; on the running pool the
//! panel shows a loading line, then "No problems found."; a misconfiguration planted through
//! the control plane (SRP taken off the app client) shows as an ERROR with its id and fix;
//! PgDn scrolls, Esc closes; a profile naming a pool that does not exist, or with no admin
//! credentials, shows why in the panel.
#![cfg(all(feature = "tui", feature = "local", feature = "admin"))]

mod common;

use common::tui::{settle, status};

use cogtui::admin::{Admin, AdminCredentials, AdminError, CredentialSource};
use cogtui::cognito::Idempotence;
use cogtui::config::{LocalAdminKey, Profile};
use cogtui::session::MemoryStore;
use cogtui::tui::action::{Action, Failure, Outcome};
use cogtui::tui::app::App;
use cogtui::tui::clipboard::Memory;
use cogtui::tui::effect::{Call, Effect};
use cogtui::tui::headless::{Headless, text};
use cogtui::tui::screens::ScreenId;
use cogtui::tui::theme::Theme;
use cogtui::tui::worker::{Stores, WorkerConfig};
use crossterm::event::KeyCode;
use serde_json::json;
use std::path::Path;
use std::sync::Arc;

fn shown(h: &Headless) -> String {
    text(&h.render(120, 40))
}

/// Signs control-plane calls to the TUI's own pool with the key it wrote in `dir`.
fn admin_of(dir: &Path, profile: &Profile) -> Admin {
    let key = LocalAdminKey::read(dir)
        .unwrap()
        .expect("the pool wrote its key");
    let creds = AdminCredentials {
        access_key_id: key.access_key_id.clone(),
        secret_access_key: key.secret_access_key.clone(),
        session_token: None,
        source: CredentialSource::Environment,
    };
    Admin::with_credentials(profile, creds).unwrap()
}

#[tokio::test]
async fn the_profile_screen_shows_the_pool_doctors_findings() {
    let dir = tempfile::tempdir().unwrap();
    let local_dir = dir.path().join("local");
    let cfg = WorkerConfig {
        stores: Stores::Shared(Arc::new(MemoryStore::new())),
        data_dir: dir.path().to_path_buf(),
        local_data_dir: local_dir.clone(),
        config_path: Some(dir.path().join("config.toml")),
        clipboard: Arc::new(Memory::default()),
        aws_credentials_file: None,
    };
    let app = App::new(Theme::built_in("default").unwrap(), vec![]);
    let mut h = Headless::new(app, cfg);
    assert_eq!(h.app.screen(), ScreenId::Profiles);
    assert!(shown(&h).contains("h pool health"), "{}", shown(&h));

    // The local pool's row before the pool runs: nothing to check yet.
    h.key(KeyCode::Char('h'));
    assert!(h.app.busy().is_none());
    assert!(
        status(&h).contains("Start the local pool first"),
        "{}",
        status(&h)
    );

    // Start it (it opens at sign-in), come back, check it.
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::SignIn, "{}", status(&h));
    h.ctrl('p');
    assert_eq!(h.app.screen(), ScreenId::Profiles);
    h.key(KeyCode::Char('h'));
    assert!(h.app.busy().is_some());
    let loading = shown(&h);
    assert!(loading.contains("Pool health · local"), "{loading}");
    assert!(loading.contains("Reading the pool"), "{loading}");
    settle(&mut h).await;
    let clean = shown(&h);
    assert!(clean.contains("No problems found."), "{clean}");

    // Plant a misconfiguration: SRP off for the app client the local profile uses.
    let local = h
        .app
        .shared
        .profiles
        .iter()
        .find(|p| p.name == "local")
        .cloned()
        .unwrap();
    let admin = admin_of(&local_dir, &local);
    let _: serde_json::Value = admin
        .call(
            "UpdateUserPoolClient",
            &json!({
                "UserPoolId": local.user_pool_id,
                "ClientId": local.client_id,
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }),
            Idempotence::Unsafe,
            "",
        )
        .await
        .unwrap();
    h.key(KeyCode::Char('h'));
    settle(&mut h).await;
    let found = shown(&h);
    assert!(found.contains("1 error, 0 warnings, 0 notes."), "{found}");
    assert!(found.contains("ERROR"), "{found}");
    assert!(found.contains("[srp-not-allowed]"), "{found}");
    assert!(found.contains("fix: "), "{found}");
    // The smallest window still shows the verdict; PgDn scrolls the rest into view (the
    // summary goes up out of sight), PgUp back; Esc closes the panel.
    let small = |h: &Headless| text(&h.render(60, 18));
    assert!(small(&h).contains("1 error"), "{}", small(&h));
    assert!(!small(&h).contains("keeps them"), "{}", small(&h));
    for _ in 0..10 {
        h.key(KeyCode::PageDown);
        small(&h);
    }
    let end = small(&h);
    assert!(!end.contains("1 error, 0 warnings"), "{end}");
    assert!(end.contains("keeps them)."), "{end}");
    h.key(KeyCode::PageUp);
    h.key(KeyCode::PageUp);
    h.key(KeyCode::PageUp);
    h.key(KeyCode::PageUp);
    assert!(small(&h).contains("1 error, 0 warnings"), "{}", small(&h));
    h.key(KeyCode::Esc);
    assert!(!shown(&h).contains("Pool health"), "{}", shown(&h));
    assert_eq!(h.app.screen(), ScreenId::Profiles);

    // A profile naming a pool that is not there: the panel says so and what to do.
    let mut gone = local.clone();
    gone.name = "gone".into();
    gone.user_pool_id = "us-east-1_nothere".into();
    h.app.shared.upsert(gone);
    let rows = text(&h.render(120, 40));
    let at = rows.lines().position(|l| l.contains("gone")).unwrap();
    let local_at = rows.lines().position(|l| l.contains("▶")).unwrap();
    for _ in local_at..at {
        h.key(KeyCode::Down);
    }
    for _ in at..local_at {
        h.key(KeyCode::Up);
    }
    h.key(KeyCode::Char('h'));
    settle(&mut h).await;
    let failed = shown(&h);
    assert!(failed.contains("Pool health · gone"), "{failed}");
    assert!(failed.contains("could not be checked"), "{failed}");
    assert!(
        failed.contains("no user pool us-east-1_nothere"),
        "{failed}"
    );
    assert!(
        status(&h).contains("could not be checked"),
        "{}",
        status(&h)
    );

    // No admin credentials: the worker's answer is shown whole, with what to do next.
    h.key(KeyCode::Char('h'));
    let pending = match h.sent.last() {
        Some(Effect::Run(id, Call::PoolHealth(_))) => *id,
        other => panic!("{other:?}"),
    };
    let no_creds = AdminError::NoCredentials {
        tried: "the environment (AWS_ACCESS_KEY_ID)".into(),
        reason: "no credentials in the environment".into(),
    };
    h.dispatch(Action::Done(
        pending,
        Outcome::Failed(Failure::say(no_creds.to_string())),
    ));
    let failed = shown(&h);
    assert!(failed.contains("no IAM credentials"), "{failed}");
    assert!(failed.contains("--aws-profile"), "{failed}");
    // The admin key the worker signed with is never on screen.
    let key = LocalAdminKey::read(&local_dir).unwrap().unwrap();
    assert!(!failed.contains(key.secret_access_key.expose()));
}
