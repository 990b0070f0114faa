//! Users as support staff see them: how to look one up (`UserQuery`, turned into a ListUsers
//! filter) and what is shown (`UserSummary` from ListUsers, `UserDetail` from AdminGetUser).

use crate::cognito::types::{AdminGetUserResponse, AttributeType, UserType};
use serde::Serialize;
use std::collections::BTreeMap;

/// How to find users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserQuery {
    Email(String),
    Phone(String),
    Username(String),
    Sub(String),
    /// Usernames starting with this.
    UsernamePrefix(String),
    /// A ListUsers filter as Cognito takes it (`family_name ^= "Re"`); empty lists everyone.
    Raw(String),
}

/// A value inside a filter's double quotes: `"` and `\` escaped, as Cognito reads them.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl UserQuery {
    /// What a person typed in a search box: nothing lists everyone, an `@` is an email, `+`
    /// and digits a phone number, a UUID a sub, a `=` a filter as Cognito takes it, anything
    /// else the start of a username.
    pub fn guess(typed: &str) -> Self {
        let t = typed.trim();
        let is_uuid = t.len() == 36
            && t.chars().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        if t.is_empty() || t.contains('=') {
            Self::Raw(t.to_owned())
        } else if t.contains('@') {
            Self::Email(t.to_owned())
        } else if t.len() > 4 && t.starts_with('+') && t[1..].chars().all(|c| c.is_ascii_digit()) {
            Self::Phone(t.to_owned())
        } else if is_uuid {
            Self::Sub(t.to_owned())
        } else {
            Self::UsernamePrefix(t.to_owned())
        }
    }

    /// The ListUsers filter.
    pub fn filter(&self) -> String {
        match self {
            Self::Email(v) => format!("email = {}", quoted(v)),
            Self::Phone(v) => format!("phone_number = {}", quoted(v)),
            Self::Username(v) => format!("username = {}", quoted(v)),
            Self::Sub(v) => format!("sub = {}", quoted(v)),
            Self::UsernamePrefix(v) => format!("username ^= {}", quoted(v)),
            Self::Raw(f) => f.trim().to_owned(),
        }
    }
}

/// One user in a search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserSummary {
    pub username: String,
    pub sub: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    /// CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED, …
    pub status: String,
    pub enabled: bool,
    /// Unix seconds.
    pub created: Option<f64>,
    pub modified: Option<f64>,
    pub attributes: BTreeMap<String, String>,
}

fn attribute_map(list: &[AttributeType]) -> BTreeMap<String, String> {
    list.iter()
        .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
        .collect()
}

impl UserSummary {
    pub fn from_wire(u: &UserType) -> Self {
        let attributes = attribute_map(u.attributes.as_deref().unwrap_or_default());
        Self {
            username: u.username.clone().unwrap_or_default(),
            sub: attributes.get("sub").cloned(),
            email: attributes.get("email").cloned(),
            phone_number: attributes.get("phone_number").cloned(),
            status: u.user_status.clone().unwrap_or_default(),
            enabled: u.enabled.unwrap_or(true),
            created: u.user_create_date,
            modified: u.user_last_modified_date,
            attributes,
        }
    }
}

/// One user in full, with MFA.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserDetail {
    #[serde(flatten)]
    pub summary: UserSummary,
    /// The methods on: SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP.
    pub mfa_methods: Vec<String>,
    pub mfa_preferred: Option<String>,
}

impl UserDetail {
    pub fn from_wire(a: AdminGetUserResponse) -> Self {
        let user = UserType {
            username: Some(a.username),
            attributes: Some(a.user_attributes),
            user_create_date: Some(a.user_create_date),
            user_last_modified_date: Some(a.user_last_modified_date),
            enabled: Some(a.enabled),
            user_status: Some(a.user_status),
        };
        Self {
            summary: UserSummary::from_wire(&user),
            mfa_methods: a.user_mfa_setting_list.unwrap_or_default(),
            mfa_preferred: a.preferred_mfa_setting,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_as_cognito_reads_them() {
        assert_eq!(
            UserQuery::Email("a@b.c".into()).filter(),
            "email = \"a@b.c\""
        );
        assert_eq!(
            UserQuery::Username(r#"x"y\z"#.into()).filter(),
            r#"username = "x\"y\\z""#
        );
        assert_eq!(UserQuery::Raw("  ".into()).filter(), "");
        assert_eq!(
            UserQuery::UsernamePrefix("do".into()).filter(),
            "username ^= \"do\""
        );
    }

    #[test]
    fn a_typed_search_is_read_as_a_person_means_it() {
        assert_eq!(UserQuery::guess(" "), UserQuery::Raw(String::new()));
        assert_eq!(
            UserQuery::guess("dora"),
            UserQuery::UsernamePrefix("dora".into())
        );
        assert_eq!(
            UserQuery::guess("d@x.io "),
            UserQuery::Email("d@x.io".into())
        );
        assert_eq!(
            UserQuery::guess("+14155550100"),
            UserQuery::Phone("+14155550100".into())
        );
        let sub = "0b4f1a52-3c34-4d1e-9a7e-6a2f3b9c1d00";
        assert_eq!(UserQuery::guess(sub), UserQuery::Sub(sub.into()));
        assert_eq!(
            UserQuery::guess("name ^= \"Re\""),
            UserQuery::Raw("name ^= \"Re\"".into())
        );
    }
}
