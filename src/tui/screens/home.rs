//! The account home: who is signed in, the token's expiry counting down, the attributes.

use crate::tui::app::App;
use crate::tui::strings::screen;
use crate::tui::widgets::table::TableView;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Attributes whose values are not shown (none today; the list is where one would go).
const HIDDEN: &[&str] = &[];

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let Some(s) = &app.session else { return };
    let [who, _, attrs] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let remaining = s.remaining(app.now);
    let expiry_style = if remaining <= 0 {
        t.alert_error
    } else if remaining < 300 {
        t.alert_warn
    } else {
        t.success
    };
    let pool = app
        .active
        .as_ref()
        .map(|p| p.user_pool_id.clone())
        .unwrap_or_default();
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<16}", screen::HOME_SIGNED_IN), t.muted),
            Span::styled(s.username.clone(), t.title),
            Span::styled(
                s.email
                    .as_ref()
                    .map(|e| format!("  <{e}>"))
                    .unwrap_or_default(),
                t.guidance,
            ),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<16}", screen::HOME_EXPIRES), t.muted),
            Span::styled(screen::expires(remaining), expiry_style),
        ]),
        Line::from(vec![
            Span::styled(format!("{:<16}", "User pool"), t.muted),
            Span::styled(pool, t.guidance),
        ]),
    ];
    Paragraph::new(lines).render(who, buf);
    let rows: Vec<Vec<String>> = if s.attributes.is_empty() {
        vec![vec![screen::HOME_NO_ATTRIBUTES.into(), String::new()]]
    } else {
        s.attributes
            .iter()
            .filter(|(k, _)| !HIDDEN.contains(&k.as_str()))
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect()
    };
    TableView {
        header: &[screen::HOME_ATTRIBUTES, ""],
        rows,
        widths: &[Constraint::Length(22), Constraint::Min(10)],
        selected: None,
        theme: t,
    }
    .render(attrs, buf);
}
