//! Sign up: username, email, password twice, with the policy checked as you type.

use super::password_form;
use crate::tui::app::App;
use crate::tui::strings::screen;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    password_form(
        app,
        area,
        buf,
        screen::SIGN_UP_INTRO,
        &app.sign_up,
        "password",
    );
}
