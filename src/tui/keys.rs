//! Key → `Action`, per screen: pure, so it is tested without a terminal.

use super::action::Action;
use super::app::Screen;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the key map needs to know about the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyContext {
    pub screen: Screen,
    pub help: bool,
    pub dialog: bool,
    pub busy: bool,
}

fn ctrl(k: &KeyEvent, c: char) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char(c)
}

/// The action a key means here, if any.
pub fn action_for(cx: KeyContext, k: KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    if ctrl(&k, 'c') {
        return Some(Action::Quit);
    }
    if cx.help {
        return match k.code {
            KeyCode::Esc | KeyCode::F(1) | KeyCode::Char('?' | 'q') | KeyCode::Enter => {
                Some(Action::ToggleHelp)
            }
            _ => None,
        };
    }
    if cx.dialog {
        return match k.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::DialogYes),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::DialogNo),
            _ => None,
        };
    }
    if k.code == KeyCode::F(1) {
        return Some(Action::ToggleHelp);
    }
    if cx.busy {
        // While a call runs only Esc (cancel) and help do something; typing waits.
        return (k.code == KeyCode::Esc).then_some(Action::Cancel);
    }
    match cx.screen {
        Screen::Profiles => list_keys(k),
        Screen::Home => home_keys(k),
        s => screen_extras(s, &k).or_else(|| form_keys(k)),
    }
}

fn list_keys(k: KeyEvent) -> Option<Action> {
    Some(match k.code {
        KeyCode::Up | KeyCode::Char('k') => Action::SelectPrev,
        KeyCode::Down | KeyCode::Char('j') => Action::SelectNext,
        KeyCode::Enter => Action::Submit,
        KeyCode::Char('a') => Action::GoAddProfile,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

fn home_keys(k: KeyEvent) -> Option<Action> {
    Some(match k.code {
        KeyCode::Char('c') => Action::GoChangePassword,
        KeyCode::Char('o') => Action::AskSignOut { everywhere: false },
        KeyCode::Char('O') => Action::AskSignOut { everywhere: true },
        KeyCode::Char('r') => Action::Refresh,
        KeyCode::Char('p') => Action::GoProfiles,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

fn screen_extras(s: Screen, k: &KeyEvent) -> Option<Action> {
    match s {
        Screen::SignIn if ctrl(k, 'n') => Some(Action::GoSignUp),
        Screen::SignIn | Screen::SignUp if ctrl(k, 'o') => Some(Action::GoConfirm),
        Screen::SignIn if ctrl(k, 'p') => Some(Action::GoProfiles),
        Screen::Confirm if ctrl(k, 'r') => Some(Action::Resend),
        Screen::Confirm if ctrl(k, 'f') => Some(Action::FillCodeFromOutbox),
        _ => None,
    }
}

fn form_keys(k: KeyEvent) -> Option<Action> {
    if ctrl(&k, 'u') {
        return Some(Action::ClearField);
    }
    Some(match k.code {
        KeyCode::Tab | KeyCode::Down => Action::NextField,
        KeyCode::BackTab | KeyCode::Up => Action::PrevField,
        KeyCode::Enter => Action::Submit,
        KeyCode::Esc => Action::Back,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Delete => Action::Delete,
        KeyCode::Left => Action::CursorLeft,
        KeyCode::Right => Action::CursorRight,
        KeyCode::Home => Action::CursorHome,
        KeyCode::End => Action::CursorEnd,
        KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Action::Input(c)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(screen: Screen) -> KeyContext {
        KeyContext {
            screen,
            help: false,
            dialog: false,
            busy: false,
        }
    }
    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }
    fn ctrl_key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }
    fn is(a: Option<Action>, want: &str) -> bool {
        format!("{a:?}") == want
    }

    #[test]
    fn letters_type_in_forms_but_command_on_lists() {
        assert!(is(
            action_for(cx(Screen::SignIn), key(KeyCode::Char('q'))),
            "Some(Input('q'))"
        ));
        assert!(is(
            action_for(cx(Screen::SignIn), key(KeyCode::Char('?'))),
            "Some(Input('?'))"
        ));
        assert!(is(
            action_for(cx(Screen::Home), key(KeyCode::Char('q'))),
            "Some(Quit)"
        ));
        assert!(is(
            action_for(cx(Screen::Profiles), key(KeyCode::Char('j'))),
            "Some(SelectNext)"
        ));
        assert!(is(
            action_for(cx(Screen::Home), key(KeyCode::Char('O'))),
            "Some(AskSignOut { everywhere: true })"
        ));
    }

    #[test]
    fn ctrl_c_always_quits_and_esc_cancels_a_call() {
        for s in [Screen::Profiles, Screen::SignUp, Screen::Home] {
            let busy = KeyContext {
                busy: true,
                ..cx(s)
            };
            assert!(is(action_for(busy, ctrl_key('c')), "Some(Quit)"));
            assert!(is(action_for(busy, key(KeyCode::Esc)), "Some(Cancel)"));
            assert!(is(action_for(busy, key(KeyCode::Char('x'))), "None"));
        }
    }

    #[test]
    fn screen_shortcuts_and_overlays() {
        assert!(is(
            action_for(cx(Screen::SignIn), ctrl_key('n')),
            "Some(GoSignUp)"
        ));
        assert!(is(
            action_for(cx(Screen::Confirm), ctrl_key('f')),
            "Some(FillCodeFromOutbox)"
        ));
        assert!(is(action_for(cx(Screen::SignUp), ctrl_key('f')), "None"));
        assert!(is(
            action_for(cx(Screen::SignUp), key(KeyCode::BackTab)),
            "Some(PrevField)"
        ));
        let help = KeyContext {
            help: true,
            ..cx(Screen::SignIn)
        };
        assert!(is(action_for(help, key(KeyCode::Esc)), "Some(ToggleHelp)"));
        assert!(is(action_for(help, key(KeyCode::Char('a'))), "None"));
        let dialog = KeyContext {
            dialog: true,
            ..cx(Screen::Home)
        };
        assert!(is(
            action_for(dialog, key(KeyCode::Char('y'))),
            "Some(DialogYes)"
        ));
        assert!(is(action_for(dialog, key(KeyCode::Esc)), "Some(DialogNo)"));
    }
}
