//! The ID token's claims, decoded and scrollable (never the token itself).

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::tui::action::Action;
use crate::tui::shared::Shared;
use crate::tui::strings::{footer, help, screen, title};
use crate::tui::widgets::table::TableView;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::cell::Cell;

/// Rows a page scroll moves.
const PAGE: i32 = 10;

#[derive(Debug, Default)]
pub struct Claims {
    claims: Vec<(String, String)>,
    /// The first row shown.
    top: usize,
    /// Rows the last frame had room for, so scrolling stops at the end.
    room: Cell<usize>,
}

impl Screen for Claims {
    fn title(&self) -> &'static str {
        title::CLAIMS
    }

    fn footer(&self) -> &'static str {
        footer::CLAIMS
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::CLAIMS
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        Some(match k.code {
            KeyCode::Up | KeyCode::Char('k') => Action::Scroll(-1),
            KeyCode::Down | KeyCode::Char('j') => Action::Scroll(1),
            KeyCode::PageUp => Action::Scroll(-PAGE),
            KeyCode::PageDown | KeyCode::Char(' ') => Action::Scroll(PAGE),
            KeyCode::Esc | KeyCode::Char('b') => Action::Back,
            KeyCode::Char('?') => Action::ToggleHelp,
            KeyCode::Char('m') => Action::ToggleHistory,
            KeyCode::Char('q') => Action::Quit,
            _ => return None,
        })
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            Action::Back => cx.go(ScreenId::Home, Arrival::Plain),
            Action::Scroll(by) | Action::Wheel(by) => {
                let last = self.claims.len().saturating_sub(self.room.get().max(1));
                self.top = (self.top as i64 + i64::from(by)).clamp(0, last as i64) as usize;
            }
            _ => {}
        }
    }

    fn enter(&mut self, arrival: Arrival, _cx: &mut Ctx) {
        if let Arrival::Claims(list) = arrival {
            self.claims = list;
            self.top = 0;
        }
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let [intro, _, table] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Span::styled(screen::CLAIMS_INTRO, t.guidance))
            .wrap(Wrap { trim: true })
            .render(intro, buf);
        // One row is the header.
        self.room.set(table.height.saturating_sub(1) as usize);
        let rows = self
            .claims
            .iter()
            .skip(self.top)
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        TableView {
            header: &["Claim", "Value"],
            rows,
            widths: &[Constraint::Length(22), Constraint::Min(10)],
            selected: None,
            theme: t,
        }
        .render(table, buf);
    }
}
