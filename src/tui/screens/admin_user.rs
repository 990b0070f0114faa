//! Admin, second step: one user as the pool has them (status, enabled, MFA, devices) and what
//! support staff can do to them: forget a device or all, reset MFA or the password, sign out
//! everywhere, disable or enable. Each asks first in a dialog naming the user and the pool
//! (`admin::Action::describe`); the outcome shows as a message and the user is read again.

use super::admin_users::admin_call;
use super::{Arrival, Ctx, Screen, ScreenId};
use crate::admin::Action as AdminAction;
use crate::tui::action::{Action, Outcome};
use crate::tui::admin_calls::{AdminCall, AdminOutcome, AdminUserView};
use crate::tui::keys;
use crate::tui::shared::{Dialog, Shared, StatusKind};
use crate::tui::strings::{admin as words, screen, status};
use crate::tui::text::{fit_line, printable, wrap};
use crate::tui::widgets::table::TableView;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

#[derive(Debug, Default)]
pub struct AdminUser {
    /// The user as asked for (a username from the search).
    user: String,
    view: Option<AdminUserView>,
    /// The chosen device.
    selected: usize,
    /// Why the last call failed; what was shown stays.
    problem: Option<String>,
}

impl AdminUser {
    fn read(&self, cx: &mut Ctx) {
        let user = self.user.clone();
        admin_call(cx, words::READING, AdminCall::Open { user });
    }

    /// The username the pool knows (the one asked for until the user has been read).
    fn username(&self) -> String {
        self.view
            .as_ref()
            .map_or_else(|| self.user.clone(), |v| v.detail.summary.username.clone())
    }

    /// The admin action a key means, on this user.
    fn action_for(&self, c: char) -> Option<Action> {
        self.view.as_ref()?;
        let user = self.username();
        Some(Action::AskAdmin(match c {
            'f' => match self.view.as_ref()?.devices.get(self.selected) {
                Some(d) => AdminAction::ForgetDevice {
                    user,
                    device_key: d.key.clone(),
                },
                None => return Some(Action::AskForgetDevice),
            },
            'F' => AdminAction::ForgetAllDevices { user },
            'm' => AdminAction::ResetMfa { user },
            'p' => AdminAction::ResetPassword { user },
            'o' => AdminAction::SignOutEverywhere { user },
            'd' => AdminAction::Disable { user },
            'e' => AdminAction::Enable { user },
            _ => return None,
        }))
    }
}

impl Screen for AdminUser {
    fn title(&self) -> &'static str {
        words::TITLE_USER
    }

    fn footer(&self) -> &'static str {
        words::FOOTER_USER
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        words::HELP_USER
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        match k.code {
            KeyCode::Char(c @ ('f' | 'F' | 'm' | 'p' | 'o' | 'd' | 'e')) => self.action_for(c),
            KeyCode::Char('r') => Some(Action::Refresh),
            KeyCode::Esc => Some(Action::Back),
            _ => keys::list(k),
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        let devices = self.view.as_ref().map_or(0, |v| v.devices.len());
        if let Some(to) = keys::moved(self.selected, devices, &action) {
            self.selected = to;
            return;
        }
        match action {
            Action::Back => cx.go(ScreenId::AdminUsers, Arrival::Plain),
            Action::Refresh if !self.user.is_empty() => self.read(cx),
            Action::AskForgetDevice => cx.say(StatusKind::Info, status::NO_DEVICES),
            Action::AskAdmin(a) => {
                let pool = cx
                    .shared
                    .active
                    .as_ref()
                    .map(|p| p.user_pool_id.clone())
                    .unwrap_or_default();
                cx.shared.dialog = Some(Dialog {
                    title: words::TITLE_CONFIRM,
                    question: a.describe(&pool).into(),
                    yes: Action::PerformAdmin(a),
                });
            }
            Action::PerformAdmin(action) => {
                admin_call(cx, words::PERFORMING, AdminCall::Perform { action });
            }
            _ => {}
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::Admin(a) => {
                match *a {
                    AdminOutcome::User { view, done } => {
                        self.problem = None;
                        self.selected = self.selected.min(view.devices.len().saturating_sub(1));
                        self.view = Some(*view);
                        if let Some(d) = done {
                            cx.say(StatusKind::Success, d);
                        }
                    }
                    AdminOutcome::DoneUnread { done, why } => {
                        cx.say(StatusKind::Warn, words::done_unread(&done, &why));
                    }
                    AdminOutcome::Connected { .. } | AdminOutcome::Found { .. } => {}
                }
                None
            }
            Outcome::Failed(f) => {
                self.problem = Some(f.message.clone());
                Some(Outcome::Failed(f))
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, arrival: Arrival, cx: &mut Ctx) {
        if let Arrival::Username(user) = arrival {
            *self = Self {
                user,
                ..Self::default()
            };
            self.read(cx);
        }
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let Some(v) = &self.view else {
            let text = match &self.problem {
                Some(p) => Span::styled(printable(p), t.alert_error),
                None if self.user.is_empty() => Span::styled(words::NO_USER, t.muted),
                None => Span::styled(printable(&self.user), t.title),
            };
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        };
        let s = &v.detail.summary;
        let row = |name: &str, value: Span<'static>| {
            fit_line(
                Line::from(vec![Span::styled(format!("{name:<10}"), t.muted), value]),
                area.width,
            )
        };
        let enabled = if s.enabled {
            Span::styled(words::ENABLED, t.success)
        } else {
            Span::styled(words::DISABLED, t.alert_error)
        };
        let mfa = words::mfa(&v.detail.mfa_methods, v.detail.mfa_preferred.as_deref());
        let mut lines = vec![
            row(words::USERNAME, Span::styled(printable(&s.username), t.title)),
            row(
                words::EMAIL,
                Span::styled(
                    s.email.as_deref().map_or_else(|| "-".into(), printable),
                    t.guidance,
                ),
            ),
            fit_line(
                Line::from(vec![
                    Span::styled(format!("{:<10}", words::STATUS), t.muted),
                    Span::styled(format!("{} · ", printable(&s.status)), t.guidance),
                    enabled,
                ]),
                area.width,
            ),
            row(words::MFA, Span::styled(mfa, t.guidance)),
        ];
        let problem = self.problem.as_deref().map(printable);
        if let Some(p) = &problem {
            lines.push(Line::from(Span::styled(p.clone(), t.alert_error)));
        }
        // The footer drops keys in a narrow window: the actions are listed here while there
        // is room for them and a few devices.
        let actions = wrap(words::ACTIONS, usize::from(area.width));
        if area.height as usize >= lines.len() + actions.len() + 6 {
            lines.push(Line::from(""));
            lines.extend(
                actions
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, t.border_focused))),
            );
        }
        let head = lines.len() as u16 + u16::from(problem.is_some());
        let [info, _, devices] = Layout::vertical([
            Constraint::Length(head),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(info, buf);
        if v.devices.is_empty() {
            let text = format!("{}: {}", words::DEVICES, words::NO_DEVICES);
            Paragraph::new(Span::styled(text, t.muted)).render(devices, buf);
            return;
        }
        let rows = v
            .devices
            .iter()
            .map(|d| {
                vec![
                    d.name.as_deref().map_or_else(|| "-".into(), printable),
                    if d.remembered { "yes" } else { "no" }.into(),
                    d.last_authenticated
                        .map_or_else(|| "-".into(), |at| screen::ago(shared.now - at)),
                    printable(&d.key),
                ]
            })
            .collect();
        TableView {
            header: &["  Device", "Remembered", "Last used", "Key"],
            rows,
            widths: &[
                Constraint::Min(12),
                Constraint::Length(10),
                Constraint::Length(11),
                Constraint::Min(10),
            ],
            selected: Some(self.selected),
            theme: t,
        }
        .render(devices, buf);
    }
}
