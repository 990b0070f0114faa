//! `Admin`: the signed admin operations on one profile's user pool, through the project's
//! transport with SigV4 from `aws-sigv4`. Used by `cogtui admin …` and, later, the TUI's
//! admin screen.

use super::credentials::{self, AdminCredentials};
use super::error::AdminError;
use super::signer::SigV4Signer;
use super::users::{UserDetail, UserQuery, UserSummary};
use crate::cognito::types::{
    AdminGetUserResponse, AdminSetUserMfaPreferenceRequest, AdminUserRequest, Empty,
    ListUsersRequest, ListUsersResponse, MfaSettings,
};
use crate::cognito::{CognitoError, ErrorKind, IDP, Idempotence, Transport};
use crate::config::Profile;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// ListUsers gives at most this many users a page.
const PAGE_MAX: usize = 60;

/// The admin operations on one profile's user pool.
#[derive(Debug)]
pub struct Admin {
    transport: Transport,
    profile: Profile,
    creds: AdminCredentials,
    who: OnceCell<String>,
}

impl Admin {
    /// Resolves IAM credentials for `profile` (see `credentials::resolve`) and prepares the
    /// signed transport. Nothing is sent yet.
    pub async fn connect(profile: &Profile, aws_profile: Option<&str>) -> Result<Self, AdminError> {
        let creds = credentials::resolve(profile, aws_profile).await?;
        Self::with_credentials(profile, creds)
    }

    /// With credentials already at hand (tests, the TUI's cached ones).
    pub fn with_credentials(
        profile: &Profile,
        creds: AdminCredentials,
    ) -> Result<Self, AdminError> {
        let signer = Arc::new(SigV4Signer::new(&creds, &profile.region));
        let transport = Transport::new(&profile.idp_endpoint())?.with_signer(signer);
        Ok(Self {
            transport,
            profile: profile.clone(),
            creds,
            who: OnceCell::new(),
        })
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn pool_id(&self) -> &str {
        &self.profile.user_pool_id
    }

    pub fn credentials(&self) -> &AdminCredentials {
        &self.creds
    }

    /// The caller's ARN (asked of STS once), else `access key <id>`.
    pub async fn who(&self) -> String {
        self.who
            .get_or_init(|| async {
                super::identity::caller_arn(&self.profile, &self.creds)
                    .await
                    .unwrap_or_else(|| format!("access key {}", self.creds.access_key_id))
            })
            .await
            .clone()
    }

    /// One signed call of `AWSCognitoIdentityProviderService.<op>`, its refusals turned into
    /// `AdminError`s that name the credentials' source or the user. For operations this type
    /// has no method for yet (devices: AdminListDevices, AdminForgetDevice, …).
    pub async fn call<Q: Serialize, S: DeserializeOwned>(
        &self,
        op: &str,
        req: &Q,
        idempotence: Idempotence,
        user: &str,
    ) -> Result<S, AdminError> {
        self.transport
            .call(IDP, op, req, idempotence)
            .await
            .map_err(|e| {
                AdminError::from_call(e, &self.creds.source.to_string(), op, user, self.pool_id())
            })
    }

    fn user_request(&self, username: &str) -> AdminUserRequest {
        AdminUserRequest {
            user_pool_id: self.pool_id().to_owned(),
            username: username.to_owned(),
        }
    }

    /// Users matching `query`, at most `limit`, following ListUsers' pages.
    pub async fn find_users(
        &self,
        query: &UserQuery,
        limit: usize,
    ) -> Result<Vec<UserSummary>, AdminError> {
        let filter = query.filter();
        let mut users = Vec::new();
        let mut token = None;
        while users.len() < limit {
            let req = ListUsersRequest {
                user_pool_id: self.pool_id().to_owned(),
                attributes_to_get: None,
                limit: Some((limit - users.len()).min(PAGE_MAX) as u32),
                pagination_token: token.take(),
                filter: Some(filter.clone()).filter(|f| !f.is_empty()),
            };
            let page: ListUsersResponse = self
                .call("ListUsers", &req, Idempotence::Safe, "")
                .await
                .map_err(|e| match e {
                    AdminError::Cognito(CognitoError::Service {
                        kind: ErrorKind::InvalidParameter,
                        message,
                        ..
                    }) => AdminError::BadFilter(message),
                    e => e,
                })?;
            users.extend(page.users.iter().map(UserSummary::from_wire));
            match page.pagination_token {
                Some(t) if !page.users.is_empty() => token = Some(t),
                _ => break,
            }
        }
        users.truncate(limit);
        Ok(users)
    }

    /// One user (by username or an alias such as a verified email): attributes, status,
    /// enabled, MFA.
    pub async fn user(&self, username: &str) -> Result<UserDetail, AdminError> {
        let answer: AdminGetUserResponse = self
            .call(
                "AdminGetUser",
                &self.user_request(username),
                Idempotence::Safe,
                username,
            )
            .await?;
        Ok(UserDetail::from_wire(answer))
    }

    /// AdminUserGlobalSignOut: every refresh token of the user is revoked.
    pub async fn sign_out_everywhere(&self, username: &str) -> Result<(), AdminError> {
        self.call::<_, Empty>(
            "AdminUserGlobalSignOut",
            &self.user_request(username),
            Idempotence::Safe,
            username,
        )
        .await
        .map(drop)
    }

    /// AdminResetUserPassword: status RESET_REQUIRED, a code sent to the user.
    pub async fn reset_password(&self, username: &str) -> Result<(), AdminError> {
        self.call::<_, Empty>(
            "AdminResetUserPassword",
            &self.user_request(username),
            Idempotence::Unsafe,
            username,
        )
        .await
        .map(drop)
    }

    /// AdminDisableUser / AdminEnableUser.
    pub async fn set_enabled(&self, username: &str, enabled: bool) -> Result<(), AdminError> {
        let op = if enabled {
            "AdminEnableUser"
        } else {
            "AdminDisableUser"
        };
        self.call::<_, Empty>(
            op,
            &self.user_request(username),
            Idempotence::Safe,
            username,
        )
        .await
        .map(drop)
    }

    /// Turns off every MFA method the user has on (AdminSetUserMFAPreference, as Cognito's
    /// console resets MFA), naming only those methods so pools without SMS or email MFA are
    /// not asked about them. The next sign-in asks for no MFA, or, where the pool requires it,
    /// sets a new method up. Returns the methods turned off (none: nothing was sent).
    pub async fn reset_mfa(&self, username: &str) -> Result<Vec<String>, AdminError> {
        let methods = self.user(username).await?.mfa_methods;
        if methods.is_empty() {
            return Ok(methods);
        }
        let off = |name: &str| {
            methods.iter().any(|m| m == name).then_some(MfaSettings {
                enabled: Some(false),
                preferred_mfa: Some(false),
            })
        };
        let req = AdminSetUserMfaPreferenceRequest {
            user_pool_id: self.pool_id().to_owned(),
            username: username.to_owned(),
            sms_mfa_settings: off("SMS_MFA"),
            software_token_mfa_settings: off("SOFTWARE_TOKEN_MFA"),
            email_mfa_settings: off("EMAIL_OTP"),
        };
        self.call::<_, Empty>(
            "AdminSetUserMFAPreference",
            &req,
            Idempotence::Safe,
            username,
        )
        .await?;
        Ok(methods)
    }
}
