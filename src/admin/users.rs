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
    /// The ListUsers filter.
    pub fn filter(&self) -> String {
        match self {
            Self::Email(v) => format!("email = {}", quoted(v)),
            Self::Phone(v) => format!("phone_number = {}", quoted(v)),
            Self::Username(v) => format!("username = {}", quoted(v)),
            Self::Sub(v) => format!("sub = {}", quoted(v)),
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
    }
}
