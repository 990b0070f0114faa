//! Helpers for the headless TUI tests: wait for the calls in flight, read the status line, and
//! answer "not now" to the remember-this-device question a sign-in on the seeded pool asks.

use cogtui::tui::headless::Headless;
use crossterm::event::KeyCode;
use std::time::Duration;

/// How long a call may take before a test gives up.
pub const WAIT: Duration = Duration::from_secs(20);

/// Waits until the calls in flight are answered; fails the test (with the status) if not.
pub async fn settle(h: &mut Headless) {
    assert!(
        h.settle(WAIT).await,
        "the call did not finish; status {:?}",
        h.app.shared.status
    );
}

/// As [`settle`], then answers "not now" if the seeded pool asked whether to remember this
/// machine (tests/tui_remember_device.rs covers the question itself).
pub async fn settle_not_now(h: &mut Headless) {
    settle(h).await;
    let asked = h.app.shared.dialog.as_ref().map(|d| d.title);
    if asked == Some(cogtui::tui::strings::title::REMEMBER_DEVICE) {
        h.key(KeyCode::Char('n'));
    }
}

/// The status line's text ("" when there is none).
pub fn status(h: &Headless) -> String {
    h.app
        .shared
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Signs `user` in through the core on `store` (another machine's, or this one's), remembers
/// the device as `name`, signs out there, and returns the device key.
pub async fn remembered_device(
    p: &cogtui::config::Profile,
    store: &std::sync::Arc<cogtui::session::MemoryStore>,
    dir: &std::path::Path,
    user: &str,
    password: &str,
    name: &str,
) -> String {
    use cogtui::auth::{Account, AuthFlow, SignIn, SignOutScope};
    let acct = Account::with_store(p.clone(), store.clone(), "memory", dir).unwrap();
    let step = acct
        .sign_in(user, &cogtui::secret::Secret::new(password), AuthFlow::Srp)
        .await
        .unwrap();
    assert!(matches!(step, SignIn::Done(_)), "{step:?}");
    let key = acct
        .remember_device(Some(user), name)
        .await
        .unwrap()
        .device_key;
    acct.sign_out(Some(user), SignOutScope::LocalOnly)
        .await
        .unwrap();
    key
}

/// A headless TUI with `cfg` and the one profile `p` (named "local"), opened and signed in as
/// `user` on the sign-in screen; it stands on the account screen.
pub async fn signed_in(
    p: cogtui::config::Profile,
    cfg: cogtui::tui::worker::WorkerConfig,
    user: &str,
    password: &str,
) -> Headless {
    let app = cogtui::tui::app::App::new(
        cogtui::tui::theme::Theme::built_in("default").unwrap(),
        vec![p],
    );
    let mut h = Headless::new(app, cfg);
    let start = h.app.start(false, Some("local"));
    h.send_effects(start);
    settle(&mut h).await;
    h.type_text(user);
    h.key(KeyCode::Enter);
    h.type_text(password);
    h.key(KeyCode::Enter);
    settle(&mut h).await;
    assert_eq!(
        h.app.screen(),
        cogtui::tui::screens::ScreenId::Home,
        "{}",
        status(&h)
    );
    h
}
