//! The status bar: a spinner and what is running (Esc cancels), or the last message in plain
//! words, coloured by kind; the profile on the right.

use super::spinner;
use crate::tui::app::App;
use crate::tui::shared::StatusKind;
use crate::tui::strings::status;
use crate::tui::text::printable;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub struct StatusBar<'a> {
    pub app: &'a App,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = &self.app.shared;
        let t = &app.theme;
        let right = app
            .active
            .as_ref()
            .map(|p| format!(" {} ", p.name))
            .unwrap_or_default();
        let rw = (right.chars().count() as u16).min(area.width / 3);
        let left = Rect::new(area.x, area.y, area.width.saturating_sub(rw), 1);
        let line = match (app.busy(), &app.status) {
            (Some(label), _) => Line::from(vec![
                Span::styled(format!(" {} ", spinner::glyph(app.frame)), t.alert_info),
                Span::styled(format!("{label}…"), t.alert_info),
                Span::styled(format!("  {}", status::ESC_CANCELS), t.muted),
            ]),
            (None, Some(s)) => {
                let (icon, style) = match s.kind {
                    StatusKind::Info => ("ℹ", t.alert_info),
                    StatusKind::Success => ("✓", t.success),
                    StatusKind::Warn => ("!", t.alert_warn),
                    StatusKind::Error => ("✗", t.alert_error),
                };
                Line::from(Span::styled(
                    format!(" {icon} {}", printable(&s.text)),
                    style,
                ))
            }
            (None, None) => Line::from(""),
        };
        Paragraph::new(line).render(left, buf);
        Paragraph::new(Span::styled(right, t.title)).render(
            Rect::new(area.right().saturating_sub(rw), area.y, rw, 1),
            buf,
        );
    }
}
