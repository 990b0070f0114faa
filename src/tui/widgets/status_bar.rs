//! The status bar: a spinner and what is running (Esc cancels), or the last message in plain
//! words, coloured by kind and wrapped over as many lines as the app gives it; the profile on
//! the right.

use super::spinner;
use crate::tui::app::App;
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::status;
use crate::tui::text::{ellipsize, printable, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The most lines a message takes.
pub const MAX_LINES: u16 = 4;

pub struct StatusBar<'a> {
    pub app: &'a App,
}

fn right(app: &Shared) -> String {
    app.active
        .as_ref()
        .map(|p| format!(" {} ", p.name))
        .unwrap_or_default()
}

/// The message's lines at `width` (the profile's name takes the right of the first line).
fn message_lines(app: &Shared, width: u16) -> Option<(Vec<String>, Style)> {
    if app.busy().is_some() {
        return None;
    }
    let s = app.status.as_ref()?;
    let t = &app.theme;
    let (icon, style) = match s.kind {
        StatusKind::Info => ("ℹ", t.alert_info),
        StatusKind::Success => ("✓", t.success),
        StatusKind::Warn => ("!", t.alert_warn),
        StatusKind::Error => ("✗", t.alert_error),
    };
    let rw = right(app).chars().count() as u16;
    let text = format!("{icon} {}", printable(&s.text));
    let w = width.saturating_sub(rw + 1).max(10) as usize;
    let mut lines = wrap(&text, w);
    if lines.len() > MAX_LINES as usize {
        // The rest is in the history (F2).
        lines.truncate(MAX_LINES as usize);
        if let Some(last) = lines.last_mut() {
            let room = w.saturating_sub(status::MORE_IN_HISTORY.chars().count() + 1);
            *last = format!("{} {}", ellipsize(last, room), status::MORE_IN_HISTORY);
        }
    }
    Some((lines, style))
}

/// How many lines the status bar needs at `width`.
pub fn height(app: &Shared, width: u16) -> u16 {
    message_lines(app, width).map_or(1, |(l, _)| l.len().max(1) as u16)
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = &self.app.shared;
        let t = &app.theme;
        let right = right(app);
        let rw = (right.chars().count() as u16).min(area.width / 3);
        let left = Rect::new(area.x, area.y, area.width.saturating_sub(rw), area.height);
        let lines: Vec<Line> = match (app.busy(), message_lines(app, area.width)) {
            (Some(label), _) => vec![Line::from(vec![
                Span::styled(format!(" {} ", spinner::glyph(app.frame)), t.alert_info),
                Span::styled(format!("{label}…"), t.alert_info),
                Span::styled(format!("  {}", status::ESC_CANCELS), t.muted),
            ])],
            (None, Some((lines, style))) => lines
                .into_iter()
                .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
                .collect(),
            (None, None) => vec![Line::from("")],
        };
        Paragraph::new(lines).render(left, buf);
        Paragraph::new(Span::styled(right, t.title)).render(
            Rect::new(area.right().saturating_sub(rw), area.y, rw, 1),
            buf,
        );
    }
}
