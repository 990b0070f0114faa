//! A pool's rules: its password policy, its attribute schema and what a username may be.

use super::super::error::{ApiError, ApiResult};
use crate::cognito::types::{AttributeType, PasswordPolicyType, UserPoolType};
use std::collections::BTreeMap;

/// Cognito's default policy: 8 characters with upper, lower, digit and symbol.
pub fn default_password_policy() -> PasswordPolicyType {
    PasswordPolicyType {
        minimum_length: Some(8),
        require_uppercase: Some(true),
        require_lowercase: Some(true),
        require_numbers: Some(true),
        require_symbols: Some(true),
        temporary_password_validity_days: Some(7),
    }
}

const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

/// Checks a password against the pool's policy, with Cognito's messages.
pub fn check_password(pool: &UserPoolType, password: &str) -> ApiResult<()> {
    let policy = pool
        .policies
        .as_ref()
        .and_then(|p| p.password_policy.clone())
        .unwrap_or_else(default_password_policy);
    let fail = |why: &str| {
        Err(ApiError::new(
            "InvalidPasswordException",
            format!("Password did not conform with policy: {why}"),
        ))
    };
    if password.starts_with(' ') || password.ends_with(' ') {
        return fail("Password must not begin or end with a space");
    }
    if password.chars().count() < policy.minimum_length.unwrap_or(8) as usize {
        return fail("Password not long enough");
    }
    if password.chars().count() > 256 {
        return fail("Password is too long (at most 256 characters)");
    }
    if policy.require_uppercase == Some(true) && !password.chars().any(char::is_uppercase) {
        return fail("Password must have uppercase characters");
    }
    if policy.require_lowercase == Some(true) && !password.chars().any(char::is_lowercase) {
        return fail("Password must have lowercase characters");
    }
    if policy.require_numbers == Some(true) && !password.chars().any(|c| c.is_ascii_digit()) {
        return fail("Password must have numeric characters");
    }
    if policy.require_symbols == Some(true) && !password.chars().any(|c| SYMBOLS.contains(c)) {
        return fail("Password must have symbol characters");
    }
    Ok(())
}

/// Attributes the pool requires (standard ones marked Required in its schema).
pub fn required_attributes(pool: &UserPoolType) -> Vec<String> {
    pool.schema_attributes
        .iter()
        .flatten()
        .filter(|a| a.required == Some(true))
        .filter_map(|a| a.name.clone())
        .filter(|name| name != "sub")
        .collect()
}

fn custom_defined(pool: &UserPoolType, name: &str) -> bool {
    pool.schema_attributes
        .iter()
        .flatten()
        .any(|a| a.name.as_deref() == Some(name))
}

fn schema_error(name: &str, why: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "Attributes did not conform to the schema: {name}: {why}"
    ))
}

pub use crate::cognito::looks_like_email;

/// Checks attributes a user writes and folds them into `into`. `email_verified` and other
/// verification flags may only be written by an admin (`admin` = true).
pub fn apply_attributes(
    pool: &UserPoolType,
    attrs: &[AttributeType],
    into: &mut BTreeMap<String, String>,
    admin: bool,
) -> ApiResult<()> {
    for a in attrs {
        let name = a.name.as_str();
        let value = a.value.clone().unwrap_or_default();
        if name == "sub" {
            return Err(schema_error(name, "Attribute cannot be updated."));
        }
        let known = STANDARD_ATTRIBUTES.contains(&name)
            || (name.starts_with("custom:") && custom_defined(pool, name));
        if !known {
            return Err(ApiError::invalid_parameter(
                "Attributes did not conform to the schema: Attribute does not exist in the schema.",
            ));
        }
        if !admin && (name == "email_verified" || name == "phone_number_verified") {
            return Err(schema_error(
                name,
                "Attribute cannot be written by the user; verify it with a code.",
            ));
        }
        if name == "email" && !looks_like_email(&value) {
            return Err(ApiError::invalid_parameter("Invalid email address format."));
        }
        if value.chars().count() > 2048 {
            return Err(schema_error(
                name,
                "String must be no longer than 2048 characters",
            ));
        }
        if value.is_empty() {
            into.remove(name);
        } else {
            into.insert(name.to_owned(), value);
        }
    }
    Ok(())
}

/// Checks that every attribute the pool requires is present.
pub fn check_required(pool: &UserPoolType, attrs: &BTreeMap<String, String>) -> ApiResult<()> {
    for name in required_attributes(pool) {
        if !attrs.contains_key(&name) {
            return Err(schema_error(
                &name,
                &format!("The attribute {name} is required"),
            ));
        }
    }
    Ok(())
}

/// Email is the username itself in pools with `UsernameAttributes = [email]`.
pub fn email_is_username(pool: &UserPoolType) -> bool {
    pool.username_attributes
        .iter()
        .flatten()
        .any(|a| a == "email")
}

pub fn email_is_alias(pool: &UserPoolType) -> bool {
    pool.alias_attributes.iter().flatten().any(|a| a == "email")
}

/// What a new username may be in this pool.
pub fn check_username(pool: &UserPoolType, username: &str) -> ApiResult<()> {
    if username.is_empty()
        || username.chars().count() > 128
        || username
            .chars()
            .any(|c| c.is_whitespace() || crate::local::escape::is_hostile(c))
    {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: \
             Member must be 1 to 128 characters with no spaces, control, bidi or zero-width \
             characters",
        ));
    }
    if email_is_username(pool) {
        if !looks_like_email(username) {
            return Err(ApiError::invalid_parameter("Username should be an email."));
        }
    } else if email_is_alias(pool) && looks_like_email(username) {
        return Err(ApiError::invalid_parameter(
            "Username cannot be of email format, since user pool is configured for email alias.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_messages() {
        let pool = UserPoolType::default();
        assert!(check_password(&pool, "Abcdef1!").is_ok());
        for (pw, why) in [
            ("Ab1!", "not long enough"),
            ("abcdefg1!", "uppercase"),
            ("ABCDEFG1!", "lowercase"),
            ("Abcdefgh!", "numeric"),
            ("Abcdefgh1", "symbol"),
        ] {
            let e = check_password(&pool, pw).unwrap_err();
            assert_eq!(e.kind, "InvalidPasswordException");
            assert!(e.message.contains(why), "{pw}: {}", e.message);
        }
    }
}
