//! Key → `Action`: the keys every screen shares (quit, help, dialogs, cancel), then the
//! screen's own (`Screen::key`), with the form and list keys screens build theirs from. Pure,
//! so it is tested without a terminal.

use super::action::Action;
use super::screens::Screen;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Rows a page key scrolls the help overlay.
const HELP_PAGE: i32 = 8;

/// What the key map needs to know about the app besides the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyContext {
    pub help: bool,
    pub history: bool,
    pub dialog: bool,
    pub busy: bool,
}

/// Ctrl + `c`.
pub fn ctrl(k: &KeyEvent, c: char) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char(c)
}

/// The action a key means here, if any.
pub fn action_for(cx: KeyContext, k: KeyEvent, screen: &dyn Screen) -> Option<Action> {
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
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Scroll(-1)),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Scroll(1)),
            KeyCode::PageUp => Some(Action::Scroll(-HELP_PAGE)),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::Scroll(HELP_PAGE)),
            KeyCode::Home | KeyCode::Char('g') => Some(Action::Scroll(i32::MIN / 2)),
            KeyCode::End | KeyCode::Char('G') => Some(Action::Scroll(i32::MAX / 2)),
            _ => None,
        };
    }
    if cx.history {
        return match k.code {
            KeyCode::Esc | KeyCode::F(2) | KeyCode::Char('q' | 'm') | KeyCode::Enter => {
                Some(Action::ToggleHistory)
            }
            _ => None,
        };
    }
    if cx.dialog {
        return match k.code {
            // Dialogs ask before something destructive: Enter takes the safe answer.
            KeyCode::Char('y' | 'Y') => Some(Action::DialogYes),
            KeyCode::Char('n' | 'N') | KeyCode::Esc | KeyCode::Enter => Some(Action::DialogNo),
            _ => None,
        };
    }
    if k.code == KeyCode::F(1) {
        return Some(Action::ToggleHelp);
    }
    if k.code == KeyCode::F(2) {
        return Some(Action::ToggleHistory);
    }
    if cx.busy {
        // While a call runs only Esc (cancel) and help do something; typing waits.
        return (k.code == KeyCode::Esc).then_some(Action::Cancel);
    }
    screen.key(&k)
}

/// Where a list's selection goes on a move (arrow keys, j/k, the wheel), kept within `len`
/// rows; `None` when `action` is not a move.
pub fn moved(selected: usize, len: usize, action: &Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    match action {
        Action::SelectNext | Action::Wheel(1..) => Some((selected + 1).min(last)),
        Action::SelectPrev | Action::Wheel(..=-1) => Some(selected.saturating_sub(1)),
        _ => None,
    }
}

/// The keys of a screen that is a list: move, open, help, quit.
pub fn list(k: &KeyEvent) -> Option<Action> {
    Some(match k.code {
        KeyCode::Up | KeyCode::Char('k') => Action::SelectPrev,
        KeyCode::Down | KeyCode::Char('j') => Action::SelectNext,
        KeyCode::Enter => Action::Submit,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('m') => Action::ToggleHistory,
        KeyCode::Char('q') => Action::Quit,
        _ => return None,
    })
}

/// The keys of a screen that is a form: every letter types.
pub fn form(k: &KeyEvent) -> Option<Action> {
    if ctrl(k, 'u') {
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
    use crate::tui::screens::{
        ScreenId, confirm::Confirm, home::Home, profiles::Profiles, signin::SignIn, signup::SignUp,
    };

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }
    fn ctrl_key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }
    fn is(a: Option<Action>, want: &str) -> bool {
        format!("{a:?}") == want
    }
    fn idle(k: KeyEvent, s: &dyn Screen) -> Option<Action> {
        action_for(KeyContext::default(), k, s)
    }

    #[test]
    fn letters_type_in_forms_but_command_on_lists() {
        let sign_in = SignIn::default();
        assert!(is(
            idle(key(KeyCode::Char('q')), &sign_in),
            "Some(Input('q'))"
        ));
        assert!(is(
            idle(key(KeyCode::Char('?')), &sign_in),
            "Some(Input('?'))"
        ));
        assert!(is(
            idle(key(KeyCode::Char('q')), &Home::default()),
            "Some(Quit)"
        ));
        assert!(is(
            idle(key(KeyCode::Char('j')), &Profiles::default()),
            "Some(SelectNext)"
        ));
        assert!(is(
            idle(key(KeyCode::Char('O')), &Home::default()),
            "Some(AskSignOut { everywhere: true })"
        ));
    }

    #[test]
    fn ctrl_c_always_quits_and_esc_cancels_a_call() {
        let busy = KeyContext {
            busy: true,
            ..KeyContext::default()
        };
        let screens: [&dyn Screen; 3] =
            [&Profiles::default(), &SignUp::default(), &Home::default()];
        for s in screens {
            assert!(is(action_for(busy, ctrl_key('c'), s), "Some(Quit)"));
            assert!(is(action_for(busy, key(KeyCode::Esc), s), "Some(Cancel)"));
            assert!(is(action_for(busy, key(KeyCode::Char('x')), s), "None"));
        }
    }

    #[test]
    fn screen_shortcuts_and_overlays() {
        assert!(matches!(
            idle(ctrl_key('n'), &SignIn::default()),
            Some(Action::Go(ScreenId::SignUp))
        ));
        assert!(is(idle(ctrl_key('r'), &Confirm::default()), "Some(Resend)"));
        assert!(is(idle(ctrl_key('f'), &SignUp::default()), "None"));
        assert!(is(
            idle(key(KeyCode::BackTab), &SignUp::default()),
            "Some(PrevField)"
        ));
        let help = KeyContext {
            help: true,
            ..KeyContext::default()
        };
        let sign_in = SignIn::default();
        assert!(is(
            action_for(help, key(KeyCode::Esc), &sign_in),
            "Some(ToggleHelp)"
        ));
        assert!(is(
            action_for(help, key(KeyCode::Char('a')), &sign_in),
            "None"
        ));
        let dialog = KeyContext {
            dialog: true,
            ..KeyContext::default()
        };
        let home = Home::default();
        assert!(is(
            action_for(dialog, key(KeyCode::Char('y')), &home),
            "Some(DialogYes)"
        ));
        assert!(is(
            action_for(dialog, key(KeyCode::Esc), &home),
            "Some(DialogNo)"
        ));
    }
}
