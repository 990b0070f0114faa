//! Wire types of the MFA operations (software token enrolment, MFA preferences, a pool's MFA
//! configuration), re-exported from `cognito::types`.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// AssociateSoftwareToken: with an access token (signed in) or a sign-in session (MFA_SETUP).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    pub access_token: Option<Secret>,
    pub session: Option<Secret>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// The base32 TOTP secret.
    pub secret_code: Secret,
    pub session: Option<Secret>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    pub access_token: Option<Secret>,
    pub session: Option<Secret>,
    pub user_code: Secret,
    pub friendly_device_name: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    pub status: String,
    pub session: Option<Secret>,
}

/// One method's setting in SetUserMFAPreference.
#[skip_serializing_none]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    pub enabled: Option<bool>,
    pub preferred_mfa: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreferenceRequest {
    pub access_token: Secret,
    #[serde(rename = "SMSMfaSettings")]
    pub sms_mfa_settings: Option<MfaSettings>,
    pub software_token_mfa_settings: Option<MfaSettings>,
    pub email_mfa_settings: Option<MfaSettings>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserMfaPreferenceRequest {
    pub user_pool_id: String,
    pub username: String,
    #[serde(rename = "SMSMfaSettings")]
    pub sms_mfa_settings: Option<MfaSettings>,
    pub software_token_mfa_settings: Option<MfaSettings>,
    pub email_mfa_settings: Option<MfaSettings>,
}

/// `{Enabled}` as in SoftwareTokenMfaConfiguration.
#[skip_serializing_none]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnabledConfig {
    pub enabled: Option<bool>,
}

/// A pool's MFA configuration, as SetUserPoolMfaConfig takes it and GetUserPoolMfaConfig
/// answers. SMS and email configurations carry more (message templates, SNS roles); their
/// presence is what enables the method here.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PoolMfaConfig {
    #[serde(rename = "SmsMfaConfiguration")]
    pub sms_mfa_configuration: Option<serde_json::Value>,
    pub software_token_mfa_configuration: Option<EnabledConfig>,
    pub email_mfa_configuration: Option<serde_json::Value>,
    /// OFF, ON or OPTIONAL.
    pub mfa_configuration: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserPoolMfaConfigRequest {
    pub user_pool_id: String,
    #[serde(flatten)]
    pub config: PoolMfaConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolIdRequest {
    pub user_pool_id: String,
}
