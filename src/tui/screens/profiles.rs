//! The profile picker: profiles from the config, the local pool, and "add a profile"; `h`
//! opens the pool-health panel (the pool doctor's findings) on the chosen profile.

use super::{Ctx, Screen, ScreenId};
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::keys;
use crate::tui::shared::{LOCAL, Shared};
use crate::tui::shared::StatusKind;
use crate::tui::strings::{footer, health, help, screen, status, title};
use crate::tui::widgets::pool_health::{HealthPanel, HealthState};
use crate::tui::widgets::table::TableView;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

/// A row of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileRow {
    Profile(usize),
    LocalPool,
    AddProfile,
}

/// The picker's rows: the config's profiles (not `local`), the local pool, "add a profile".
pub fn rows(shared: &Shared) -> Vec<ProfileRow> {
    let mut rows: Vec<ProfileRow> = shared
        .profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name != LOCAL)
        .map(|(i, _)| ProfileRow::Profile(i))
        .collect();
    rows.push(ProfileRow::LocalPool);
    rows.push(ProfileRow::AddProfile);
    rows
}

/// The call that starts the local pool, on last run's port if there was one.
pub fn start_local(cx: &mut Ctx) {
    let prefer_port = cx.shared.local_port();
    cx.call(
        status::STARTING_LOCAL,
        Call::StartLocalPool { prefer_port },
    );
}

/// Rows PgUp and PgDn scroll the pool-health panel.
const HEALTH_PAGE: i32 = 5;

#[derive(Debug, Default)]
pub struct Profiles {
    selected: usize,
    /// The pool-health panel, once `h` asked for it.
    health: Option<HealthPanel>,
    /// Where the last frame drew the table (its header row first), for clicks.
    table_at: std::cell::Cell<Rect>,
}

impl Profiles {
    /// `h`: the pool doctor on the chosen row's profile (the local pool's once it runs).
    fn check_health(&mut self, rows: &[ProfileRow], cx: &mut Ctx) {
        let profile = match rows.get(self.selected) {
            Some(ProfileRow::Profile(i)) => cx.shared.profiles.get(*i).cloned(),
            Some(ProfileRow::LocalPool) => {
                let local = cx.shared.profiles.iter().find(|p| p.name == LOCAL).cloned();
                match local {
                    Some(p) if cx.shared.local_running => Some(p),
                    _ => return cx.say(StatusKind::Info, health::START_LOCAL),
                }
            }
            _ => None,
        };
        let Some(p) = profile else {
            return cx.say(StatusKind::Info, health::CHOOSE);
        };
        self.health = Some(HealthPanel::checking(&p.name));
        cx.call(health::STATUS, Call::PoolHealth(Box::new(p)));
    }
}

impl Screen for Profiles {
    fn title(&self) -> &'static str {
        title::PROFILES
    }

    fn footer(&self) -> &'static str {
        footer::PROFILES
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::PROFILES
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        match k.code {
            KeyCode::Char('a') => Some(Action::Go(ScreenId::AddProfile)),
            KeyCode::Char('h') => Some(Action::PoolHealth),
            KeyCode::Esc if self.health.is_some() => Some(Action::Back),
            KeyCode::PageDown if self.health.is_some() => Some(Action::Scroll(HEALTH_PAGE)),
            KeyCode::PageUp if self.health.is_some() => Some(Action::Scroll(-HEALTH_PAGE)),
            _ => keys::list(k),
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        let rows = rows(cx.shared);
        if let Some(to) = keys::moved(self.selected, rows.len(), &action) {
            self.selected = to;
            return;
        }
        match action {
            // A click picks a row; a click on the row picked opens it.
            Action::Click { x, y } => {
                let at = self.table_at.get();
                let inside = at.contains(ratatui::layout::Position { x, y }) && y > at.y;
                let row = usize::from(y.saturating_sub(at.y + 1));
                if inside && row < rows.len() {
                    if row == self.selected {
                        return self.update(Action::Submit, cx);
                    }
                    self.selected = row;
                }
            }
            Action::Go(to) => cx.go(to, Default::default()),
            Action::PoolHealth => self.check_health(&rows, cx),
            Action::Back => self.health = None,
            Action::Scroll(by) => {
                if let Some(h) = self.health.as_mut() {
                    h.scroll(by);
                }
            }
            Action::Submit => match rows.get(self.selected) {
                Some(ProfileRow::Profile(i)) => {
                    if let Some(p) = cx.shared.profiles.get(*i).cloned() {
                        cx.open(p);
                    }
                }
                Some(ProfileRow::LocalPool) => {
                    let local = cx.shared.profiles.iter().find(|p| p.name == LOCAL);
                    match local.cloned() {
                        Some(p) if cx.shared.local_running => cx.open(p),
                        _ => start_local(cx),
                    }
                }
                Some(ProfileRow::AddProfile) => cx.go(ScreenId::AddProfile, Default::default()),
                None => {}
            },
            _ => {}
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        let checking = self.health.as_ref().is_some_and(HealthPanel::is_checking);
        match outcome {
            Outcome::PoolHealth(report) if checking => {
                if let Some(h) = self.health.as_mut() {
                    h.state = HealthState::Ready(report);
                }
                return None;
            }
            Outcome::Failed(f) if checking => {
                if let Some(h) = self.health.as_mut() {
                    h.state = HealthState::Failed(f.message);
                }
                cx.say(StatusKind::Error, health::FAILED_STATUS);
                return None;
            }
            _ => {}
        }
        if let Outcome::LocalPoolStarted(_) = outcome {
            self.selected = rows(cx.shared)
                .iter()
                .position(|r| *r == ProfileRow::LocalPool)
                .unwrap_or(0);
        }
        Some(outcome)
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let [intro, _, table] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Span::styled(screen::PROFILES_INTRO, t.guidance)).render(intro, buf);
        let table = match &self.health {
            Some(h) => {
                let listed = rows(shared).len() as u16 + 1;
                let [table, panel] = Layout::vertical([
                    Constraint::Length(listed.min(table.height / 3).max(2)),
                    Constraint::Min(0),
                ])
                .areas(table);
                h.render(t, shared.busy().is_some(), panel, buf);
                table
            }
            None => table,
        };
        self.table_at.set(table);
        let rows = rows(shared)
            .into_iter()
            .map(|r| match r {
                ProfileRow::Profile(i) => {
                    let p = &shared.profiles[i];
                    let target = p.endpoint.clone().unwrap_or_else(|| "AWS".into());
                    vec![
                        p.name.clone(),
                        p.region.clone(),
                        format!("{} · {}", p.user_pool_id, target),
                    ]
                }
                ProfileRow::LocalPool => {
                    let note = if shared.local_running {
                        screen::LOCAL_POOL_RUNNING
                    } else {
                        screen::LOCAL_POOL_NOTE
                    };
                    vec![screen::LOCAL_POOL.into(), String::new(), note.into()]
                }
                ProfileRow::AddProfile => vec![
                    screen::ADD_PROFILE.into(),
                    String::new(),
                    screen::ADD_PROFILE_NOTE.into(),
                ],
            })
            .collect();
        TableView {
            header: &["  Profile", "Region", "Pool"],
            rows,
            widths: &[
                Constraint::Length(22),
                Constraint::Length(12),
                Constraint::Min(10),
            ],
            selected: Some(self.selected),
            theme: t,
        }
        .render(table, buf);
    }
}
