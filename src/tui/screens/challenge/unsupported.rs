//! A challenge the TUI cannot answer yet (SELECT_MFA_TYPE, MFA_SETUP): says so and names the
//! CLI command that can; Esc goes back to sign-in.

use crate::auth::Challenge;
use crate::tui::action::Action;
use crate::tui::keys;
use crate::tui::screens::{Arrival, Ctx, Screen};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, mfa, title};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct Unsupported {
    text: String,
}

impl Unsupported {
    pub fn new(challenge: &Challenge) -> Self {
        Self {
            text: mfa::not_in_tui(challenge.name()),
        }
    }
}

impl Screen for Unsupported {
    fn title(&self) -> &'static str {
        title::CHALLENGE
    }

    fn footer(&self) -> &'static str {
        footer::UNSUPPORTED
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        keys::form(k)
    }

    fn update(&mut self, _action: Action, _cx: &mut Ctx) {}

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        cx.say(StatusKind::Warn, self.text.clone());
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        Paragraph::new(Span::styled(self.text.as_str(), shared.theme.guidance))
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}
