//! SELECT_MFA_TYPE: the user has several MFA methods on and none preferred; a digit picks the
//! one to use now (Enter the first).

use crate::auth::{Answer, Challenge, SelectMfaChallenge};
use crate::tui::action::Action;
use crate::tui::effect::Call;
use crate::tui::keys;
use crate::tui::screens::{Arrival, Ctx, Screen};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, mfa, status, title};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct SelectMfa {
    challenge: SelectMfaChallenge,
}

impl SelectMfa {
    pub fn new(challenge: SelectMfaChallenge) -> Self {
        Self { challenge }
    }

    fn pick(&self, index: usize, cx: &mut Ctx) {
        let Some(method) = self.challenge.options.get(index).copied() else {
            return;
        };
        cx.call(
            status::CHECKING_CODE,
            Call::Respond {
                challenge: Box::new(Challenge::SelectMfaType(self.challenge.clone())),
                answer: Answer::Method(method),
            },
        );
    }
}

impl Screen for SelectMfa {
    fn title(&self) -> &'static str {
        title::SELECT_MFA
    }

    fn footer(&self) -> &'static str {
        footer::SELECT_MFA
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        keys::form(k)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            Action::Submit => self.pick(0, cx),
            Action::Input(c) => {
                if let Some(d) = c.to_digit(10).filter(|d| *d >= 1) {
                    self.pick(d as usize - 1, cx);
                }
            }
            _ => {}
        }
    }

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        cx.say(StatusKind::Info, mfa::SELECT);
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let mut lines = vec![Line::from(Span::styled(mfa::SELECT, t.guidance)), Line::from("")];
        for (i, m) in self.challenge.options.iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}  ", i + 1), t.title),
                Span::styled(mfa::method_name(*m), t.input),
            ]));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }
}
