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
/// its key goes with the request, and DEVICE_SRP_AUTH is answered with its secrets, so Cognito
/// can skip MFA for it. A device the pool no longer knows is an error here;
/// `Account::sign_in` drops it and signs in without it.
pub async fn sign_in(
    c: &AuthClient,
    username: &str,
    password: &Secret,
    flow: AuthFlow,
    device: Option<&DeviceSecrets>,
) -> Result<SignIn, AuthError> {
    let found = device.map(|d| (username.to_owned(), d.clone()));
    let lookup = move |_: &str| found.clone();
    let out = sign_in_remembering(c, username, password, flow, &lookup).await?;
    match out.refused {
        Some(r) => Err(AuthError::DeviceRefused {
            user: r.stored_under,
            why: r.why,
        }),
        None => Ok(out.step),
    }
}

/// A remembered device the pool refused during a sign-in.
#[derive(Debug, Clone)]
pub(crate) struct RefusedDevice {
    /// The username its secrets are kept under.
    pub stored_under: String,
    pub device_key: String,
    pub why: String,
}

/// Where a sign-in went, and the device the pool refused on the way, if any.
pub(crate) struct SignInOutcome {
    pub step: SignIn,
    pub refused: Option<RefusedDevice>,
}

/// The device kept for a name (the typed one, then the internal USER_ID_FOR_SRP): where it is
/// kept, and its secrets.
/// A device found for a name: where it is kept, and its secrets.
type Found = Option<(String, DeviceSecrets)>;

pub(crate) type DeviceLookup<'a> =
    dyn Fn(&str) -> Option<(String, DeviceSecrets)> + Send + Sync + 'a;

/// A sign-in that uses the remembered device `lookup` finds. A device the pool refuses is left
/// out and the sign-in goes on (or starts once more) without it, as AWS's SDK does; the
/// outcome names it so the caller can forget it.
pub(crate) async fn sign_in_remembering(
    c: &AuthClient,
    username: &str,
    password: &Secret,
    flow: AuthFlow,
    lookup: &DeviceLookup<'_>,
) -> Result<SignInOutcome, AuthError> {
    let mut refused: Option<RefusedDevice> = None;
    loop {
        let usable = |found: Found| {
            found.filter(|(_, d)| {
                refused
                    .as_ref()
                    .is_none_or(|r| r.device_key != d.device_key)
            })
        };
        let first = usable(lookup(username));
        let step = attempt(c, username, password, flow, first, &usable, lookup).await?;
        match step {
            Attempt::Done(step, newly_refused) => {
                return Ok(SignInOutcome {
                    step,
                    refused: newly_refused.or(refused),
                });
            }
            // The device failed its own proof: the session is used up, so start once more
            // without it (the second round cannot come back here: the device is left out).
            Attempt::Again(r) => {
                if refused.is_some() {
                    return Err(AuthError::DeviceRefused {
                        user: r.stored_under,
                        why: r.why,
                    });
                }
                refused = Some(r);
            }
        }
    }
}

enum Attempt {
    Done(SignIn, Option<RefusedDevice>),
    Again(RefusedDevice),
}

async fn attempt(
    c: &AuthClient,
    username: &str,
    password: &Secret,
    flow: AuthFlow,
    first: Found,
    usable: &(dyn Fn(Found) -> Found + Sync),
    lookup: &DeviceLookup<'_>,
) -> Result<Attempt, AuthError> {
    use super::challenge::{Next, next_step};
    use super::devices::{DeviceStepError, device_srp};
    use crate::cognito::ErrorKind;
    let mut params = Params::default();
    params.insert("USERNAME", username);
    if let Some(h) = c.secret_hash(username) {
        params.insert("SECRET_HASH", h.expose());
    }
    if let Some((_, d)) = &first {
        params.insert("DEVICE_KEY", d.device_key.as_str());
    }
    if flow == AuthFlow::Password {
        params.insert("PASSWORD", password.expose());
        let resp = c
            .idp
            .initiate_auth(&initiate("USER_PASSWORD_AUTH", c, params))
            .await?;
        return Ok(Attempt::Done(next(resp, username)?, None));
    }
    let eph = ClientEphemeral::generate();
    params.insert("SRP_A", eph.public_hex());
    let resp = c
        .idp
        .initiate_auth(&initiate("USER_SRP_AUTH", c, params))
        .await?;
    if resp.challenge_name.as_deref() != Some("PASSWORD_VERIFIER") {
        return Ok(Attempt::Done(next(resp, username)?, None));
    }
    // The device of the internal username (sign-in by alias finds it here).
    let user_id = resp
        .challenge_parameters
        .as_ref()
        .and_then(|p| p.get("USER_ID_FOR_SRP"))
        .unwrap_or(username)
        .to_owned();
    let device = usable(lookup(&user_id)).or(first);
    let mut answer = password_verifier(c, &resp, &eph, password, device.as_ref().map(|d| &d.1))?;
    let mut refused = None;
    let resp = match (c.idp.respond_to_auth_challenge(&answer).await, &device) {
        (Err(e), Some((under, d))) if e.is(&ErrorKind::ResourceNotFound) => {
            // The pool does not know the device (forgotten elsewhere, or its data reset): the
            // same proof again without it, in the same session.
            refused = Some(RefusedDevice {
                stored_under: under.clone(),
                device_key: d.device_key.clone(),
                why: e.to_string(),
            });
            if let Some(p) = answer.challenge_responses.as_mut() {
                p.0.remove("DEVICE_KEY");
            }
            c.idp.respond_to_auth_challenge(&answer).await?
        }
        (r, _) => r?,
    };
    let device = if refused.is_some() { None } else { device };
    match (next_step(resp, username)?, device) {
        (Next::Step(step), _) => Ok(Attempt::Done(step, refused)),
        (Next::DeviceSrp(pending), Some((under, d))) => match device_srp(c, pending, &d).await {
            Ok(resp) => Ok(Attempt::Done(next(resp, username)?, None)),
            Err(DeviceStepError::Refused(e)) => Ok(Attempt::Again(RefusedDevice {
                stored_under: under,
                device_key: d.device_key,
                why: e.to_string(),
            })),
            Err(DeviceStepError::Other(e)) => Err(e),
        },
        (Next::DeviceSrp(_), None) => Err(AuthError::NotSupported(
            "the DEVICE_SRP_AUTH challenge without a remembered device (the pool named a \
             device this sign-in did not send)"
                .into(),
        )),
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
