//! The shape of every screen that sets a password: an intro, the form, and the pool's policy
//! as a checklist under it.

use crate::tui::policy::PasswordPolicy;
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Form, FormView};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Draws `form` under `intro`, with the policy checked against `password_field` as it is typed.
pub fn render(
    shared: &Shared,
    area: Rect,
    buf: &mut Buffer,
    intro: &'static str,
    form: &Form,
    password_field: &str,
) {
    let t = &shared.theme;
    let [intro_area, form_area, _, policy] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(form.height()),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    Paragraph::new(Span::styled(intro, t.guidance))
        .wrap(Wrap { trim: true })
        .render(intro_area, buf);
    FormView {
        form,
        theme: t,
        active: shared.busy().is_none(),
        label_width: 20,
    }
    .render(form_area, buf);
    Paragraph::new(policy_lines(
        &shared.policy,
        form.get(password_field),
        t,
        policy.width,
    ))
    .render(policy, buf);
}

/// Draws `form` under `intro`, without a policy (no password is being chosen).
pub fn render_plain(
    shared: &Shared,
    area: Rect,
    buf: &mut Buffer,
    intro: &'static str,
    form: &Form,
) {
    let t = &shared.theme;
    let [intro_area, form_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    Paragraph::new(Span::styled(intro, t.guidance))
        .wrap(Wrap { trim: true })
        .render(intro_area, buf);
    FormView {
        form,
        theme: t,
        active: shared.busy().is_none(),
        label_width: 20,
    }
    .render(form_area, buf);
}

/// The policy as a checklist, ✓ or ✗ per rule for the password typed so far.
pub fn policy_lines<'a>(policy: &PasswordPolicy, pw: &str, t: &Theme, width: u16) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(Span::styled(
        crate::tui::strings::screen::POLICY,
        t.muted,
    ))];
    let mut line: Vec<Span> = Vec::new();
    let mut used = 0usize;
    for c in policy.checks(pw) {
        let (mark, style) = if c.met {
            ("✓", t.success)
        } else {
            ("✗", t.muted)
        };
        let text = format!("{mark} {}   ", c.rule);
        let len = text.chars().count();
        if used + len > width as usize && !line.is_empty() {
            lines.push(Line::from(std::mem::take(&mut line)));
            used = 0;
        }
        used += len;
        line.push(Span::styled(text, style));
    }
    if !line.is_empty() {
        lines.push(Line::from(line));
    }
    lines
}
