//! The help overlay: the keys of the current screen, then the form and global keys.

use super::Screen;
use crate::tui::app::App;
use crate::tui::strings::{help, title};
use crate::tui::widgets::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// The (keys, meaning) pairs listed for a screen.
pub fn entries(screen: &dyn Screen) -> Vec<(&'static str, &'static str)> {
    let form: &[(&str, &str)] = match screen.form() {
        Some(_) => help::FORM,
        None => &[],
    };
    screen
        .help()
        .iter()
        .chain(form)
        .chain(help::GLOBAL)
        .copied()
        .collect()
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.shared.theme;
    let list = entries(app.current());
    let rect = centered(area, 64, list.len() as u16 + 4);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", title::HELP), t.title))
        .title_bottom(Span::styled(" Esc closes ", t.muted))
        .border_style(t.border_focused);
    let inner = block.inner(rect);
    block.render(rect, buf);
    let lines: Vec<Line> = list
        .into_iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<16}"), t.border_focused),
                Span::styled(what, t.guidance),
            ])
        })
        .collect();
    Paragraph::new(lines).render(inner.inner(ratatui::layout::Margin::new(0, 1)), buf);
}

/// The message history overlay: the newest messages first, each wrapped, with its time.
pub fn render_history(shared: &crate::tui::shared::Shared, area: Rect, buf: &mut Buffer) {
    use crate::tui::shared::StatusKind;
    use crate::tui::text::{printable, wrap};
    let t = &shared.theme;
    let rect = centered(area, area.width.saturating_sub(4).min(90), area.height);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", title::HISTORY), t.title))
        .title_bottom(Span::styled(" Esc closes ", t.muted))
        .border_style(t.border_focused);
    let inner = block.inner(rect);
    block.render(rect, buf);
    let mut lines: Vec<Line> = Vec::new();
    if shared.history.is_empty() {
        lines.push(Line::from(Span::styled(
            crate::tui::strings::screen::NO_HISTORY,
            t.muted,
        )));
    }
    let width = inner.width.saturating_sub(12) as usize;
    for (at, s) in shared.history.iter().rev() {
        let style = match s.kind {
            StatusKind::Info => t.alert_info,
            StatusKind::Success => t.success,
            StatusKind::Warn => t.alert_warn,
            StatusKind::Error => t.alert_error,
        };
        for (i, l) in wrap(&printable(&s.text), width).into_iter().enumerate() {
            let stamp = if i == 0 {
                crate::tui::text::clock(*at)
            } else {
                String::new()
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {stamp:<9} "), t.muted),
                Span::styled(l, style),
            ]));
        }
        if lines.len() >= inner.height as usize {
            break;
        }
    }
    Paragraph::new(lines).render(inner, buf);
}
