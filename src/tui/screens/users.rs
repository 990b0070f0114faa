//! The users signed in on the profile: who is current, when each one's access token expires;
//! Enter acts as another, `a` signs in one more.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::auth::SignedInUser;
use crate::tui::action::Action;
use crate::tui::effect::Call;
use crate::tui::keys;
use crate::tui::shared::Shared;
use crate::tui::strings::{footer, help, screen, status, title};
use crate::tui::widgets::table::TableView;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

#[derive(Debug, Default)]
pub struct Users {
    users: Vec<SignedInUser>,
    selected: usize,
}

impl Screen for Users {
    fn title(&self) -> &'static str {
        title::USERS
    }

    fn footer(&self) -> &'static str {
        footer::USERS
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::USERS
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        match k.code {
            KeyCode::Char('a') => Some(Action::Go(ScreenId::SignIn)),
            KeyCode::Esc => Some(Action::Back),
            _ => keys::list(k),
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        if let Some(to) = keys::moved(self.selected, self.users.len(), &action) {
            self.selected = to;
            return;
        }
        match action {
            Action::Back => cx.go(ScreenId::Home, Arrival::Plain),
            Action::Go(to) => cx.go(to, Arrival::Plain),
            Action::Submit => {
                if let Some(u) = self.users.get(self.selected) {
                    let username = u.username.clone();
                    cx.call(status::SWITCHING, Call::SwitchUser { username });
                }
            }
            _ => {}
        }
    }

    fn enter(&mut self, arrival: Arrival, _cx: &mut Ctx) {
        if let Arrival::Users(list) = arrival {
            self.selected = list.iter().position(|u| u.current).unwrap_or(0);
            self.users = list;
        }
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let intro_h = crate::tui::text::wrap(screen::USERS_INTRO, area.width as usize).len() as u16;
        let [intro, _, table] = Layout::vertical([
            Constraint::Length(intro_h.min(2)),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Span::styled(screen::USERS_INTRO, t.guidance))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(intro, buf);
        let rows = self
            .users
            .iter()
            .map(|u| {
                let expiry = u.expires_at.map_or_else(String::new, |e| {
                    screen::expires(e - (shared.now - u.clock_skew))
                });
                let current = if u.current { "current" } else { "" };
                vec![u.username.clone(), current.into(), expiry]
            })
            .collect();
        TableView {
            header: &["  User", "", "Access token"],
            rows,
            // The expiry keeps its room ("expires in 1h 00m 00s"); a long name gives way.
            widths: &[
                Constraint::Min(12),
                Constraint::Length(8),
                Constraint::Length(22),
            ],
            selected: Some(self.selected),
            theme: t,
        }
        .render(table, buf);
    }
}
