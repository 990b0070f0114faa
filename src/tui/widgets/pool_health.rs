//! The pool-health panel of the profile screen: the pool doctor's findings on one profile
//! (worst first, each with its fix), the check in progress, or why it could not be made.

use crate::doctor::{Report, Severity};
use crate::tui::strings::health;
use crate::tui::text::{printable, wrap};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use std::cell::Cell;

/// What the panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthState {
    /// The worker is reading the pool.
    Checking,
    /// The check could not be made (no credentials, no pool…): what to do next.
    Failed(String),
    Ready(Box<Report>),
}

/// The panel: which profile, what it shows, how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthPanel {
    pub profile: String,
    pub state: HealthState,
    pub top: u16,
    /// The rows the text took and the rows shown at the last frame, so scrolling stops at
    /// the end.
    drawn: Cell<(u16, u16)>,
}

impl HealthPanel {
    pub fn checking(profile: &str) -> Self {
        Self {
            profile: profile.to_owned(),
            state: HealthState::Checking,
            top: 0,
            drawn: Cell::new((0, 0)),
        }
    }

    pub fn is_checking(&self) -> bool {
        self.state == HealthState::Checking
    }

    /// Scrolls by `by` rows, as far as the last row of the text shows at the bottom.
    pub fn scroll(&mut self, by: i32) {
        let (rows, shown) = self.drawn.get();
        let last = rows.saturating_sub(shown);
        let top = i64::from(self.top) + i64::from(by);
        self.top = top.clamp(0, i64::from(last)) as u16;
    }

    fn lines(&self, t: &Theme, busy: bool) -> Vec<Line<'static>> {
        match &self.state {
            HealthState::Checking if busy => vec![Line::styled(health::CHECKING, t.muted)],
            HealthState::Checking => vec![Line::styled(health::STOPPED, t.alert_warn)],
            HealthState::Failed(m) => vec![
                Line::styled(health::FAILED, t.alert_error),
                Line::styled(printable(m), t.alert_error),
            ],
            HealthState::Ready(r) => report_lines(r, t),
        }
    }

    pub fn render(&self, t: &Theme, busy: bool, area: Rect, buf: &mut Buffer) {
        let title = format!(" {} · {} ", health::TITLE, printable(&self.profile));
        let block = Block::default()
            .borders(Borders::TOP)
            .border_style(t.border)
            .title(Span::styled(title, t.title));
        let lines = self.lines(t, busy);
        let width = usize::from(area.width.max(1));
        let rows: usize = lines
            .iter()
            .map(|l| {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                wrap(&text, width).len().max(1)
            })
            .sum();
        let shown = area.height.saturating_sub(1);
        self.drawn
            .set((u16::try_from(rows).unwrap_or(u16::MAX), shown));
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((self.top, 0))
            .render(area, buf);
    }
}

fn report_lines(r: &Report, t: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::styled(
        health::summary(
            r.count(Severity::Error),
            r.count(Severity::Warning),
            r.count(Severity::Info),
            r.sampled_users,
        ),
        if r.healthy() { t.success } else { t.guidance },
    )];
    for f in &r.findings {
        let (label, style) = match f.severity {
            Severity::Error => (health::ERROR, t.alert_error),
            Severity::Warning => (health::WARNING, t.alert_warn),
            Severity::Info => (health::NOTE, t.alert_info),
        };
        out.push(Line::raw(""));
        out.push(Line::from(vec![
            Span::styled(label, style),
            Span::styled(printable(&f.title), t.title),
            Span::styled(format!("  [{}]", f.id), t.muted),
        ]));
        out.push(Line::raw(printable(&f.detail)));
        out.push(Line::from(vec![
            Span::styled(health::FIX, t.guidance),
            Span::raw(printable(&f.fix)),
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Finding;

    #[test]
    fn scrolling_stops_when_the_last_row_shows() {
        let long = "word ".repeat(40);
        let report = Report::new(
            "p".into(),
            "c".into(),
            0,
            vec![Finding::new("x", Severity::Error, "t", long.as_str(), "f")],
        );
        let mut p = HealthPanel::checking("dev");
        p.state = HealthState::Ready(Box::new(report));
        let theme = Theme::built_in("default").unwrap();
        let area = Rect::new(0, 0, 20, 6);
        p.render(&theme, false, area, &mut Buffer::empty(area));
        p.scroll(-3);
        assert_eq!(p.top, 0);
        p.scroll(100);
        // 200 characters in 20 columns: 10 rows of detail, 5 others; 5 rows shown.
        let (rows, shown) = p.drawn.get();
        assert_eq!(shown, 5);
        assert!(rows >= 14, "{rows}");
        assert_eq!(p.top, rows - shown);
    }
}
