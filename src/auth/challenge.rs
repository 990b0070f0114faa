//! Sign-in challenges as a type: what Cognito asked (`Challenge`), what the person answers
//! (`Answer`), and where an answer leads (`SignIn`). Each slice adds a variant here and one
//! prompt per face.

use super::tokens::stored_from_result;
use super::{AuthClient, AuthError};
use crate::cognito::types::{
    AuthResponse, RespondToAuthChallengeRequest, VerifySoftwareTokenRequest,
};
use crate::secret::{Params, Secret};
use crate::session::{DeviceSecrets, StoredTokens};
use std::collections::BTreeMap;

/// Where a sign-in stands after a step.
#[derive(Debug)]
pub enum SignIn {
    /// Signed in.
    Done(Box<StoredTokens>),
    /// Cognito asks for more.
    Challenge(Challenge),
}

/// A challenge Cognito sent, with what the answer must carry back.
#[derive(Debug, Clone)]
pub enum Challenge {
    /// NEW_PASSWORD_REQUIRED: an admin created the user, or reset the password.
    NewPassword(NewPasswordChallenge),
    /// SOFTWARE_TOKEN_MFA: a code from the user's authenticator app.
    SoftwareTokenMfa(Pending),
    /// SMS_MFA or EMAIL_OTP: a code Cognito sent.
    SentCode(SentCodeChallenge),
    /// SELECT_MFA_TYPE: which of the user's MFA methods to use now.
    SelectMfaType(SelectMfaChallenge),
    /// MFA_SETUP: the pool requires MFA and the user has none; enrol a software token first
    /// (`Account::begin_mfa_setup`), then answer with its first code.
    MfaSetup(MfaSetupChallenge),
}

/// An MFA method, as Cognito names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MfaMethod {
    Totp,
    Sms,
    Email,
}

impl MfaMethod {
    /// SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Totp => "SOFTWARE_TOKEN_MFA",
            Self::Sms => "SMS_MFA",
            Self::Email => "EMAIL_OTP",
        }
    }

    pub fn from_wire(name: &str) -> Option<Self> {
        match name {
            "SOFTWARE_TOKEN_MFA" => Some(Self::Totp),
            "SMS_MFA" => Some(Self::Sms),
            "EMAIL_OTP" => Some(Self::Email),
            _ => None,
        }
    }

    /// totp, sms, email: how a person types it.
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::Sms => "sms",
            Self::Email => "email",
        }
    }
}

/// SMS_MFA or EMAIL_OTP.
#[derive(Debug, Clone)]
pub struct SentCodeChallenge {
    pub pending: Pending,
    pub method: MfaMethod,
    /// Where the code went, masked (`+*******1234`, `a***@e***`).
    pub destination: Option<String>,
}

/// SELECT_MFA_TYPE.
#[derive(Debug, Clone)]
pub struct SelectMfaChallenge {
    pub pending: Pending,
    pub options: Vec<MfaMethod>,
}

/// MFA_SETUP, with the software token once it is associated.
#[derive(Debug, Clone)]
pub struct MfaSetupChallenge {
    pub pending: Pending,
    /// The secret to enrol (base32), once `Account::begin_mfa_setup` associated it.
    pub secret: Option<Secret>,
}

/// What every challenge carries: Cognito's session and the username it expects in the answer.
/// The default (no session) can only be shown, not answered: the faces' tests draw prompts.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    pub(crate) session: Option<Secret>,
    /// The username Cognito expects in the answer (the internal one after SRP).
    pub username: String,
}

/// The NEW_PASSWORD_REQUIRED challenge.
#[derive(Debug, Clone)]
pub struct NewPasswordChallenge {
    pub pending: Pending,
    /// Attributes the answer must carry (names without the `userAttributes.` prefix).
    pub required_attributes: Vec<String>,
    /// The user's current attributes.
    pub user_attributes: BTreeMap<String, String>,
}

/// A person's answer to a challenge.
#[derive(Debug, Clone)]
pub enum Answer {
    /// For `Challenge::NewPassword`: the new password and the required attributes.
    NewPassword {
        password: Secret,
        attributes: BTreeMap<String, String>,
    },
    /// For the code challenges (software token, SMS, email) and for MFA_SETUP (the first
    /// code of the new software token).
    Code(Secret),
    /// For SELECT_MFA_TYPE.
    Method(MfaMethod),
}

impl Challenge {
    /// Cognito's name for the challenge.
    pub fn name(&self) -> &'static str {
        match self {
            Self::NewPassword(_) => "NEW_PASSWORD_REQUIRED",
            Self::SoftwareTokenMfa(_) => "SOFTWARE_TOKEN_MFA",
            Self::SentCode(c) => c.method.wire_name(),
            Self::SelectMfaType(_) => "SELECT_MFA_TYPE",
            Self::MfaSetup(_) => "MFA_SETUP",
        }
    }

    fn pending(&self) -> &Pending {
        match self {
            Self::NewPassword(c) => &c.pending,
            Self::SoftwareTokenMfa(p) => p,
            Self::SentCode(c) => &c.pending,
            Self::SelectMfaType(c) => &c.pending,
            Self::MfaSetup(c) => &c.pending,
        }
    }

    /// The username Cognito expects in the answer.
    pub fn username(&self) -> &str {
        &self.pending().username
    }
}

impl NewPasswordChallenge {
    /// The internal username.
    pub fn username(&self) -> &str {
        &self.pending.username
    }
}

/// Where a response leads, before the faces see it: a step of theirs, or DEVICE_SRP_AUTH, which
/// the flow answers itself with the remembered device's secrets (no prompt, so it is no
/// [`Challenge`] a face would have to handle).
pub(crate) enum Next {
    Step(SignIn),
    DeviceSrp(Pending),
}

/// Where a response leads: tokens, a challenge we handle, or "not supported: NAME".
pub(crate) fn next(resp: AuthResponse, typed: &str) -> Result<SignIn, AuthError> {
    match next_step(resp, typed)? {
        Next::Step(s) => Ok(s),
        Next::DeviceSrp(_) => Err(AuthError::NotSupported(
            "the DEVICE_SRP_AUTH challenge without a remembered device's secrets (the pool \
             named a device this sign-in did not send)"
                .into(),
        )),
    }
}

/// [`next`], with DEVICE_SRP_AUTH left for the flow to answer.
pub(crate) fn next_step(resp: AuthResponse, typed: &str) -> Result<Next, AuthError> {
    if let Some(result) = resp.authentication_result {
        let tokens = stored_from_result(result, None, crate::calendar::unix_now(), None)?;
        return Ok(Next::Step(SignIn::Done(Box::new(tokens))));
    }
    let name = resp.challenge_name.ok_or(AuthError::Incomplete(
        "AuthenticationResult or ChallengeName",
    ))?;
    let params = resp.challenge_parameters.unwrap_or_default();
    let pending = Pending {
        session: resp.session,
        username: params
            .get("USER_ID_FOR_SRP")
            .or_else(|| params.get("USERNAME"))
            .unwrap_or(typed)
            .to_owned(),
    };
    if name == "DEVICE_SRP_AUTH" {
        return Ok(Next::DeviceSrp(pending));
    }
    challenge_of(name, params, pending).map(Next::Step)
}

fn challenge_of(name: String, params: Params, pending: Pending) -> Result<SignIn, AuthError> {
    match name.as_str() {
        "NEW_PASSWORD_REQUIRED" => {
            let required = params
                .get("requiredAttributes")
                .and_then(|v| serde_json::from_str::<Vec<String>>(v).ok())
                .unwrap_or_default()
                .into_iter()
                .map(|a| a.trim_start_matches("userAttributes.").to_owned())
                .collect();
            let user_attributes = params
                .get("userAttributes")
                .and_then(|v| serde_json::from_str::<BTreeMap<String, serde_json::Value>>(v).ok())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
                .collect();
            Ok(SignIn::Challenge(Challenge::NewPassword(
                NewPasswordChallenge {
                    pending,
                    required_attributes: required,
                    user_attributes,
                },
            )))
        }
        "SOFTWARE_TOKEN_MFA" => Ok(SignIn::Challenge(Challenge::SoftwareTokenMfa(pending))),
        "SMS_MFA" | "EMAIL_OTP" => Ok(SignIn::Challenge(Challenge::SentCode(SentCodeChallenge {
            pending,
            method: MfaMethod::from_wire(&name).unwrap_or(MfaMethod::Email),
            destination: params.get("CODE_DELIVERY_DESTINATION").map(str::to_owned),
        }))),
        "SELECT_MFA_TYPE" => {
            let options = method_list(params.get("MFAS_CAN_CHOOSE"));
            Ok(SignIn::Challenge(Challenge::SelectMfaType(
                SelectMfaChallenge { pending, options },
            )))
        }
        "MFA_SETUP" => {
            let can = method_list(params.get("MFAS_CAN_SETUP"));
            if !can.contains(&MfaMethod::Totp) {
                return Err(AuthError::NotSupported(format!(
                    "the MFA_SETUP challenge for {} (cogtui sets up a software token)",
                    params.get("MFAS_CAN_SETUP").unwrap_or("no method")
                )));
            }
            Ok(SignIn::Challenge(Challenge::MfaSetup(MfaSetupChallenge {
                pending,
                secret: None,
            })))
        }
        other => Err(AuthError::NotSupported(format!(
            "the {other} challenge (cogtui answers NEW_PASSWORD_REQUIRED, the MFA challenges \
             and MFA_SETUP so far)"
        ))),
    }
}

/// `["SMS_MFA","SOFTWARE_TOKEN_MFA"]` as methods (unknown names left out).
fn method_list(text: Option<&str>) -> Vec<MfaMethod> {
    text.and_then(|t| serde_json::from_str::<Vec<String>>(t).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|n| MfaMethod::from_wire(n))
        .collect()
}

/// Answers a challenge; the answer must be the one the challenge asks for.
pub async fn respond(
    c: &AuthClient,
    challenge: Challenge,
    answer: Answer,
) -> Result<SignIn, AuthError> {
    respond_with_device(c, challenge, answer, None).await
}

/// [`respond`]; a DEVICE_SRP_AUTH that follows (after a new password) is answered with `device`.
pub(crate) async fn respond_with_device(
    c: &AuthClient,
    challenge: Challenge,
    answer: Answer,
    device: Option<&DeviceSecrets>,
) -> Result<SignIn, AuthError> {
    let name = challenge.name();
    let mismatch = |expects: &str| {
        Err(AuthError::NotSupported(format!(
            "answering {name} with {expects} (a bug in the caller)"
        )))
    };
    if let Answer::Code(code) = &answer {
        let clean = clean_code(code);
        if clean.len() != 6 || !clean.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AuthError::InvalidInput(
                "an MFA code is 6 digits (spaces and dashes are fine); nothing was sent".into(),
            ));
        }
    }
    let (mut pending, mut responses) = match (challenge, answer) {
        (
            Challenge::NewPassword(ch),
            Answer::NewPassword {
                password,
                attributes,
            },
        ) => {
            let mut p = Params::default();
            p.insert("NEW_PASSWORD", password.expose());
            for (k, v) in &attributes {
                p.insert(&format!("userAttributes.{k}"), v.as_str());
            }
            (ch.pending, p)
        }
        (Challenge::SoftwareTokenMfa(pending), Answer::Code(code)) => {
            let mut p = Params::default();
            p.insert("SOFTWARE_TOKEN_MFA_CODE", clean_code(&code));
            (pending, p)
        }
        (Challenge::SentCode(ch), Answer::Code(code)) => {
            let key = match ch.method {
                MfaMethod::Sms => "SMS_MFA_CODE",
                _ => "EMAIL_OTP_CODE",
            };
            let mut p = Params::default();
            p.insert(key, clean_code(&code));
            (ch.pending, p)
        }
        (Challenge::SelectMfaType(ch), Answer::Method(m)) => {
            let mut p = Params::default();
            p.insert("ANSWER", m.wire_name());
            (ch.pending, p)
        }
        (Challenge::MfaSetup(ch), Answer::Code(code)) => {
            // Verify the new token with the session, then answer MFA_SETUP with the session
            // VerifySoftwareToken returned.
            if ch.secret.is_none() {
                return Err(AuthError::NotSupported(
                    "answering MFA_SETUP before the software token was associated \
                     (Account::begin_mfa_setup)"
                        .into(),
                ));
            }
            let verified = c
                .idp
                .verify_software_token(&VerifySoftwareTokenRequest {
                    access_token: None,
                    session: ch.pending.session.clone(),
                    user_code: Secret::new(clean_code(&code)),
                    friendly_device_name: Some("cogtui".into()),
                })
                .await?;
            let mut pending = ch.pending;
            pending.session = verified.session;
            (pending, Params::default())
        }
        (Challenge::NewPassword(_), _) => return mismatch("something else than a new password"),
        (Challenge::SelectMfaType(_), _) => return mismatch("something else than a method"),
        (_, _) => return mismatch("something else than a code"),
    };
    responses.insert("USERNAME", pending.username.as_str());
    if let Some(h) = c.secret_hash(&pending.username) {
        responses.insert("SECRET_HASH", h.expose());
    }
    let resp = c
        .idp
        .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
            client_id: c.client_id(),
            challenge_name: name.into(),
            session: pending.session.take(),
            challenge_responses: Some(responses),
            client_metadata: None,
        })
        .await?;
    match (next_step(resp, &pending.username)?, device) {
        (Next::Step(s), _) => Ok(s),
        (Next::DeviceSrp(p), Some(d)) => {
            let resp = super::devices::device_srp(c, p, d)
                .await
                .map_err(super::devices::DeviceStepError::into_auth)?;
            next(resp, &pending.username)
        }
        (Next::DeviceSrp(p), None) => next(
            AuthResponse {
                challenge_name: Some("DEVICE_SRP_AUTH".into()),
                session: p.session,
                ..Default::default()
            },
            &pending.username,
        ),
    }
}

/// A code as typed: spaces and dashes dropped (`123 456`).
fn clean_code(code: &Secret) -> String {
    code.expose()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(name: &str, params: &[(&str, &str)]) -> AuthResponse {
        AuthResponse {
            challenge_name: Some(name.into()),
            session: Some(Secret::new("session-value")),
            challenge_parameters: Some(Params(
                params
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            )),
            authentication_result: None,
        }
    }

    #[test]
    fn new_password_carries_the_internal_username_and_attributes() {
        let r = response(
            "NEW_PASSWORD_REQUIRED",
            &[
                ("USER_ID_FOR_SRP", "uuid-1"),
                ("requiredAttributes", r#"["userAttributes.name"]"#),
                ("userAttributes", r#"{"email":"a@example.com"}"#),
            ],
        );
        let Ok(SignIn::Challenge(Challenge::NewPassword(ch))) = next(r, "alias@example.com") else {
            panic!("expected the new-password challenge");
        };
        assert_eq!(ch.username(), "uuid-1");
        assert_eq!(ch.required_attributes, vec!["name".to_owned()]);
        assert_eq!(ch.user_attributes["email"], "a@example.com");
    }

    #[test]
    fn mfa_challenges_are_read() {
        let Ok(SignIn::Challenge(Challenge::SelectMfaType(ch))) = next(
            response(
                "SELECT_MFA_TYPE",
                &[("MFAS_CAN_CHOOSE", r#"["SMS_MFA","SOFTWARE_TOKEN_MFA","X"]"#)],
            ),
            "u",
        ) else {
            panic!("expected SELECT_MFA_TYPE");
        };
        assert_eq!(ch.options, vec![MfaMethod::Sms, MfaMethod::Totp]);
        let Ok(SignIn::Challenge(Challenge::SentCode(ch))) = next(
            response("EMAIL_OTP", &[("CODE_DELIVERY_DESTINATION", "a***@e***")]),
            "u",
        ) else {
            panic!("expected EMAIL_OTP");
        };
        assert_eq!(ch.method, MfaMethod::Email);
        assert_eq!(ch.destination.as_deref(), Some("a***@e***"));
        assert!(matches!(
            next(
                response("MFA_SETUP", &[("MFAS_CAN_SETUP", r#"["SMS_MFA"]"#)]),
                "u"
            ),
            Err(AuthError::NotSupported(_))
        ));
    }

    #[test]
    fn unknown_challenges_are_not_supported_by_name() {
        let e = next(response("CUSTOM_CHALLENGE", &[]), "u").unwrap_err();
        assert!(matches!(&e, AuthError::NotSupported(m) if m.contains("CUSTOM_CHALLENGE")));
    }
}
