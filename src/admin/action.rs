//! The destructive admin actions as one type: what each is called, what it will do (for the
//! confirmation a face shows), and `Admin::perform`, which runs one and records it in the
//! audit log. A new action (forget a device, forget all devices) is a variant here and one arm
//! in each `match`.

use super::audit::{AuditEntry, AuditLog, rfc3339};
use super::client::Admin;
use super::error::AdminError;

/// A change to one user that support staff confirm before it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SignOutEverywhere { user: String },
    ResetPassword { user: String },
    ResetMfa { user: String },
    Disable { user: String },
    Enable { user: String },
    ForgetDevice { user: String, device_key: String },
    ForgetAllDevices { user: String },
}

/// What an action did, for the face to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// MFA reset: the methods turned off (empty: the user had none on).
    MfaMethodsOff(Vec<String>),
    /// Devices forgotten: their keys.
    DevicesForgotten(Vec<String>),
}

impl Action {
    /// The action as the CLI names it (and the audit log records it).
    pub fn name(&self) -> &'static str {
        match self {
            Self::SignOutEverywhere { .. } => "signout-everywhere",
            Self::ResetPassword { .. } => "password reset",
            Self::ResetMfa { .. } => "mfa reset",
            Self::Disable { .. } => "user disable",
            Self::Enable { .. } => "user enable",
            Self::ForgetDevice { .. } => "devices forget",
            Self::ForgetAllDevices { .. } => "devices forget-all",
        }
    }

    /// The user acted on, as given.
    pub fn user(&self) -> &str {
        match self {
            Self::SignOutEverywhere { user }
            | Self::ResetPassword { user }
            | Self::ResetMfa { user }
            | Self::Disable { user }
            | Self::Enable { user }
            | Self::ForgetDevice { user, .. }
            | Self::ForgetAllDevices { user } => user,
        }
    }

    /// Exactly what will happen, in a sentence or two, for the confirmation.
    pub fn describe(&self, pool: &str) -> String {
        let user = self.user();
        match self {
            Self::SignOutEverywhere { .. } => format!(
                "Sign `{user}` out everywhere in pool {pool}: every refresh token is revoked, \
                 so every app and device must sign in again (access tokens already issued are \
                 refused where apps check them)."
            ),
            Self::ResetPassword { .. } => format!(
                "Reset the password of `{user}` in pool {pool}: the user is sent a code, the \
                 current password stops working for sign-in (PasswordResetRequired) until a \
                 new one is set with that code (`cogtui password reset`)."
            ),
            Self::ResetMfa { .. } => format!(
                "Turn off every MFA method of `{user}` in pool {pool}: the next sign-in asks for \
                 no second factor, or, where the pool requires MFA, sets up a new one."
            ),
            Self::Disable { .. } => format!(
                "Disable `{user}` in pool {pool}: sign-in and refresh are refused and every \
                 session is revoked until the user is enabled again."
            ),
            Self::Enable { .. } => {
                format!("Enable `{user}` in pool {pool}: the user may sign in again.")
            }
            Self::ForgetDevice { device_key, .. } => format!(
                "Forget device {device_key} of `{user}` in pool {pool}: its sessions are \
                 revoked and the next sign-in from it is treated as a new device (MFA asked \
                 again where the pool requires it)."
            ),
            Self::ForgetAllDevices { .. } => format!(
                "Forget every device of `{user}` in pool {pool}: their sessions are revoked \
                 and each next sign-in is treated as a new device (MFA asked again where the \
                 pool requires it)."
            ),
        }
    }

    async fn execute(&self, admin: &Admin) -> Result<Outcome, AdminError> {
        let user = self.user();
        match self {
            Self::SignOutEverywhere { .. } => admin.sign_out_everywhere(user).await?,
            Self::ResetPassword { .. } => admin.reset_password(user).await?,
            Self::ResetMfa { .. } => {
                return admin.reset_mfa(user).await.map(Outcome::MfaMethodsOff);
            }
            Self::Disable { .. } => admin.set_enabled(user, false).await?,
            Self::Enable { .. } => admin.set_enabled(user, true).await?,
            Self::ForgetDevice { device_key, .. } => {
                admin.forget_device(user, device_key).await?;
                return Ok(Outcome::DevicesForgotten(vec![device_key.clone()]));
            }
            Self::ForgetAllDevices { .. } => {
                return admin
                    .forget_all_devices(user)
                    .await
                    .map(Outcome::DevicesForgotten);
            }
        }
        Ok(Outcome::Done)
    }
}

impl Admin {
    /// Runs `action` and appends one line to `audit` with its result. The log is opened first:
    /// when it cannot be written, nothing is changed.
    pub async fn perform(&self, action: &Action, audit: &AuditLog) -> Result<Outcome, AdminError> {
        let mut log = audit.open().map_err(|e| AdminError::Audit {
            path: audit.path().display().to_string(),
            reason: format!("{e}; nothing was changed"),
        })?;
        let who = self.who().await;
        let result = action.execute(self).await;
        let entry = AuditEntry {
            when: rfc3339(crate::calendar::unix_now()),
            who,
            access_key_id: self.credentials().access_key_id.clone(),
            credentials: self.credentials().source.to_string(),
            action: action.name().to_owned(),
            target: action.user().to_owned(),
            pool: self.pool_id().to_owned(),
            profile: self.profile().name.clone(),
            result: match &result {
                Ok(_) => "ok".to_owned(),
                Err(e) => format!("error: {}", e.audit_name()),
            },
        };
        if let Err(e) = log.append(&entry) {
            // The action ran (or failed) already; say the record is missing rather than hide
            // the result.
            tracing::error!(error = %e, path = %log.path().display(), "audit line not written");
            if result.is_ok() {
                return Err(AdminError::Audit {
                    path: log.path().display().to_string(),
                    reason: format!("{e} (the action itself was done)"),
                });
            }
        }
        result
    }
}
