//! Wire types of the remembered-device operations (ConfirmDevice, ListDevices, GetDevice,
//! UpdateDeviceStatus, ForgetDevice and their Admin twins), re-exported from `cognito::types`.

use super::types::AttributeType;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

/// `dev:device_remembered_status` values and UpdateDeviceStatus's `DeviceRememberedStatus`.
pub const REMEMBERED: &str = "remembered";
pub const NOT_REMEMBERED: &str = "not_remembered";

/// ConfirmDevice's verifier: base64 of the bytes of padHex(salt) and padHex(v).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfigType {
    pub password_verifier: Option<String>,
    pub salt: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
    pub access_token: Secret,
    pub device_key: String,
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfigType>,
    pub device_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    /// True in user opt-in pools: the device is remembered only after UpdateDeviceStatus.
    #[serde(default)]
    pub user_confirmation_necessary: bool,
}

/// A device as ListDevices and GetDevice describe it. Attributes: `device_name`,
/// `device_status`, `dev:device_remembered_status`, `last_ip_used`.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceType {
    pub device_key: Option<String>,
    #[serde(default)]
    pub device_attributes: Vec<AttributeType>,
    pub device_create_date: Option<f64>,
    pub device_last_modified_date: Option<f64>,
    pub device_last_authenticated_date: Option<f64>,
}

impl DeviceType {
    /// The value of a device attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.device_attributes
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.value.as_deref())
    }

    /// The name the device was confirmed with.
    pub fn name(&self) -> Option<&str> {
        self.attribute("device_name")
    }

    /// Whether the device is remembered (skips MFA where the pool allows).
    pub fn remembered(&self) -> bool {
        self.attribute("dev:device_remembered_status") == Some(REMEMBERED)
    }
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
    pub access_token: Secret,
    pub limit: Option<u32>,
    pub pagination_token: Option<String>,
}

/// The answer of ListDevices and AdminListDevices.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesResponse {
    #[serde(default)]
    pub devices: Vec<DeviceType>,
    pub pagination_token: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceRequest {
    pub access_token: Option<Secret>,
    pub device_key: String,
}

/// The answer of GetDevice and AdminGetDevice.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceResponse {
    pub device: DeviceType,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
    pub access_token: Secret,
    pub device_key: String,
    /// `remembered` or `not_remembered`.
    pub device_remembered_status: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgetDeviceRequest {
    pub access_token: Option<Secret>,
    pub device_key: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListDevicesRequest {
    pub user_pool_id: String,
    pub username: String,
    pub limit: Option<u32>,
    pub pagination_token: Option<String>,
}

/// `{UserPoolId, Username, DeviceKey}`: AdminGetDevice and AdminForgetDevice.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDeviceRequest {
    pub user_pool_id: String,
    pub username: String,
    pub device_key: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateDeviceStatusRequest {
    pub user_pool_id: String,
    pub username: String,
    pub device_key: String,
    pub device_remembered_status: Option<String>,
}
