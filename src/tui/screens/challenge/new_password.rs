//! NEW_PASSWORD_REQUIRED: a new password twice, and the attributes the pool requires.

use crate::auth::{Answer, Challenge, NewPasswordChallenge};
use crate::secret::Secret;
use crate::tui::action::Action;
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::screens::{Arrival, Ctx, Screen, password_form};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, label, screen, status, title};
use crate::tui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::collections::BTreeMap;

pub struct NewPassword {
    challenge: NewPasswordChallenge,
    form: Form,
}

impl NewPassword {
    /// The password twice, then each attribute the pool requires (field ids `attr:<name>`,
    /// labelled with the name), filled with what the user has.
    pub fn new(challenge: NewPasswordChallenge) -> Self {
        let mut fields = vec![
            Field::new("password", label::NEW_PASSWORD).masked(),
            Field::new("repeat", label::REPEAT).masked(),
        ];
        for name in &challenge.required_attributes {
            fields.push(Field::new(&format!("attr:{name}"), name));
        }
        let mut form = Form::new(fields);
        for (k, v) in &challenge.user_attributes {
            form.set(&format!("attr:{k}"), v);
        }
        Self { challenge, form }
    }
}

impl Screen for NewPassword {
    fn title(&self) -> &'static str {
        title::NEW_PASSWORD
    }

    fn footer(&self) -> &'static str {
        footer::NEW_PASSWORD
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
            Action::Submit if forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                forms::check_new_password(&mut self.form, &policy, "password");
                if self.form.fields.iter().any(|f| f.problem.is_some()) {
                    return;
                }
                let password = Secret::new(self.form.get("password"));
                let attributes: BTreeMap<String, String> = self
                    .form
                    .fields
                    .iter()
                    .filter_map(|f| {
                        f.id.strip_prefix("attr:")
                            .map(|_| (f.label.clone(), f.value().to_owned()))
                    })
                    .collect();
                self.form.clear_secrets();
                cx.call(
                    status::SETTING_PASSWORD,
                    Call::Respond {
                        challenge: Box::new(Challenge::NewPassword(self.challenge.clone())),
                        answer: Answer::NewPassword {
                            password,
                            attributes,
                        },
                    },
                );
            }
            a => {
                if forms::edit(&mut self.form, &a) {
                    forms::check_new_password(&mut self.form, &policy, "password");
                }
            }
        }
    }

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        cx.say(StatusKind::Info, status::NEW_PASSWORD_REQUIRED);
    }

    fn leave(&mut self) {
        self.form.clear_secrets();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        password_form::render(
            shared,
            area,
            buf,
            screen::NEW_PASSWORD_INTRO,
            &self.form,
            "password",
        );
    }
}
