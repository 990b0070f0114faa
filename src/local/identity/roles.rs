//! Which IAM role an identity's credentials are for: the pool's authenticated or
//! unauthenticated role, or, with a `Token` role mapping, the token's `cognito:preferred_role`
//! / `cognito:roles` (with CustomRoleArn to pick one of them).

use super::pools::PoolConfig;
use crate::cognito::identity_types::RoleMapping;
use crate::local::error::{ApiError, ApiResult};
use serde_json::Value;

fn invalid_configuration() -> ApiError {
    ApiError::new(
        "InvalidIdentityPoolConfigurationException",
        "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
    )
}

fn pool_role(config: &PoolConfig, kind: &str) -> ApiResult<String> {
    config
        .roles
        .get(kind)
        .cloned()
        .ok_or_else(invalid_configuration)
}

/// The role of an authenticated identity. `mapping` is the provider's role mapping, if any;
/// `provider` names the provider in the "denied" answer.
pub fn authenticated(
    config: &PoolConfig,
    mapping: Option<&RoleMapping>,
    provider: &str,
    claims: &Value,
    custom: Option<&str>,
) -> ApiResult<String> {
    let Some(mapping) = mapping.filter(|m| m.kind == "Token") else {
        if custom.is_some() {
            return Err(custom_needs_mapping());
        }
        return pool_role(config, "authenticated");
    };
    let token_roles: Vec<&str> = match &claims["cognito:roles"] {
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        Value::String(one) => vec![one.as_str()],
        _ => Vec::new(),
    };
    if let Some(custom) = custom {
        return if token_roles.contains(&custom) {
            Ok(custom.to_owned())
        } else {
            Err(ApiError::not_authorized(
                "CustomRoleArn is not one of the roles in the token's cognito:roles claim.",
            ))
        };
    }
    if let Some(preferred) = claims["cognito:preferred_role"].as_str() {
        return Ok(preferred.to_owned());
    }
    if let [only] = token_roles.as_slice() {
        return Ok((*only).to_owned());
    }
    match mapping.ambiguous_role_resolution.as_deref() {
        Some("AuthenticatedRole") => pool_role(config, "authenticated"),
        _ => Err(ApiError::not_authorized(format!(
            "The ambiguous role mapping rules for: {provider} denied this request."
        ))),
    }
}

/// The role of an unauthenticated identity.
pub fn unauthenticated(config: &PoolConfig, custom: Option<&str>) -> ApiResult<String> {
    if custom.is_some() {
        return Err(custom_needs_mapping());
    }
    pool_role(config, "unauthenticated")
}

fn custom_needs_mapping() -> ApiError {
    ApiError::invalid_parameter(
        "CustomRoleArn can only be used when the identity pool chooses roles from the token \
         (a RoleMappings entry of Type Token for this provider).",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const AUTH: &str = "arn:aws:iam::000000000000:role/auth";
    const A: &str = "arn:aws:iam::000000000000:role/a";
    const B: &str = "arn:aws:iam::000000000000:role/b";

    fn config() -> PoolConfig {
        let mut c = PoolConfig::default();
        c.roles.insert("authenticated".into(), AUTH.into());
        c
    }

    fn token(resolution: &str) -> RoleMapping {
        RoleMapping {
            kind: "Token".into(),
            ambiguous_role_resolution: Some(resolution.into()),
            rules_configuration: None,
        }
    }

    #[test]
    fn without_a_mapping_the_pool_role_is_used_and_custom_is_refused() {
        let c = config();
        assert_eq!(
            authenticated(&c, None, "p", &json!({}), None).unwrap(),
            AUTH
        );
        let e = authenticated(&c, None, "p", &json!({}), Some(A)).unwrap_err();
        assert_eq!(e.kind, "InvalidParameterException");
        let e = authenticated(&PoolConfig::default(), None, "p", &json!({}), None).unwrap_err();
        assert_eq!(e.kind, "InvalidIdentityPoolConfigurationException");
        let e = unauthenticated(&c, None).unwrap_err();
        assert_eq!(e.kind, "InvalidIdentityPoolConfigurationException");
    }

    #[test]
    fn token_roles_preferred_custom_and_ambiguity() {
        let c = config();
        let m = token("Deny");
        let two = json!({"cognito:roles": [A, B]});
        assert_eq!(authenticated(&c, Some(&m), "p", &two, Some(B)).unwrap(), B);
        let e = authenticated(&c, Some(&m), "p", &two, Some(AUTH)).unwrap_err();
        assert_eq!(e.kind, "NotAuthorizedException");
        let e = authenticated(&c, Some(&m), "p", &two, None).unwrap_err();
        assert!(e.message.contains("ambiguous role mapping"), "{e}");
        let preferred = json!({"cognito:roles": [A, B], "cognito:preferred_role": B});
        assert_eq!(
            authenticated(&c, Some(&m), "p", &preferred, None).unwrap(),
            B
        );
        let one = json!({"cognito:roles": [A]});
        assert_eq!(authenticated(&c, Some(&m), "p", &one, None).unwrap(), A);
        let fallback = token("AuthenticatedRole");
        assert_eq!(
            authenticated(&c, Some(&fallback), "p", &two, None).unwrap(),
            AUTH
        );
        assert_eq!(
            authenticated(&c, Some(&fallback), "p", &json!({}), None).unwrap(),
            AUTH
        );
    }
}
