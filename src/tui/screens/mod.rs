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

use super::policy::PasswordPolicy;
use super::theme::Theme;
use ratatui::text::{Line, Span};

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
