//! Wire types of the identity-pool operations (`AWSCognitoIdentityService.*`), one set for the
//! client (`cognito::IdentityClient`) and the local pool (`local::identity`).

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use std::collections::BTreeMap;

/// `Logins`: provider name (`cognito-idp.<region>.amazonaws.com/<pool id>`) → ID token.
pub type Logins = BTreeMap<String, Secret>;

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CognitoIdentityProvider {
    pub provider_name: Option<String>,
    pub client_id: Option<String>,
    pub server_side_token_check: Option<bool>,
}

/// An identity pool, as CreateIdentityPool takes it and DescribeIdentityPool answers.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityPool {
    pub identity_pool_id: Option<String>,
    pub identity_pool_name: String,
    pub allow_unauthenticated_identities: bool,
    pub allow_classic_flow: Option<bool>,
    pub cognito_identity_providers: Option<Vec<CognitoIdentityProvider>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityPoolIdRequest {
    pub identity_pool_id: String,
}

/// How roles are chosen for one provider (`<provider name>:<client id>`).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct RoleMapping {
    /// `Token` (from `cognito:roles` / `cognito:preferred_role`) or `Rules`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// `AuthenticatedRole` or `Deny`, when the token names no single role.
    pub ambiguous_role_resolution: Option<String>,
    pub rules_configuration: Option<serde_json::Value>,
}

/// SetIdentityPoolRoles's request and GetIdentityPoolRoles's answer.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityPoolRoles {
    pub identity_pool_id: String,
    /// `authenticated` / `unauthenticated` → role ARN.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    pub role_mappings: Option<BTreeMap<String, RoleMapping>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdRequest {
    pub account_id: Option<String>,
    pub identity_pool_id: String,
    pub logins: Option<Logins>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdResponse {
    pub identity_id: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityRequest {
    pub identity_id: String,
    pub logins: Option<Logins>,
    pub custom_role_arn: Option<String>,
}

/// Temporary AWS credentials. Note `SecretKey`, not SecretAccessKey; `Expiration` in epoch
/// seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityCredentials {
    pub access_key_id: String,
    pub secret_key: Secret,
    pub session_token: Secret,
    pub expiration: f64,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityResponse {
    pub identity_id: String,
    pub credentials: Option<IdentityCredentials>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct GetOpenIdTokenRequest {
    pub identity_id: String,
    pub logins: Option<Logins>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOpenIdTokenResponse {
    pub identity_id: String,
    pub token: Secret,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteIdentitiesRequest {
    pub identity_ids_to_delete: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteIdentitiesResponse {
    pub unprocessed_identity_ids: Vec<serde_json::Value>,
}

/// The `Logins` key of a user pool: `cognito-idp.<region>.amazonaws.com/<pool id>`.
pub fn user_pool_provider(region: &str, user_pool_id: &str) -> String {
    format!("cognito-idp.{region}.amazonaws.com/{user_pool_id}")
}
