//! Reusable widgets: form, table, confirm dialog, status bar, spinner, QR code and the
//! authenticator enrolment view.

pub mod confirm;
pub mod enrolment;
pub mod form;
pub mod qr;
pub mod spinner;
pub mod status_bar;
pub mod table;

use ratatui::layout::Rect;

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
