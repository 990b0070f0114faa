//! Admin, first step: find a user. One line to type (the start of a username, an email, a
//! phone, a sub or a ListUsers filter), Enter searches over IAM credentials, ↑↓ choose among
//! the users found, Enter again opens the chosen one. Without admin credentials it says what
//! to set up.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::admin::UserSummary;
use crate::config::Profile;
use crate::tui::action::{Action, Outcome};
use crate::tui::admin_calls::{AdminCall, AdminOutcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::admin as words;
use crate::tui::text::{printable, wrap};
use crate::tui::widgets::form::{Field, Form, FormView};
use crate::tui::widgets::table::TableView;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

#[derive(Debug)]
pub struct AdminUsers {
    form: Form,
    users: Vec<UserSummary>,
    selected: usize,
    /// What the shown results were found with; Enter on the same text opens a user.
    searched: Option<String>,
    /// What the search in flight was typed as.
    asked: Option<String>,
    /// The profile the credentials and results are for.
    profile: Option<Profile>,
    /// Where the credentials came from, once found.
    source: Option<String>,
    /// Why the last call failed (no credentials, refused, unreachable).
    problem: Option<String>,
}

impl Default for AdminUsers {
    fn default() -> Self {
        Self {
            form: Form::new(vec![
                Field::new("query", words::QUERY)
                    .optional()
                    .placeholder(words::QUERY_EXAMPLE)
                    .hint(words::QUERY_HINT),
            ]),
            users: Vec::new(),
            selected: 0,
            searched: None,
            asked: None,
            profile: None,
            source: None,
            problem: None,
        }
    }
}

/// An admin call on the open profile (none open: nothing to do).
pub fn admin_call(cx: &mut Ctx, label: &'static str, call: AdminCall) {
    if let Some(p) = cx.shared.active.clone() {
        cx.call(
            label,
            Call::Admin {
                profile: Box::new(p),
                call,
            },
        );
    }
}

impl Screen for AdminUsers {
    fn title(&self) -> &'static str {
        words::TITLE_USERS
    }

    fn footer(&self) -> &'static str {
        words::FOOTER_USERS
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        words::HELP_USERS
    }

    // Not a form for the help overlay: ↑↓ and Tab choose a user here (one field to type in);
    // this screen's help lists the editing keys itself.
    fn key(&self, k: &KeyEvent) -> Option<Action> {
        match k.code {
            KeyCode::Up => Some(Action::SelectPrev),
            KeyCode::Down | KeyCode::Tab => Some(Action::SelectNext),
            KeyCode::BackTab => Some(Action::SelectPrev),
            _ => keys::form(k),
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        if let Some(to) = keys::moved(self.selected, self.users.len(), &action) {
            self.selected = to;
            return;
        }
        match action {
            Action::Back => {
                let to = if cx.shared.session.is_some() {
                    ScreenId::Home
                } else {
                    ScreenId::SignIn
                };
                cx.go(to, Arrival::Plain);
            }
            Action::Submit => {
                let typed = self.form.get("query").trim().to_owned();
                let chosen = self.users.get(self.selected);
                match chosen {
                    Some(u) if self.searched.as_deref() == Some(typed.as_str()) => {
                        cx.go(ScreenId::AdminUser, Arrival::Username(u.username.clone()));
                    }
                    _ => {
                        self.asked = Some(typed.clone());
                        admin_call(cx, words::FINDING, AdminCall::Find { typed });
                    }
                }
            }
            a => {
                forms::edit(&mut self.form, &a);
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::Admin(a) => {
                match *a {
                    AdminOutcome::Connected { source } => {
                        self.problem = None;
                        self.source = Some(source);
                    }
                    AdminOutcome::Found { filter, users } => {
                        self.problem = None;
                        cx.say(StatusKind::Info, words::found(users.len(), &filter));
                        self.users = users;
                        self.selected = 0;
                        self.searched = self.asked.take();
                    }
                    // Not asked from here.
                    AdminOutcome::User { .. } | AdminOutcome::DoneUnread { .. } => {}
                }
                None
            }
            Outcome::Failed(f) => {
                // The typed search and the results shown stay: nothing is lost.
                self.problem = Some(f.message.clone());
                Some(Outcome::Failed(f))
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, _arrival: Arrival, cx: &mut Ctx) {
        // Coming back from a user keeps the search; another profile starts afresh.
        if self.profile != cx.shared.active || self.source.is_none() {
            *self = Self {
                profile: cx.shared.active.clone(),
                ..Self::default()
            };
            admin_call(cx, words::CONNECTING, AdminCall::Connect);
        }
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let width = usize::from(area.width);
        let (about, style) = match (&self.problem, &self.source) {
            (Some(p), _) => (printable(p), t.alert_error),
            (None, Some(s)) => (words::credentials(&printable(s)), t.muted),
            (None, None) => (words::NOT_CONNECTED.to_owned(), t.muted),
        };
        // A problem is the point of the screen until it is solved: it gets the room the
        // search line leaves (the intro gives way).
        let about_h = if self.problem.is_some() {
            let room = area.height.saturating_sub(self.form.height() + 2);
            (wrap(&about, width).len() as u16).min(room)
        } else {
            (wrap(&about, width).len() as u16).min(2)
        };
        let intro_h = if area.height > 16 && self.problem.is_none() {
            (wrap(words::INTRO, width).len() as u16).min(2)
        } else {
            0
        };
        let [intro, _, about_area, _, form_area, _, table] = Layout::vertical([
            Constraint::Length(intro_h),
            Constraint::Length(u16::from(intro_h > 0)),
            Constraint::Length(about_h),
            Constraint::Length(1),
            Constraint::Length(self.form.height()),
            Constraint::Length(u16::from(area.height > 12)),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Span::styled(words::INTRO, t.guidance))
            .wrap(Wrap { trim: true })
            .render(intro, buf);
        Paragraph::new(Span::styled(about, style))
            .wrap(Wrap { trim: true })
            .render(about_area, buf);
        FormView {
            form: &self.form,
            theme: t,
            active: shared.busy().is_none(),
            label_width: 8,
        }
        .render(form_area, buf);
        if self.users.is_empty() {
            let text = if self.searched.is_some() {
                words::NO_MATCH
            } else {
                words::NO_SEARCH
            };
            Paragraph::new(Span::styled(text, t.muted))
                .wrap(Wrap { trim: true })
                .render(table, buf);
            return;
        }
        let dash = |v: &Option<String>| v.as_deref().map_or_else(|| "-".into(), printable);
        let rows = self
            .users
            .iter()
            .map(|u| {
                vec![
                    printable(&u.username),
                    dash(&u.email),
                    printable(&u.status),
                    if u.enabled { "yes" } else { "no" }.into(),
                ]
            })
            .collect();
        TableView {
            header: &["  User", "Email", "Status", "Enabled"],
            rows,
            widths: &[
                Constraint::Min(10),
                Constraint::Min(12),
                Constraint::Length(12),
                Constraint::Length(7),
            ],
            selected: Some(self.selected),
            theme: t,
        }
        .render(table, buf);
    }
}
