//! The account home: who is signed in, the token's expiry counting down, the attributes.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::{Call, TokenKind};
use crate::tui::shared::{Dialog, Shared, StatusKind};
use crate::tui::strings::{self, footer, help, screen, status, title};
use crate::tui::text::{fit_line, printable};
use crate::tui::widgets::table::TableView;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Attributes whose values are not shown (none today; the list is where one would go).
const HIDDEN: &[&str] = &[];

#[derive(Debug, Default)]
pub struct Home {
    /// An expired access token is refreshed once on its own; this says it was tried.
    refresh_tried: bool,
    /// The device list that comes back is the answer to "remember this device": say it and
    /// stay here.
    remembering: bool,
}

fn sign_out_dialog(everywhere: bool) -> Dialog {
    let (title, question) = if everywhere {
        (
            title::SIGN_OUT_EVERYWHERE,
            strings::screen::DIALOG_SIGN_OUT_EVERYWHERE,
        )
    } else {
        (title::SIGN_OUT, strings::screen::DIALOG_SIGN_OUT)
    };
    Dialog {
        title,
        question: question.into(),
        yes: Action::SignOut { everywhere },
    }
}

/// The method `P` makes preferred: the one after the preferred one among those enabled
/// (the first when none is preferred); none when fewer than two are enabled.
pub fn next_preferred(m: &crate::auth::MfaStatus) -> Option<crate::auth::MfaMethod> {
    if m.enabled.len() < 2 {
        return None;
    }
    let at = m
        .preferred
        .and_then(|p| m.enabled.iter().position(|x| *x == p));
    Some(match at {
        Some(i) => m.enabled[(i + 1) % m.enabled.len()],
        None => m.enabled[0],
    })
}

impl Screen for Home {
    fn title(&self) -> &'static str {
        title::HOME
    }

    fn footer(&self) -> &'static str {
        footer::HOME
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::HOME
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        Some(match k.code {
            KeyCode::Char('c') => Action::Go(ScreenId::ChangePassword),
            KeyCode::Char('m') => Action::Go(ScreenId::MfaSetup),
            KeyCode::Char('o') => Action::AskSignOut { everywhere: false },
            KeyCode::Char('O') => Action::AskSignOut { everywhere: true },
            KeyCode::Char('r') => Action::Refresh,
            KeyCode::Char('y') => Action::CopyToken(TokenKind::Id),
            KeyCode::Char('Y') => Action::CopyToken(TokenKind::Access),
            KeyCode::Char('t') => Action::Go(ScreenId::Claims),
            KeyCode::Char('u') => Action::Go(ScreenId::Users),
            KeyCode::Char('d') => Action::Go(ScreenId::Devices),
            KeyCode::Char('i') => Action::Go(ScreenId::Creds),
            KeyCode::Char('P') => Action::CyclePreferredMfa,
            KeyCode::Char('A') => Action::Go(ScreenId::AdminUsers),
            KeyCode::Char('a') => Action::Go(ScreenId::SignIn),
            KeyCode::Char('p') => Action::Go(ScreenId::Profiles),
            KeyCode::Char('?') => Action::ToggleHelp,
            KeyCode::Char('q') => Action::Quit,
            _ => return None,
        })
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        let username = cx.shared.username();
        match action {
            // The claims and the users come from the worker: the screen opens on the answer.
            Action::Go(ScreenId::Claims) => {
                cx.call(status::READING_CLAIMS, Call::Claims { username })
            }
            Action::Go(ScreenId::Users) => cx.call(status::LISTING_USERS, Call::ListUsers),
            Action::Go(ScreenId::Devices) => {
                cx.call(status::LISTING_DEVICES, Call::ListDevices { username })
            }
            Action::Go(to) => cx.go(to, Arrival::Plain),
            Action::CopyToken(which) => {
                cx.call(status::COPYING, Call::CopyToken { username, which })
            }
            Action::AskSignOut { everywhere } => cx.shared.dialog = Some(sign_out_dialog(everywhere)),
            Action::SignOut { everywhere } => cx.call(
                status::SIGNING_OUT,
                Call::SignOut {
                    username,
                    everywhere,
                },
            ),
            Action::Refresh => cx.call(status::REFRESHING, Call::Refresh { username }),
            // The sign-in's "remember this device?" said yes.
            Action::SetRemembered(remembered) => {
                self.remembering = true;
                cx.call(
                    status::REMEMBERING,
                    Call::SetRemembered {
                        username,
                        remembered,
                    },
                );
            }
            Action::CyclePreferredMfa => {
                let mfa = cx.shared.session.as_ref().and_then(|s| s.mfa.clone());
                match mfa.as_ref().and_then(next_preferred) {
                    Some(method) => cx.call(
                        status::PREFERRING_MFA,
                        Call::PreferMfa { username, method },
                    ),
                    None => cx.say(StatusKind::Info, status::ONE_MFA_METHOD),
                }
            }
            _ => {}
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::SessionLoaded(s) => {
                self.refresh_tried = false;
                let expires = screen::expires(s.remaining(cx.shared.now));
                cx.shared.session = Some(s);
                cx.shared.unreachable = None;
                cx.say(StatusKind::Success, status::refreshed(&expires));
                None
            }
            Outcome::Devices {
                note: Some(note), ..
            } if self.remembering => {
                self.remembering = false;
                cx.say(StatusKind::Success, note);
                None
            }
            Outcome::MfaPreferred(s) => {
                let text = s
                    .mfa
                    .as_ref()
                    .and_then(|m| m.preferred)
                    .map_or_else(String::new, status::mfa_preferred);
                cx.shared.session = Some(s);
                cx.say(StatusKind::Success, text);
                None
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, _arrival: Arrival, _cx: &mut Ctx) {
        self.refresh_tried = false;
        self.remembering = false;
    }

    fn tick(&mut self, cx: &mut Ctx) {
        let now = cx.shared.now;
        if let Some(s) = &cx.shared.session
            && !cx.busy()
            && s.remaining(now) <= 0
            && s.refreshable
            && !self.refresh_tried
        {
            self.refresh_tried = true;
            let username = s.username.clone();
            cx.call(status::REFRESHING, Call::Refresh { username });
        }
    }

    fn live(&self) -> bool {
        true
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let Some(s) = &shared.session else { return };
        let [who, _, attrs] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        let remaining = s.remaining(shared.now);
        let expiry_style = if remaining <= 0 {
            t.alert_error
        } else if remaining < 300 {
            t.alert_warn
        } else {
            t.success
        };
        let pool = shared
            .active
            .as_ref()
            .map(|p| p.user_pool_id.clone())
            .unwrap_or_default();
        let lines = vec![
            Line::from(vec![
                Span::styled(format!("{:<16}", screen::HOME_SIGNED_IN), t.muted),
                Span::styled(printable(&s.username), t.title),
                Span::styled(
                    s.email
                        .as_ref()
                        .map(|e| format!("  <{}>", printable(e)))
                        .unwrap_or_default(),
                    t.guidance,
                ),
            ]),
            Line::from(vec![
                Span::styled(format!("{:<16}", screen::HOME_EXPIRES), t.muted),
                Span::styled(screen::expires(remaining), expiry_style),
            ]),
            Line::from(vec![
                Span::styled(format!("{:<16}", "User pool"), t.muted),
                Span::styled(pool, t.guidance),
            ]),
        ];
        let mut lines = lines;
        if let Some(m) = &s.mfa {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<16}", screen::HOME_MFA), t.muted),
                Span::styled(screen::mfa_state(m), t.guidance),
            ]));
        }
        let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, who.width)).collect();
        Paragraph::new(lines).render(who, buf);
        if let Some(why) = &shared.unreachable {
            let text = vec![
                Line::from(Span::styled(screen::HOME_UNREACHABLE, t.alert_error)),
                Line::from(Span::styled(printable(why), t.guidance)),
                Line::from(Span::styled(screen::HOME_RETRY, t.border_focused)),
            ];
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .render(attrs, buf);
            return;
        }
        let rows: Vec<Vec<String>> = if s.attributes.is_empty() {
            vec![vec![screen::HOME_NO_ATTRIBUTES.into(), String::new()]]
        } else {
            s.attributes
                .iter()
                .filter(|(k, _)| !HIDDEN.contains(&k.as_str()))
                .map(|(k, v)| vec![k.clone(), v.clone()])
                .collect()
        };
        TableView {
            header: &[screen::HOME_ATTRIBUTES, ""],
            rows,
            widths: &[Constraint::Length(22), Constraint::Min(10)],
            selected: None,
            theme: t,
        }
        .render(attrs, buf);
    }
}
