//! How commands print: human text on stdout, or one JSON document with `--output json`.
//! Warnings and prompts go to stderr, never stdout.

use super::stdio;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Output {
    pub format: OutputFormat,
}

impl Output {
    pub fn json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Prints `human` or `json`, as the user asked.
    pub fn emit(&self, human: &str, json: &Value) {
        if self.json() {
            stdio::out_line(&json.to_string());
        } else if !human.is_empty() {
            stdio::out_line(human);
        }
    }

    /// A note for the person at the terminal (stderr), not shown in JSON mode.
    pub fn note(&self, text: &str) {
        if !self.json() {
            stdio::err_line(&escape_controls(text));
        }
    }

    /// A warning (stderr), shown in every mode.
    pub fn warn(&self, text: &str) {
        stdio::err_line(&format!("warning: {}", escape_controls(text)));
    }
}

/// Text for a terminal: control characters other than newline and tab (an `ESC[2J` in a
/// username) are shown escaped, never sent raw.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() || is_invisible(c) => {
                out.push_str(&c.escape_unicode().to_string());
            }
            c => out.push(c),
        }
    }
    out
}

/// Bidi overrides and zero-width characters, which can make text read as something else.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\nc");
        assert_eq!(escape_controls("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape_controls("plain café"), "plain café");
    }
}
