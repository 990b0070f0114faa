//! Writing to stdout and stderr without panicking: a closed stdout (`cogtui … | head -0`)
//! ends the process quietly with 141, as a process killed by SIGPIPE ends in a shell; a closed
//! stderr is ignored.

use std::io::{ErrorKind, Write};

/// The exit code of a process whose stdout reader went away (128 + SIGPIPE).
pub const BROKEN_PIPE: u8 = 141;

/// Writes `bytes` to stdout and flushes.
pub fn out_bytes(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    let r = out.write_all(bytes).and_then(|()| out.flush());
    if let Err(e) = r {
        if e.kind() == ErrorKind::BrokenPipe {
            std::process::exit(i32::from(BROKEN_PIPE));
        }
        err_line(&format!("cogtui: cannot write to stdout: {e}"));
    }
}

/// Writes a line to stdout.
pub fn out_line(text: &str) {
    out_bytes(format!("{text}\n").as_bytes());
}

/// Writes a line to stderr; a closed stderr is ignored.
pub fn err_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}").and_then(|()| err.flush());
}

/// Writes to stderr without a newline (a prompt).
pub fn err_text(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{text}").and_then(|()| err.flush());
}
