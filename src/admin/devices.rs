//! A user's devices as support staff see them: every page of AdminListDevices, and forgetting
//! one device or all of them (AdminForgetDevice, which also revokes that device's sessions).

use super::client::Admin;
use super::error::AdminError;
use crate::auth::DeviceInfo;
use crate::cognito::Idempotence;
use crate::cognito::types::{AdminDeviceRequest, AdminListDevicesRequest, ListDevicesResponse};

/// The most AdminListDevices returns in one page.
const PAGE: u32 = 60;

impl Admin {
    /// Every device of `user`, newest pages followed to the end.
    pub async fn devices(&self, user: &str) -> Result<Vec<DeviceInfo>, AdminError> {
        let mut out = Vec::new();
        let mut token = None;
        loop {
            let req = AdminListDevicesRequest {
                user_pool_id: self.pool_id().to_owned(),
                username: user.to_owned(),
                limit: Some(PAGE),
                pagination_token: token.take(),
            };
            let page: ListDevicesResponse = self
                .call("AdminListDevices", &req, Idempotence::Safe, user)
                .await?;
            out.extend(page.devices.iter().map(|d| DeviceInfo::from_wire(d, None)));
            match page.pagination_token {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => return Ok(out),
            }
        }
    }

    /// Forgets one device of `user`.
    pub async fn forget_device(&self, user: &str, device_key: &str) -> Result<(), AdminError> {
        let req = AdminDeviceRequest {
            user_pool_id: self.pool_id().to_owned(),
            username: user.to_owned(),
            device_key: device_key.to_owned(),
        };
        let _: serde_json::Value = self
            .call("AdminForgetDevice", &req, Idempotence::Safe, user)
            .await?;
        Ok(())
    }

    /// Forgets every device of `user`; the keys forgotten.
    pub async fn forget_all_devices(&self, user: &str) -> Result<Vec<String>, AdminError> {
        let mut forgotten = Vec::new();
        for d in self.devices(user).await? {
            self.forget_device(user, &d.key).await?;
            forgotten.push(d.key);
        }
        Ok(forgotten)
    }
}
