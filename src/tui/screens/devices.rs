//! The user's devices: a table (name, remembered, last used, this machine's marked); `f`
//! forgets the chosen one after a yes/no, `r` / `n` remember this machine's device or stop.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::auth::DeviceInfo;
use crate::tui::action::Action;
use crate::tui::effect::Call;
use crate::tui::keys;
use crate::tui::shared::{Dialog, Shared, StatusKind};
use crate::tui::strings::{footer, help, screen, status, title};
use crate::tui::widgets::table::TableView;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget};

#[derive(Debug, Default)]
pub struct Devices {
    devices: Vec<DeviceInfo>,
    selected: usize,
}

/// A device's last sign-in, as "3 h ago" (or "-").
fn last_used(d: &DeviceInfo, now: i64) -> String {
    d.last_authenticated
        .map_or_else(|| "-".into(), |t| screen::ago(now - t))
}

impl Screen for Devices {
    fn title(&self) -> &'static str {
        title::DEVICES
    }

    fn footer(&self) -> &'static str {
        footer::DEVICES
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::DEVICES
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        match k.code {
            KeyCode::Char('f') => Some(Action::AskForgetDevice),
            KeyCode::Char('r') => Some(Action::SetRemembered(true)),
            KeyCode::Char('n') => Some(Action::SetRemembered(false)),
            KeyCode::Esc => Some(Action::Back),
            _ => keys::list(k),
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        if let Some(to) = keys::moved(self.selected, self.devices.len(), &action) {
            self.selected = to;
            return;
        }
        let username = cx.shared.username();
        match action {
            Action::Back => cx.go(ScreenId::Home, Arrival::Plain),
            Action::AskForgetDevice => match self.devices.get(self.selected) {
                Some(d) => {
                    cx.shared.dialog = Some(Dialog {
                        title: title::FORGET_DEVICE,
                        question: if d.current {
                            screen::DIALOG_FORGET_THIS_DEVICE
                        } else {
                            screen::DIALOG_FORGET_DEVICE
                        }
                        .into(),
                        yes: Action::ForgetDevice,
                    })
                }
                None => cx.say(StatusKind::Info, status::NO_DEVICES),
            },
            Action::ForgetDevice => {
                if let Some(d) = self.devices.get(self.selected) {
                    let key = d.key.clone();
                    cx.call(status::FORGETTING_DEVICE, Call::ForgetDevice { username, key });
                }
            }
            Action::SetRemembered(remembered) => {
                if self.devices.iter().any(|d| d.current) {
                    cx.call(
                        status::UPDATING_DEVICE,
                        Call::SetRemembered {
                            username,
                            remembered,
                        },
                    );
                } else {
                    cx.say(StatusKind::Info, status::NO_CURRENT_DEVICE);
                }
            }
            _ => {}
        }
    }

    fn enter(&mut self, arrival: Arrival, _cx: &mut Ctx) {
        if let Arrival::Devices(list) = arrival {
            let keep = self.devices.get(self.selected).map(|d| d.key.clone());
            self.selected = keep
                .and_then(|k| list.iter().position(|d| d.key == k))
                .or_else(|| list.iter().position(|d| d.current))
                .unwrap_or(0);
            self.devices = list;
        }
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let [intro, _, table] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        let text = if self.devices.is_empty() {
            screen::NO_DEVICES
        } else {
            screen::DEVICES_INTRO
        };
        Paragraph::new(Span::styled(text, t.guidance)).render(intro, buf);
        let rows = self
            .devices
            .iter()
            .map(|d| {
                vec![
                    d.name.clone().unwrap_or_else(|| "-".into()),
                    if d.remembered { "yes" } else { "no" }.into(),
                    last_used(d, shared.now),
                    if d.current { "this device" } else { "" }.into(),
                ]
            })
            .collect();
        TableView {
            header: &["  Name", "Remembered", "Last used", ""],
            rows,
            widths: &[
                Constraint::Min(12),
                Constraint::Length(10),
                Constraint::Length(12),
                Constraint::Length(11),
            ],
            selected: Some(self.selected),
            theme: t,
        }
        .render(table, buf);
    }
}
