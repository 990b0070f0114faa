//! Sign in: username and masked password (SRP), or Ctrl-B for the Hosted UI in the browser.

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::cognito::ErrorKind;
use crate::secret::Secret;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys::{self, ctrl};
use crate::tui::shared::Shared;
use crate::tui::strings::{footer, help, hint, label, screen, status, title};
use crate::tui::widgets::form::{Field, Form, FormView};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

#[derive(Debug)]
pub struct SignIn {
    form: Form,
}

impl Default for SignIn {
    fn default() -> Self {
        Self {
            form: Form::new(vec![
                Field::new("username", label::USERNAME).hint(hint::USERNAME),
                Field::new("password", label::PASSWORD).masked(),
            ]),
        }
    }
}

impl Screen for SignIn {
    fn title(&self) -> &'static str {
        title::SIGN_IN
    }

    fn footer(&self) -> &'static str {
        footer::SIGN_IN
    }

    fn help(&self) -> &'static [(&'static str, &'static str)] {
        help::SIGN_IN
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        if ctrl(k, 'n') {
            Some(Action::Go(ScreenId::SignUp))
        } else if ctrl(k, 'r') {
            Some(Action::Go(ScreenId::ForgotPassword))
        } else if ctrl(k, 'o') {
            Some(Action::Go(ScreenId::Confirm))
        } else if ctrl(k, 'p') {
            Some(Action::Go(ScreenId::Profiles))
        } else if ctrl(k, 'a') {
            Some(Action::Go(ScreenId::AdminUsers))
        } else if ctrl(k, 'b') {
            Some(Action::HostedSignIn)
        } else {
            keys::form(k)
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            // Signing in one more user: back to the account of the one signed in.
            Action::Back if cx.shared.session.is_some() => cx.go(ScreenId::Home, Arrival::Plain),
            Action::Back => cx.go(ScreenId::Profiles, Arrival::Plain),
            // A new account starts from nothing; a code or a reset is for the name typed.
            Action::Go(ScreenId::SignUp) => cx.go(ScreenId::SignUp, Arrival::Plain),
            Action::Go(to) => cx.go(to, Arrival::username(self.form.get("username"))),
            Action::HostedSignIn => {
                self.form.clear_secrets();
                cx.call(status::HOSTED_SIGNING_IN, Call::HostedSignIn);
            }
            Action::Submit if forms::ready(&mut self.form) => {
                if !forms::require_all(&mut self.form) {
                    return;
                }
                let username = self.form.get("username").trim().to_owned();
                let password = Secret::new(self.form.get("password"));
                self.form.clear_secrets();
                self.form.focus_on("password");
                cx.call(status::SIGNING_IN, Call::SignIn { username, password });
            }
            a => {
                forms::edit(&mut self.form, &a);
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        if let Outcome::Failed(f) = &outcome
            && f.kind == Some(ErrorKind::UserNotConfirmed)
        {
            cx.go(
                ScreenId::Confirm,
                Arrival::username(self.form.get("username")),
            );
        }
        Some(outcome)
    }

    fn enter(&mut self, arrival: Arrival, _cx: &mut Ctx) {
        self.form.clear_all();
        if let Arrival::Username(name) = arrival {
            self.form.set("username", &name);
        }
        self.form.focus_first_empty();
    }

    fn leave(&mut self) {
        self.form.clear_secrets();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        let t = &shared.theme;
        let [intro, _, form, _, more] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(self.form.height()),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        Paragraph::new(Span::styled(screen::SIGN_IN_INTRO, t.guidance))
            .wrap(Wrap { trim: true })
            .render(intro, buf);
        FormView {
            form: &self.form,
            theme: t,
            active: shared.busy().is_none(),
            label_width: 18,
        }
        .render(form, buf);
        Paragraph::new(Span::styled(screen::SIGN_IN_NEW, t.muted))
            .wrap(Wrap { trim: true })
            .render(more, buf);
    }
}
