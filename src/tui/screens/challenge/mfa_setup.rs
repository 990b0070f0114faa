//! MFA_SETUP at sign-in: the pool requires two-step sign-in and the user has none. The prompt
//! associates a software token with the sign-in session, shows it (QR code, key, countdown)
//! and answers with the app's first code.

use crate::auth::{Answer, Challenge, MfaSetupChallenge};
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::keys;
use crate::tui::screens::{Arrival, Ctx, Screen};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, mfa, status, title};
use crate::tui::widgets::enrolment::Enrolment;
use crate::tui::widgets::form::Form;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub struct MfaSetupPrompt {
    challenge: MfaSetupChallenge,
    enrolment: Enrolment,
}

impl MfaSetupPrompt {
    pub fn new(challenge: MfaSetupChallenge) -> Self {
        Self {
            challenge,
            enrolment: Enrolment::default(),
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
        Some(self.enrolment.form())
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        keys::form(k)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        if let Some(code) = self.enrolment.handle(action) {
            cx.call(
                status::CHECKING_CODE,
                Call::Respond {
                    challenge: Box::new(Challenge::MfaSetup(self.challenge.clone())),
                    answer: Answer::Code(code),
                },
            );
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
                self.enrolment.show(uri.expose(), secret.expose());
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
        self.enrolment.clear();
    }

    fn live(&self) -> bool {
        self.enrolment.live()
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        self.enrolment.render(shared, area, buf);
    }
}
