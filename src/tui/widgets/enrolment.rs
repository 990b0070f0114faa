//! What enrolling an authenticator shows: the QR code (or, in a window too small for it, why
//! not and the key to type instead), the key grouped in fours, the seconds left of the current
//! 30-second step, and the form for the first code.

use super::form::{Form, FormView};
use super::qr::QrView;
use crate::qr::QrMatrix;
use crate::totp;
use crate::tui::shared::Shared;
use crate::tui::strings::mfa;
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
