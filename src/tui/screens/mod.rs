//! One file per screen: each draws itself from `&App` into the body area.

pub mod add_profile;
pub mod change_password;
pub mod confirm;
pub mod help;
pub mod home;
pub mod new_password;
pub mod profiles;
pub mod signin;
pub mod signup;

use super::app::App;
use super::policy::PasswordPolicy;
use super::theme::Theme;
use super::widgets::form::{Form, FormView};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// The shape of every screen that sets a password: an intro, the form, and the pool's policy
/// checked against the `password_field` as it is typed.
pub fn password_form(
    app: &App,
    area: Rect,
    buf: &mut Buffer,
    intro: &'static str,
    form: &Form,
    password_field: &str,
) {
    let t = &app.theme;
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
        active: app.busy.is_none(),
        label_width: 20,
    }
    .render(form_area, buf);
    Paragraph::new(policy_lines(
        &app.policy,
        form.get(password_field),
        t,
        policy.width,
    ))
    .render(policy, buf);
}

/// The policy as a checklist, ✓ or ✗ per rule for the password typed so far.
pub fn policy_lines<'a>(policy: &PasswordPolicy, pw: &str, t: &Theme, width: u16) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(Span::styled(
        super::strings::screen::POLICY,
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
