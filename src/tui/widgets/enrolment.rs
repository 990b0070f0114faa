//! What enrolling an authenticator shows: the QR code (or, in a window too small for it, why
//! not and the key to type instead), the key grouped in fours, the seconds left of the current
//! 30-second step, and the form for the first code; with the state both enrolment screens keep.

use super::form::{Field, Form, FormView};
use super::qr::QrView;
use crate::qr::QrMatrix;
use crate::secret::Secret;
use crate::totp;
use crate::tui::action::Action;
use crate::tui::forms;
use crate::tui::shared::Shared;
use crate::tui::strings::{label, mfa};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// An enrolment as the screen keeps it: no secret beyond what it must show.
pub struct EnrolmentView {
    pub matrix: Option<QrMatrix>,
    /// The key grouped for typing (shown: the person is enrolling).
    pub grouped: String,
}

impl EnrolmentView {
    pub fn new(uri: &str, secret_b32: &str) -> Self {
        Self {
            matrix: QrMatrix::new(uri).ok(),
            grouped: totp::grouped(secret_b32),
        }
    }
}

/// What both enrolment screens keep (the account's `m` and MFA_SETUP at sign-in): the key
/// once the pool gave it, and the form for the app's first code.
pub struct Enrolment {
    view: Option<EnrolmentView>,
    form: Form,
}

impl Default for Enrolment {
    fn default() -> Self {
        Self {
            view: None,
            form: Form::new(vec![Field::new("code", label::CODE)]),
        }
    }
}

impl Enrolment {
    /// Shows the key the pool gave.
    pub fn show(&mut self, uri: &str, secret_b32: &str) {
        self.view = Some(EnrolmentView::new(uri, secret_b32));
    }

    /// Forgets the key and what was typed.
    pub fn clear(&mut self) {
        self.view = None;
        self.form.clear_secrets();
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    /// Shown (so the countdown needs each second drawn).
    pub fn live(&self) -> bool {
        self.view.is_some()
    }

    /// An intent on the form: the code to check once the key is shown and the form is
    /// filled; any other action edits the form.
    pub fn handle(&mut self, action: Action) -> Option<Secret> {
        match action {
            Action::Submit if self.view.is_some() && forms::ready(&mut self.form) => {
                forms::require_all(&mut self.form).then(|| Secret::new(self.form.get("code")))
            }
            a => {
                forms::edit(&mut self.form, &a);
                None
            }
        }
    }

    pub fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        if let Some(v) = &self.view {
            render(v, &self.form, shared, area, buf);
        }
    }
}

/// A ring that fills as the step runs out.
fn ring(left: i64) -> &'static str {
    match left {
        23.. => "○",
        16..=22 => "◔",
        9..=15 => "◑",
        3..=8 => "◕",
        _ => "●",
    }
}

pub fn render(e: &EnrolmentView, form: &Form, shared: &Shared, area: Rect, buf: &mut Buffer) {
    let t = &shared.theme;
    let qr = e.matrix.as_ref().map(|m| QrView::themed(m, t));
    let (qw, qh) = qr.as_ref().map_or((0, 0), QrView::size);
    let side = area.width >= qw + 34 && area.height >= qh;
    let (qr_area, text_area) = if side {
        let [a, _, b] = Layout::horizontal([
            Constraint::Length(qw),
            Constraint::Length(2),
            Constraint::Min(30),
        ])
        .areas(area);
        (a, b)
    } else {
        let [a, b] = Layout::vertical([Constraint::Length(qh), Constraint::Min(6)]).areas(area);
        (a, b)
    };
    let drawn = match qr {
        Some(q) if q.fits(qr_area) && (side || area.height >= qh + 6) => {
            q.render(qr_area, buf);
            true
        }
        _ => false,
    };
    let text_area = if drawn { text_area } else { area };
    let left = totp::seconds_left(shared.now);
    let mut lines = vec![
        Line::from(Span::styled(
            if drawn { mfa::SCAN } else { mfa::TOO_SMALL },
            t.guidance,
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled(mfa::KEY, t.muted),
            Span::styled(e.grouped.clone(), t.input),
            Span::styled(
                format!("   {} {}", ring(left), mfa::changes_in(left)),
                t.muted,
            ),
        ]),
    ];
    if !drawn {
        lines.push(Line::from(Span::styled(mfa::CLI_FOR_URI, t.muted)));
    }
    // One row more than the lines, for the first one wrapping in a narrow window.
    let [text, form_area] = Layout::vertical([
        Constraint::Length(u16::try_from(lines.len()).unwrap_or(6) + 2),
        Constraint::Length(form.height()),
    ])
    .areas(text_area);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(text, buf);
    FormView {
        form,
        theme: t,
        active: shared.busy().is_none(),
        label_width: 12,
    }
    .render(form_area, buf);
}
