//! CustomMessage: the trigger runs before the operation's write (with Cognito's placeholders,
//! never the code), and the text it returned is filled in when the message is "sent" to the
//! outbox, inside the write, without waiting on the handler there.

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
