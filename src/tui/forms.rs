//! What every form screen does alike: editing, Enter walking to the next empty field,
//! required fields, and the live password checks.

use super::action::Action;
use super::policy::{PasswordPolicy, looks_like_email};
use super::strings::problem;
use super::widgets::form::Form;

/// Applies an editing action (or a paste) to the form; false when `a` is not one. A field whose
/// value changes loses its problem ("required", "not right"): the screen checks it again.
pub fn edit(form: &mut Form, a: &Action) -> bool {
    let focus = form.focus;
    let before = form.fields.get(focus).map(|f| f.value().len());
    let edited = apply(form, a);
    if let Some(f) = form.fields.get_mut(focus)
        && before != Some(f.value().len())
    {
        f.problem = None;
    }
    edited
}

fn apply(form: &mut Form, a: &Action) -> bool {
    match a {
        Action::Click { x, y } => {
            if let Some(i) = form.field_at(*x, *y) {
                form.focus = i;
            }
        }
        Action::NextField => form.next(),
        Action::PrevField => form.prev(),
        Action::Paste(text) => form.paste(text),
        Action::Input(_)
        | Action::Backspace
        | Action::Delete
        | Action::CursorLeft
        | Action::CursorRight
        | Action::CursorHome
        | Action::CursorEnd
        | Action::ClearField => {
            if let Some(f) = form.focused() {
                match a {
                    Action::Input(c) => f.insert(*c),
                    Action::Backspace => f.backspace(),
                    Action::Delete => f.delete(),
                    Action::CursorLeft => f.left(),
                    Action::CursorRight => f.right(),
                    Action::CursorHome => f.home(),
                    Action::CursorEnd => f.end(),
                    _ => f.clear(),
                }
            }
        }
        _ => return false,
    }
    true
}

/// Enter: moves to the next empty field until the form is filled in; true when it is time to
/// submit.
pub fn ready(form: &mut Form) -> bool {
    let all_filled = form
        .fields
        .iter()
        .all(|f| !f.value().is_empty() || f.optional);
    if form.on_last() || all_filled {
        return true;
    }
    form.next();
    while !form.on_last() && !form.fields[form.focus].value().is_empty() {
        form.next();
    }
    false
}

/// Marks the empty fields among `ids` as required and focuses the first; true when all are
/// filled.
pub fn require(form: &mut Form, ids: &[&str]) -> bool {
    let mut first_empty = None;
    for f in form.fields.iter_mut() {
        if ids.contains(&f.id.as_str()) && f.value().is_empty() {
            f.problem = Some(problem::REQUIRED.into());
            first_empty.get_or_insert(f.id.clone());
        }
    }
    match first_empty {
        Some(id) => {
            form.focus_on(&id);
            false
        }
        None => true,
    }
}

/// Every non-optional field is filled (marking those that are not).
pub fn require_all(form: &mut Form) -> bool {
    let ids: Vec<String> = form
        .fields
        .iter()
        .filter(|f| !f.optional)
        .map(|f| f.id.clone())
        .collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    require(form, &ids)
}

/// Focuses the first field with a problem; true when there is none.
pub fn no_problems(form: &mut Form) -> bool {
    match form.fields.iter().position(|f| f.problem.is_some()) {
        Some(i) => {
            form.focus = i;
            false
        }
        None => true,
    }
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
