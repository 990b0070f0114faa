//! A headless driver: the app and its worker without a terminal, fed actions and keys, for
//! tests and for measuring. What the person would see is rendered into a `TestBackend`.

use super::action::Action;
use super::app::App;
use super::effect::Effect;
use super::worker::{self, WorkerConfig};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

pub struct Headless {
    pub app: App,
    effects: UnboundedSender<Effect>,
    rx: UnboundedReceiver<Action>,
    /// Every effect sent, for assertions.
    pub sent: Vec<Effect>,
}

impl Headless {
    pub fn new(app: App, cfg: WorkerConfig) -> Self {
        let (tx, rx) = unbounded_channel();
        let (effects, _worker) = worker::spawn(cfg, tx);
        Self {
            app,
            effects,
            rx,
            sent: Vec::new(),
        }
    }

    pub fn dispatch(&mut self, a: Action) {
        for e in self.app.update(a) {
            self.sent.push(e.clone());
            let _ = self.effects.send(e);
        }
    }

    pub fn send_effects(&mut self, effects: Vec<Effect>) {
        for e in effects {
            self.sent.push(e.clone());
            let _ = self.effects.send(e);
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.dispatch(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.dispatch(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Processes worker answers until no call is in flight, or `timeout` passes (false).
    pub async fn settle(&mut self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        while self.app.busy().is_some() {
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some(a)) => self.dispatch(a),
                Ok(None) | Err(_) => return false,
            }
        }
        true
    }

    /// The screen as a `w`×`h` terminal would show it.
    pub fn render(&self, w: u16, h: u16) -> Buffer {
        render(&self.app, w, h)
    }
}

/// Draws `app` into a `TestBackend` of `w`×`h` cells.
pub fn render(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        // TestBackend's constructor cannot fail; an empty buffer keeps this infallible.
        Err(_) => return Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h)),
    };
    let _ = term.draw(|f| f.render_widget(app, f.area()));
    term.backend().buffer().clone()
}

/// The buffer's text, one line per row, trailing spaces trimmed.
pub fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
