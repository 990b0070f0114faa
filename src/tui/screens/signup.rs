//! Sign up: username, email, password twice, with the policy checked as you type.

use super::{Arrival, Ctx, Screen, ScreenId, password_form};
use crate::cognito::ErrorKind;
use crate::secret::Secret;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys::{self, ctrl};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, help, hint, label, screen, status, title};
use crate::tui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[derive(Debug)]
pub struct SignUp {
    form: Form,
}

impl Default for SignUp {
    fn default() -> Self {
        Self {
            form: Form::new(vec![
                Field::new("username", label::USERNAME).hint(hint::USERNAME),
                Field::new("email", label::EMAIL)
                    .placeholder("you@example.com")
                    .hint(hint::EMAIL),
                Field::new("password", label::PASSWORD).masked(),
                Field::new("repeat", label::REPEAT).masked(),
            ]),
        }
    }
}

impl Screen for SignUp {
    fn title(&self) -> &'static str {
        title::SIGN_UP
    }

    fn footer(&self) -> &'static str {
        footer::SIGN_UP
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::SIGN_UP
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        if ctrl(k, 'o') {
            Some(Action::Go(ScreenId::Confirm))
        } else {
            keys::form(k)
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            Action::Back => cx.go(ScreenId::SignIn, Arrival::Plain),
            Action::Go(to) => cx.go(to, Arrival::username(self.form.get("username"))),
            Action::Submit if forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                forms::check_sign_up(&mut self.form, &cx.shared.policy);
                if !forms::no_problems(&mut self.form) {
                    return;
                }
                let username = self.form.get("username").trim().to_owned();
                let email = self.form.get("email").trim().to_owned();
                let password = Secret::new(self.form.get("password"));
                cx.call(
                    status::SIGNING_UP,
                    Call::SignUp {
                        username,
                        email,
                        password,
                    },
                );
            }
            a => {
                if forms::edit(&mut self.form, &a) {
                    forms::check_sign_up(&mut self.form, &cx.shared.policy);
                }
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::SignedUp {
                username,
                confirmed,
                destination,
            } => {
                self.form.clear_secrets();
                if confirmed {
                    cx.go(ScreenId::SignIn, Arrival::Username(username));
                    cx.say(StatusKind::Success, status::CONFIRMED);
                } else {
                    cx.go(ScreenId::Confirm, Arrival::Username(username));
                    let local = cx.shared.has_outbox();
                    let text = status::code_sent(destination.as_deref(), local);
                    cx.say(StatusKind::Info, text);
                }
                None
            }
            Outcome::Failed(f) if f.kind == Some(ErrorKind::UsernameExists) => {
                if let Some(field) = self.form.field_mut("username") {
                    field.problem = Some(f.message.clone());
                }
                self.form.focus_on("username");
                Some(Outcome::Failed(f))
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, arrival: Arrival, cx: &mut Ctx) {
        self.form.clear_all();
        if let Arrival::Username(name) = arrival {
            self.form.set("username", &name);
        }
        forms::check_sign_up(&mut self.form, &cx.shared.policy);
        self.form.focus_first_empty();
    }

    fn leave(&mut self) {
        self.form.clear_secrets();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        password_form::render(
            shared,
            area,
            buf,
            screen::SIGN_UP_INTRO,
            &self.form,
            "password",
        );
    }
}
