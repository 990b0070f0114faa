//! MFA for a signed-in user (software-token enrolment, status, preference, turning it off),
//! the software token enrolled during sign-in (MFA_SETUP), and TOTP secrets kept for test
//! accounts so scripts can sign in.

use super::challenge::{MfaMethod, MfaSetupChallenge};
use super::{Account, AuthError};
use crate::cognito::types::{
    AssociateSoftwareTokenRequest, MfaSettings, SetUserMfaPreferenceRequest,
    VerifySoftwareTokenRequest,
};
use crate::secret::Secret;
use crate::session::{SessionKey, TotpSecret};
use crate::totp;

/// A software token to enrol: the secret and the `otpauth://` URI an authenticator scans.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// Base32.
    pub secret: Secret,
    /// `otpauth://totp/ISSUER:ACCOUNT?secret=…`: holds the secret, so it is one too.
    pub uri: Secret,
}

/// Which MFA methods a user has on, and which is preferred.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MfaStatus {
    pub enabled: Vec<MfaMethod>,
    pub preferred: Option<MfaMethod>,
}

fn settings(enabled: bool, preferred: bool) -> Option<MfaSettings> {
    Some(MfaSettings {
        enabled: Some(enabled),
        preferred_mfa: Some(preferred),
    })
}

impl Account {
    /// The issuer shown in authenticator apps: the profile's name.
    pub fn totp_issuer(&self) -> String {
        format!("cogtui {}", self.profile().name)
    }

    fn enrolment(&self, account: &str, secret: Secret) -> Enrolment {
        let uri = totp::otpauth_uri(&self.totp_issuer(), account, secret.expose());
        Enrolment {
            secret,
            uri: Secret::new(uri),
        }
    }

    /// The user's MFA methods and preference (GetUser, as `user_view` reads them).
    pub async fn mfa_status(&self, user: Option<&str>) -> Result<MfaStatus, AuthError> {
        Ok(self.user_view(user).await?.mfa.unwrap_or_default())
    }

    /// Starts enrolling a software token: a fresh secret from Cognito.
    pub async fn begin_totp(&self, user: Option<&str>) -> Result<Enrolment, AuthError> {
        let view = self.stored_view(user)?;
        let c = self.client().clone();
        let resp = self
            .with_access(Some(&view.username), |at| {
                let c = c.clone();
                async move {
                    Ok(c.idp
                        .associate_software_token(&AssociateSoftwareTokenRequest {
                            access_token: Some(at),
                            session: None,
                        })
                        .await?)
                }
            })
            .await?;
        let account = view.email.unwrap_or(view.username);
        Ok(self.enrolment(&account, resp.secret_code))
    }

    /// Finishes enrolling with the authenticator's first code, and makes the software token
    /// the user's enabled, preferred MFA.
    pub async fn confirm_totp(&self, user: Option<&str>, code: &Secret) -> Result<(), AuthError> {
        let c = self.client().clone();
        let code = Secret::new(code.expose().replace([' ', '-'], ""));
        self.with_access(user, |at| {
            let (c, code) = (c.clone(), code.clone());
            async move {
                c.idp
                    .verify_software_token(&VerifySoftwareTokenRequest {
                        access_token: Some(at),
                        session: None,
                        user_code: code,
                        friendly_device_name: Some("cogtui".into()),
                    })
                    .await?;
                Ok(())
            }
        })
        .await?;
        self.set_mfa(user, Some(MfaMethod::Totp), &[MfaMethod::Totp], &[])
            .await
    }

    /// Makes `method` the preferred (and enabled) MFA method.
    pub async fn prefer_mfa(&self, user: Option<&str>, method: MfaMethod) -> Result<(), AuthError> {
        self.set_mfa(user, Some(method), &[method], &[]).await
    }

    /// Turns every MFA method off (the pool may still require MFA: then the next sign-in sets
    /// one up again).
    pub async fn disable_mfa(&self, user: Option<&str>) -> Result<(), AuthError> {
        self.set_mfa(
            user,
            None,
            &[],
            &[MfaMethod::Totp, MfaMethod::Sms, MfaMethod::Email],
        )
        .await
    }

    async fn set_mfa(
        &self,
        user: Option<&str>,
        preferred: Option<MfaMethod>,
        on: &[MfaMethod],
        off: &[MfaMethod],
    ) -> Result<(), AuthError> {
        let pick = |m: MfaMethod| {
            if on.contains(&m) {
                settings(true, preferred == Some(m))
            } else if off.contains(&m) {
                settings(false, false)
            } else {
                None
            }
        };
        let (sms, soft, email) = (
            pick(MfaMethod::Sms),
            pick(MfaMethod::Totp),
            pick(MfaMethod::Email),
        );
        let c = self.client().clone();
        self.with_access(user, |at| {
            let c = c.clone();
            async move {
                c.idp
                    .set_user_mfa_preference(&SetUserMfaPreferenceRequest {
                        access_token: at,
                        sms_mfa_settings: sms,
                        software_token_mfa_settings: soft,
                        email_mfa_settings: email,
                    })
                    .await?;
                Ok(())
            }
        })
        .await
    }

    /// MFA_SETUP at sign-in: associates a software token with the sign-in session. Answer the
    /// returned challenge with the authenticator's first code.
    pub async fn begin_mfa_setup(
        &self,
        mut challenge: MfaSetupChallenge,
    ) -> Result<(MfaSetupChallenge, Enrolment), AuthError> {
        let resp = self
            .client()
            .idp
            .associate_software_token(&AssociateSoftwareTokenRequest {
                access_token: None,
                session: challenge.pending.session.take(),
            })
            .await?;
        challenge.pending.session = resp.session;
        challenge.secret = Some(resp.secret_code.clone());
        let enrolment = self.enrolment(&challenge.pending.username, resp.secret_code);
        Ok((challenge, enrolment))
    }

    // ---- TOTP secrets kept for test accounts ----

    fn totp_key(&self, username: &str) -> SessionKey {
        SessionKey::new(self.profile().name.clone(), username)
    }

    /// Keeps `secret` for `username` in the session store (asked for explicitly: it lets
    /// anyone with the store sign in as the user).
    pub fn keep_totp_secret(&self, username: &str, secret: &Secret) -> Result<(), AuthError> {
        Ok(self.store_ref().save_totp(
            &self.totp_key(username),
            &TotpSecret {
                secret: secret.clone(),
            },
        )?)
    }

    /// The kept TOTP secret of `username`, if any.
    pub fn kept_totp_secret(&self, username: &str) -> Result<Option<Secret>, AuthError> {
        Ok(self
            .store_ref()
            .load_totp(&self.totp_key(username))?
            .map(|t| t.secret))
    }

    pub fn forget_totp_secret(&self, username: &str) -> Result<(), AuthError> {
        Ok(self.store_ref().delete_totp(&self.totp_key(username))?)
    }
}

/// The current code of a base32 secret, with the seconds it has left.
pub fn current_code(secret: &Secret, unix: i64) -> Result<(String, i64), AuthError> {
    let bytes = totp::base32_decode(secret.expose()).ok_or_else(|| {
        AuthError::InvalidInput(
            "the TOTP secret is not base32 (letters A-Z and digits 2-7); check what was stored \
             or given"
                .into(),
        )
    })?;
    Ok((totp::code_at(&bytes, unix), totp::seconds_left(unix)))
}
