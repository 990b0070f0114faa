//! Add a profile: an AWS user pool and app client (or any Cognito-compatible endpoint).

use crate::tui::app::App;
use crate::tui::widgets::form::FormView;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    FormView {
        form: &app.add_profile,
        theme: &app.theme,
        active: app.busy.is_none(),
        label_width: 20,
    }
    .render(area, buf);
}
