//! Every TUI screen rendered into a `TestBackend` at 80×24 and 120×40, checked with insta
//! snapshots; a window too small says so; masked fields never show what was typed.
#![cfg(feature = "tui")]

use cogtui::auth::{Challenge, NewPasswordChallenge, Pending};
use cogtui::config::Profile;
use cogtui::tui::action::{Action, Failure, Outcome};
use cogtui::tui::admin_calls::AdminOutcome;
use cogtui::tui::app::App;
use cogtui::tui::effect::Effect;
use cogtui::tui::headless::{render, text};
use cogtui::tui::screens::{Arrival, ScreenId};
use cogtui::tui::session_view::SessionView;
use cogtui::tui::shared::{Status, StatusKind};
use cogtui::tui::theme::Theme;

const NOW: i64 = 1_750_000_000;
const PASSWORD: &str = "Sup3r-Secret!";

fn now() -> i64 {
    NOW
}

fn profile(name: &str, endpoint: Option<&str>) -> Profile {
    Profile {
        name: name.into(),
        region: "eu-west-1".into(),
        user_pool_id: "eu-west-1_AbCdEf123".into(),
        client_id: "3n4b5urk1ft4fl3mg5e62d9ado".into(),
        client_secret: None,
        identity_pool_id: None,
        endpoint: endpoint.map(str::to_owned),
        hosted_ui_domain: None,
        session_store: None,
        credentials_flow: None,
        role_arn: None,
        federation_endpoint: None,
    }
}

fn app() -> App {
    let mut app = App::new(
        Theme::built_in("default").expect("theme"),
        vec![
            profile("work", None),
            profile("staging", Some("https://idp.example.test")),
        ],
    )
    .with_clock(now);
    app.shared.active = Some(profile("work", None));
    app
}

fn at(screen: ScreenId) -> App {
    let mut a = app();
    a.show(screen, Arrival::Plain);
    a
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Action::Input(c));
    }
}

fn session() -> SessionView {
    SessionView {
        username: "alice".into(),
        email: Some("alice@example.com".into()),
        sub: Some("0b4f1a52-3c34-4d1e-9a7e-6a2f3b9c1d00".into()),
        expires_at: NOW + 45 * 60 + 7,
        clock_skew: 0,
        attributes: vec![
            ("email".into(), "alice@example.com".into()),
            ("email_verified".into(), "true".into()),
            ("sub".into(), "0b4f1a52-3c34-4d1e-9a7e-6a2f3b9c1d00".into()),
        ],
        refreshable: true,
        mfa: Some(cogtui::auth::MfaStatus {
            enabled: vec![cogtui::auth::MfaMethod::Totp],
            preferred: Some(cogtui::auth::MfaMethod::Totp),
        }),
    }
}

/// NEW_PASSWORD_REQUIRED for a pool that requires a `name`.
fn new_password() -> Challenge {
    Challenge::NewPassword(NewPasswordChallenge {
        pending: Pending::default(),
        required_attributes: vec!["name".into()],
        user_attributes: Default::default(),
    })
}

/// Types `alice` and the password and submits: the sign-in call is in flight.
fn sign_in(a: &mut App) -> [Effect; 1] {
    typed(a, "alice");
    a.update(Action::NextField);
    typed(a, PASSWORD);
    let effects = a.update(Action::Submit);
    effects.try_into().expect("one call")
}

/// The app in each state worth a snapshot.
fn states() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();

    let mut a = app();
    a.shared.active = None;
    out.push(("profiles", a));

    let mut a = at(ScreenId::AddProfile);
    a.shared.active = None;
    typed(&mut a, "work2");
    a.update(Action::NextField);
    out.push(("add_profile", a));

    let mut a = at(ScreenId::SignIn);
    typed(&mut a, "alice");
    a.update(Action::NextField);
    typed(&mut a, PASSWORD);
    out.push(("sign_in", a));

    let mut a = at(ScreenId::SignUp);
    typed(&mut a, "alice");
    a.update(Action::NextField);
    typed(&mut a, "alice@example");
    a.update(Action::NextField);
    typed(&mut a, "sup3r-secret");
    a.update(Action::NextField);
    typed(&mut a, "sup3r");
    out.push(("sign_up_checking", a));

    let mut a = app();
    a.show(ScreenId::Confirm, Arrival::Username("alice".into()));
    a.shared.status = Some(Status {
        kind: StatusKind::Info,
        text: "We sent a code to a***@e***.".into(),
    });
    out.push(("confirm", a));

    let mut a = app();
    a.show(
        ScreenId::Challenge,
        Arrival::Challenge(Box::new(new_password())),
    );
    // The prompt itself; the status it sets on arrival is the status bar's business.
    a.shared.status = None;
    typed(&mut a, PASSWORD);
    out.push(("new_password", a));

    let mut a = at(ScreenId::Home);
    a.shared.session = Some(session());
    a.shared.status = Some(Status {
        kind: StatusKind::Success,
        text: "Signed in as alice.".into(),
    });
    out.push(("home", a));

    let mut a = at(ScreenId::Home);
    a.shared.session = Some(session());
    a.update(Action::AskSignOut { everywhere: true });
    out.push(("home_sign_out_everywhere", a));

    let mut a = at(ScreenId::ChangePassword);
    a.shared.session = Some(session());
    typed(&mut a, PASSWORD);
    a.update(Action::NextField);
    typed(&mut a, PASSWORD);
    out.push(("change_password_same", a));

    let mut a = at(ScreenId::SignIn);
    a.help = true;
    out.push(("help_sign_in", a));

    // The admin search once the credentials are found, a search typed.
    let mut a = app();
    let [Effect::Run(id, _)]: [Effect; 1] = a
        .show(ScreenId::AdminUsers, Arrival::Plain)
        .try_into()
        .expect("one call")
    else {
        panic!("one call")
    };
    let found = AdminOutcome::Connected {
        source: "the local pool's admin key in /data/local/admin-key.json".into(),
    };
    a.update(Action::Done(id, Outcome::Admin(Box::new(found))));
    typed(&mut a, "dora");
    out.push(("admin_users", a));

    let mut a = at(ScreenId::Home);
    a.shared.session = Some(session());
    a.help = true;
    out.push(("help_home", a));

    let mut a = at(ScreenId::SignIn);
    sign_in(&mut a);
    out.push(("sign_in_busy", a));

    let mut a = at(ScreenId::SignIn);
    let [Effect::Run(id, _)] = sign_in(&mut a) else {
        panic!("one call")
    };
    a.update(Action::Done(
        id,
        Outcome::Failed(Failure {
            kind: Some(cogtui::cognito::ErrorKind::NotAuthorized),
            message: "Wrong username or password.".into(),
            ..Failure::default()
        }),
    ));
    // The form as it was before anything was typed.
    a.update(Action::PrevField);
    a.update(Action::ClearField);
    out.push(("sign_in_error", a));
    out
}

#[test]
fn every_screen_at_80x24_and_120x40() {
    for (name, app) in states() {
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = text(&render(&app, w, h));
            assert!(!screen.contains(PASSWORD), "{name} shows the password");
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn a_tiny_window_says_it_is_too_small() {
    for (name, app) in states() {
        for (w, h) in [(40, 12), (1, 1), (0, 0), (59, 30), (200, 5)] {
            let screen = text(&render(&app, w, h));
            if w >= 20 && h >= 3 {
                assert!(screen.contains("too small"), "{name} at {w}×{h}:\n{screen}");
            }
        }
    }
    insta::assert_snapshot!("too_small_40x12", text(&render(&app(), 40, 12)));
}

#[test]
fn themes_and_no_color_render_every_screen() {
    for theme in ["light", "high-contrast"] {
        for (_, mut app) in states() {
            app.shared.theme = Theme::built_in(theme).expect("theme");
            let plain = text(&render(&app, 80, 24));
            app.shared.theme = app.shared.theme.clone().without_color();
            assert_eq!(text(&render(&app, 80, 24)), plain);
        }
    }
}

#[test]
fn a_placeholder_reads_as_an_example_without_colour() {
    let mut a = app();
    a.show(ScreenId::Confirm, Arrival::Username("alice".into()));
    a.shared.theme = a.shared.theme.clone().without_color();
    let shown = text(&render(&a, 80, 24));
    assert!(shown.contains("e.g. 123456"), "{shown}");
}

/// The key bar: the row above the status bar (whose height varies), found by its keys.
fn key_bar(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| l.contains(" · "))
        .unwrap_or_default()
}

#[test]
fn at_60x18_the_key_bar_keeps_help_and_quit_on_every_screen() {
    for (name, app) in states() {
        for (w, h) in [(60, 18), (80, 24)] {
            let screen = text(&render(&app, w, h));
            let bar = key_bar(&screen);
            let help = bar.contains("? help") || bar.contains("F1 help");
            let quit = bar.contains("q quit") || bar.contains("Ctrl-C quit");
            assert!(help && quit, "{name} at {w}×{h}: key bar {bar:?}\n{screen}");
            assert!(bar.chars().count() <= w as usize);
        }
    }
}

#[test]
fn at_60x18_the_sign_up_form_and_the_whole_policy_show() {
    let (_, mut app) = states()
        .into_iter()
        .find(|(n, _)| *n == "sign_up_checking")
        .unwrap();
    // A message as long as the status bar takes (four lines), as after a refusal.
    app.shared.say(
        StatusKind::Error,
        "The pool refused the password: Password not long enough, and it must have symbols, \
         and an uppercase letter, and a number; the policy below lists what is still missing, \
         and F2 shows this message again whenever you need it.",
    );
    for (w, h) in [(60, 18), (80, 24)] {
        let screen = text(&render(&app, w, h));
        for label in ["Username", "Email", "Password", "Repeat password"] {
            assert!(screen.contains(label), "{label} at {w}×{h}:\n{screen}");
        }
        for problem in ["not an email address yet", "does not match the password"] {
            assert!(screen.contains(problem), "{problem} at {w}×{h}:\n{screen}");
        }
        for rule in [
            "8+ characters",
            "uppercase",
            "lowercase",
            "a digit",
            "a symbol",
            "no space at either end",
        ] {
            assert!(screen.contains(rule), "{rule} at {w}×{h}:\n{screen}");
        }
        assert!(screen.contains("F1 help") && screen.contains("Ctrl-C quit"));
    }
    insta::assert_snapshot!("sign_up_checking_60x18", text(&render(&app, 60, 18)));
}

#[test]
fn long_values_end_with_an_ellipsis_at_60x18() {
    let mut a = at(ScreenId::Home);
    let mut s = session();
    s.email = Some("a.very.long.address.for.testing@subdomain.example.com".into());
    a.shared.session = Some(s);
    a.shared.active = Some(profile(
        "a-profile-with-a-rather-long-name-for-a-header",
        None,
    ));
    let screen = text(&render(&a, 60, 18));
    assert!(screen.contains('…'), "{screen}");
    for line in screen.lines() {
        assert!(line.chars().count() <= 60, "{line}");
    }
    let signed_in = screen.lines().find(|l| l.contains("Signed in as")).unwrap();
    assert!(signed_in.trim_end().ends_with("…  │"), "{signed_in}");
    let header = screen.lines().next().unwrap();
    assert!(header.ends_with('…'), "{header}");
}

#[test]
fn the_help_overlay_scrolls_when_it_does_not_fit_and_says_so() {
    for (w, h) in [(60, 18), (80, 24)] {
        let mut a = at(ScreenId::Home);
        a.shared.session = Some(session());
        // A message over three lines, as after a refusal, leaves the overlay less room.
        a.shared.say(
            StatusKind::Error,
            "The pool refused the request: the user pool is configured with email as an alias, \
             so the username cannot look like an email address. Choose a username without an \
             @ sign, or sign in with the email address itself.",
        );
        a.update(Action::ToggleHelp);
        let first = text(&render(&a, w, h));
        assert!(first.contains("scroll"), "{w}×{h}:\n{first}");
        assert!(first.contains("copy the ID token"), "{first}");
        let last_entry = "cancel the call in flight";
        assert!(!first.contains(last_entry), "{first}");
        // The wheel and the keys move it; the end shows the last entry, and no further.
        a.update(Action::Wheel(1));
        let moved = text(&render(&a, w, h));
        assert!(!moved.contains("copy the ID token (OSC 52)"), "{moved}");
        for _ in 0..40 {
            a.update(Action::Scroll(1));
        }
        let end = text(&render(&a, w, h));
        assert!(end.contains(last_entry), "{end}");
        a.update(Action::Scroll(1));
        assert_eq!(text(&render(&a, w, h)), end, "no further than the end");
        a.update(Action::Wheel(-1));
        assert_ne!(text(&render(&a, w, h)), end, "the wheel scrolls back");
        a.update(Action::Scroll(-1000));
        assert_eq!(text(&render(&a, w, h)), first);
    }
    // A help that fits does not talk about scrolling.
    let mut a = at(ScreenId::SignUp);
    a.update(Action::ToggleHelp);
    let screen = text(&render(&a, 120, 40));
    assert!(
        !screen.contains("scroll") && screen.contains("Esc closes"),
        "{screen}"
    );
}

#[test]
fn at_60x18_the_users_list_keeps_each_expiry_whole() {
    let user = |name: &str, current: bool, left: i64| cogtui::auth::SignedInUser {
        username: name.into(),
        current,
        expires_at: Some(NOW + left),
        clock_skew: 0,
    };
    let mut a = app();
    a.show(
        ScreenId::Users,
        Arrival::Users(vec![
            user("alice", true, 3600),
            user(
                "a-test-account-with-a-very-long-name-indeed",
                false,
                45 * 60 + 7,
            ),
        ]),
    );
    let screen = text(&render(&a, 60, 18));
    assert!(screen.contains("expires in 1h 00m 00s"), "{screen}");
    assert!(screen.contains("expires in 45m 07s"), "{screen}");
    assert!(screen.contains("a-test-account-wi…"), "{screen}");
    let bar = key_bar(&screen);
    assert!(bar.contains("? help") && bar.contains("q quit"), "{bar}");
}
