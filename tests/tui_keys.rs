//! Key handling through `App::update`, without a terminal: what each key does to the state and
//! which effects it asks for; idle ticks do not ask for a redraw.
#![cfg(feature = "tui")]

use cogtui::config::Profile;
use cogtui::tui::action::Action;
use cogtui::tui::app::{App, Screen};
use cogtui::tui::effect::Effect;
use cogtui::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> i64 {
    1_750_000_000
}

fn app(screen: Screen) -> App {
    let p = Profile {
        name: "work".into(),
        region: "eu-west-1".into(),
        user_pool_id: "eu-west-1_AbC".into(),
        client_id: "c".into(),
        client_secret: None,
        identity_pool_id: None,
        endpoint: None,
        hosted_ui_domain: None,
        session_store: None,
    };
    let mut a = App::new(Theme::built_in("default").unwrap(), vec![p.clone()]).with_clock(now);
    a.active = Some(p);
    a.screen = screen;
    a
}

fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    a.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(a: &mut App, c: char) -> Vec<Effect> {
    a.update(Action::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        key(a, KeyCode::Char(c));
    }
}

#[test]
fn enter_walks_the_empty_fields_then_submits_once() {
    let mut a = app(Screen::SignIn);
    typed(&mut a, "alice");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(a.sign_in.focused_id(), "password");
    typed(&mut a, "Passw0rd!");
    let effects = key(&mut a, KeyCode::Enter);
    assert!(matches!(effects.as_slice(), [Effect::SignIn { username, .. }] if username == "alice"));
    assert_eq!(
        a.sign_in.get("password"),
        "",
        "the password is wiped once sent"
    );
    // While the call runs, keys do not type or submit again.
    typed(&mut a, "x");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(a.sign_in.get("password"), "");
}

#[test]
fn sign_up_refuses_a_weak_or_mismatched_password_before_any_call() {
    let mut a = app(Screen::SignUp);
    typed(&mut a, "bob");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "bob@example.com");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "weakpass");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "weakpass");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(a.sign_up.focused_id(), "password");
    assert!(a.sign_up.fields[2].problem.is_some());
    ctrl(&mut a, 'u');
    typed(&mut a, "Strong-Passw0rd");
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'u');
    typed(&mut a, "Strong-Passw0rd");
    let effects = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::SignUp { email, .. }] if email == "bob@example.com")
    );
}

#[test]
fn paste_fills_the_focused_field_and_never_submits() {
    let mut a = app(Screen::Confirm);
    a.confirm.set("username", "alice");
    a.confirm.focus_on("code");
    assert!(a.update(Action::Paste("123456\n".into())).is_empty());
    assert_eq!(a.confirm.get("code"), "123456");
    assert!(ctrl(&mut a, 'f').is_empty(), "no outbox off the local pool");
}

#[test]
fn esc_goes_back_and_help_toggles() {
    let mut a = app(Screen::SignUp);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::SignIn);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Profiles);
    key(&mut a, KeyCode::Char('?'));
    assert!(a.help);
    key(&mut a, KeyCode::Esc);
    assert!(!a.help);
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
}

#[test]
fn profile_picker_opens_starts_the_local_pool_or_adds() {
    let mut a = app(Screen::Profiles);
    let e = key(&mut a, KeyCode::Enter);
    assert!(matches!(e.as_slice(), [Effect::OpenProfile(p)] if p.name == "work"));
    let mut a = app(Screen::Profiles);
    key(&mut a, KeyCode::Down);
    assert!(matches!(
        key(&mut a, KeyCode::Enter).as_slice(),
        [Effect::StartLocalPool { prefer_port: None }]
    ));
    let mut a = app(Screen::Profiles);
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen, Screen::AddProfile);
    typed(&mut a, "new one");
    key(&mut a, KeyCode::Tab);
    assert!(key(&mut a, KeyCode::Enter).is_empty());
}

#[test]
fn idle_ticks_do_not_redraw_but_a_running_call_animates() {
    let mut a = app(Screen::SignIn);
    a.dirty = false;
    for _ in 0..20 {
        a.update(Action::Tick);
    }
    assert!(!a.dirty, "an idle screen is not redrawn on ticks");
    a.busy = Some("Signing in");
    a.update(Action::Tick);
    assert!(a.dirty);
}
