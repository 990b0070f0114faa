//! The spinner shown while a call runs.

use crate::tui::strings::SPINNER;

/// The spinner's glyph for a frame number.
pub fn glyph(frame: usize) -> &'static str {
    SPINNER[frame % SPINNER.len()]
}
