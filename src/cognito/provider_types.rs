//! Wire types of a user pool's identity providers (Google, OIDC, …): CreateIdentityProvider,
//! DescribeIdentityProvider, ListIdentityProviders, UpdateIdentityProvider and
//! DeleteIdentityProvider; re-exported from `cognito::types`.

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use std::collections::BTreeMap;

/// An identity provider as Cognito describes it.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderType {
    pub user_pool_id: Option<String>,
    pub provider_name: Option<String>,
    pub provider_type: Option<String>,
    pub provider_details: Option<BTreeMap<String, String>>,
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    pub idp_identifiers: Option<Vec<String>>,
    pub last_modified_date: Option<f64>,
    pub creation_date: Option<f64>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateIdentityProviderRequest {
    pub user_pool_id: String,
    pub provider_name: String,
    pub provider_type: String,
    pub provider_details: BTreeMap<String, String>,
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    pub idp_identifiers: Option<Vec<String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateIdentityProviderRequest {
    pub user_pool_id: String,
    pub provider_name: String,
    pub provider_details: Option<BTreeMap<String, String>>,
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    pub idp_identifiers: Option<Vec<String>>,
}

/// DescribeIdentityProvider and DeleteIdentityProvider.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderRequest {
    pub user_pool_id: String,
    pub provider_name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderResponse {
    pub identity_provider: IdentityProviderType,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityProvidersRequest {
    pub user_pool_id: String,
    pub max_results: Option<u32>,
    pub next_token: Option<String>,
}

/// One provider as ListIdentityProviders lists it.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProviderDescription {
    pub provider_name: Option<String>,
    pub provider_type: Option<String>,
    pub last_modified_date: Option<f64>,
    pub creation_date: Option<f64>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityProvidersResponse {
    pub providers: Vec<ProviderDescription>,
    pub next_token: Option<String>,
}
