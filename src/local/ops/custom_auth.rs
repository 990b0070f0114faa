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
    if params.get("SRP_A").is_some() {
        return Err(ApiError::invalid_parameter(
            "CUSTOM_AUTH with SRP_A (a password step before the custom challenge) is not \
             supported by the local pool; send USERNAME only (docs/local-pool.md, Triggers)",
        ));
    }
    let Some(user) = find_user(st, pool, username)? else {
        if hides_users(client) {
            // As on Cognito: the handlers run with userNotFound, so the answers look alike.
            return step(
                st,
                client,
                pool,
                &stand_in(pool, username),
                true,
                Vec::new(),
            );
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
    super::super::triggers::hooks::pre_authentication(st, pool, client_id(client), &user)?;
    step(st, client, pool, &user, false, Vec::new())
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
        Next::Challenge(other) => Err(ApiError::new(
            "InvalidLambdaResponseException",
            format!(
                "DefineAuthChallenge asked for {}: the local pool runs CUSTOM_CHALLENGE steps \
                 only (docs/local-pool.md, Triggers)",
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
    step(st, client, pool, &user, not_found, session)
}
