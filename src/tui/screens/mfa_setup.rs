//! Two-step sign-in for the signed-in user: asks the pool for a key, shows it as a QR code with
//! the key to type and a countdown, then takes the app's first code. `m` on the account screen.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::keys;
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, mfa, status, title};
use crate::tui::widgets::enrolment::Enrolment;
use crate::tui::widgets::form::Form;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

#[derive(Default)]
pub struct MfaSetup {
    enrolment: Enrolment,
}

impl Screen for MfaSetup {
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
        if matches!(action, Action::Back) {
            cx.go(ScreenId::Home, Arrival::Plain);
        } else if let Some(code) = self.enrolment.handle(action) {
            let username = cx.shared.username();
            cx.call(status::CHECKING_CODE, Call::ConfirmTotp { username, code });
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::TotpEnrolment { uri, secret } => {
                self.enrolment.show(uri.expose(), secret.expose());
                None
            }
            Outcome::MfaEnabled => {
                self.enrolment.clear();
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
        self.enrolment = Enrolment::default();
        let username = cx.shared.username();
        cx.call(status::MFA_STARTING, Call::BeginTotp { username });
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
