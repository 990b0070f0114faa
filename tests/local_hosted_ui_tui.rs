//! The TUI's Hosted UI action, through `App::update` without a terminal or a browser: Ctrl-B on
//! the sign-in screen asks the worker for a Hosted UI sign-in (no password leaves the form),
//! says to finish in the browser, Esc cancels it, and a refusal is shown in words.
#![cfg(feature = "tui")]

use cogtui::tui::action::{Action, Failure, Outcome};
use cogtui::tui::app::App;
use cogtui::tui::effect::{Call, Effect};
use cogtui::tui::headless::{render, text};
use cogtui::tui::screens::{Arrival, ScreenId};
use cogtui::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app() -> App {
    let mut p = cogtui::config::Profile::new("work", "eu-west-1", "eu-west-1_AbC", "c");
    p.hosted_ui_domain = Some("work.auth.eu-west-1.amazoncognito.com".into());
    let mut a = App::new(Theme::built_in("default").unwrap(), vec![p.clone()]);
    a.shared.active = Some(p);
    a.show(ScreenId::SignIn, Arrival::Plain);
    a
}

fn press(a: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    a.update(Action::Key(KeyEvent::new(code, modifiers)))
}

#[test]
fn ctrl_b_starts_a_hosted_ui_sign_in_that_esc_cancels() {
    let mut a = app();
    for c in "alice".chars() {
        press(&mut a, KeyCode::Char(c), KeyModifiers::NONE);
    }
    press(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    for c in "Secret-Passw0rd!".chars() {
        press(&mut a, KeyCode::Char(c), KeyModifiers::NONE);
    }
    let effects = press(&mut a, KeyCode::Char('b'), KeyModifiers::CONTROL);
    let id = match effects.as_slice() {
        [Effect::Run(id, Call::HostedSignIn)] => *id,
        other => panic!("expected a Hosted UI call, got {other:?}"),
    };
    assert!(
        a.busy()
            .is_some_and(|b| b.contains("finish in the browser"))
    );
    // The typed password is not sent anywhere and not kept in the form.
    assert_eq!(
        a.form().map(|f| f.get("password").to_owned()),
        Some(String::new())
    );
    let cancel = press(&mut a, KeyCode::Esc, KeyModifiers::NONE);
    assert!(matches!(cancel.as_slice(), [Effect::Cancel(c)] if *c == id));
    assert!(a.shared.session.is_none());

    // Tried again, the refusal (here: a callback URL the client lacks) is said in words.
    let effects = press(&mut a, KeyCode::Char('b'), KeyModifiers::CONTROL);
    let [Effect::Run(id, Call::HostedSignIn)] = effects.as_slice() else {
        panic!("expected a Hosted UI call, got {effects:?}");
    };
    let why = "the Hosted UI refuses the callback URL http://localhost:9230/callback";
    a.update(Action::Done(
        *id,
        Outcome::Failed(Failure {
            message: why.into(),
            ..Failure::default()
        }),
    ));
    assert_eq!(a.busy(), None);
    assert_eq!(a.screen(), ScreenId::SignIn);
    assert!(text(&render(&a, 120, 40)).contains("refuses the callback URL"));
}
