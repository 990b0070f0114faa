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
            stdio::out_line(&escape_controls(human));
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
    crate::text::printable_lines(text)
}
