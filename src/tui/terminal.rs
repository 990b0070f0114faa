//! Terminal setup and teardown: raw mode, the alternate screen, bracketed paste, the mouse
//! (click and wheel; Shift-drag still selects text in most terminals), and a panic
//! hook that restores the terminal before the panic message prints.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, stdout};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub fn setup() -> std::io::Result<Term> {
    install_panic_hook();
    enable_raw_mode()?;
    if let Err(e) = execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    ) {
        restore();
        return Err(e);
    }
    let mut term = Terminal::new(CrosstermBackend::new(stdout()))?;
    term.hide_cursor()?;
    clear(&mut term)?;
    Ok(term)
}

/// Clears the screen and makes the next draw repaint everything. Not `Terminal::clear`: since
/// ratatui 0.30 it first asks the terminal where the cursor is, and that answer can time out
/// (seen under tmux); resizing the full-screen viewport to its own size clears without asking.
pub fn clear(term: &mut Term) -> std::io::Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Puts the terminal back; safe to call twice (from the panic hook and on the way out).
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
