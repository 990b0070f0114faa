//! A QR code drawn with half blocks (`▀`: the top module in the foreground colour, the bottom
//! one in the background), in explicit dark-on-light colours (the theme's `qr_dark` and
//! `qr_light`, black and white by default) so it scans on dark and light terminals alike.

use crate::qr::QrMatrix;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;

pub const DARK: Color = Color::Indexed(16);
pub const LIGHT: Color = Color::Indexed(231);

pub struct QrView<'a> {
    pub matrix: &'a QrMatrix,
    pub dark: Color,
    pub light: Color,
}

impl<'a> QrView<'a> {
    /// The code in the theme's QR colours (xterm black and white when the theme sets none).
    pub fn themed(matrix: &'a QrMatrix, theme: &crate::tui::theme::Theme) -> Self {
        Self {
            matrix,
            dark: theme.qr_dark.fg.unwrap_or(DARK),
            light: theme.qr_light.fg.unwrap_or(LIGHT),
        }
    }
}

impl QrView<'_> {
    /// Cells the code needs: one column per module, one row per two modules.
    pub fn size(&self) -> (u16, u16) {
        let s = u16::try_from(self.matrix.size).unwrap_or(u16::MAX);
        (s, s.div_ceil(2))
    }

    /// Whether the code fits in `area` (a cut code does not scan).
    pub fn fits(&self, area: Rect) -> bool {
        let (w, h) = self.size();
        area.width >= w && area.height >= h
    }
}

impl Widget for QrView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if !self.fits(area) {
            return;
        }
        let (w, h) = self.size();
        for row in 0..h {
            for col in 0..w {
                let (x, y) = (usize::from(col), usize::from(row) * 2);
                let color = |dark: bool| if dark { self.dark } else { self.light };
                let style = Style::default()
                    .fg(color(self.matrix.is_dark(x, y)))
                    .bg(color(self.matrix.is_dark(x, y + 1)));
                buf[(area.x + col, area.y + row)]
                    .set_symbol("▀")
                    .set_style(style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drawn_code_decodes_to_the_uri() {
        let uri = "otpauth://totp/cogtui%20local:ada@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=cogtui%20local&algorithm=SHA1&digits=6&period=30";
        let m = QrMatrix::new(uri).unwrap();
        let view = QrView {
            matrix: &m,
            dark: DARK,
            light: LIGHT,
        };
        let (w, h) = view.size();
        assert!(!view.fits(Rect::new(0, 0, w - 1, h)));
        let area = Rect::new(0, 0, w + 4, h + 2);
        let mut buf = Buffer::empty(area);
        view.render(Rect::new(2, 1, w, h), &mut buf);
        // Cells back to modules, as a camera would see them.
        let size = usize::from(w);
        let mut dark = vec![false; size * size];
        for row in 0..h {
            for col in 0..w {
                let cell = &buf[(2 + col, 1 + row)];
                assert_eq!(cell.symbol(), "▀");
                let y = usize::from(row) * 2;
                dark[y * size + usize::from(col)] = cell.fg == DARK;
                if y + 1 < size {
                    dark[(y + 1) * size + usize::from(col)] = cell.bg == DARK;
                }
            }
        }
        let scale = 4;
        let px = size * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
            if dark[(y / scale) * size + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, uri);
    }
}
