//! A yes/no dialog drawn over the screen.

use super::centered;
use crate::tui::strings::screen;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

pub struct ConfirmDialog<'a> {
    pub title: &'a str,
    pub question: &'a str,
    pub theme: &'a Theme,
}

impl Widget for ConfirmDialog<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // A short question keeps the usual box; a long one (an admin action described in
        // full) makes it wider and taller, up to the area, and is never cut off.
        let long = self.question.chars().count() > 3 * 50;
        let width = if long { 72.min(area.width) } else { 56 };
        let rows = crate::tui::text::wrap(self.question, usize::from(width.saturating_sub(4))).len()
            as u16;
        let rect = centered(area, width, (rows + 4).max(7));
        super::clear(rect, buf, self.theme);
        let block = Block::bordered()
            .title(Span::styled(
                format!(" {} ", self.title),
                self.theme.alert_warn,
            ))
            .border_style(self.theme.border_focused);
        let inner = block.inner(rect);
        block.render(rect, buf);
        let text = vec![
            Line::from(crate::tui::text::printable(self.question)),
            Line::from(""),
            Line::from(Span::styled(screen::DIALOG_KEYS, self.theme.guidance)),
        ];
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(inner, buf);
    }
}
