//! AWS credentials from the profile's identity pool: the identity, the role, the expiry
//! counting down; `r` gets new ones, `y` copies them as `export` lines (OSC 52), `w` writes
//! them to `~/.aws/credentials` under a name it asks for, `p` shows the `credential_process`
//! line for `~/.aws/config`. The app holds only their description; the keys stay in the worker.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::tui::action::{Action, CredsView, Outcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{creds as words, footer, help, title};
use crate::tui::text::{printable, wrap};
use crate::tui::widgets::form::{Field, Form, FormView};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

#[derive(Debug, Default)]
pub struct Credentials {
    view: Option<CredsView>,
    /// Why there are none (no identity pool, the pool's setup), shown on the screen.
    problem: Option<String>,
    /// Asking for the AWS profile name to write.
    naming: Option<Form>,
    /// The `credential_process` lines are shown.
    process: bool,
}

impl Credentials {
    fn fetch(&mut self, cx: &mut Ctx, refresh: bool) {
        let username = cx.shared.username();
        cx.call(words::GETTING, Call::Credentials { username, refresh });
    }
}

/// The AWS profile the `credential_process` lines name: `cogtui-<profile>`.
fn aws_profile(shared: &Shared) -> String {
    shared
        .active
        .as_ref()
        .map_or_else(|| "cogtui".into(), |p| format!("cogtui-{}", p.name))
}

impl Screen for Credentials {
    fn title(&self) -> &'static str {
        title::CREDS
    }

    fn footer(&self) -> &'static str {
        if self.naming.is_some() {
            footer::CREDS_NAMING
        } else {
            footer::CREDS
        }
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::CREDS
    }

    fn form(&self) -> Option<&Form> {
        self.naming.as_ref()
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        if self.naming.is_some() {
            return keys::form(k);
        }
        Some(match k.code {
            KeyCode::Char('y') => Action::CopyCredentials,
            KeyCode::Char('w') => Action::AskAwsProfile,
            KeyCode::Char('p') => Action::ToggleProcessLine,
            KeyCode::Char('c') => Action::CopyProcessLines,
            KeyCode::Char('r') => Action::Refresh,
            KeyCode::Esc | KeyCode::Char('b') => Action::Back,
            KeyCode::Char('?') => Action::ToggleHelp,
            KeyCode::Char('m') => Action::ToggleHistory,
            KeyCode::Char('q') => Action::Quit,
            _ => return None,
        })
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        if let Some(form) = self.naming.as_mut() {
            match action {
                Action::Back => self.naming = None,
                Action::Submit => {
                    if !forms::require_all(form) {
                        return;
                    }
                    let name = form.get("name").trim().to_owned();
                    let username = cx.shared.username();
                    cx.call(words::WRITING, Call::WriteAwsProfile { username, name });
                }
                a => {
                    forms::edit(form, &a);
                }
            }
            return;
        }
        match action {
            Action::Back => cx.go(ScreenId::Home, Arrival::Plain),
            Action::Refresh => self.fetch(cx, true),
            Action::CopyCredentials => {
                let username = cx.shared.username();
                cx.call(words::COPYING, Call::CopyCredentials { username });
            }
            Action::AskAwsProfile if self.view.is_some() => {
                let mut form = Form::new(vec![
                    Field::new("name", words::PROFILE_NAME).hint(words::PROFILE_HINT),
                ]);
                form.set("name", &aws_profile(cx.shared));
                self.naming = Some(form);
            }
            Action::ToggleProcessLine if self.view.is_some() => self.process = !self.process,
            Action::CopyProcessLines if self.process => {
                if let Some(v) = &self.view {
                    let text = words::process_lines(&aws_profile(cx.shared), &v.process_command)
                        .join("\n");
                    cx.call(words::COPYING_PROCESS, Call::CopyText { text });
                }
            }
            _ => {}
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        let left = |at: i64, now: i64| words::they_expire(at - now);
        match outcome {
            Outcome::Credentials(v) => {
                let text = words::got(v.cached, &left(v.expires_at, cx.shared.now));
                cx.say(StatusKind::Success, text);
                self.problem = None;
                self.view = Some(*v);
                None
            }
            Outcome::TextCopied => {
                cx.say(StatusKind::Success, words::PROCESS_COPIED);
                None
            }
            Outcome::CredentialsCopied { expires_at } => {
                cx.say(
                    StatusKind::Success,
                    words::copied(&left(expires_at, cx.shared.now)),
                );
                None
            }
            Outcome::AwsProfileWritten {
                name,
                path,
                expires_at,
            } => {
                self.naming = None;
                let text = words::written(&name, &path, &left(expires_at, cx.shared.now));
                cx.say(StatusKind::Success, text);
                None
            }
            Outcome::Failed(f) => {
                // A refused name stays to be corrected; anything else is the screen's problem.
                match self.naming.as_mut().and_then(|n| n.field_mut("name")) {
                    Some(field) => field.problem = Some(f.message.clone()),
                    None => self.problem = Some(f.message.clone()),
                }
                Some(Outcome::Failed(f))
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        *self = Self::default();
        self.fetch(cx, false);
    }

    fn leave(&mut self) {
        self.naming = None;
    }

    fn live(&self) -> bool {
        self.view.is_some()
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let details = match (&self.naming, &self.view) {
            (None, Some(v)) => Some(self.details(shared, v, area.width, area.height.into())),
            _ => None,
        };
        // The intro gives way first in a short window: the details are what the screen is for.
        let mut intro_h = (wrap(words::INTRO, area.width as usize).len() as u16).min(2);
        let crowded = details
            .as_ref()
            .is_some_and(|d| d.len() as u16 + intro_h + 1 > area.height);
        if crowded || self.naming.is_some() {
            intro_h = 0;
        }
        let [intro, _, body] = Layout::vertical([
            Constraint::Length(intro_h),
            Constraint::Length(u16::from(intro_h > 0)),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Span::styled(words::INTRO, t.guidance))
            .wrap(Wrap { trim: true })
            .render(intro, buf);

        if let Some(form) = &self.naming {
            let about_h = wrap(words::NAMING_INTRO, body.width as usize).len() as u16;
            let [about, _, form_area] = Layout::vertical([
                Constraint::Length(about_h),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(body);
            Paragraph::new(Span::styled(words::NAMING_INTRO, t.guidance))
                .wrap(Wrap { trim: true })
                .render(about, buf);
            FormView {
                form,
                theme: t,
                active: shared.busy().is_none(),
                label_width: 18,
            }
            .render(form_area, buf);
            return;
        }
        match details {
            Some(lines) => Paragraph::new(lines).render(body, buf),
            None => {
                let text = self.problem.as_deref().map_or_else(
                    || Span::styled(words::NONE_YET, t.muted),
                    |p| Span::styled(printable(p), t.alert_error),
                );
                Paragraph::new(text)
                    .wrap(Wrap { trim: true })
                    .render(body, buf);
            }
        }
    }
}

/// Width of the names column.
const NAMES: usize = 16;

/// One `name  value` row; a value too long for the line goes on under itself, never cut (an id
/// is copied by hand from here).
fn row<'a>(name: &'static str, value: &str, t: Style, names: Style, width: u16) -> Vec<Line<'a>> {
    let room = usize::from(width).saturating_sub(NAMES).max(8);
    wrap(&printable(value), room)
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let label = if i == 0 { name } else { "" };
            Line::from(vec![
                Span::styled(format!("{label:<NAMES$}"), names),
                Span::styled(part, t),
            ])
        })
        .collect()
}

impl Credentials {
    /// The credentials' description, the actions or the `credential_process` lines, at `width`.
    fn details<'a>(
        &self,
        shared: &Shared,
        v: &CredsView,
        width: u16,
        height: usize,
    ) -> Vec<Line<'a>> {
        let t = &shared.theme;
        let left = v.expires_at - shared.now;
        let expiry_style = if left <= 0 {
            t.alert_error
        } else if left < 300 {
            t.alert_warn
        } else {
            t.success
        };
        let mut lines = Vec::new();
        lines.extend(row(words::POOL, &v.identity_pool_id, t.guidance, t.muted, width));
        lines.extend(row(words::IDENTITY, &v.identity_id, t.title, t.muted, width));
        lines.extend(row(words::ROLE, &v.role, t.guidance, t.muted, width));
        lines.extend(row(words::KEY, &v.access_key_id, t.guidance, t.muted, width));
        lines.push(Line::from(vec![
            Span::styled(format!("{:<NAMES$}", words::EXPIRES), t.muted),
            Span::styled(words::countdown(left), expiry_style),
            Span::styled(if v.cached { words::CACHED } else { "" }, t.muted),
        ]));
        lines.push(Line::from(""));
        let width = usize::from(width);
        if self.process && height < lines.len() + 6 {
            // The lines to paste matter more here than the ids above them.
            lines.drain(..lines.len() - 2);
        }
        if self.process {
            for l in wrap(words::PROCESS_INTRO, width) {
                lines.push(Line::from(Span::styled(l, t.guidance)));
            }
            // The lines to paste are wrapped, never cut: every character counts.
            let mut wrapped = false;
            for l in words::process_lines(&aws_profile(shared), &v.process_command) {
                let parts = wrap(&l, width);
                wrapped |= parts.len() > 1;
                for part in parts {
                    lines.push(Line::from(Span::styled(part, t.title)));
                }
            }
            if wrapped {
                for l in wrap(words::PROCESS_ONE_LINE, width) {
                    lines.push(Line::from(Span::styled(l, t.muted)));
                }
            }
        } else {
            for l in wrap(words::ACTIONS, width) {
                lines.push(Line::from(Span::styled(l, t.border_focused)));
            }
        }
        lines
    }
}
