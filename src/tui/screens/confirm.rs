//! Confirm the account with the code it was sent (email, or the local pool's outbox).

use crate::tui::app::App;
use crate::tui::strings::screen;
use crate::tui::widgets::form::FormView;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let [intro, _, form] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(Span::styled(screen::CONFIRM_INTRO, t.guidance))
        .wrap(Wrap { trim: true })
        .render(intro, buf);
    FormView {
        form: &app.confirm,
        theme: t,
        active: app.busy.is_none(),
        label_width: 20,
    }
    .render(form, buf);
}
