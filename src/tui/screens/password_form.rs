//! The shape of every screen that sets a password: an intro, the form, and the pool's policy
//! as a checklist under it.

use crate::tui::policy::PasswordPolicy;
use crate::tui::shared::Shared;
use crate::tui::text::wrap;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{Form, FormView};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Draws `form` under `intro`, with the policy checked against `password_field` as it is typed.
/// In a short window the form and the policy's rules come first: the intro, the blank rows
/// and the policy's title give way, in that order, so nothing a person needs is cut.
pub fn render(
    shared: &Shared,
    area: Rect,
    buf: &mut Buffer,
    intro: &'static str,
    form: &Form,
    password_field: &str,
) {
    let t = &shared.theme;
    let mut policy = policy_lines(&shared.policy, form.get(password_field), t, area.width);
    let form_h = form.height();
    let mut spare = area.height.saturating_sub(form_h + policy.len() as u16);
    if spare == 0 && area.height < form_h + policy.len() as u16 {
        // The rules matter more than their title.
        policy.remove(0);
    }
    let intro_h = (wrap(intro, area.width as usize).len() as u16)
        .min(2)
        .min(spare);
    spare -= intro_h;
    let gap_intro = u16::from(intro_h > 0 && spare > 0);
    spare -= gap_intro;
    let gap_policy = u16::from(spare > 0);
    let [intro_area, _, form_area, _, policy_area] = Layout::vertical([
        Constraint::Length(intro_h),
        Constraint::Length(gap_intro),
        Constraint::Length(form_h),
        Constraint::Length(gap_policy),
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
        label_width: 18,
    }
    .render(form_area, buf);
    Paragraph::new(policy).render(policy_area, buf);
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
        label_width: 18,
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
