//! Change the password of the signed-in user.

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
        screen::CHANGE_PASSWORD_INTRO,
        &app.change_password,
        "new",
    );
}
