//! Cognito's field limits, checked on the decoded request before any other work: a 500 KB
//! username is refused here, not stored in a challenge session.

use super::error::{ApiError, ApiResult};
use serde_json::Value;

/// The longest string a field may hold, by field name (as on the wire, wherever it appears);
/// fields not listed may hold [`DEFAULT_MAX`] characters.
const FIELD_MAX: &[(&str, usize)] = &[
    ("Username", 128),
    ("USERNAME", 128),
    ("ClientId", 128),
    ("UserPoolId", 55),
    ("Password", 256),
    ("PreviousPassword", 256),
    ("ProposedPassword", 256),
    ("TemporaryPassword", 256),
    ("PASSWORD", 256),
    ("NEW_PASSWORD", 256),
    ("ConfirmationCode", 2048),
    ("Code", 2048),
    ("Session", 2048),
    ("SecretHash", 128),
    ("SECRET_HASH", 128),
    ("SRP_A", super::ops::auth::MAX_SRP_A_HEX),
    ("Value", 2048),
    ("Name", 64),
    ("AttributeName", 64),
    ("AuthFlow", 64),
    ("ChallengeName", 64),
    ("Filter", 256),
    ("PoolName", 128),
    ("ClientName", 128),
    ("PaginationToken", 1024),
];

/// Any other string (tokens are the longest legitimate ones, under 2 KB).
pub const DEFAULT_MAX: usize = 8192;
/// Entries in one list or map.
pub const MAX_ENTRIES: usize = 100;

fn too_long(field: Option<&str>, max: usize) -> ApiError {
    match field {
        Some(name) => ApiError::invalid_parameter(format!(
            "1 validation error detected: Value at '{name}' failed to satisfy constraint: \
             Member must have length less than or equal to {max}"
        )),
        None => ApiError::invalid_parameter(format!(
            "1 validation error detected: a field failed to satisfy constraint: Member must \
             have length less than or equal to {max}"
        )),
    }
}

/// Checks every string, list and map in a request against the limits.
pub fn check(value: &Value) -> ApiResult<()> {
    walk(value, None)
}

fn walk(value: &Value, key: Option<&str>) -> ApiResult<()> {
    match value {
        Value::String(s) => {
            let listed = key.and_then(|k| FIELD_MAX.iter().find(|(name, _)| *name == k));
            let (name, max) = match listed {
                Some((name, max)) => (Some(*name), *max),
                None => (None, DEFAULT_MAX),
            };
            // Bytes bound characters from above: the cheap test first.
            if s.len() > max && s.chars().count() > max {
                return Err(too_long(name, max));
            }
            Ok(())
        }
        Value::Array(items) => {
            if items.len() > MAX_ENTRIES {
                return Err(ApiError::invalid_parameter(format!(
                    "1 validation error detected: a list has more than {MAX_ENTRIES} entries"
                )));
            }
            items.iter().try_for_each(|v| walk(v, key))
        }
        Value::Object(map) => {
            if map.len() > MAX_ENTRIES {
                return Err(ApiError::invalid_parameter(format!(
                    "1 validation error detected: a map has more than {MAX_ENTRIES} entries"
                )));
            }
            for (k, v) in map {
                if k.len() > 128 {
                    return Err(too_long(None, 128));
                }
                walk(v, Some(k))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn named_fields_and_the_rest() {
        assert!(check(&json!({"Username": "a".repeat(128)})).is_ok());
        let e = check(&json!({"Username": "a".repeat(129)})).unwrap_err();
        assert!(e.message.contains("'Username'"), "{}", e.message);
        assert!(!e.message.contains("aaa"));
        assert!(check(&json!({"AuthParameters": {"USERNAME": "é".repeat(129)}})).is_err());
        assert!(check(&json!({"AuthParameters": {"SRP_A": "f".repeat(771)}})).is_err());
        assert!(
            check(&json!({"UserAttributes": [{"Name": "email", "Value": "v".repeat(2049)}]}))
                .is_err()
        );
        assert!(check(&json!({"Whatever": "x".repeat(DEFAULT_MAX + 1)})).is_err());
        assert!(check(&json!({"L": vec![1; MAX_ENTRIES + 1]})).is_err());
    }
}
