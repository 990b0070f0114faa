//! The clipboard, by OSC 52: the terminal itself sets the clipboard, so copying works over SSH
//! and inside tmux. The worker copies (the app never holds a token); tests use `Memory`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use std::io::Write;
use std::sync::Mutex;

/// Somewhere copied text goes.
pub trait Clipboard: Send + Sync {
    fn copy(&self, text: &str) -> std::io::Result<()>;
}

/// OSC 52 on the terminal's output: `ESC ] 52 ; c ; <base64> BEL`.
pub struct Osc52;

/// The escape sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", B64.encode(text))
}

impl Clipboard for Osc52 {
    fn copy(&self, text: &str) -> std::io::Result<()> {
        // One locked write: it lands between two of the frame's writes, never inside one.
        let mut out = std::io::stdout().lock();
        out.write_all(osc52(text).as_bytes())?;
        out.flush()
    }
}

/// Keeps what was copied (tests).
#[derive(Default)]
pub struct Memory(pub Mutex<Vec<String>>);

impl Clipboard for Memory {
    fn copy(&self, text: &str) -> std::io::Result<()> {
        if let Ok(mut v) = self.0.lock() {
            v.push(text.to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_osc_52_with_base64() {
        assert_eq!(osc52("hi"), "\u{1b}]52;c;aGk=\u{7}");
    }
}
