//! Sign up: username, email, password twice, with the policy checked as you type.

use super::policy_lines;
use crate::tui::app::App;
use crate::tui::strings::screen;
use crate::tui::widgets::form::FormView;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let [intro, form, _, policy] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(app.sign_up.height()),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(Span::styled(screen::SIGN_UP_INTRO, t.guidance))
        .wrap(Wrap { trim: true })
        .render(intro, buf);
    FormView {
        form: &app.sign_up,
        theme: t,
        active: app.busy.is_none(),
        label_width: 20,
    }
    .render(form, buf);
    Paragraph::new(policy_lines(
        &app.policy,
        app.sign_up.get("password"),
        t,
        policy.width,
    ))
    .render(policy, buf);
}
