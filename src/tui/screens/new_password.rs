//! NEW_PASSWORD_REQUIRED: a new password twice, and the attributes the pool requires.

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
        screen::NEW_PASSWORD_INTRO,
        &app.new_password,
        "password",
    );
}
