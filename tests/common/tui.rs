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
