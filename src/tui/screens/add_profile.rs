//! Add a profile: an AWS user pool and app client (or any Cognito-compatible endpoint).

use super::{Arrival, Ctx, Screen, ScreenId};
use crate::config::Profile;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::Call;
use crate::tui::forms;
use crate::tui::keys;
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::{footer, hint, label, problem, status, title};
use crate::tui::widgets::form::{Field, Form, FormView};
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

#[derive(Debug)]
pub struct AddProfile {
    form: Form,
}

impl Default for AddProfile {
    fn default() -> Self {
        Self {
            form: Form::new(vec![
                Field::new("name", label::PROFILE_NAME).placeholder("work"),
                Field::new("region", label::REGION)
                    .placeholder("eu-west-1 (empty: from the pool id)")
                    .optional(),
                Field::new("user_pool_id", label::POOL_ID).hint(hint::POOL_ID),
                Field::new("client_id", label::CLIENT_ID),
                Field::new("client_secret", label::CLIENT_SECRET)
                    .masked()
                    .optional()
                    .hint(hint::SECRET),
                Field::new("endpoint", label::ENDPOINT)
                    .optional()
                    .hint(hint::ENDPOINT),
            ]),
        }
    }
}

impl Screen for AddProfile {
    fn title(&self) -> &'static str {
        title::ADD_PROFILE
    }

    fn footer(&self) -> &'static str {
        footer::ADD_PROFILE
    }

    fn form(&self) -> Option<&Form> {
        Some(&self.form)
    }

    fn key(&self, k: &KeyEvent) -> Option<Action> {
        keys::form(k)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        match action {
            Action::Back => cx.go(ScreenId::Profiles, Arrival::Plain),
            Action::Submit if forms::ready(&mut self.form) => {
                if let Some(p) = profile_from(&mut self.form, &cx.shared.profiles) {
                    cx.call(status::SAVING_PROFILE, Call::SaveProfile(Box::new(p)));
                }
            }
            a => {
                forms::edit(&mut self.form, &a);
            }
        }
    }

    fn on_result(&mut self, outcome: Outcome, cx: &mut Ctx) -> Option<Outcome> {
        match outcome {
            Outcome::ProfileSaved(p) => {
                cx.say(StatusKind::Success, status::profile_saved(&p.name));
                cx.shared.upsert((*p).clone());
                self.form.clear_all();
                cx.open(*p);
                None
            }
            other => Some(other),
        }
    }

    fn enter(&mut self, _arrival: Arrival, _cx: &mut Ctx) {
        self.form.clear_all();
    }

    fn leave(&mut self) {
        self.form.clear_secrets();
    }

    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer) {
        FormView {
            form: &self.form,
            theme: &shared.theme,
            active: shared.busy().is_none(),
            label_width: 18,
        }
        .render(area, buf);
    }
}

/// The profile the form describes, or `None` with the problems marked.
fn profile_from(form: &mut Form, existing: &[Profile]) -> Option<Profile> {
    let v = |id: &str| form.get(id).trim().to_owned();
    let (name, pool, client, secret, endpoint) = (
        v("name"),
        v("user_pool_id"),
        v("client_id"),
        v("client_secret"),
        v("endpoint"),
    );
    let region = match v("region") {
        r if r.is_empty() => pool
            .split_once('_')
            .map(|(r, _)| r.to_owned())
            .unwrap_or_default(),
        r => r,
    };
    let mut problems: Vec<(&str, &str)> = Vec::new();
    if name.is_empty() {
        problems.push(("name", problem::REQUIRED));
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        problems.push(("name", problem::BAD_NAME));
    } else if existing.iter().any(|p| p.name == name) {
        problems.push(("name", problem::NAME_TAKEN));
    }
    if !pool.contains('_') {
        problems.push(("user_pool_id", problem::BAD_POOL));
    }
    if client.is_empty() {
        problems.push(("client_id", problem::REQUIRED));
    }
    for f in form.fields.iter_mut() {
        f.problem = problems
            .iter()
            .find(|(id, _)| *id == f.id)
            .map(|(_, p)| (*p).to_owned());
    }
    if let Some((id, _)) = problems.first() {
        form.focus_on(id);
        return None;
    }
    Some(Profile {
        name,
        region,
        user_pool_id: pool,
        client_id: client,
        client_secret: (!secret.is_empty()).then(|| secret.into()),
        identity_pool_id: None,
        endpoint: (!endpoint.is_empty()).then_some(endpoint),
        hosted_ui_domain: None,
        session_store: None,
        credentials_flow: None,
        role_arn: None,
        federation_endpoint: None,
    })
}
