//! Forgot password: send a reset code to the username, then the code and the new password
//! twice (Ctrl-F fills the code from a local pool's outbox).

use super::{Arrival, Ctx, Screen, ScreenId, password_form};
use crate::cognito::ErrorKind;
use crate::secret::Secret;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::{Call, CodePurpose};
use crate::tui::forms;
use crate::tui::keys::{self, ctrl};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, help, hint, label, screen, status, title};
use crate::tui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[derive(Debug)]
pub struct ForgotPassword {
    form: Form,
    /// A code was sent (or the person has one): the code and new-password fields show.
    reset: bool,
    /// The profile has a local outbox to fill the code from (Ctrl-F).
    outbox: bool,
}

fn send_form() -> Form {
    Form::new(vec![
        Field::new("username", label::USERNAME).hint(hint::USERNAME),
    ])
}

fn reset_form(username: &str) -> Form {
    let mut form = Form::new(vec![
        Field::new("username", label::USERNAME),
        Field::new("code", label::CODE).placeholder("123456"),
        Field::new("new", label::NEW_PASSWORD).masked(),
        Field::new("repeat", label::REPEAT).masked(),
    ]);
    form.set("username", username);
    form.focus_first_empty();
    form
}

impl Default for ForgotPassword {
    fn default() -> Self {
        Self {
            form: send_form(),
            reset: false,
            outbox: false,
        }
    }
}

impl ForgotPassword {
    fn username(&self) -> String {
        self.form.get("username").trim().to_owned()
    }

    /// Shows the code and new-password fields, keeping the username.
    fn show_reset(&mut self) {
        self.reset = true;
        let name = self.username();
        self.form.clear_secrets();
        self.form = reset_form(&name);
        let code_hint = if self.outbox {
            hint::CODE_LOCAL
        } else {
            hint::CODE_EMAIL
        };
        if let Some(f) = self.form.field_mut("code") {
            f.hint = Some(code_hint.into());
        }
    }
}

impl Screen for ForgotPassword {
    fn title(&self) -> &'static str {
        title::FORGOT_PASSWORD
    }

    fn footer(&self) -> &'static str {
        match (self.reset, self.outbox) {
            (false, _) => footer::FORGOT_SEND,
            (true, false) => footer::FORGOT_RESET,
            (true, true) => footer::FORGOT_RESET_LOCAL,
        }
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        if self.outbox {
            help::FORGOT_LOCAL
        } else {
            help::FORGOT
        }
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        if ctrl(k, 'r') {
            Some(Action::Resend)
        } else if ctrl(k, 'f') && self.outbox && self.reset {
            Some(Action::FillCodeFromOutbox)
        } else if ctrl(k, 'o') && !self.reset {
            Some(Action::Go(ScreenId::ForgotPassword))
        } else {
            keys::form(k)
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        let policy = cx.shared.policy;
        match action {
            Action::Back => cx.go(ScreenId::SignIn, Arrival::username(&self.username())),
            // Ctrl-O: the person has a code already.
            Action::Go(ScreenId::ForgotPassword) => {
                if forms::require(&mut self.form, &["username"]) {
                    self.show_reset();
                }
            }
            Action::Resend => {
                let username = self.username();
                if forms::require(&mut self.form, &["username"]) {
                    cx.call(status::SENDING_RESET, Call::ForgotPassword { username });
                }
            }
            Action::FillCodeFromOutbox => {
                let username = self.username();
                if forms::require(&mut self.form, &["username"]) {
                    let purpose = CodePurpose::ResetPassword;
                    cx.call(
                        status::FETCHING_CODE,
                        Call::FetchOutboxCode { username, purpose },
                    );
                }
            }
            Action::Submit if !self.reset => {
                let username = self.username();
                if forms::require(&mut self.form, &["username"]) {
                    cx.call(status::SENDING_RESET, Call::ForgotPassword { username });
                }
            }
            Action::Submit if forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                forms::check_new_password(&mut self.form, &policy, "new");
                if !forms::no_problems(&mut self.form) {
                    return;
                }
                let username = self.username();
                let code = Secret::new(self.form.get("code").trim());
                let new = Secret::new(self.form.get("new"));
                cx.call(
                    status::RESETTING,
                    Call::ConfirmForgotPassword {
                        username,
                        code,
                        new,
                    },
                );
            }
            a => {
                if forms::edit(&mut self.form, &a) && self.reset {
                    forms::check_new_password(&mut self.form, &policy, "new");
                }
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::ResetCodeSent { destination } => {
                if !self.reset {
                    self.show_reset();
                }
                let text = status::reset_code_sent(destination.as_deref(), self.outbox);
                cx.say(StatusKind::Info, text);
                None
            }
            Outcome::CodeFetched { code } => {
                self.form.set("code", &code);
                if let Some(f) = self.form.field_mut("code") {
                    f.problem = None;
                }
                self.form.focus_first_empty();
                cx.say(StatusKind::Info, status::RESET_CODE_FILLED);
                None
            }
            Outcome::PasswordReset { username } => {
                self.form.clear_all();
                cx.go(ScreenId::SignIn, Arrival::Username(username));
                cx.say(StatusKind::Success, status::PASSWORD_RESET);
                None
            }
            Outcome::Failed(f)
                if matches!(
                    f.kind,
                    Some(ErrorKind::CodeMismatch | ErrorKind::ExpiredCode)
                ) =>
            {
                if let Some(field) = self.form.field_mut("code") {
                    field.problem = Some(f.message.clone());
                }
                self.form.focus_on("code");
                Some(Outcome::Failed(f))
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, arrival: Arrival, cx: &mut Ctx) {
        self.outbox = cx.shared.has_outbox();
        self.reset = false;
        self.form.clear_all();
        self.form = send_form();
        if let Arrival::Username(name) = arrival {
            self.form.set("username", &name);
        }
        self.form.focus_first_empty();
    }

    fn leave(&mut self) {
        self.form.clear_secrets();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let intro = if self.reset {
            screen::FORGOT_RESET_INTRO
        } else {
            screen::FORGOT_INTRO
        };
        if self.reset {
            password_form::render(shared, area, buf, intro, &self.form, "new");
        } else {
            password_form::render_plain(shared, area, buf, intro, &self.form);
        }
    }
}
