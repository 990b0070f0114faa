//! The identity-pool control plane: CreateIdentityPool, DescribeIdentityPool,
//! SetIdentityPoolRoles and GetIdentityPoolRoles; and the stored pool configuration.

use crate::cognito::identity_types::{
    CognitoIdentityProvider, IdentityPool, IdentityPoolIdRequest, IdentityPoolRoles, RoleMapping,
    user_pool_provider,
};
use crate::local::error::{ApiError, ApiResult};
use crate::local::state::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An identity pool as stored (`identity_pools.config`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PoolConfig {
    pub identity_pool_name: String,
    #[serde(default)]
    pub allow_unauthenticated_identities: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_classic_flow: Option<bool>,
    #[serde(default)]
    pub cognito_identity_providers: Vec<CognitoIdentityProvider>,
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    #[serde(default)]
    pub role_mappings: BTreeMap<String, RoleMapping>,
}

/// The user pool a provider name names: the part after the last `/` (early seeds stored the
/// bare pool id).
pub fn provider_user_pool(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

impl PoolConfig {
    /// The app clients this pool accepts tokens from for a user pool.
    pub fn clients_of(&self, user_pool_id: &str) -> Vec<&str> {
        self.cognito_identity_providers
            .iter()
            .filter(|p| {
                p.provider_name
                    .as_deref()
                    .is_some_and(|n| provider_user_pool(n) == user_pool_id)
            })
            .filter_map(|p| p.client_id.as_deref())
            .collect()
    }

    /// The role mapping for tokens of `user_pool_id` issued to `client_id`, if any.
    pub fn mapping_for(&self, user_pool_id: &str, client_id: &str) -> Option<&RoleMapping> {
        self.role_mappings.iter().find_map(|(key, m)| {
            let (provider, client) = key.rsplit_once(':')?;
            (provider_user_pool(provider) == user_pool_id && client == client_id).then_some(m)
        })
    }

    fn wire(&self, id: &str) -> IdentityPool {
        IdentityPool {
            identity_pool_id: Some(id.to_owned()),
            identity_pool_name: self.identity_pool_name.clone(),
            allow_unauthenticated_identities: self.allow_unauthenticated_identities,
            allow_classic_flow: self.allow_classic_flow,
            cognito_identity_providers: Some(self.cognito_identity_providers.clone()),
        }
    }
}

fn not_found() -> ApiError {
    ApiError::resource_not_found("IdentityPool not found.")
}

/// The stored pool, or ResourceNotFoundException.
pub fn load(st: &State, id: &str) -> ApiResult<PoolConfig> {
    let value = st
        .store
        .read(|db| db.identity_pool(id))?
        .ok_or_else(not_found)?;
    serde_json::from_value(value)
        .map_err(|e| ApiError::internal(format!("stored identity pool does not parse: {e}")))
}

fn save(st: &State, id: &str, config: &PoolConfig) -> ApiResult<()> {
    let value = serde_json::to_value(config)
        .map_err(|e| ApiError::internal(format!("cannot encode the identity pool: {e}")))?;
    st.store.read(|db| db.put_identity_pool(id, &value))
}

fn check_name(name: &str) -> ApiResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || " +=,.@-_".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(
            "IdentityPoolName must be 1 to 128 letters, digits, spaces or +=,.@-_",
        ))
    }
}

/// Each provider must be an existing user pool of this local pool, with one of its clients.
fn check_providers(st: &State, providers: &[CognitoIdentityProvider]) -> ApiResult<()> {
    for p in providers {
        let name = p.provider_name.as_deref().unwrap_or_default();
        let client = p.client_id.as_deref().unwrap_or_default();
        let (client_row, pool) = st.client(client).map_err(|_| {
            ApiError::invalid_parameter(
                "A CognitoIdentityProviders ClientId is not an app client of this local pool.",
            )
        })?;
        let pool_id = pool.config.id.unwrap_or_default();
        let _ = client_row;
        if provider_user_pool(name) != pool_id {
            return Err(ApiError::invalid_parameter(
                "A CognitoIdentityProviders ProviderName does not name the user pool of its \
                 ClientId (cognito-idp.<region>.amazonaws.com/<user pool id>).",
            ));
        }
    }
    Ok(())
}

pub fn create_identity_pool(st: &State, req: IdentityPool) -> ApiResult<IdentityPool> {
    check_name(&req.identity_pool_name)?;
    let providers = req.cognito_identity_providers.unwrap_or_default();
    check_providers(st, &providers)?;
    let config = PoolConfig {
        identity_pool_name: req.identity_pool_name,
        allow_unauthenticated_identities: req.allow_unauthenticated_identities,
        allow_classic_flow: req.allow_classic_flow,
        cognito_identity_providers: providers
            .into_iter()
            .map(|mut p| {
                let pool = provider_user_pool(p.provider_name.as_deref().unwrap_or_default());
                p.provider_name = Some(user_pool_provider(
                    pool.split('_').next().unwrap_or_default(),
                    pool,
                ));
                p
            })
            .collect(),
        roles: BTreeMap::new(),
        role_mappings: BTreeMap::new(),
    };
    let id = format!("{}:{}", st.region, uuid::Uuid::new_v4());
    save(st, &id, &config)?;
    Ok(config.wire(&id))
}

pub fn describe_identity_pool(st: &State, req: IdentityPoolIdRequest) -> ApiResult<IdentityPool> {
    Ok(load(st, &req.identity_pool_id)?.wire(&req.identity_pool_id))
}

/// `arn:aws:iam::<12 digits>:role/<name>`.
pub fn is_role_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("arn:aws:iam::") else {
        return false;
    };
    let Some((account, role)) = rest.split_once(':') else {
        return false;
    };
    account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && role
            .strip_prefix("role/")
            .is_some_and(|n| !n.is_empty() && n.len() <= 512)
}

pub fn set_identity_pool_roles(st: &State, req: IdentityPoolRoles) -> ApiResult<serde_json::Value> {
    let mut config = load(st, &req.identity_pool_id)?;
    for (kind, arn) in &req.roles {
        if kind != "authenticated" && kind != "unauthenticated" {
            return Err(ApiError::invalid_parameter(
                "Roles keys must be `authenticated` or `unauthenticated`.",
            ));
        }
        if !is_role_arn(arn) {
            return Err(ApiError::invalid_parameter(
                "Roles values must be IAM role ARNs (arn:aws:iam::<account>:role/<name>).",
            ));
        }
    }
    let mappings = req.role_mappings.unwrap_or_default();
    for (key, m) in &mappings {
        let known = key.rsplit_once(':').is_some_and(|(provider, client)| {
            config
                .clients_of(provider_user_pool(provider))
                .contains(&client)
        });
        if !known {
            return Err(ApiError::invalid_parameter(
                "A RoleMappings key is not a valid RoleMapping ProviderName or is not a \
                 configured provider (<provider name>:<client id>).",
            ));
        }
        match m.kind.as_str() {
            "Token" => {}
            "Rules" => {
                return Err(ApiError::invalid_parameter(
                    "RoleMappings of Type Rules are not supported by the cogtui local pool \
                     (Type Token is).",
                ));
            }
            _ => {
                return Err(ApiError::invalid_parameter(
                    "RoleMappings Type must be Token or Rules.",
                ));
            }
        }
        match m.ambiguous_role_resolution.as_deref() {
            Some("AuthenticatedRole" | "Deny") => {}
            _ => {
                return Err(ApiError::invalid_parameter(
                    "AmbiguousRoleResolution must be AuthenticatedRole or Deny.",
                ));
            }
        }
    }
    config.roles = req.roles;
    config.role_mappings = mappings;
    save(st, &req.identity_pool_id, &config)?;
    Ok(serde_json::json!({}))
}

pub fn get_identity_pool_roles(
    st: &State,
    req: IdentityPoolIdRequest,
) -> ApiResult<IdentityPoolRoles> {
    let config = load(st, &req.identity_pool_id)?;
    Ok(IdentityPoolRoles {
        identity_pool_id: req.identity_pool_id,
        roles: config.roles,
        role_mappings: (!config.role_mappings.is_empty()).then_some(config.role_mappings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_are_checked() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/Admin"));
        assert!(!is_role_arn("arn:aws:iam::1234:role/Admin"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/Admin"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role/"));
    }

    #[test]
    fn mappings_are_found_by_pool_and_client() {
        let mut c = PoolConfig::default();
        c.role_mappings.insert(
            "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client1".into(),
            RoleMapping {
                kind: "Token".into(),
                ambiguous_role_resolution: Some("Deny".into()),
                rules_configuration: None,
            },
        );
        assert!(c.mapping_for("us-east-1_abc", "client1").is_some());
        assert!(c.mapping_for("us-east-1_abc", "client2").is_none());
        assert!(c.mapping_for("us-east-1_xyz", "client1").is_none());
    }
}
