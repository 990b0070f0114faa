//! Drawing the whole app from `&App`: header, the screen in a card, key reminders, status bar,
//! and the overlays (help, dialog). A window too small gets a message instead.

use super::app::App;
use super::screens;
use super::strings::{self, footer};
use super::text::{fit_line, printable};
use super::widgets::confirm::ConfirmDialog;
use super::widgets::status_bar::{self, StatusBar};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// The smallest window the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

fn footer_text(app: &App) -> &'static str {
    match app.busy() {
        Some(_) => footer::BUSY,
        None => app.current().footer(),
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.shared.theme;
        let screen = self.current();
        // The theme's own background under everything: its colours were chosen against it.
        buf.set_style(area, t.background);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = vec![
                Line::from(Span::styled(strings::TOO_SMALL, t.alert_warn)),
                Line::from(strings::screen::too_small(
                    area.width,
                    area.height,
                    MIN_WIDTH,
                    MIN_HEIGHT,
                )),
            ];
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .alignment(Alignment::Center)
                .render(area, buf);
            return;
        }
        let status_height = status_bar::height(&self.shared, area.width);
        let [header, body, hints, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(status_height),
        ])
        .areas(area);

        let mut head = vec![Span::styled(format!(" {} ", strings::APP), t.title)];
        if let Some(p) = &self.shared.active {
            head.push(Span::styled(format!("▸ {} ", printable(&p.name)), t.muted));
        }
        head.push(Span::styled(format!("▸ {}", screen.title()), t.guidance));
        Paragraph::new(fit_line(Line::from(head), header.width)).render(header, buf);

        let width = body.width.saturating_sub(2).min(84);
        let card = Rect::new(
            body.x + (body.width - width) / 2,
            body.y,
            width,
            body.height,
        );
        let block = Block::bordered()
            .title(Span::styled(format!(" {} ", screen.title()), t.title))
            .border_style(if self.help || self.shared.dialog.is_some() {
                t.border
            } else {
                t.border_focused
            });
        // A row above and below the screen when there is room; none in a short window.
        let pad = u16::from(card.height >= 16);
        let inner = block.inner(card).inner(Margin::new(2, pad));
        block.render(card, buf);
        screen.render(&self.shared, inner, buf);

        let keys = fit_footer(footer_text(self), hints.width.saturating_sub(1) as usize);
        Paragraph::new(Span::styled(format!(" {keys}"), t.muted)).render(hints, buf);
        StatusBar { app: self }.render(status, buf);

        if let Some(d) = &self.shared.dialog {
            ConfirmDialog {
                title: d.title,
                question: &d.question,
                theme: t,
            }
            .render(body, buf);
        }
        if self.help {
            screens::help::render(self, body, buf);
        } else if self.shared.show_history {
            screens::help::render_history(&self.shared, body, buf);
        }
    }
}

/// The key reminder cut to `width`: the keys that say how to get help and how to leave are
/// always kept (they come last); others are dropped from the end until the rest fits.
pub fn fit_footer(text: &str, width: usize) -> String {
    const SEP: &str = " · ";
    let parts: Vec<&str> = text.split(SEP).collect();
    let keep = |p: &&str| p.contains("help") || p.contains("quit");
    let mut chosen: Vec<&str> = parts.clone();
    let len = |v: &[&str]| v.join(SEP).chars().count();
    while len(&chosen) > width {
        match chosen.iter().rposition(|p| !keep(p)) {
            Some(i) => {
                chosen.remove(i);
            }
            None => break,
        }
    }
    let out = chosen.join(SEP);
    if out.chars().count() > width {
        super::text::ellipsize(&out, width)
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_keeps_help_and_quit_at_any_width() {
        let f = fit_footer(crate::tui::strings::footer::HOME, 58);
        assert!(f.contains("? help") && f.contains("q quit"), "{f}");
        assert!(f.chars().count() <= 58);
        let f = fit_footer(crate::tui::strings::footer::SIGN_IN, 58);
        assert!(f.contains("F1 help"), "{f}");
        assert_eq!(fit_footer("a · b", 80), "a · b");
    }
}
