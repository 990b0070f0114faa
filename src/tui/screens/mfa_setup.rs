//! Two-step sign-in for the signed-in user: asks the pool for a key, shows it as a QR code with
//! the key to type and a countdown, then takes the app's first code. `m` on the account screen.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::secret::Secret;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, label, mfa, status, title};
use crate::tui::widgets::enrolment::{self, EnrolmentView};
use crate::tui::widgets::form::{Field, Form};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub struct MfaSetup {
    enrolment: Option<EnrolmentView>,
    form: Form,
}

impl Default for MfaSetup {
    fn default() -> Self {
        Self {
            enrolment: None,
            form: Form::new(vec![Field::new("code", label::CODE)]),
        }
    }
}

impl Screen for MfaSetup {
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
            Action::Back => cx.go(ScreenId::Home, Arrival::Plain),
            Action::Submit if self.enrolment.is_some() && forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                let code = Secret::new(self.form.get("code"));
                let username = cx.shared.username();
                cx.call(status::CHECKING_CODE, Call::ConfirmTotp { username, code });
            }
            a => {
                forms::edit(&mut self.form, &a);
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::TotpEnrolment { uri, secret } => {
                self.enrolment = Some(EnrolmentView::new(uri.expose(), secret.expose()));
                None
            }
            Outcome::MfaEnabled => {
                self.enrolment = None;
                if let Some(session) = cx.shared.session.as_mut() {
                    let totp = crate::auth::MfaMethod::Totp;
                    let mut m = session.mfa.clone().unwrap_or_default();
                    if !m.enabled.contains(&totp) {
                        m.enabled.push(totp);
                    }
                    m.preferred = Some(totp);
                    session.mfa = Some(m);
                }
                cx.go(ScreenId::Home, Arrival::Plain);
                cx.say(StatusKind::Success, mfa::ENABLED);
                None
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        *self = Self::default();
        let username = cx.shared.username();
        cx.call(status::MFA_STARTING, Call::BeginTotp { username });
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
