//! The fields of each screen's form, and their live checks.

use super::policy::{PasswordPolicy, looks_like_email};
use super::strings::{hint, label, problem};
use super::widgets::form::{Field, Form};
use crate::config::Profile;

pub fn sign_in() -> Form {
    Form::new(vec![
        Field::new("username", label::USERNAME).hint(hint::USERNAME),
        Field::new("password", label::PASSWORD).masked(),
    ])
}

pub fn sign_up() -> Form {
    Form::new(vec![
        Field::new("username", label::USERNAME).hint(hint::USERNAME),
        Field::new("email", label::EMAIL)
            .placeholder("you@example.com")
            .hint(hint::EMAIL),
        Field::new("password", label::PASSWORD).masked(),
        Field::new("repeat", label::REPEAT).masked(),
    ])
}

pub fn confirm(local: bool) -> Form {
    let code_hint = if local {
        hint::CODE_LOCAL
    } else {
        hint::CODE_EMAIL
    };
    Form::new(vec![
        Field::new("username", label::USERNAME),
        Field::new("code", label::CODE)
            .placeholder("123456")
            .hint(code_hint),
    ])
}

/// The new-password answer: the password twice, then each attribute the pool requires
/// (field ids `attr:<name>`, labelled with the attribute's name).
pub fn new_password(required: &[String]) -> Form {
    let mut fields = vec![
        Field::new("password", label::NEW_PASSWORD).masked(),
        Field::new("repeat", label::REPEAT).masked(),
    ];
    for name in required {
        fields.push(Field::new(&format!("attr:{name}"), name));
    }
    Form::new(fields)
}

pub fn change_password() -> Form {
    Form::new(vec![
        Field::new("old", label::OLD_PASSWORD).masked(),
        Field::new("new", label::NEW_PASSWORD).masked(),
        Field::new("repeat", label::REPEAT).masked(),
    ])
}

pub fn add_profile() -> Form {
    Form::new(vec![
        Field::new("name", label::PROFILE_NAME).placeholder("work"),
        Field::new("region", label::REGION).placeholder("from the pool id"),
        Field::new("user_pool_id", label::POOL_ID).hint(hint::POOL_ID),
        Field::new("client_id", label::CLIENT_ID),
        Field::new("client_secret", label::CLIENT_SECRET)
            .masked()
            .hint(hint::SECRET),
        Field::new("endpoint", label::ENDPOINT).hint(hint::ENDPOINT),
    ])
}

/// Fields that may stay empty.
pub fn required(id: &str) -> bool {
    !matches!(id, "client_secret" | "endpoint" | "region")
}

pub fn check_sign_up(form: &mut Form, policy: &PasswordPolicy) {
    let username = form.get("username").to_owned();
    let email = form.get("email").to_owned();
    if let Some(f) = form.field_mut("username") {
        f.problem = username
            .contains(char::is_whitespace)
            .then(|| problem::SPACES.into());
    }
    if let Some(f) = form.field_mut("email") {
        f.problem = (!email.is_empty() && !looks_like_email(email.trim()))
            .then(|| problem::NOT_EMAIL.into());
    }
    check_new_password(form, policy, "password");
}

/// The password field `pw` against the policy, and `repeat` against it.
pub fn check_new_password(form: &mut Form, policy: &PasswordPolicy, pw: &str) {
    let (ok, same) = {
        let p = form.get(pw);
        (p.is_empty() || policy.accepts(p), p == form.get("repeat"))
    };
    let old_same = pw == "new" && !form.get("new").is_empty() && form.get("new") == form.get("old");
    if let Some(f) = form.field_mut(pw) {
        f.problem = if !ok {
            Some(problem::POLICY.into())
        } else if old_same {
            Some(problem::SAME_PASSWORD.into())
        } else {
            None
        };
    }
    let repeat_empty = form.get("repeat").is_empty();
    if let Some(f) = form.field_mut("repeat") {
        f.problem = (!repeat_empty && !same).then(|| problem::NO_MATCH.into());
        f.ok = (!repeat_empty && same).then(|| problem::MATCHES.into());
    }
}

/// The profile the add-profile form describes, or `None` with the problems marked.
pub fn profile_from(form: &mut Form, existing: &[Profile]) -> Option<Profile> {
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
    })
}
