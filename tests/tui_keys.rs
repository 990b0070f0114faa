//! Key handling through `App::update`, without a terminal: what each key does to the state and
//! which effects it asks for; idle ticks do not ask for a redraw; a result for a call that was
//! cancelled or superseded is dropped; every screen is listed once.
#![cfg(feature = "tui")]

use cogtui::config::Profile;
use cogtui::tui::action::{Action, Failure, Outcome};
use cogtui::tui::app::App;
use cogtui::tui::call::CallId;
use cogtui::tui::effect::{Call, Effect};
use cogtui::tui::headless::{render, text};
use cogtui::tui::screens::{self, Arrival, ScreenId};
use cogtui::tui::session_view::SessionView;
use cogtui::tui::theme::Theme;
use cogtui::tui::widgets::form::Form;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashSet;

fn now() -> i64 {
    1_750_000_000
}

fn app(screen: ScreenId) -> App {
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
        credentials_flow: None,
        role_arn: None,
        federation_endpoint: None,
    };
    let mut a = App::new(Theme::built_in("default").unwrap(), vec![p.clone()]).with_clock(now);
    a.shared.active = Some(p);
    a.show(screen, Arrival::Plain);
    a
}

fn form(a: &App) -> &Form {
    a.form().expect("a form screen")
}

/// The id of the one call in `effects`.
fn call_id(effects: &[Effect]) -> CallId {
    match effects {
        [Effect::Run(id, _)] => *id,
        other => panic!("expected one call, got {other:?}"),
    }
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
    let mut a = app(ScreenId::SignIn);
    typed(&mut a, "alice");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(form(&a).focused_id(), "password");
    typed(&mut a, "Passw0rd!");
    let effects = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Run(_, Call::SignIn { username, .. })] if username == "alice")
    );
    assert_eq!(
        form(&a).get("password"),
        "",
        "the password is wiped once sent"
    );
    // While the call runs, keys do not type or submit again.
    typed(&mut a, "x");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(form(&a).get("password"), "");
}

#[test]
fn sign_up_refuses_a_weak_or_mismatched_password_before_any_call() {
    let mut a = app(ScreenId::SignUp);
    typed(&mut a, "bob");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "bob@example.com");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "weakpass");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "weakpass");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(form(&a).focused_id(), "password");
    assert!(form(&a).fields[2].problem.is_some());
    ctrl(&mut a, 'u');
    typed(&mut a, "Strong-Passw0rd");
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'u');
    typed(&mut a, "Strong-Passw0rd");
    let effects = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::Run(_, Call::SignUp { email, .. })] if email == "bob@example.com")
    );
}

#[test]
fn paste_fills_the_focused_field_and_never_submits() {
    let mut a = app(ScreenId::Confirm);
    a.show(ScreenId::Confirm, Arrival::Username("alice".into()));
    assert!(a.update(Action::Paste("123456\n".into())).is_empty());
    assert_eq!(form(&a).get("code"), "123456");
    assert!(ctrl(&mut a, 'f').is_empty(), "no outbox off the local pool");
}

#[test]
fn esc_goes_back_and_help_toggles() {
    let mut a = app(ScreenId::SignUp);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), ScreenId::SignIn);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), ScreenId::Profiles);
    key(&mut a, KeyCode::Char('?'));
    assert!(a.help);
    key(&mut a, KeyCode::Esc);
    assert!(!a.help);
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
}

#[test]
fn profile_picker_opens_starts_the_local_pool_or_adds() {
    let mut a = app(ScreenId::Profiles);
    let e = key(&mut a, KeyCode::Enter);
    assert!(matches!(e.as_slice(), [Effect::Run(_, Call::OpenProfile(p))] if p.name == "work"));
    let mut a = app(ScreenId::Profiles);
    key(&mut a, KeyCode::Down);
    assert!(matches!(
        key(&mut a, KeyCode::Enter).as_slice(),
        [Effect::Run(_, Call::StartLocalPool { prefer_port: None })]
    ));
    let mut a = app(ScreenId::Profiles);
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen(), ScreenId::AddProfile);
    typed(&mut a, "new one");
    key(&mut a, KeyCode::Tab);
    assert!(key(&mut a, KeyCode::Enter).is_empty());
}

#[test]
fn idle_ticks_do_not_redraw_but_a_running_call_animates() {
    let mut a = app(ScreenId::SignIn);
    a.dirty = false;
    for _ in 0..20 {
        a.update(Action::Tick);
    }
    assert!(!a.dirty, "an idle screen is not redrawn on ticks");
    sign_in(&mut a, "Passw0rd!");
    a.dirty = false;
    a.update(Action::Tick);
    assert!(a.dirty);
}

/// Types a password (the username is `alice`) and presses Enter: the sign-in call.
/// The account screen, alice signed in for an hour.
fn home_as_alice() -> App {
    let mut a = app(ScreenId::Home);
    a.shared.session = Some(SessionView {
        username: "alice".into(),
        expires_at: now() + 3600,
        ..SessionView::default()
    });
    a
}

fn sign_in(a: &mut App, password: &str) -> CallId {
    if form(a).get("username").is_empty() {
        typed(a, "alice");
        key(a, KeyCode::Enter);
    }
    typed(a, password);
    call_id(&key(a, KeyCode::Enter))
}

fn signed_in() -> Outcome {
    Outcome::SignedIn(SessionView {
        username: "alice".into(),
        expires_at: now() + 3600,
        ..SessionView::default()
    })
}

#[test]
fn a_result_for_a_cancelled_call_is_dropped() {
    let mut a = app(ScreenId::SignIn);
    let first = sign_in(&mut a, "Wrong-Passw0rd!");
    let cancel = key(&mut a, KeyCode::Esc);
    assert!(matches!(cancel.as_slice(), [Effect::Cancel(id)] if *id == first));
    let second = sign_in(&mut a, "Right-Passw0rd!");
    assert_ne!(first, second);
    let before = text(&render(&a, 80, 24));

    // The first call's answer arrives after all (it raced the cancel): nothing changes.
    assert!(a.update(Action::Done(first, signed_in())).is_empty());
    assert_eq!(a.screen(), ScreenId::SignIn);
    assert_eq!(a.busy(), Some("Signing in"), "the second call still runs");
    assert!(a.shared.session.is_none());
    assert_eq!(text(&render(&a, 80, 24)), before);

    // The second call's answer is taken.
    let failed = Outcome::Failed(Failure {
        kind: None,
        message: "Wrong username or password.".into(),
        ..Failure::default()
    });
    a.update(Action::Done(second, failed));
    assert_eq!(a.busy(), None);
    assert!(text(&render(&a, 80, 24)).contains("Wrong username or password."));
    // ... once: a repeat of it is stale too.
    a.update(Action::Done(second, signed_in()));
    assert_eq!(a.screen(), ScreenId::SignIn);
}

#[test]
fn a_result_for_a_superseded_call_is_dropped() {
    let mut a = app(ScreenId::Profiles);
    let first = call_id(&a.start(false, Some("work")));
    let second = call_id(&a.start(false, Some("work")));
    let opened = |session| Outcome::ProfileOpened { session };
    a.update(Action::Done(first, opened(Some(SessionView::default()))));
    assert_eq!(
        a.screen(),
        ScreenId::Profiles,
        "the superseded answer changes nothing"
    );
    assert!(a.busy().is_some() && a.shared.session.is_none());
    a.update(Action::Done(second, opened(None)));
    assert_eq!(a.screen(), ScreenId::SignIn);
    assert_eq!(a.busy(), None);
}

#[test]
fn every_screen_is_listed_once_and_shows_itself() {
    let mut a = app(ScreenId::Profiles);
    assert_eq!(ScreenId::ALL.len(), screens::all().len());
    let mut titles = HashSet::new();
    for id in ScreenId::ALL {
        a.show(*id, Arrival::Plain);
        assert_eq!(a.screen(), *id);
        assert!(
            titles.insert(a.current().title()),
            "{id:?} shows another screen"
        );
        assert!(text(&render(&a, 80, 24)).contains(a.current().title()));
    }
}

fn failed(kind: Option<cogtui::cognito::ErrorKind>, message: &str) -> Outcome {
    Outcome::Failed(Failure {
        kind,
        message: message.into(),
        ..Failure::default()
    })
}

#[test]
fn a_wrong_current_password_clears_only_it_and_the_form_goes_on() {
    let mut a = app(ScreenId::ChangePassword);
    a.shared.session = Some(SessionView {
        username: "alice".into(),
        ..SessionView::default()
    });
    typed(&mut a, "Wrong-Passw0rd!");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "New-Passw0rd!");
    key(&mut a, KeyCode::Enter);
    typed(&mut a, "New-Passw0rd!");
    let id = call_id(&key(&mut a, KeyCode::Enter));
    a.update(Action::Done(
        id,
        failed(
            Some(cogtui::cognito::ErrorKind::NotAuthorized),
            "The current password is not right.",
        ),
    ));
    let f = form(&a);
    assert_eq!(f.get("old"), "", "the wrong password is cleared");
    assert_eq!(f.get("new"), "New-Passw0rd!", "the new one is kept");
    assert_eq!(f.get("repeat"), "New-Passw0rd!");
    assert_eq!(f.focused_id(), "old");
    assert!(f.fields[0].problem.is_some());
    // Typing the right one clears its problem and Enter sends again.
    typed(&mut a, "Right-Passw0rd!");
    assert!(form(&a).fields[0].problem.is_none(), "re-checked on edit");
    let again = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(
            again.as_slice(),
            [Effect::Run(_, Call::ChangePassword { .. })]
        ),
        "{again:?}"
    );
}

#[test]
fn a_required_mark_goes_once_the_field_is_filled() {
    let mut a = app(ScreenId::ChangePassword);
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "New-Passw0rd!");
    key(&mut a, KeyCode::Tab);
    typed(&mut a, "New-Passw0rd!");
    assert!(key(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(form(&a).focused_id(), "old");
    assert!(form(&a).fields[0].problem.is_some());
    typed(&mut a, "Old-Passw0rd!");
    assert!(form(&a).fields[0].problem.is_none());
    let sent = key(&mut a, KeyCode::Enter);
    assert!(matches!(
        sent.as_slice(),
        [Effect::Run(_, Call::ChangePassword { .. })]
    ));
}

#[test]
fn each_visit_starts_clean_with_focus_on_the_first_empty_field() {
    let mut a = app(ScreenId::SignIn);
    let id = sign_in(&mut a, "Passw0rd!");
    a.update(Action::Done(
        id,
        failed(
            Some(cogtui::cognito::ErrorKind::UserNotFound),
            "No such user in this pool.",
        ),
    ));
    assert_eq!(
        form(&a).focused_id(),
        "password",
        "a retry types the password"
    );
    ctrl(&mut a, 'n');
    assert_eq!(a.screen(), ScreenId::SignUp);
    assert_eq!(form(&a).get("username"), "", "sign-up starts from nothing");
    assert_eq!(form(&a).focused_id(), "username");
    assert!(form(&a).fields.iter().all(|f| f.problem.is_none()));
    assert!(
        a.shared.status.is_none(),
        "the sign-in's error stays behind"
    );
    typed(&mut a, "bob");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.screen(), ScreenId::SignIn);
    assert_eq!(form(&a).get("username"), "");
    assert_eq!(form(&a).focused_id(), "username");
    ctrl(&mut a, 'n');
    assert_eq!(
        form(&a).get("username"),
        "",
        "nothing kept from the last visit"
    );
    // Arriving with a name focuses the first field still empty.
    a.show(ScreenId::Confirm, Arrival::Username("carol".into()));
    assert_eq!(form(&a).focused_id(), "code");
    a.show(ScreenId::SignIn, Arrival::Username("carol".into()));
    assert_eq!(form(&a).focused_id(), "password");
}

#[test]
fn fill_from_the_outbox_is_offered_only_where_there_is_one() {
    let mut a = app(ScreenId::Profiles);
    a.show(ScreenId::Confirm, Arrival::Username("alice".into()));
    assert!(ctrl(&mut a, 'f').is_empty(), "AWS has no outbox");
    assert!(!a.current().footer().contains("Ctrl-F"));
    // A separate `cogtui local serve` is a profile with an endpoint.
    let mut served = a.shared.active.clone().unwrap();
    served.endpoint = Some("http://127.0.0.1:9229".into());
    a.shared.active = Some(served);
    a.show(ScreenId::Confirm, Arrival::Username("alice".into()));
    assert!(a.current().footer().contains("Ctrl-F"));
    let e = ctrl(&mut a, 'f');
    assert!(
        matches!(e.as_slice(), [Effect::Run(_, Call::FetchOutboxCode { username, .. })] if username == "alice"),
        "{e:?}"
    );
}

#[test]
fn text_from_outside_never_reaches_the_terminal_raw() {
    let hostile = "mallory\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}";
    let mut a = app(ScreenId::Home);
    a.shared.session = Some(SessionView {
        username: hostile.into(),
        email: Some(format!("{hostile}@example.com")),
        expires_at: now() + 600,
        attributes: vec![("custom:note".into(), hostile.into())],
        ..SessionView::default()
    });
    a.shared
        .say(cogtui::tui::shared::StatusKind::Error, hostile);
    let shown = text(&render(&a, 120, 40));
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(shown.contains("mallory\\u{1b}[2J"), "{shown}");
    a.show(ScreenId::SignIn, Arrival::Username(hostile.into()));
    let shown = text(&render(&a, 120, 40));
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}

#[test]
fn a_destructive_dialog_defaults_to_no() {
    let mut a = home_as_alice();
    key(&mut a, KeyCode::Char('O'));
    assert!(a.shared.dialog.is_some());
    assert!(key(&mut a, KeyCode::Enter).is_empty(), "Enter is no");
    assert!(a.shared.dialog.is_none());
    key(&mut a, KeyCode::Char('O'));
    let e = key(&mut a, KeyCode::Char('y'));
    assert!(matches!(
        e.as_slice(),
        [Effect::Run(
            _,
            Call::SignOut {
                everywhere: true,
                ..
            }
        )]
    ));
}

#[test]
fn refresh_says_it_refreshed() {
    let mut a = app(ScreenId::Home);
    let view = SessionView {
        username: "alice".into(),
        expires_at: now() + 3600,
        ..SessionView::default()
    };
    a.shared.session = Some(view.clone());
    let id = call_id(&key(&mut a, KeyCode::Char('r')));
    a.update(Action::Done(id, Outcome::SessionLoaded(view)));
    let shown = text(&render(&a, 80, 24));
    assert!(
        shown.contains("Refreshed: the access token expires in 1h"),
        "{shown}"
    );
}

/// A writer the log goes to in a test.
#[derive(Clone, Default)]
struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn long_messages_wrap_are_kept_in_a_history_and_errors_are_logged() {
    let long = "Cognito said no (InvalidParameter): the username cannot be an email address, \
                since user pool is configured for email as an alias; choose another username";
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_writer(move || writer.clone())
        .finish();
    let mut a = app(ScreenId::SignIn);
    tracing::subscriber::with_default(subscriber, || {
        a.shared
            .say(cogtui::tui::shared::StatusKind::Info, "first message");
        let id = sign_in(&mut a, "Passw0rd!");
        a.update(Action::Done(id, failed(None, long)));
    });
    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("ERROR") && logged.contains("choose another username"),
        "{logged}"
    );
    assert!(!logged.contains("Passw0rd!"));
    for (w, h) in [(60, 18), (80, 24)] {
        let shown = text(&render(&a, w, h));
        let flat: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("choose another username"),
            "{w}×{h}:\n{shown}"
        );
        assert!(flat.contains("F1 help"), "{w}×{h}:\n{shown}");
    }
    key(&mut a, KeyCode::F(2));
    let shown = text(&render(&a, 80, 24));
    assert!(
        shown.contains("Messages") && shown.contains("first message"),
        "{shown}"
    );
    assert!(
        key(&mut a, KeyCode::Char('x')).is_empty(),
        "keys wait while it shows"
    );
    key(&mut a, KeyCode::Esc);
    assert!(!text(&render(&a, 80, 24)).contains("first message"));
}

/// Where `needle` is drawn in the buffer: (column, row).
fn find(a: &App, needle: &str) -> (u16, u16) {
    let shown = text(&render(a, 80, 24));
    for (y, line) in shown.lines().enumerate() {
        if let Some(i) = line.find(needle) {
            return (line[..i].chars().count() as u16, y as u16);
        }
    }
    panic!("{needle} is not on screen:\n{shown}");
}

#[test]
fn a_click_focuses_a_field_or_picks_a_row_and_the_wheel_moves() {
    let mut a = app(ScreenId::SignIn);
    let (x, y) = find(&a, "Password");
    a.update(Action::Click { x, y });
    assert_eq!(form(&a).focused_id(), "password");
    let (x, y) = find(&a, "Username");
    a.update(Action::Click { x: x + 30, y });
    assert_eq!(form(&a).focused_id(), "username");

    let mut a = app(ScreenId::Profiles);
    let (x, y) = find(&a, "Local pool");
    assert!(
        a.update(Action::Click { x, y }).is_empty(),
        "a first click picks"
    );
    let e = a.update(Action::Click { x, y });
    assert!(
        matches!(e.as_slice(), [Effect::Run(_, Call::StartLocalPool { .. })]),
        "a click on the picked row opens it: {e:?}"
    );
    let mut a = app(ScreenId::Profiles);
    a.update(Action::Wheel(1));
    let e = key(&mut a, KeyCode::Enter);
    assert!(matches!(
        e.as_slice(),
        [Effect::Run(_, Call::StartLocalPool { .. })]
    ));
}

#[test]
fn the_help_overlay_scrolls_by_keys_and_stops_at_both_ends() {
    let mut a = app(ScreenId::Home);
    a.shared.session = Some(SessionView {
        username: "alice".into(),
        expires_at: now() + 3600,
        refreshable: true,
        ..SessionView::default()
    });
    key(&mut a, KeyCode::Char('?'));
    let top = text(&render(&a, 60, 18));
    assert!(top.contains("scroll"), "{top}");
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.help_top, 2);
    assert!(a.help, "scrolling keeps the help open");
    render(&a, 60, 18);
    key(&mut a, KeyCode::End);
    let last = a.help_last.get();
    assert!(last > 2 && a.help_top == last, "{} of {last}", a.help_top);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.help_top, last, "no further than the end");
    key(&mut a, KeyCode::Home);
    assert_eq!(a.help_top, 0);
    key(&mut a, KeyCode::Up);
    assert_eq!(a.help_top, 0, "no further than the top");
    key(&mut a, KeyCode::PageDown);
    assert!(a.help_top > 0);
    // Closed and opened again, it starts at the top.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('?'));
    assert_eq!(a.help_top, 0);
    assert_eq!(text(&render(&a, 60, 18)), top);
}

#[test]
fn when_the_session_ends_sign_in_keeps_the_username() {
    let mut a = home_as_alice();
    key(&mut a, KeyCode::Char('O'));
    let id = call_id(&key(&mut a, KeyCode::Char('y')));
    a.update(Action::Done(
        id,
        Outcome::SessionGone {
            why: "The session has ended: sign in again.".into(),
            user: None,
        },
    ));
    assert_eq!(a.screen(), ScreenId::SignIn);
    assert!(a.shared.session.is_none());
    assert_eq!(form(&a).get("username"), "alice");
    assert!(text(&render(&a, 100, 30)).contains("The session has ended"));
}

#[test]
fn a_session_found_ended_at_start_opens_sign_in_with_its_username() {
    let mut a = app(ScreenId::Profiles);
    let id = call_id(&a.start(false, Some("work")));
    a.update(Action::Done(
        id,
        Outcome::SessionGone {
            why: "The session has ended: sign in again.".into(),
            user: Some("bob".into()),
        },
    ));
    assert_eq!(a.screen(), ScreenId::SignIn);
    assert_eq!(form(&a).get("username"), "bob");
}
