//! Remembered devices: answering DEVICE_SRP_AUTH with a device's secrets, remembering this
//! machine after a sign-in (ConfirmDevice with a fresh device password, UpdateDeviceStatus in
//! user opt-in pools), and the device list a face shows (ListDevices, GetDevice,
//! UpdateDeviceStatus, ForgetDevice). The device secrets live in the session store and outlive
//! sign-out.

use super::challenge::Pending;
use super::{Account, AuthClient, AuthError};
use crate::cognito::ErrorKind;
use crate::cognito::types::{
    AuthResponse, ConfirmDeviceRequest, DeviceSecretVerifierConfigType, DeviceType,
    ForgetDeviceRequest, GetDeviceRequest, ListDevicesRequest, NOT_REMEMBERED, REMEMBERED,
    RespondToAuthChallengeRequest, UpdateDeviceStatusRequest,
};
use crate::secret::{Params, Secret};
use crate::session::{DeviceSecrets, SessionKey};
use crate::srp::{self, ClientEphemeral};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Serialize;

/// Why a device step failed: the pool refused the device itself (unknown, forgotten, wrong
/// device password), or something else went wrong.
#[derive(Debug)]
pub(crate) enum DeviceStepError {
    Refused(AuthError),
    Other(AuthError),
}

impl DeviceStepError {
    pub(crate) fn into_auth(self) -> AuthError {
        match self {
            Self::Refused(e) => AuthError::DeviceRefused {
                user: String::new(),
                why: e.to_string(),
            },
            Self::Other(e) => e,
        }
    }
}

fn respond_request(
    c: &AuthClient,
    name: &str,
    session: Option<Secret>,
    responses: Params,
) -> RespondToAuthChallengeRequest {
    RespondToAuthChallengeRequest {
        client_id: c.client_id(),
        challenge_name: name.into(),
        session,
        challenge_responses: Some(responses),
        client_metadata: None,
    }
}

/// DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER, computed as AWS's SDKs do: the SRP of a
/// password sign-in with the device group key as the pool name, the device key as the user and
/// the device password as the password. The answer is the pool's next step (tokens, or MFA
/// for a device that is not remembered).
pub(crate) async fn device_srp(
    c: &AuthClient,
    pending: Pending,
    d: &DeviceSecrets,
) -> Result<AuthResponse, DeviceStepError> {
    let refused = |e: crate::cognito::CognitoError, proof: bool| {
        let dead = e.is(&ErrorKind::ResourceNotFound) || (proof && e.is(&ErrorKind::NotAuthorized));
        if dead {
            DeviceStepError::Refused(e.into())
        } else {
            DeviceStepError::Other(e.into())
        }
    };
    let other = |e: AuthError| DeviceStepError::Other(e);
    let user = pending.username.as_str();
    let eph = ClientEphemeral::generate();
    let mut p = Params::default();
    p.insert("USERNAME", user);
    p.insert("DEVICE_KEY", d.device_key.as_str());
    p.insert("SRP_A", eph.public_hex());
    if let Some(h) = c.secret_hash(user) {
        p.insert("SECRET_HASH", h.expose());
    }
    let resp = c
        .idp
        .respond_to_auth_challenge(&respond_request(c, "DEVICE_SRP_AUTH", pending.session, p))
        .await
        .map_err(|e| refused(e, false))?;
    let cp = resp
        .challenge_parameters
        .as_ref()
        .ok_or(AuthError::Incomplete("ChallengeParameters"))
        .map_err(other)?;
    let b = cp
        .get("SRP_B")
        .and_then(srp::parse_hex)
        .ok_or(AuthError::Srp(srp::SrpError::NotHex("SRP_B")))
        .map_err(other)?;
    let salt = cp
        .get("SALT")
        .and_then(srp::parse_hex)
        .ok_or(AuthError::Srp(srp::SrpError::NotHex("SALT")))
        .map_err(other)?;
    let block_text = cp
        .get("SECRET_BLOCK")
        .ok_or(AuthError::Incomplete("SECRET_BLOCK"))
        .map_err(other)?;
    let block = B64
        .decode(block_text)
        .unwrap_or_else(|_| block_text.as_bytes().to_vec());
    let claim = eph
        .claim(
            &b,
            &salt,
            &d.device_group_key,
            &d.device_key,
            d.device_password.expose(),
        )
        .map_err(|e| other(e.into()))?;
    let timestamp = srp::format_timestamp(crate::calendar::unix_now());
    let signature = srp::password_claim_signature(
        &claim.key,
        &d.device_group_key,
        &d.device_key,
        &block,
        &timestamp,
    );
    let mut answer = Params::default();
    answer.insert("USERNAME", user);
    answer.insert("PASSWORD_CLAIM_SECRET_BLOCK", block_text);
    answer.insert("TIMESTAMP", timestamp);
    answer.insert("PASSWORD_CLAIM_SIGNATURE", signature);
    answer.insert("DEVICE_KEY", d.device_key.as_str());
    if let Some(h) = c.secret_hash(user) {
        answer.insert("SECRET_HASH", h.expose());
    }
    c.idp
        .respond_to_auth_challenge(&respond_request(
            c,
            "DEVICE_PASSWORD_VERIFIER",
            resp.session.clone(),
            answer,
        ))
        .await
        .map_err(|e| refused(e, true))
}

/// A device as a face shows it. Never a secret.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceInfo {
    /// `device_key` in JSON, as in every other output that names a device.
    #[serde(rename = "device_key")]
    pub key: String,
    pub name: Option<String>,
    /// Remembered: signs in without MFA where the pool allows it.
    pub remembered: bool,
    /// This machine's device (its secrets are kept here).
    pub current: bool,
    pub last_ip: Option<String>,
    /// Unix seconds.
    pub created: Option<i64>,
    pub last_authenticated: Option<i64>,
    pub last_modified: Option<i64>,
}

impl DeviceInfo {
    pub(crate) fn from_wire(d: &DeviceType, current_key: Option<&str>) -> Self {
        let key = d.device_key.clone().unwrap_or_default();
        Self {
            current: current_key == Some(key.as_str()),
            name: d.name().map(str::to_owned),
            remembered: d.remembered(),
            last_ip: d.attribute("last_ip_used").map(str::to_owned),
            created: d.device_create_date.map(|t| t as i64),
            last_authenticated: d.device_last_authenticated_date.map(|t| t as i64),
            last_modified: d.device_last_modified_date.map(|t| t as i64),
            key,
        }
    }
}

/// Which device to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceRef {
    /// This machine's remembered device.
    Current,
    /// A device key (from `list_devices`).
    Key(String),
}

/// What `remember_device` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remembered {
    pub device_key: String,
    /// ConfirmDevice was sent (a device offered at this sign-in); false when the device was
    /// already confirmed and only its status changed.
    pub confirmed_now: bool,
}

/// What `confirm_offered_device` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tracked {
    pub device_key: String,
    /// The pool remembers every device, so this one is remembered now; false: it waits for
    /// the user's word (user opt-in), and MFA is asked until then.
    pub remembered: bool,
}

/// What `forget_device` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    pub device_key: String,
    /// It was this machine's device: its secrets are gone from here, and the session issued
    /// with it has ended (Cognito revokes a forgotten device's refresh tokens).
    pub was_current: bool,
}

impl Account {
    /// The key of the device remembered on this machine for `user`, if any.
    pub fn current_device(&self, user: Option<&str>) -> Result<Option<String>, AuthError> {
        let name = self.resolve(user)?;
        Ok(self
            .store()
            .load_device(&self.key(&name))?
            .map(|d| d.device_key))
    }

    /// Whether this sign-in's tokens offer a device to remember (NewDeviceMetadata not yet
    /// confirmed): what `--remember-device ask` asks about.
    pub fn device_offered(&self, user: Option<&str>) -> Result<bool, AuthError> {
        let name = self.resolve(user)?;
        let t = self.load(&self.key(&name))?;
        Ok(t.new_device
            .as_ref()
            .is_some_and(|m| m.device_key.is_some() && m.device_group_key.is_some()))
    }

    /// Remembers this machine for `user`: ConfirmDevice for the device this sign-in offered,
    /// with a fresh device password whose verifier goes to Cognito and whose secret stays in the
    /// session store; then, where the pool asks for it (user opt-in), UpdateDeviceStatus
    /// remembered. With no device offered, the current device is marked remembered.
    pub async fn remember_device(
        &self,
        user: Option<&str>,
        device_name: &str,
    ) -> Result<Remembered, AuthError> {
        let name = self.resolve(user)?;
        if let Some(t) = self.confirm_offered(&name, device_name).await? {
            if !t.remembered {
                self.set_status(&name, &t.device_key, true).await?;
            }
            return Ok(Remembered {
                device_key: t.device_key,
                confirmed_now: true,
            });
        }
        let current = self.current_device(Some(&name))?.ok_or_else(|| {
            AuthError::InvalidInput(
                "this sign-in offered no device to remember: the pool may not track \
                 devices, or the sign-in did not use SRP; sign in again with \
                 `cogtui login --remember-device yes`"
                    .into(),
            )
        })?;
        self.set_status(&name, &current, true).await?;
        Ok(Remembered {
            device_key: current,
            confirmed_now: false,
        })
    }

    /// Confirms the device this sign-in offered (ConfirmDevice, its secrets kept as
    /// `remember_device` keeps them) without asking for it to be remembered: a pool that
    /// remembers every device has remembered it (`remembered`); one that remembers on the
    /// user's word leaves it tracked but not remembered until `set_remembered(true)`, so MFA is
    /// still asked. `None`: this sign-in offered no device.
    pub async fn confirm_offered_device(
        &self,
        user: Option<&str>,
        device_name: &str,
    ) -> Result<Option<Tracked>, AuthError> {
        let name = self.resolve(user)?;
        self.confirm_offered(&name, device_name).await
    }

    async fn confirm_offered(
        &self,
        name: &str,
        device_name: &str,
    ) -> Result<Option<Tracked>, AuthError> {
        let key = self.key(name);
        let t = self.load(&key)?;
        let offered = t
            .new_device
            .as_ref()
            .and_then(|m| Some((m.device_key.clone()?, m.device_group_key.clone()?)));
        let Some((device_key, group)) = offered else {
            return Ok(None);
        };
        let v = srp::device_verifier(&group, &device_key, None);
        let secrets = DeviceSecrets {
            device_key: device_key.clone(),
            device_group_key: group,
            device_password: Secret::new(v.device_password.clone()),
        };
        // Kept before Cognito hears of it, so a confirmed device never lacks its password;
        // put back as it was if Cognito refuses.
        let previous = self.store().load_device(&key)?;
        self.store().save_device(&key, &secrets)?;
        let c = self.client().clone();
        let config = DeviceSecretVerifierConfigType {
            password_verifier: Some(v.verifier_b64.clone()),
            salt: Some(v.salt_b64.clone()),
        };
        let confirmed = self
            .with_access(Some(name), |at| {
                let (c, config, device_key) = (c.clone(), config.clone(), device_key.clone());
                async move {
                    Ok(c.idp
                        .confirm_device(&ConfirmDeviceRequest {
                            access_token: at,
                            device_key,
                            device_secret_verifier_config: Some(config),
                            device_name: Some(device_name.to_owned()),
                        })
                        .await?)
                }
            })
            .await;
        let confirmed = match confirmed {
            Ok(r) => r,
            Err(e) => {
                let _ = match &previous {
                    Some(p) => self.store().save_device(&key, p),
                    None => self.store().delete_device(&key),
                };
                return Err(e);
            }
        };
        if let Ok(mut t) = self.load(&key) {
            t.new_device = None;
            t.device_key = Some(device_key.clone());
            self.store().save(&key, &t)?;
        }
        Ok(Some(Tracked {
            device_key,
            remembered: !confirmed.user_confirmation_necessary,
        }))
    }

    async fn set_status(
        &self,
        name: &str,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), AuthError> {
        let c = self.client().clone();
        let status = if remembered {
            REMEMBERED
        } else {
            NOT_REMEMBERED
        };
        self.with_access(Some(name), |at| {
            let c = c.clone();
            async move {
                Ok(c.idp
                    .update_device_status(&UpdateDeviceStatusRequest {
                        access_token: at,
                        device_key: device_key.to_owned(),
                        device_remembered_status: Some(status.into()),
                    })
                    .await?)
            }
        })
        .await
        .map(|_| ())
    }

    fn device_key_of(&self, name: &str, which: &DeviceRef) -> Result<String, AuthError> {
        match which {
            DeviceRef::Key(k) => Ok(k.clone()),
            DeviceRef::Current => self.current_device(Some(name))?.ok_or_else(|| {
                AuthError::InvalidInput(format!(
                    "no device is remembered on this machine for {name}; `cogtui devices list` \
                     shows the devices Cognito knows"
                ))
            }),
        }
    }

    /// Marks this machine's device remembered or not (it keeps its secrets either way: a
    /// device that is not remembered still proves itself, and MFA is asked again).
    pub async fn set_remembered(
        &self,
        user: Option<&str>,
        remembered: bool,
    ) -> Result<String, AuthError> {
        let name = self.resolve(user)?;
        if remembered {
            return Ok(self
                .remember_device(Some(&name), &default_device_name())
                .await?
                .device_key);
        }
        let key = self.device_key_of(&name, &DeviceRef::Current)?;
        self.set_status(&name, &key, false).await?;
        Ok(key)
    }

    /// Every device Cognito knows for `user` (all pages), this machine's marked.
    pub async fn list_devices(&self, user: Option<&str>) -> Result<Vec<DeviceInfo>, AuthError> {
        let name = self.resolve(user)?;
        let current = self.current_device(Some(&name))?;
        let c = self.client().clone();
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .with_access(Some(&name), |at| {
                    let (c, token) = (c.clone(), token.clone());
                    async move {
                        Ok(c.idp
                            .list_devices(&ListDevicesRequest {
                                access_token: at,
                                limit: Some(60),
                                pagination_token: token,
                            })
                            .await?)
                    }
                })
                .await?;
            out.extend(
                page.devices
                    .iter()
                    .map(|d| DeviceInfo::from_wire(d, current.as_deref())),
            );
            match page.pagination_token {
                Some(t) if Some(&t) != token.as_ref() => token = Some(t),
                _ => break,
            }
        }
        Ok(out)
    }

    /// One device (GetDevice); `DeviceRef::Current` is this machine's.
    pub async fn device(
        &self,
        user: Option<&str>,
        which: &DeviceRef,
    ) -> Result<DeviceInfo, AuthError> {
        let name = self.resolve(user)?;
        let device_key = self.device_key_of(&name, which)?;
        let current = self.current_device(Some(&name))?;
        let c = self.client().clone();
        let got = self
            .with_access(Some(&name), |at| {
                let (c, device_key) = (c.clone(), device_key.clone());
                async move {
                    Ok(c.idp
                        .get_device(&GetDeviceRequest {
                            access_token: Some(at),
                            device_key,
                        })
                        .await?)
                }
            })
            .await?;
        Ok(DeviceInfo::from_wire(&got.device, current.as_deref()))
    }

    /// Forgets a device (ForgetDevice). This machine's device also loses its secrets here, and
    /// since Cognito revokes the sessions issued with a forgotten device, the session here ends
    /// too: the next sign-in asks for MFA again.
    pub async fn forget_device(
        &self,
        user: Option<&str>,
        which: &DeviceRef,
    ) -> Result<Forgotten, AuthError> {
        let name = self.resolve(user)?;
        let key = self.key(&name);
        let device_key = self.device_key_of(&name, which)?;
        let current = self.current_device(Some(&name))?;
        let was_current = current.as_deref() == Some(device_key.as_str());
        let c = self.client().clone();
        self.with_access(Some(&name), |at| {
            let (c, device_key) = (c.clone(), device_key.clone());
            async move {
                Ok(c.idp
                    .forget_device(&ForgetDeviceRequest {
                        access_token: Some(at),
                        device_key,
                    })
                    .await?)
            }
        })
        .await?;
        if was_current {
            self.store().delete_device(&key)?;
            let session_device = self.load(&key).ok().and_then(|t| t.device_key);
            if session_device.as_deref() == Some(device_key.as_str()) {
                self.forget_session(&key)?;
            }
        }
        Ok(Forgotten {
            device_key,
            was_current,
        })
    }

    /// Drops the stored secrets of a device the pool refused (forgotten elsewhere, unknown, or
    /// its password no longer verifies).
    pub(super) fn drop_refused_device(&self, stored_under: &str, device_key: &str) {
        let key: SessionKey = self.key(stored_under);
        if let Ok(Some(d)) = self.store().load_device(&key)
            && d.device_key == device_key
        {
            let _ = self.store().delete_device(&key);
        }
    }
}

/// The name a device is confirmed with: `cogtui on <host>`.
pub fn default_device_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.trim().is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty())
        })
        .unwrap_or_else(|| "this computer".into());
    format!("cogtui on {host}")
}
