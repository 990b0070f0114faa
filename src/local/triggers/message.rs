//! CustomMessage: the trigger runs before the operation's write (with Cognito's placeholders,
//! never the code), and the text it returned is filled in when the message is "sent" to the
//! outbox, inside the write, without waiting on the handler there.

use super::events::{event, user_attributes};
use super::hooks::caller;
use super::{Trigger, run};
use crate::local::error::ApiResult;
use crate::local::model::User;
use crate::local::state::State;
use crate::local::store::PoolRow;
use serde_json::{Value, json};
use std::cell::RefCell;

/// Cognito's placeholders in a CustomMessage event.
pub const CODE: &str = "{####}";
pub const USERNAME: &str = "{username}";

/// The text a CustomMessage handler returned for one send.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    pub subject: Option<String>,
    pub message: Option<String>,
}

thread_local! {
    static CURRENT: RefCell<Option<Template>> = const { RefCell::new(None) };
}

/// Runs `f` (the operation's write, which sends the message) with `template` as the text of
/// what it sends.
pub fn with_template<T>(template: Option<Template>, f: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|c| c.replace(template));
    let out = f();
    CURRENT.with(|c| *c.borrow_mut() = before);
    out
}

/// The subject and text of the message being sent, placeholders filled in; (None, None)
/// without a CustomMessage trigger.
pub fn render(code: &str, username: &str) -> (Option<String>, Option<String>) {
    CURRENT.with(|c| match &*c.borrow() {
        Some(t) => {
            let fill = |s: &String| s.replace(CODE, code).replace(USERNAME, username);
            (t.subject.as_ref().map(fill), t.message.as_ref().map(fill))
        }
        None => (None, None),
    })
}

/// CustomMessage_SignUp, _ResendCode, _ForgotPassword, _AdminCreateUser, …: run before the
/// operation's write with Cognito's placeholders (`{####}`, and `{username}` for an invitation);
/// the text it returns becomes the outbox message once the code is made
/// ([`with_template`]). None without the trigger or when it leaves both texts
/// out (Cognito's default message).
pub fn custom_message(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    source: &str,
    user: &User,
) -> ApiResult<Option<Template>> {
    let cfg = pool.config.lambda_config.as_ref();
    let ev = || {
        let username_parameter = if source == "CustomMessage_AdminCreateUser" {
            json!(USERNAME)
        } else {
            Value::Null
        };
        let request = json!({
            "userAttributes": user_attributes(user),
            "codeParameter": CODE,
            "linkParameter": "{##Click Here##}",
            "usernameParameter": username_parameter,
            "clientMetadata": Value::Null,
        });
        event(
            &caller(st, pool, client_id),
            "1",
            source,
            &user.username,
            request,
            json!({"smsMessage": null, "emailMessage": null, "emailSubject": null}),
        )
    };
    let Some(r) = run(&st.triggers, cfg, Trigger::CustomMessage, ev)? else {
        return Ok(None);
    };
    let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_owned);
    let template = Template {
        subject: text("emailSubject"),
        message: text("emailMessage"),
    };
    Ok(Some(template).filter(|t| t.subject.is_some() || t.message.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_only_inside_the_scope() {
        let t = Template {
            subject: Some("Hi {username}".into()),
            message: Some("Code {####}".into()),
        };
        let inside = with_template(Some(t), || render("123456", "ana"));
        assert_eq!(inside, (Some("Hi ana".into()), Some("Code 123456".into())));
        assert_eq!(render("1", "b"), (None, None));
    }
}
