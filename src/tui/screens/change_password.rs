//! Change the password of the signed-in user.

use super::{Arrival, Ctx, Screen, ScreenId, password_form};
use crate::cognito::ErrorKind;
use crate::secret::Secret;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, label, problem, screen, status, title};
use crate::tui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[derive(Debug)]
pub struct ChangePassword {
    form: Form,
}

impl Default for ChangePassword {
    fn default() -> Self {
        Self {
            form: Form::new(vec![
                Field::new("old", label::OLD_PASSWORD).masked(),
                Field::new("new", label::NEW_PASSWORD).masked(),
                Field::new("repeat", label::REPEAT).masked(),
            ]),
        }
    }
}

impl Screen for ChangePassword {
    fn title(&self) -> &'static str {
        title::CHANGE_PASSWORD
    }

    fn footer(&self) -> &'static str {
        footer::CHANGE_PASSWORD
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        keys::form(k)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        let policy = cx.shared.policy;
        match action {
            Action::Back => cx.go(ScreenId::Home, Arrival::Plain),
            Action::Submit if forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                forms::check_new_password(&mut self.form, &policy, "new");
                if self.form.fields.iter().any(|f| f.problem.is_some()) {
                    return;
                }
                // The fields stay filled until the answer: a wrong current password clears
                // only that one.
                let old = Secret::new(self.form.get("old"));
                let new = Secret::new(self.form.get("new"));
                let username = cx.shared.username();
                cx.call(
                    status::CHANGING_PASSWORD,
                    Call::ChangePassword { username, old, new },
                );
            }
            a => {
                if forms::edit(&mut self.form, &a) {
                    forms::check_new_password(&mut self.form, &policy, "new");
                }
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::PasswordChanged => {
                self.form.clear_all();
                cx.go(ScreenId::Home, Arrival::Plain);
                cx.say(StatusKind::Success, status::PASSWORD_CHANGED);
                None
            }
            Outcome::Failed(f) if f.kind == Some(ErrorKind::NotAuthorized) => {
                if let Some(old) = self.form.field_mut("old") {
                    old.clear();
                    old.problem = Some(problem::WRONG_CURRENT.into());
                }
                self.form.focus_on("old");
                Some(Outcome::Failed(f))
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, _arrival: Arrival, _cx: &mut Ctx) {
        self.form.clear_all();
    }

    fn leave(&mut self) {
        self.form.clear_secrets();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        password_form::render(
            shared,
            area,
            buf,
            screen::CHANGE_PASSWORD_INTRO,
            &self.form,
            "new",
        );
    }
}
