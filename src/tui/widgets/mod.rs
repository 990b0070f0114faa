//! Reusable widgets: form, table, confirm dialog, status bar, spinner, QR code, the
//! authenticator enrolment view and the pool-health panel.

pub mod confirm;
pub mod enrolment;
pub mod form;
pub mod pool_health;
pub mod qr;
pub mod spinner;
pub mod status_bar;
pub mod table;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

/// Empties `rect` for an overlay and paints the theme's background under it (a bare `Clear`
/// would show the terminal's own background, which the theme's colours were not chosen for).
pub fn clear(rect: Rect, buf: &mut Buffer, theme: &crate::tui::theme::Theme) {
    Clear.render(rect, buf);
    buf.set_style(rect, theme.background);
}

/// A `w`×`h` rectangle centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
