//! ListUsers' `Filter` as Cognito parses it: `attribute = "value"` (exact) or
//! `attribute ^= "prefix"`, whitespace around the operator optional, `\"` and `\\` escaped
//! inside the quotes; only the attributes Cognito searches.

use super::super::error::{ApiError, ApiResult};
use super::super::model::User;

/// A parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub attribute: String,
    pub value: String,
    pub prefix: bool,
}

/// The attributes Cognito's ListUsers searches (custom attributes are not searchable).
pub const FILTERABLE: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

fn syntax_error(what: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "Error while parsing filter: {what}; write attribute = \"value\" or \
         attribute ^= \"prefix\""
    ))
}

/// Parses `text`; an empty filter (or only spaces) is none: every user.
pub fn parse(text: &str) -> ApiResult<Option<Filter>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let attribute = &text[..name_end];
    if attribute.is_empty() {
        return Err(syntax_error("the filter must start with an attribute name"));
    }
    let rest = text[name_end..].trim_start();
    let (prefix, rest) = if let Some(r) = rest.strip_prefix("^=") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix('=') {
        (false, r)
    } else {
        return Err(syntax_error("the operator must be = or ^="));
    };
    let rest = rest.trim_start();
    let Some(quoted) = rest.strip_prefix('"') else {
        return Err(syntax_error("the value must be in double quotes"));
    };
    let mut value = String::new();
    let mut chars = quoted.chars();
    let mut closed = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('"' | '\\')) => value.push(e),
                _ => return Err(syntax_error("only \\\" and \\\\ may be escaped")),
            },
            '"' => {
                closed = true;
                break;
            }
            c => value.push(c),
        }
    }
    if !closed {
        return Err(syntax_error("the value's closing quote is missing"));
    }
    if !chars.as_str().trim().is_empty() {
        return Err(syntax_error(
            "nothing may follow the value (one condition per filter)",
        ));
    }
    if !FILTERABLE.contains(&attribute) {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid search attribute: ListUsers filters on {} only",
            FILTERABLE.join(", ")
        )));
    }
    Ok(Some(Filter {
        attribute: attribute.to_owned(),
        value,
        prefix,
    }))
}

fn value_of(u: &User, attribute: &str) -> Option<String> {
    match attribute {
        "username" => Some(u.username.clone()),
        "sub" => Some(u.sub.clone()),
        "cognito:user_status" => Some(u.status.clone()),
        "status" => Some(if u.enabled { "Enabled" } else { "Disabled" }.into()),
        other => u.attributes.get(other).cloned(),
    }
}

impl Filter {
    /// Whether `u` passes. `cognito:user_status` compares without case, as Cognito's does;
    /// the others are case-sensitive.
    pub fn matches(&self, u: &User) -> bool {
        let Some(v) = value_of(u, &self.attribute) else {
            return false;
        };
        let (v, want) = if self.attribute == "cognito:user_status" {
            (v.to_lowercase(), self.value.to_lowercase())
        } else {
            (v, self.value.clone())
        };
        if self.prefix {
            v.starts_with(&want)
        } else {
            v == want
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Filter {
        parse(text).unwrap().unwrap()
    }

    #[test]
    fn cognito_forms_parse() {
        assert_eq!(
            ok("email = \"a@b.c\""),
            Filter {
                attribute: "email".into(),
                value: "a@b.c".into(),
                prefix: false
            }
        );
        assert!(ok("family_name ^= \"Red\"").prefix);
        assert_eq!(ok("email=\"a@b.c\"").value, "a@b.c");
        assert_eq!(ok("  sub=  \"x\"  ").value, "x");
        assert_eq!(ok(r#"name = "say \"hi\" \\ ok""#).value, r#"say "hi" \ ok"#);
        assert_eq!(ok("email = \"a^=b = c\"").value, "a^=b = c");
        assert_eq!(
            ok("cognito:user_status = \"confirmed\"").attribute,
            "cognito:user_status"
        );
        assert!(parse("").unwrap().is_none());
        assert!(parse("   ").unwrap().is_none());
    }

    #[test]
    fn bad_filters_say_what_is_wrong() {
        for (text, says) in [
            ("email", "operator"),
            ("email ~ \"x\"", "operator"),
            ("email = x", "double quotes"),
            ("email = \"x", "closing quote"),
            ("email = \"x\" and name = \"y\"", "nothing may follow"),
            ("= \"x\"", "attribute name"),
            ("email = \"\\n\"", "escaped"),
            ("custom:tenant = \"x\"", "Invalid search attribute"),
            ("address = \"x\"", "Invalid search attribute"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.kind, "InvalidParameterException", "{text}");
            assert!(e.message.contains(says), "{text}: {}", e.message);
        }
    }
}
