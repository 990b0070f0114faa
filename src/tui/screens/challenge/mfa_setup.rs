//! MFA_SETUP at sign-in: the pool requires two-step sign-in and the user has none. The prompt
//! associates a software token with the sign-in session, shows it (QR code, key, countdown)
//! and answers with the app's first code.

use crate::auth::{Answer, Challenge, MfaSetupChallenge};
use crate::secret::Secret;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::screens::{Arrival, Ctx, Screen};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, label, mfa, status, title};
use crate::tui::widgets::enrolment::{self, EnrolmentView};
use crate::tui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub struct MfaSetupPrompt {
    challenge: MfaSetupChallenge,
    enrolment: Option<EnrolmentView>,
    form: Form,
}

impl MfaSetupPrompt {
    pub fn new(challenge: MfaSetupChallenge) -> Self {
        Self {
            challenge,
            enrolment: None,
            form: Form::new(vec![Field::new("code", label::CODE)]),
        }
    }
}

impl Screen for MfaSetupPrompt {
    fn title(&self) -> &'static str {
        title::MFA_SETUP
    }

    fn footer(&self) -> &'static str {
        footer::MFA_SETUP
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        keys::form(k)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            Action::Submit if self.enrolment.is_some() && forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                let code = Secret::new(self.form.get("code"));
                cx.call(
                    status::CHECKING_CODE,
                    Call::Respond {
                        challenge: Box::new(Challenge::MfaSetup(self.challenge.clone())),
                        answer: Answer::Code(code),
                    },
                );
            }
            a => {
                forms::edit(&mut self.form, &a);
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, _cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::MfaSetupReady {
                challenge,
                uri,
                secret,
            } => {
                self.challenge = *challenge;
                self.enrolment = Some(EnrolmentView::new(uri.expose(), secret.expose()));
                None
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        cx.say(StatusKind::Info, mfa::SETUP_INTRO);
        cx.call(
            status::MFA_STARTING,
            Call::BeginMfaSetup {
                challenge: Box::new(self.challenge.clone()),
            },
        );
    }

    fn leave(&mut self) {
        self.enrolment = None;
        self.form.clear_secrets();
    }

    fn live(&self) -> bool {
        self.enrolment.is_some()
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        if let Some(e) = &self.enrolment {
            enrolment::render(e, &self.form, shared, area, buf);
        }
    }
}
