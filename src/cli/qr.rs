//! The QR code on a terminal: two modules per character cell with `▀` (the top module in the
//! foreground colour, the bottom one in the background), in explicit black on white so it
//! scans on dark and light terminals alike.

use crate::qr::QrMatrix;

const DARK_FG: u8 = 30;
const LIGHT_FG: u8 = 97;

/// The lines to print, ANSI colours included, each ending with a colour reset.
pub fn render(m: &QrMatrix) -> Vec<String> {
    let mut lines = Vec::with_capacity(m.size.div_ceil(2));
    for y in (0..m.size).step_by(2) {
        let mut line = String::with_capacity(m.size * 10);
        for x in 0..m.size {
            let top = if m.is_dark(x, y) { DARK_FG } else { LIGHT_FG };
            let bottom = if m.is_dark(x, y + 1) {
                DARK_FG + 10
            } else {
                LIGHT_FG + 10
            };
            line.push_str(&format!("\u{1b}[{top};{bottom}m▀"));
        }
        line.push_str("\u{1b}[0m");
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the rendered lines back as modules: what a camera would see on the screen.
    fn read_back(lines: &[String]) -> (usize, Vec<bool>) {
        let mut rows: Vec<Vec<bool>> = Vec::new();
        for line in lines {
            let (mut top, mut bottom) = (Vec::new(), Vec::new());
            for cell in line.split("\u{1b}[").filter(|c| c.contains('▀')) {
                let codes = cell.split('m').next().unwrap_or_default();
                let mut parts = codes.split(';').map(|p| p.parse::<u8>().unwrap());
                let (fg, bg) = (parts.next().unwrap(), parts.next().unwrap());
                top.push(fg == DARK_FG);
                bottom.push(bg == DARK_FG + 10);
            }
            rows.push(top);
            rows.push(bottom);
        }
        let size = rows[0].len();
        (size, rows.into_iter().take(size).flatten().collect())
    }

    #[test]
    fn the_rendered_code_decodes_to_the_uri() {
        let uri = "otpauth://totp/cogtui%20local:ada@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=cogtui%20local&algorithm=SHA1&digits=6&period=30";
        let lines = render(&QrMatrix::new(uri).unwrap());
        let (size, dark) = read_back(&lines);
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
        let (_, text) = grids[0].decode().unwrap();
        assert_eq!(text, uri);
    }
}
