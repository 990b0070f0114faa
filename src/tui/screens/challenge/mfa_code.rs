//! SOFTWARE_TOKEN_MFA, SMS_MFA and EMAIL_OTP: one code, from the authenticator or the message.

use crate::auth::{Answer, Challenge};
use crate::secret::Secret;
use crate::tui::action::Action;
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::screens::{Arrival, Ctx, Screen};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, label, mfa, status, title};
use crate::tui::widgets::form::{Field, Form, FormView};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct MfaCode {
    challenge: Challenge,
    intro: String,
    form: Form,
}

impl MfaCode {
    pub fn new(challenge: Challenge) -> Self {
        let intro = match &challenge {
            Challenge::SentCode(c) => mfa::sent_to(c.destination.as_deref()),
            _ => mfa::AUTHENTICATOR.to_owned(),
        };
        Self {
            challenge,
            intro,
            form: Form::new(vec![Field::new("code", label::CODE).masked()]),
        }
    }
}

impl Screen for MfaCode {
    fn title(&self) -> &'static str {
        title::MFA_CODE
    }

    fn footer(&self) -> &'static str {
        footer::MFA_CODE
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        keys::form(k)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            Action::Submit if forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                let code = Secret::new(self.form.get("code"));
                self.form.clear_secrets();
                cx.call(
                    status::CHECKING_CODE,
                    Call::Respond {
                        challenge: Box::new(self.challenge.clone()),
                        answer: Answer::Code(code),
                    },
                );
            }
            a => {
                forms::edit(&mut self.form, &a);
            }
        }
    }

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        cx.say(StatusKind::Info, mfa::ASKED);
    }

    fn leave(&mut self) {
        self.form.clear_secrets();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let [intro, rest] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
        Paragraph::new(Span::styled(self.intro.as_str(), t.guidance))
            .wrap(Wrap { trim: true })
            .render(intro, buf);
        FormView {
            form: &self.form,
            theme: t,
            active: shared.busy().is_none(),
            label_width: 18,
        }
        .render(rest, buf);
    }
}
