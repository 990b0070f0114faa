//! Sign in: username and masked password (SRP).

use crate::tui::app::App;
use crate::tui::strings::screen;
use crate::tui::widgets::form::FormView;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let [intro, _, form, _, more] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(app.sign_in.height()),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(Span::styled(screen::SIGN_IN_INTRO, t.guidance))
        .wrap(Wrap { trim: true })
        .render(intro, buf);
    FormView {
        form: &app.sign_in,
        theme: t,
        active: app.busy.is_none(),
        label_width: 20,
    }
    .render(form, buf);
    Paragraph::new(Span::styled(screen::SIGN_IN_NEW, t.muted))
        .wrap(Wrap { trim: true })
        .render(more, buf);
}
