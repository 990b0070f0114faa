//! Two-step sign-in in the TUI, driven headlessly against a local pool: enrol an authenticator
//! from the account screen (the QR code drawn on screen decodes to the otpauth URI holding the
//! key shown), sign out, sign in again and be asked for the code; and MFA_SETUP at sign-in
//! when the pool requires MFA.
#![cfg(all(feature = "tui", feature = "local"))]

mod common;

use common::tui::settle_not_now as settle;

use cogtui::session::MemoryStore;
use cogtui::totp;
use cogtui::tui::app::App;
use cogtui::tui::headless::{Headless, text};
use cogtui::tui::screens::ScreenId;
use cogtui::tui::theme::Theme;
use cogtui::tui::widgets::qr::DARK;
use cogtui::tui::worker::{Stores, WorkerConfig};
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use serde_json::json;
use std::sync::Arc;

const PW: &str = "Tui-Mfa-Passw0rd!";

async fn app_on(pool: &common::TestPool, dir: &tempfile::TempDir) -> Headless {
    let p = common::local_profile(&pool.info);
    let app = App::new(Theme::built_in("default").unwrap(), vec![p]);
    let cfg = WorkerConfig {
        stores: Stores::Shared(Arc::new(MemoryStore::new())),
        data_dir: dir.path().to_path_buf(),
        local_data_dir: dir.path().join("local"),
        config_path: None,
        clipboard: Arc::new(cogtui::tui::clipboard::Memory::default()),
        aws_credentials_file: None,
    };
    let mut h = Headless::new(app, cfg);
    let start = h.app.start(false, Some("local"));
    h.send_effects(start);
    settle(&mut h).await;
    h
}

async fn sign_in(h: &mut Headless, user: &str) {
    assert_eq!(
        h.app.screen(),
        ScreenId::SignIn,
        "{:?}",
        h.app.shared.status
    );
    h.type_text(user);
    h.key(KeyCode::Enter);
    h.type_text(PW);
    h.key(KeyCode::Enter);
    settle(h).await;
}

/// The QR code on screen, read back from the cells and decoded.
fn decode_qr(buf: &Buffer) -> Option<String> {
    let area = buf.area;
    let cells: Vec<(u16, u16)> = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].symbol() == "▀")
        .collect();
    let (x0, y0) = *cells.first()?;
    let w = cells.iter().filter(|&&(_, y)| y == y0).count();
    let size = w;
    let theme_dark = Theme::built_in("default")
        .unwrap()
        .qr_dark
        .fg
        .unwrap_or(DARK);
    let mut dark = vec![false; size * size];
    for row in 0..size.div_ceil(2) {
        for col in 0..w {
            let cell = &buf[(x0 + col as u16, y0 + row as u16)];
            let y = row * 2;
            dark[y * size + col] = cell.fg == theme_dark;
            if y + 1 < size {
                dark[(y + 1) * size + col] = cell.bg == theme_dark;
            }
        }
    }
    let scale = 4;
    let px = size * scale;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
        if dark[(y / scale) * size + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = img.detect_grids();
    grids.first()?.decode().ok().map(|(_, t)| t)
}

/// The key as the screen shows it (groups of four after "Key").
fn key_on_screen(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("Key  "))
        .expect("the key is shown");
    let after = line.split("Key  ").nth(1).unwrap();
    after
        .split_whitespace()
        .take_while(|g| g.len() <= 4 && g.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrol_from_the_account_screen_then_sign_in_with_the_code() {
    let pool = common::start().await;
    pool.admin(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool.info.user_pool_id, "MfaConfiguration": "OPTIONAL",
               "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
    .await
    .unwrap();
    pool.confirmed_user("tina", "tina@example.com", PW).await;
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(&pool, &dir).await;
    sign_in(&mut h, "tina").await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);

    let home = text(&h.render(100, 30));
    assert!(home.contains("off · m sets up"), "{home}");
    h.key(KeyCode::Char('m'));
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::MfaSetup);
    let buf = h.render(120, 40);
    let screen = text(&buf);
    let key = key_on_screen(&screen);
    assert_eq!(key.len(), 32, "{screen}");
    let uri = decode_qr(&buf).unwrap_or_else(|| panic!("a QR code that decodes:\n{screen}"));
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={key}")), "{uri}");

    // Too small for the code: says so, and the key is still there to type.
    let small = text(&h.render(60, 18));
    assert!(small.contains("too small"), "{small}");

    // A wrong code is refused and the enrolment stays.
    h.type_text("000000");
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::MfaSetup);
    let secret = totp::base32_decode(&key).unwrap();
    for _ in 0..6 {
        h.key(KeyCode::Backspace);
    }
    h.type_text(&totp::code_at(&secret, common::now()));
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
    let home = text(&h.render(100, 30));
    assert!(home.contains("on: authenticator app (preferred)"), "{home}");

    // Sign out; signing in asks for the code (the pool's clock a step on, so a fresh code).
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Char('y'));
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        ScreenId::SignIn,
        "{:?}",
        h.app.shared.status
    );
    pool.advance_clock(totp::STEP).await;
    for _ in 0..20 {
        h.key(KeyCode::Backspace);
    }
    sign_in(&mut h, "").await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Challenge,
        "{:?}",
        h.app.shared.status
    );
    let prompt = text(&h.render(100, 30));
    assert!(prompt.contains("authenticator"), "{prompt}");
    h.type_text(&totp::code_at(&secret, common::now() + totp::STEP));
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_that_requires_mfa_enrols_during_sign_in() {
    let pool = common::start().await;
    pool.admin(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool.info.user_pool_id, "MfaConfiguration": "ON",
               "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
    )
    .await
    .unwrap();
    pool.confirmed_user("uri", "uri@example.com", PW).await;
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(&pool, &dir).await;
    sign_in(&mut h, "uri").await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Challenge,
        "{:?}",
        h.app.shared.status
    );
    settle(&mut h).await;
    let buf = h.render(120, 40);
    let key = key_on_screen(&text(&buf));
    let uri = decode_qr(&buf).expect("a QR code");
    assert!(uri.contains(&key), "{uri}");
    let secret = totp::base32_decode(&key).unwrap();
    h.type_text(&totp::code_at(&secret, common::now()));
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_with_two_methods_picks_one() {
    let pool = common::start().await;
    // The seeded pool offers software tokens and email codes.
    pool.confirmed_user("vera", "vera@example.com", PW).await;
    let r = pool.srp_login("vera", PW).await.unwrap();
    let access = r["AuthenticationResult"]["AccessToken"].as_str().unwrap();
    let a = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = totp::base32_decode(a["SecretCode"].as_str().unwrap()).unwrap();
    pool.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": totp::code_at(&secret, common::now())}),
    )
    .await
    .unwrap();
    pool.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": true},
               "EmailMfaSettings": {"Enabled": true}}),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(&pool, &dir).await;
    sign_in(&mut h, "vera").await;
    assert_eq!(
        h.app.screen(),
        ScreenId::Challenge,
        "{:?}",
        h.app.shared.status
    );
    let choose = text(&h.render(100, 30));
    assert!(
        choose.contains("authenticator app") && choose.contains("by email"),
        "{choose}"
    );
    // 2: email; the code goes to the outbox.
    h.key(KeyCode::Char('2'));
    settle(&mut h).await;
    let prompt = text(&h.render(100, 30));
    assert!(prompt.contains("sign-in code went to"), "{prompt}");
    let code = pool.code_for("vera", "email_otp").await;
    h.type_text(&code);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(h.app.screen(), ScreenId::Home, "{:?}", h.app.shared.status);
}
