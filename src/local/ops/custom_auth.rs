//! CUSTOM_AUTH: InitiateAuth and RespondToAuthChallenge CUSTOM_CHALLENGE, driven by the pool's
//! DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse triggers.

use super::super::challenge::{Challenge, ChallengeKind, DeviceLink};
use super::super::error::{ApiError, ApiResult};
use super::super::escape::printable;
use super::super::model::{UNCONFIRMED, User};
use super::super::state::State;
use super::super::store::PoolRow;
use super::super::triggers::custom_auth::{Ctx, Next, session_entry};
use super::common::require_flow;
use super::common::{check_lockout, check_secret_hash, client_id, find_user, hides_users, pool_id};
use super::tokens;
use crate::cognito::types::{AuthResponse, UserPoolClientType};
use crate::secret::{Params, Secret};
use serde_json::Value;

const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";

/// InitiateAuth with AuthFlow CUSTOM_AUTH: the user, then DefineAuthChallenge with an empty
/// session.
pub fn start(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    params: &Params,
) -> ApiResult<AuthResponse> {
    require_flow(client, "CUSTOM_AUTH")?;
    let username = params
        .get("USERNAME")
        .ok_or_else(|| ApiError::missing("USERNAME"))?;
    check_secret_hash(client, username, params.get("SECRET_HASH"))?;
    // With SRP_A the handlers may ask for the password first (PASSWORD_VERIFIER), as
    // Amplify's CUSTOM_WITH_SRP does.
    let srp = params.get("SRP_A").is_some().then_some(params);
    let session = match srp {
        Some(_) => vec![session_entry("SRP_A", true, None)],
        None => Vec::new(),
    };
    let Some(user) = find_user(st, pool, username)? else {
        if hides_users(client) {
            // As on Cognito: the handlers run with userNotFound, so the answers look alike.
            let who = stand_in(pool, username);
            return step(st, client, pool, &who, true, session, srp);
        }
        return Err(ApiError::user_not_found());
    };
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    if user.status == UNCONFIRMED {
        return Err(ApiError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        ));
    }
    check_lockout(st, &user)?;
    if srp.is_none() {
        // With SRP_A it runs once the password is proven.
        super::super::triggers::hooks::pre_authentication(st, pool, client_id(client), &user)?;
    }
    step(st, client, pool, &user, false, session, srp)
}

/// The password step of a CUSTOM_AUTH sign-in was proven: DefineAuthChallenge decides next.
pub(super) fn after_password(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    user: &User,
    mut session: Vec<Value>,
) -> ApiResult<AuthResponse> {
    session.push(session_entry(PASSWORD_VERIFIER, true, None));
    step(st, client, pool, user, false, session, None)
}

/// The user the handlers hear about when the name is no user: the name, nothing else.
fn stand_in(pool: &PoolRow, name: &str) -> User {
    User {
        pool_id: pool_id(pool).to_owned(),
        username: name.to_owned(),
        sub: String::new(),
        status: String::new(),
        enabled: false,
        attributes: Default::default(),
        salt_hex: String::new(),
        verifier_hex: String::new(),
        created: 0.0,
        modified: 0.0,
        failed_attempts: 0,
        locked_until: 0,
    }
}

/// Asks DefineAuthChallenge what follows the session so far, and does it.
fn step(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    user: &User,
    not_found: bool,
    session: Vec<Value>,
    srp: Option<&Params>,
) -> ApiResult<AuthResponse> {
    let ctx = Ctx {
        st,
        pool,
        client_id: client_id(client),
        user,
        not_found,
    };
    match ctx.define(&session)? {
        Next::Fail => Err(ApiError::incorrect_credentials()),
        // No tokens for a name that is no user, whatever the handler says.
        Next::Tokens if not_found => Err(ApiError::incorrect_credentials()),
        Next::Tokens => Ok(AuthResponse {
            authentication_result: Some(tokens::issue(st, pool, client, user, &DeviceLink::None)?),
            challenge_parameters: Some(Params::default()),
            ..Default::default()
        }),
        Next::Challenge(name) if name == CUSTOM_CHALLENGE => {
            let created = ctx.create(&name, &session)?;
            let mut public = Params::default();
            for (k, v) in created.public {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                public.insert(&k, text);
            }
            public.insert("USERNAME", user.username.clone());
            let now = st.clock.now();
            let key = st.challenges.insert(
                Challenge {
                    pool_id: pool_id(pool).to_owned(),
                    client_id: client_id(client).to_owned(),
                    username: user.username.clone(),
                    created: now,
                    kind: ChallengeKind::Custom {
                        session,
                        private: created.private,
                        metadata: created.metadata,
                        not_found,
                    },
                    device: DeviceLink::None,
                },
                now,
            );
            Ok(AuthResponse {
                challenge_name: Some(CUSTOM_CHALLENGE.into()),
                session: Some(Secret::new(key)),
                challenge_parameters: Some(public),
                authentication_result: None,
            })
        }
        Next::Challenge(name) if name == PASSWORD_VERIFIER => match srp {
            // Only right after SRP_A: the SRP challenge, carrying the session on.
            Some(params) if session.len() == 1 => {
                super::auth::srp_start(st, client, pool, params, Some(session))
            }
            _ => Err(ApiError::new(
                "InvalidLambdaResponseException",
                "DefineAuthChallenge asked for PASSWORD_VERIFIER, which only follows SRP_A: \
                 start CUSTOM_AUTH with SRP_A in AuthParameters",
            )),
        },
        Next::Challenge(other) => Err(ApiError::new(
            "InvalidLambdaResponseException",
            format!(
                "DefineAuthChallenge asked for {}: the local pool runs CUSTOM_CHALLENGE and \
                 (after SRP_A) PASSWORD_VERIFIER steps only (docs/local-pool.md, Triggers)",
                printable(&other)
            ),
        )),
    }
}

/// RespondToAuthChallenge CUSTOM_CHALLENGE: VerifyAuthChallengeResponse judges ANSWER, the
/// result joins the session, and DefineAuthChallenge decides again.
pub fn respond(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    challenge: Challenge,
    responses: &Params,
) -> ApiResult<AuthResponse> {
    let ChallengeKind::Custom {
        mut session,
        private,
        metadata,
        not_found,
    } = challenge.kind
    else {
        return Err(ApiError::not_authorized("Invalid session for the user."));
    };
    let answer = responses
        .get("ANSWER")
        .ok_or_else(|| ApiError::missing("ANSWER"))?;
    let user = if not_found {
        stand_in(pool, &challenge.username)
    } else {
        st.store
            .get_user(&challenge.pool_id, &challenge.username)?
            .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?
    };
    let ctx = Ctx {
        st,
        pool,
        client_id: client_id(client),
        user: &user,
        not_found,
    };
    let correct = ctx.verify(&private, answer)?;
    session.push(session_entry(
        CUSTOM_CHALLENGE,
        correct,
        metadata.as_deref(),
    ));
    step(st, client, pool, &user, not_found, session, None)
}
