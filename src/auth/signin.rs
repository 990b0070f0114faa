//! Starting a sign-in: USER_SRP_AUTH (default) or USER_PASSWORD_AUTH, with the PASSWORD_VERIFIER
//! step answered here; whatever follows is a [`Challenge`](super::Challenge).

use super::challenge::{SignIn, next};
use super::{AuthClient, AuthError};
use crate::cognito::types::{AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest};
use crate::secret::{Params, Secret};
use crate::session::DeviceSecrets;
use crate::srp::{self, ClientEphemeral};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

/// How the password is proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthFlow {
    /// USER_SRP_AUTH: the password never leaves the machine.
    #[default]
    Srp,
    /// USER_PASSWORD_AUTH: the password is sent (over TLS) to Cognito.
    Password,
}

fn now() -> i64 {
    crate::calendar::unix_now()
}

/// Starts a sign-in with a password. `device` is the remembered device of this user, if any:
/// its key goes with the request so Cognito can skip MFA for it (the DEVICE_SRP challenges
/// arrive with the devices slice).
pub async fn sign_in(
    c: &AuthClient,
    username: &str,
    password: &Secret,
    flow: AuthFlow,
    device: Option<&DeviceSecrets>,
) -> Result<SignIn, AuthError> {
    let mut params = Params::default();
    params.insert("USERNAME", username);
    if let Some(h) = c.secret_hash(username) {
        params.insert("SECRET_HASH", h.expose());
    }
    if let Some(d) = device {
        params.insert("DEVICE_KEY", d.device_key.as_str());
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
            let answer = password_verifier(c, &resp, &eph, password, device)?;
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
    device: Option<&DeviceSecrets>,
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
    if let Some(d) = device {
        answer.insert("DEVICE_KEY", d.device_key.as_str());
    }
    Ok(RespondToAuthChallengeRequest {
        client_id: c.client_id(),
        challenge_name: "PASSWORD_VERIFIER".into(),
        session: resp.session.clone(),
        challenge_responses: Some(answer),
        client_metadata: None,
    })
}
