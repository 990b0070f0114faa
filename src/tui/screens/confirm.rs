//! Confirm the account with the code it was sent (email, or the local pool's outbox).

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::cognito::ErrorKind;
use crate::secret::Secret;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::{Call, CodePurpose};
use crate::tui::forms;
use crate::tui::keys::{self, ctrl};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, help, hint, label, screen, status, title};
use crate::tui::widgets::form::{Field, Form, FormView};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

#[derive(Debug)]
pub struct Confirm {
    form: Form,
    /// The profile has a local outbox to fill the code from (Ctrl-F).
    outbox: bool,
}

impl Default for Confirm {
    fn default() -> Self {
        Self {
            form: Form::new(vec![
                Field::new("username", label::USERNAME),
                Field::new("code", label::CODE)
                    .placeholder("123456")
                    .hint(hint::CODE_EMAIL),
            ]),
            outbox: false,
        }
    }
}

impl Confirm {
    fn username(&self) -> String {
        self.form.get("username").trim().to_owned()
    }
}

impl Screen for Confirm {
    fn title(&self) -> &'static str {
        title::CONFIRM
    }

    fn footer(&self) -> &'static str {
        if self.outbox {
            footer::CONFIRM_LOCAL
        } else {
            footer::CONFIRM
        }
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        if self.outbox {
            help::CONFIRM_LOCAL
        } else {
            help::CONFIRM
        }
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        if ctrl(k, 'r') {
            Some(Action::Resend)
        } else if ctrl(k, 'f') && self.outbox {
            Some(Action::FillCodeFromOutbox)
        } else {
            keys::form(k)
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            Action::Back => cx.go(ScreenId::SignIn, Arrival::Plain),
            Action::Resend => {
                let username = self.username();
                if forms::require(&mut self.form, &["username"]) {
                    cx.call(status::RESENDING, Call::ResendCode { username });
                }
            }
            Action::FillCodeFromOutbox => {
                let username = self.username();
                if forms::require(&mut self.form, &["username"]) && self.outbox {
                    let purpose = CodePurpose::SignUp;
                    cx.call(
                        status::FETCHING_CODE,
                        Call::FetchOutboxCode { username, purpose },
                    );
                }
            }
            Action::Submit if forms::ready(&mut self.form) => {
                if forms::require_all(&mut self.form) {
                    let username = self.username();
                    let code = Secret::new(self.form.get("code").trim());
                    cx.call(status::CONFIRMING, Call::ConfirmSignUp { username, code });
                }
            }
            a => {
                forms::edit(&mut self.form, &a);
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::Confirmed { username } => {
                self.form.clear_all();
                cx.go(ScreenId::SignIn, Arrival::Username(username));
                cx.say(StatusKind::Success, status::CONFIRMED);
            }
            Outcome::CodeResent { destination } => {
                cx.say(
                    StatusKind::Info,
                    status::code_sent(destination.as_deref(), self.outbox),
                );
            }
            Outcome::CodeFetched { code } => {
                self.form.set("code", &code);
                self.form.focus_on("code");
                if let Some(f) = self.form.field_mut("code") {
                    f.problem = None;
                }
                cx.say(StatusKind::Info, status::CODE_FILLED);
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
                return Some(Outcome::Failed(f));
            }
            other => return Some(other),
        }
        None
    }

    fn enter(&mut self, arrival: Arrival, cx: &mut Ctx) {
        self.outbox = cx.shared.has_outbox();
        let code_hint = if self.outbox {
            hint::CODE_LOCAL
        } else {
            hint::CODE_EMAIL
        };
        if let Some(f) = self.form.field_mut("code") {
            f.hint = Some(code_hint.into());
        }
        self.form.clear_all();
        if let Arrival::Username(name) = arrival {
            self.form.set("username", &name);
        }
        self.form.focus_first_empty();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let [intro, _, form] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Span::styled(screen::CONFIRM_INTRO, t.guidance))
            .wrap(Wrap { trim: true })
            .render(intro, buf);
        FormView {
            form: &self.form,
            theme: t,
            active: shared.busy().is_none(),
            label_width: 18,
        }
        .render(form, buf);
    }
}
