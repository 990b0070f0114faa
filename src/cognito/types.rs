//! Wire types for the Cognito operations cogtui speaks: one set, used by the client and by the
//! local pool, named exactly as on the wire (AWS JSON 1.1, PascalCase).

pub use super::device_types::*;
pub use super::mfa_types::*;
pub use super::pool_config_types::*;
pub use super::provider_types::*;
use crate::secret::{Params, Secret};
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;
use std::collections::BTreeMap;

/// `{Name, Value}` as in UserAttributes.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
}

impl AttributeType {
    pub fn new(name: &str, value: &str) -> Self {
        Self {
            name: name.to_owned(),
            value: Some(value.to_owned()),
        }
    }
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
    pub attribute_name: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    pub device_key: Option<String>,
    pub device_group_key: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    pub access_token: Option<Secret>,
    pub expires_in: Option<i64>,
    pub token_type: Option<String>,
    pub refresh_token: Option<Secret>,
    pub id_token: Option<Secret>,
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// A response with no fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Empty {}

// ---- sign-up ----

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    pub client_id: String,
    pub username: String,
    pub password: Secret,
    pub secret_hash: Option<Secret>,
    pub user_attributes: Option<Vec<AttributeType>>,
    pub validation_data: Option<Vec<AttributeType>>,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    pub user_confirmed: bool,
    pub user_sub: String,
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    pub client_id: String,
    pub username: String,
    pub confirmation_code: Secret,
    pub secret_hash: Option<Secret>,
    pub force_alias_creation: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeRequest {
    pub client_id: String,
    pub username: String,
    pub secret_hash: Option<Secret>,
}

/// The answer of ResendConfirmationCode and ForgotPassword.
#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryResponse {
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

// ---- sign-in ----

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    pub auth_flow: String,
    pub client_id: String,
    pub auth_parameters: Option<Params>,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    pub client_id: String,
    pub challenge_name: String,
    pub session: Option<Secret>,
    pub challenge_responses: Option<Params>,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// The answer of InitiateAuth and RespondToAuthChallenge: a challenge or tokens.
#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    pub challenge_name: Option<String>,
    pub session: Option<Secret>,
    pub challenge_parameters: Option<Params>,
    pub authentication_result: Option<AuthenticationResult>,
}

// ---- the signed-in user ----

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    pub access_token: Secret,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    pub username: String,
    pub user_attributes: Vec<AttributeType>,
    pub preferred_mfa_setting: Option<String>,
    #[serde(rename = "UserMFASettingList")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
    pub access_token: Secret,
    pub user_attributes: Vec<AttributeType>,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesResponse {
    pub code_delivery_details_list: Option<Vec<CodeDeliveryDetails>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeRequest {
    pub access_token: Secret,
    pub attribute_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttributeRequest {
    pub access_token: Secret,
    pub attribute_name: String,
    pub code: Secret,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    pub access_token: Secret,
    pub previous_password: Option<Secret>,
    pub proposed_password: Secret,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgotPasswordRequest {
    pub client_id: String,
    pub username: String,
    pub secret_hash: Option<Secret>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    pub client_id: String,
    pub username: String,
    pub confirmation_code: Secret,
    pub password: Secret,
    pub secret_hash: Option<Secret>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    pub token: Secret,
    pub client_id: String,
    pub client_secret: Option<Secret>,
}

// ---- control plane (SigV4) ----

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicyType {
    pub minimum_length: Option<u32>,
    pub require_uppercase: Option<bool>,
    pub require_lowercase: Option<bool>,
    pub require_numbers: Option<bool>,
    pub require_symbols: Option<bool>,
    pub temporary_password_validity_days: Option<u32>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolPolicyType {
    pub password_policy: Option<PasswordPolicyType>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct StringAttributeConstraintsType {
    pub min_length: Option<String>,
    pub max_length: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaAttributeType {
    pub name: Option<String>,
    pub attribute_data_type: Option<String>,
    pub developer_only_attribute: Option<bool>,
    pub mutable: Option<bool>,
    pub required: Option<bool>,
    pub string_attribute_constraints: Option<StringAttributeConstraintsType>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceConfigurationType {
    pub challenge_required_on_new_device: Option<bool>,
    pub device_only_remembered_on_user_prompt: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolRequest {
    pub pool_name: String,
    pub policies: Option<UserPoolPolicyType>,
    pub alias_attributes: Option<Vec<String>>,
    pub username_attributes: Option<Vec<String>>,
    pub auto_verified_attributes: Option<Vec<String>>,
    pub schema: Option<Vec<SchemaAttributeType>>,
    pub mfa_configuration: Option<String>,
    pub device_configuration: Option<DeviceConfigurationType>,
    pub lambda_config: Option<LambdaConfigType>,
}

/// A user pool as DescribeUserPool and CreateUserPool return it.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolType {
    pub id: Option<String>,
    pub name: Option<String>,
    pub arn: Option<String>,
    pub policies: Option<UserPoolPolicyType>,
    pub alias_attributes: Option<Vec<String>>,
    pub username_attributes: Option<Vec<String>>,
    pub auto_verified_attributes: Option<Vec<String>>,
    pub schema_attributes: Option<Vec<SchemaAttributeType>>,
    pub mfa_configuration: Option<String>,
    pub device_configuration: Option<DeviceConfigurationType>,
    pub lambda_config: Option<LambdaConfigType>,
    pub estimated_number_of_users: Option<u64>,
    pub creation_date: Option<f64>,
    pub last_modified_date: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolResponse {
    pub user_pool: UserPoolType,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolRequest {
    pub user_pool_id: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolClientRequest {
    pub user_pool_id: String,
    pub client_name: String,
    pub generate_secret: Option<bool>,
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

/// The units of an app client's token validities: `seconds`, `minutes`, `hours` or `days`
/// (when absent: hours for access and ID tokens, days for refresh tokens).
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TokenValidityUnitsType {
    pub access_token: Option<String>,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
}

/// An app client as DescribeUserPoolClient and CreateUserPoolClient return it.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientType {
    pub user_pool_id: Option<String>,
    pub client_name: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
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
    pub creation_date: Option<f64>,
    pub last_modified_date: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientResponse {
    pub user_pool_client: UserPoolClientType,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolClientRequest {
    pub user_pool_id: String,
    pub client_id: String,
}

/// `{UserPoolId, Username}`: AdminGetUser, AdminConfirmSignUp, AdminDeleteUser.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserRequest {
    pub user_pool_id: String,
    pub username: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserRequest {
    pub user_pool_id: String,
    pub username: String,
    pub user_attributes: Option<Vec<AttributeType>>,
    pub temporary_password: Option<Secret>,
    pub message_action: Option<String>,
    pub desired_delivery_mediums: Option<Vec<String>>,
    pub force_alias_creation: Option<bool>,
}

/// A user as ListUsers and AdminCreateUser return it.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserType {
    pub username: Option<String>,
    pub attributes: Option<Vec<AttributeType>>,
    pub user_create_date: Option<f64>,
    pub user_last_modified_date: Option<f64>,
    pub enabled: Option<bool>,
    pub user_status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserResponse {
    pub user: UserType,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminGetUserResponse {
    pub username: String,
    pub user_attributes: Vec<AttributeType>,
    pub user_create_date: f64,
    pub user_last_modified_date: f64,
    pub enabled: bool,
    pub user_status: String,
    pub preferred_mfa_setting: Option<String>,
    #[serde(rename = "UserMFASettingList")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersRequest {
    pub user_pool_id: String,
    pub attributes_to_get: Option<Vec<String>>,
    pub limit: Option<u32>,
    pub pagination_token: Option<String>,
    pub filter: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersResponse {
    pub users: Vec<UserType>,
    pub pagination_token: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserPasswordRequest {
    pub user_pool_id: String,
    pub username: String,
    pub password: Secret,
    pub permanent: Option<bool>,
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(rename = "__type")]
    pub error_type: String,
    #[serde(default)]
    pub message: String,
}
