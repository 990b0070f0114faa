//! Drawing the whole app from `&App`: header, the screen in a card, key reminders, status bar,
//! and the overlays (help, dialog). A window too small gets a message instead.

use super::app::{App, Dialog, Screen};
use super::screens;
use super::strings::{self, footer, title};
use super::widgets::confirm::ConfirmDialog;
use super::widgets::status_bar::StatusBar;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// The smallest window the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

fn screen_title(s: Screen) -> &'static str {
    match s {
        Screen::Profiles => title::PROFILES,
        Screen::AddProfile => title::ADD_PROFILE,
        Screen::SignUp => title::SIGN_UP,
        Screen::Confirm => title::CONFIRM,
        Screen::SignIn => title::SIGN_IN,
        Screen::NewPassword => title::NEW_PASSWORD,
        Screen::Home => title::HOME,
        Screen::ChangePassword => title::CHANGE_PASSWORD,
    }
}

fn footer_text(app: &App) -> &'static str {
    if app.busy.is_some() {
        return footer::BUSY;
    }
    match app.screen {
        Screen::Profiles => footer::PROFILES,
        Screen::AddProfile => footer::ADD_PROFILE,
        Screen::SignUp => footer::SIGN_UP,
        Screen::Confirm => footer::CONFIRM,
        Screen::SignIn => footer::SIGN_IN,
        Screen::NewPassword => footer::NEW_PASSWORD,
        Screen::Home => footer::HOME,
        Screen::ChangePassword => footer::CHANGE_PASSWORD,
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = vec![
                Line::from(Span::styled(strings::TOO_SMALL, t.alert_warn)),
                Line::from(strings::screen::too_small(
                    area.width,
                    area.height,
                    MIN_WIDTH,
                    MIN_HEIGHT,
                )),
            ];
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .alignment(Alignment::Center)
                .render(area, buf);
            return;
        }
        let [header, body, hints, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);

        let mut head = vec![Span::styled(format!(" {} ", strings::APP), t.title)];
        if let Some(p) = &self.active {
            head.push(Span::styled(format!("▸ {} ", p.name), t.muted));
        }
        head.push(Span::styled(
            format!("▸ {}", screen_title(self.screen)),
            t.guidance,
        ));
        Paragraph::new(Line::from(head)).render(header, buf);

        let width = body.width.saturating_sub(2).min(84);
        let card = Rect::new(
            body.x + (body.width - width) / 2,
            body.y,
            width,
            body.height,
        );
        let block = Block::bordered()
            .title(Span::styled(
                format!(" {} ", screen_title(self.screen)),
                t.title,
            ))
            .border_style(if self.help || self.dialog.is_some() {
                t.border
            } else {
                t.border_focused
            });
        let inner = block.inner(card).inner(Margin::new(2, 1));
        block.render(card, buf);
        match self.screen {
            Screen::Profiles => screens::profiles::render(self, inner, buf),
            Screen::AddProfile => screens::add_profile::render(self, inner, buf),
            Screen::SignUp => screens::signup::render(self, inner, buf),
            Screen::Confirm => screens::confirm::render(self, inner, buf),
            Screen::SignIn => screens::signin::render(self, inner, buf),
            Screen::NewPassword => screens::new_password::render(self, inner, buf),
            Screen::Home => screens::home::render(self, inner, buf),
            Screen::ChangePassword => screens::change_password::render(self, inner, buf),
        }

        Paragraph::new(Span::styled(format!(" {}", footer_text(self)), t.muted)).render(hints, buf);
        StatusBar { app: self }.render(status, buf);

        if let Some(Dialog::SignOut { everywhere }) = self.dialog {
            let (title, question) = if everywhere {
                (
                    title::SIGN_OUT_EVERYWHERE,
                    strings::screen::DIALOG_SIGN_OUT_EVERYWHERE,
                )
            } else {
                (title::SIGN_OUT, strings::screen::DIALOG_SIGN_OUT)
            };
            ConfirmDialog {
                title,
                question,
                theme: t,
            }
            .render(body, buf);
        }
        if self.help {
            screens::help::render(self, body, buf);
        }
    }
}
