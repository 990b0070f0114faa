//! Wire types of a pool's and an app client's settings that UpdateUserPool and
//! UpdateUserPoolClient change: triggers (`LambdaConfig`) and the Hosted UI's OAuth settings;
//! re-exported from `cognito::types`.

use super::types::{DeviceConfigurationType, TokenValidityUnitsType, UserPoolPolicyType};
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// A trigger with a version: `PreTokenGenerationConfig`, `CustomSMSSender`, `CustomEmailSender`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersionedLambdaType {
    pub lambda_version: Option<String>,
    pub lambda_arn: Option<String>,
}

/// A pool's triggers, as Cognito names them. Each value is where the trigger runs: a Lambda ARN
/// on AWS; on the local pool a `cmd:…` command or an `http(s)://` URL.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LambdaConfigType {
    pub pre_sign_up: Option<String>,
    pub custom_message: Option<String>,
    pub post_confirmation: Option<String>,
    pub pre_authentication: Option<String>,
    pub post_authentication: Option<String>,
    pub define_auth_challenge: Option<String>,
    pub create_auth_challenge: Option<String>,
    pub verify_auth_challenge_response: Option<String>,
    pub pre_token_generation: Option<String>,
    pub user_migration: Option<String>,
    pub pre_token_generation_config: Option<VersionedLambdaType>,
    #[serde(rename = "CustomSMSSender")]
    pub custom_sms_sender: Option<VersionedLambdaType>,
    pub custom_email_sender: Option<VersionedLambdaType>,
    #[serde(rename = "KMSKeyID")]
    pub kms_key_id: Option<String>,
}

/// An app client's Hosted UI settings, shared by CreateUserPoolClient, UpdateUserPoolClient and
/// the client as described (flattened into each).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthSettings {
    #[serde(rename = "CallbackURLs")]
    pub callback_urls: Option<Vec<String>>,
    #[serde(rename = "LogoutURLs")]
    pub logout_urls: Option<Vec<String>>,
    #[serde(rename = "DefaultRedirectURI")]
    pub default_redirect_uri: Option<String>,
    #[serde(rename = "AllowedOAuthFlows")]
    pub allowed_oauth_flows: Option<Vec<String>>,
    #[serde(rename = "AllowedOAuthScopes")]
    pub allowed_oauth_scopes: Option<Vec<String>>,
    #[serde(rename = "AllowedOAuthFlowsUserPoolClient")]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    #[serde(rename = "SupportedIdentityProviders")]
    pub supported_identity_providers: Option<Vec<String>>,
}

/// UpdateUserPool. As on Cognito, a setting left out goes back to its default.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolRequest {
    pub user_pool_id: String,
    pub pool_name: Option<String>,
    pub policies: Option<UserPoolPolicyType>,
    pub lambda_config: Option<LambdaConfigType>,
    pub auto_verified_attributes: Option<Vec<String>>,
    pub mfa_configuration: Option<String>,
    pub device_configuration: Option<DeviceConfigurationType>,
}

/// UpdateUserPoolClient. As on Cognito, a setting left out goes back to its default; the name,
/// id and secret stay.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolClientRequest {
    pub user_pool_id: String,
    pub client_id: String,
    pub client_name: Option<String>,
    pub explicit_auth_flows: Option<Vec<String>>,
    pub refresh_token_validity: Option<u64>,
    pub access_token_validity: Option<u64>,
    pub id_token_validity: Option<u64>,
    pub token_validity_units: Option<TokenValidityUnitsType>,
    pub prevent_user_existence_errors: Option<String>,
    pub enable_token_revocation: Option<bool>,
    pub read_attributes: Option<Vec<String>>,
    pub write_attributes: Option<Vec<String>>,
    pub auth_session_validity: Option<u64>,
    #[serde(flatten)]
    pub oauth: OAuthSettings,
}
