//! Sign-in as an explicit state machine: USER_SRP_AUTH (default) or USER_PASSWORD_AUTH, then
//! whatever challenges follow. A challenge not handled yet ends in "not supported: <name>".

use super::tokens::stored_from_result;
use super::{AuthClient, AuthError};
use crate::cognito::types::{AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest};
use crate::secret::{Params, Secret};
use crate::session::StoredTokens;
use crate::srp::{self, ClientEphemeral};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use std::collections::BTreeMap;

/// How the password is proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthFlow {
    /// USER_SRP_AUTH: the password never leaves the machine.
    #[default]
    Srp,
    /// USER_PASSWORD_AUTH: the password is sent (over TLS) to Cognito.
    Password,
}

/// Where a sign-in stands.
#[derive(Debug)]
pub enum SignInState {
    /// Signed in.
    Done(Box<StoredTokens>),
    /// The user must choose a new password (an admin created them, or reset it).
    NewPasswordRequired(NewPasswordChallenge),
}

/// The NEW_PASSWORD_REQUIRED challenge: what the next answer needs.
#[derive(Debug, Clone)]
pub struct NewPasswordChallenge {
    session: Option<Secret>,
    /// The internal username.
    pub username: String,
    /// Attributes the answer must carry (names without the `userAttributes.` prefix).
    pub required_attributes: Vec<String>,
    /// The user's current attributes.
    pub user_attributes: BTreeMap<String, String>,
}

fn now() -> i64 {
    crate::calendar::unix_now()
}

/// Starts a sign-in with a password.
pub async fn sign_in(
    c: &AuthClient,
    username: &str,
    password: &Secret,
    flow: AuthFlow,
) -> Result<SignInState, AuthError> {
    let mut params = Params::default();
    params.insert("USERNAME", username);
    if let Some(h) = c.secret_hash(username) {
        params.insert("SECRET_HASH", h.expose());
    }
    match flow {
        AuthFlow::Password => {
            params.insert("PASSWORD", password.expose());
            let resp = c
                .idp
                .initiate_auth(&initiate("USER_PASSWORD_AUTH", c, params))
                .await?;
            next(resp, username)
        }
        AuthFlow::Srp => {
            let eph = ClientEphemeral::generate();
            params.insert("SRP_A", eph.public_hex());
            let resp = c
                .idp
                .initiate_auth(&initiate("USER_SRP_AUTH", c, params))
                .await?;
            if resp.challenge_name.as_deref() != Some("PASSWORD_VERIFIER") {
                return next(resp, username);
            }
            let answer = password_verifier(c, &resp, &eph, password)?;
            let resp = c.idp.respond_to_auth_challenge(&answer).await?;
            next(resp, username)
        }
    }
}

fn initiate(flow: &str, c: &AuthClient, params: Params) -> InitiateAuthRequest {
    InitiateAuthRequest {
        auth_flow: flow.to_owned(),
        client_id: c.client_id(),
        auth_parameters: Some(params),
        client_metadata: None,
    }
}

/// The PASSWORD_VERIFIER answer, as AWS's SDKs compute it.
fn password_verifier(
    c: &AuthClient,
    resp: &AuthResponse,
    eph: &ClientEphemeral,
    password: &Secret,
) -> Result<RespondToAuthChallengeRequest, AuthError> {
    let p = resp
        .challenge_parameters
        .as_ref()
        .ok_or(AuthError::Incomplete("ChallengeParameters"))?;
    let user_id = p
        .get("USER_ID_FOR_SRP")
        .ok_or(AuthError::Incomplete("USER_ID_FOR_SRP"))?;
    let b = p
        .get("SRP_B")
        .and_then(srp::parse_hex)
        .ok_or(AuthError::Srp(srp::SrpError::NotHex("SRP_B")))?;
    let salt = p
        .get("SALT")
        .and_then(srp::parse_hex)
        .ok_or(AuthError::Srp(srp::SrpError::NotHex("SALT")))?;
    let block_text = p
        .get("SECRET_BLOCK")
        .ok_or(AuthError::Incomplete("SECRET_BLOCK"))?;
    // Some emulators send a SECRET_BLOCK that is not base64: signing its raw bytes does no harm.
    let block = B64
        .decode(block_text)
        .unwrap_or_else(|_| block_text.as_bytes().to_vec());
    let pool = c.profile.pool_name();
    let claim = eph.claim(&b, &salt, pool, user_id, password.expose())?;
    let timestamp = srp::format_timestamp(now());
    let signature = srp::password_claim_signature(&claim.key, pool, user_id, &block, &timestamp);
    let mut answer = Params::default();
    answer.insert("USERNAME", user_id);
    answer.insert("PASSWORD_CLAIM_SECRET_BLOCK", block_text);
    answer.insert("TIMESTAMP", timestamp);
    answer.insert("PASSWORD_CLAIM_SIGNATURE", signature);
    if let Some(h) = c.secret_hash(user_id) {
        answer.insert("SECRET_HASH", h.expose());
    }
    Ok(RespondToAuthChallengeRequest {
        client_id: c.client_id(),
        challenge_name: "PASSWORD_VERIFIER".into(),
        session: resp.session.clone(),
        challenge_responses: Some(answer),
        client_metadata: None,
    })
}

/// Where an answer leads: tokens, a challenge we handle, or "not supported".
fn next(resp: AuthResponse, typed: &str) -> Result<SignInState, AuthError> {
    if let Some(result) = resp.authentication_result {
        let tokens = stored_from_result(result, None, now(), None)?;
        return Ok(SignInState::Done(Box::new(tokens)));
    }
    let name = resp.challenge_name.ok_or(AuthError::Incomplete(
        "AuthenticationResult or ChallengeName",
    ))?;
    let params = resp.challenge_parameters.unwrap_or_default();
    match name.as_str() {
        "NEW_PASSWORD_REQUIRED" => {
            let parse_list = |key: &str| -> Vec<String> {
                params
                    .get(key)
                    .and_then(|v| serde_json::from_str::<Vec<String>>(v).ok())
                    .unwrap_or_default()
            };
            let required = parse_list("requiredAttributes")
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
            Ok(SignInState::NewPasswordRequired(NewPasswordChallenge {
                session: resp.session,
                username: params
                    .get("USER_ID_FOR_SRP")
                    .or_else(|| params.get("USERNAME"))
                    .unwrap_or(typed)
                    .to_owned(),
                required_attributes: required,
                user_attributes,
            }))
        }
        other => Err(AuthError::NotSupported(format!(
            "the {other} challenge (cogtui handles PASSWORD_VERIFIER and NEW_PASSWORD_REQUIRED \
             so far)"
        ))),
    }
}

/// Answers NEW_PASSWORD_REQUIRED with a new password and any required attributes.
pub async fn answer_new_password(
    c: &AuthClient,
    challenge: NewPasswordChallenge,
    new_password: &Secret,
    attributes: &BTreeMap<String, String>,
) -> Result<SignInState, AuthError> {
    let mut answer = Params::default();
    answer.insert("USERNAME", challenge.username.as_str());
    answer.insert("NEW_PASSWORD", new_password.expose());
    for (k, v) in attributes {
        answer.insert(&format!("userAttributes.{k}"), v.as_str());
    }
    if let Some(h) = c.secret_hash(&challenge.username) {
        answer.insert("SECRET_HASH", h.expose());
    }
    let resp = c
        .idp
        .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
            client_id: c.client_id(),
            challenge_name: "NEW_PASSWORD_REQUIRED".into(),
            session: challenge.session,
            challenge_responses: Some(answer),
            client_metadata: None,
        })
        .await?;
    next(resp, &challenge.username)
}
