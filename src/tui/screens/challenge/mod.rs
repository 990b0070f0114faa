//! Answering a sign-in challenge: the screen holds one prompt, chosen by the challenge's kind.
//! Each kind of challenge is one prompt (a file here and one arm in `prompt_for`); a prompt
//! is shaped like a screen and this one passes everything through to it.

pub mod mfa_code;
pub mod mfa_setup;
pub mod new_password;
pub mod select_mfa;

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::auth::Challenge;
use crate::tui::action::{Action, Outcome};
use crate::tui::keys;
use crate::tui::shared::Shared;
use crate::tui::strings::{footer, title};
use crate::tui::widgets::form::Form;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The prompt that answers `challenge`: one per kind.
fn prompt_for(challenge: Challenge) -> Box<dyn Screen> {
    match challenge {
        Challenge::NewPassword(c) => Box::new(new_password::NewPassword::new(c)),
        c @ (Challenge::SoftwareTokenMfa(_) | Challenge::SentCode(_)) => {
            Box::new(mfa_code::MfaCode::new(c))
        }
        Challenge::MfaSetup(c) => Box::new(mfa_setup::MfaSetupPrompt::new(c)),
        Challenge::SelectMfaType(c) => Box::new(select_mfa::SelectMfa::new(c)),
    }
}

#[derive(Default)]
pub struct ChallengeScreen {
    prompt: Option<Box<dyn Screen>>,
}

impl Screen for ChallengeScreen {
    fn title(&self) -> &'static str {
        self.prompt.as_ref().map_or(title::CHALLENGE, |p| p.title())
    }

    fn footer(&self) -> &'static str {
        self.prompt.as_ref().map_or(footer::CHALLENGE, |p| p.footer())
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        self.prompt.as_ref().map_or(&[], |p| p.help())
    }

    fn form(&self) -> Option<&Form> {
        self.prompt.as_ref().and_then(|p| p.form())
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        match &self.prompt {
            Some(p) => p.key(k),
            None => keys::form(k),
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match (action, &mut self.prompt) {
            // Going back abandons the challenge: its session cannot be answered later.
            (Action::Back, _) => cx.go(ScreenId::SignIn, Arrival::Plain),
            (a, Some(p)) => p.update(a, cx),
            (_, None) => {}
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match &mut self.prompt {
            Some(p) => p.on_result(outcome, cx),
            None => Some(outcome),
        }
    }

    fn enter(&mut self, arrival: Arrival, cx: &mut Ctx) {
        if let Arrival::Challenge(challenge) = arrival {
            let mut prompt = prompt_for(*challenge);
            prompt.enter(Arrival::Plain, cx);
            self.prompt = Some(prompt);
        }
    }

    fn leave(&mut self) {
        if let Some(mut p) = self.prompt.take() {
            p.leave();
        }
    }

    fn tick(&mut self, cx: &mut Ctx) {
        if let Some(p) = &mut self.prompt {
            p.tick(cx);
        }
    }

    fn live(&self) -> bool {
        self.prompt.as_ref().is_some_and(|p| p.live())
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        if let Some(p) = &self.prompt {
            p.render(shared, area, buf);
        }
    }
}
