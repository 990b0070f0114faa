//! The help overlay: the keys of the current screen, then the form and global keys.

use super::Screen;
use crate::tui::app::App;
use crate::tui::strings::{self, help, title};
use crate::tui::widgets::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

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
    // Top and bottom rows stay free inside the border when there is room for them.
    let pad = u16::from(area.height >= list.len() as u16 + 4);
    let rect = centered(area, 64, list.len() as u16 + 2 + 2 * pad);
    let visible = rect.height.saturating_sub(2 + 2 * pad) as usize;
    let last = list.len().saturating_sub(visible);
    app.help_last.set(last);
    let top = app.help_top.min(last);
    let bottom = if last == 0 {
        strings::screen::HELP_CLOSE.to_owned()
    } else {
        strings::screen::help_scroll(top + 1, (top + visible).min(list.len()), list.len())
    };
    crate::tui::widgets::clear(rect, buf, t);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", title::HELP), t.title))
        .title_bottom(Span::styled(bottom, t.muted))
        .border_style(t.border_focused);
    let inner = block.inner(rect);
    block.render(rect, buf);
    let lines: Vec<Line> = list
        .into_iter()
        .skip(top)
        .take(visible)
        .map(|(k, what)| {
            let line = Line::from(vec![
                Span::styled(format!(" {k:<16}"), t.border_focused),
                Span::styled(what, t.guidance),
            ]);
            crate::tui::text::fit_line(line, inner.width)
        })
        .collect();
    Paragraph::new(lines).render(inner.inner(ratatui::layout::Margin::new(0, pad)), buf);
}

/// The message history overlay: the newest messages first, each wrapped, with its time.
pub fn render_history(shared: &crate::tui::shared::Shared, area: Rect, buf: &mut Buffer) {
    use crate::tui::shared::StatusKind;
    use crate::tui::text::{printable, wrap};
    let t = &shared.theme;
    let rect = centered(area, area.width.saturating_sub(4).min(90), area.height);
    crate::tui::widgets::clear(rect, buf, t);
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", title::HISTORY), t.title))
        .title_bottom(Span::styled(strings::screen::HELP_CLOSE, t.muted))
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
