//! Sign-in challenges as a type: what Cognito asked (`Challenge`), what the person answers
//! (`Answer`), and where an answer leads (`SignIn`). Each slice adds a variant here and one
//! prompt per face.

use super::tokens::stored_from_result;
use super::{AuthClient, AuthError};
use crate::cognito::types::{AuthResponse, RespondToAuthChallengeRequest};
use crate::secret::{Params, Secret};
use crate::session::StoredTokens;
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
}

impl Challenge {
    /// Cognito's name for the challenge.
    pub fn name(&self) -> &'static str {
        match self {
            Self::NewPassword(_) => "NEW_PASSWORD_REQUIRED",
        }
    }

    fn pending(&self) -> &Pending {
        match self {
            Self::NewPassword(c) => &c.pending,
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

/// Where a response leads: tokens, a challenge we handle, or "not supported: NAME".
pub(crate) fn next(resp: AuthResponse, typed: &str) -> Result<SignIn, AuthError> {
    if let Some(result) = resp.authentication_result {
        let tokens = stored_from_result(result, None, crate::calendar::unix_now(), None)?;
        return Ok(SignIn::Done(Box::new(tokens)));
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
        other => Err(AuthError::NotSupported(format!(
            "the {other} challenge (cogtui answers NEW_PASSWORD_REQUIRED so far)"
        ))),
    }
}

/// Answers a challenge; the answer must be the one the challenge asks for.
pub async fn respond(
    c: &AuthClient,
    challenge: Challenge,
    answer: Answer,
) -> Result<SignIn, AuthError> {
    let name = challenge.name();
    let (pending, mut responses) = match (challenge, answer) {
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
            session: pending.session,
            challenge_responses: Some(responses),
            client_metadata: None,
        })
        .await?;
    next(resp, &pending.username)
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
    fn unknown_challenges_are_not_supported_by_name() {
        let e = next(response("CUSTOM_CHALLENGE", &[]), "u").unwrap_err();
        assert!(matches!(&e, AuthError::NotSupported(m) if m.contains("CUSTOM_CHALLENGE")));
    }
}
