//! QR codes as a matrix of modules (with the quiet zone), for the faces to draw: the CLI in
//! half-block characters, the TUI as a widget.

use qrcode::{Color, EcLevel, QrCode};

/// Modules of light border the standard asks for around the code.
pub const QUIET_ZONE: usize = 4;

/// A QR code: `size` × `size` modules, `true` for dark, quiet zone included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub size: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// The code for `text`, error correction L: a screen is not a crumpled label, and the
    /// smaller code fits more terminals.
    pub fn new(text: &str) -> Result<Self, String> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L)
            .map_err(|e| format!("cannot make a QR code of it: {e}"))?;
        let inner = code.width();
        let size = inner + 2 * QUIET_ZONE;
        let colors = code.to_colors();
        let mut dark = vec![false; size * size];
        for y in 0..inner {
            for x in 0..inner {
                dark[(y + QUIET_ZONE) * size + x + QUIET_ZONE] =
                    colors[y * inner + x] == Color::Dark;
            }
        }
        Ok(Self { size, dark })
    }

    /// Whether the module at (x, y) is dark; outside the matrix is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }
}
