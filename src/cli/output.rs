//! How commands print: human text on stdout, or one JSON document with `--output json`.
//! Warnings and prompts go to stderr, never stdout.

use serde_json::Value;
use std::io::Write;

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
        let mut out = std::io::stdout().lock();
        let _ = if self.json() {
            writeln!(out, "{json}")
        } else if human.is_empty() {
            Ok(())
        } else {
            writeln!(out, "{human}")
        };
        let _ = out.flush();
    }

    /// A note for the person at the terminal (stderr), not shown in JSON mode.
    pub fn note(&self, text: &str) {
        if !self.json() {
            eprintln!("{text}");
        }
    }

    /// A warning (stderr), shown in every mode.
    pub fn warn(&self, text: &str) {
        eprintln!("warning: {text}");
    }
}
