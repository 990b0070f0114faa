//! The profile picker: profiles from the config, the local pool, and "add a profile".

use crate::tui::app::{App, ProfileRow};
use crate::tui::strings::screen;
use crate::tui::widgets::table::TableView;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let [intro, _, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(Span::styled(screen::PROFILES_INTRO, t.guidance)).render(intro, buf);
    let rows = app
        .rows()
        .into_iter()
        .map(|r| match r {
            ProfileRow::Profile(i) => {
                let p = &app.profiles[i];
                let target = p.endpoint.clone().unwrap_or_else(|| "AWS".into());
                vec![
                    p.name.clone(),
                    p.region.clone(),
                    format!("{} · {}", p.user_pool_id, target),
                ]
            }
            ProfileRow::LocalPool => {
                let note = if app.local_running {
                    screen::LOCAL_POOL_RUNNING
                } else {
                    screen::LOCAL_POOL_NOTE
                };
                vec![screen::LOCAL_POOL.into(), String::new(), note.into()]
            }
            ProfileRow::AddProfile => vec![
                screen::ADD_PROFILE.into(),
                String::new(),
                screen::ADD_PROFILE_NOTE.into(),
            ],
        })
        .collect();
    TableView {
        header: &["  Profile", "Region", "Pool"],
        rows,
        widths: &[
            Constraint::Length(22),
            Constraint::Length(12),
            Constraint::Min(10),
        ],
        selected: Some(app.selected),
        theme: t,
    }
    .render(table, buf);
}
