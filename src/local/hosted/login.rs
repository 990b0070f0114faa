//! /login: the sign-in page (GET) and its answers (POST): the password, checked with the pool's
//! verifier and lockout as USER_PASSWORD_AUTH would, then the MFA code when the user has MFA.
//! A finished sign-in goes back to the app's redirect URI with a code and the state.

use super::authorize::refusal;
use super::codes::{AuthCode, CODE_TTL};
use super::form::{QueryResult, bad_query, blocking};
use super::page;
use super::request::{AuthorizeQuery, Checked, check, with_params};
use crate::cognito::types::{AuthResponse, RespondToAuthChallengeRequest};
use crate::local::error::{ApiError, ApiResult};
use crate::local::ops::auth::{password_step, respond_to_auth_challenge};
use crate::local::ops::tokens;
use crate::local::state::State;
use crate::secret::{Params, Secret};
use axum::extract::{Form, Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;

fn client_name(c: &Checked) -> String {
    c.client.client_name.clone().unwrap_or_default()
}

/// The client's identity providers that exist in the pool, each with its authorize link.
fn providers(st: &State, c: &Checked, q: &AuthorizeQuery) -> Vec<(String, String)> {
    let pool_id = c.pool.config.id.clone().unwrap_or_default();
    let existing = st
        .store
        .read(|db| db.list_providers(&pool_id))
        .unwrap_or_default();
    let supported = c
        .client
        .oauth
        .supported_identity_providers
        .clone()
        .unwrap_or_default();
    existing
        .into_iter()
        .filter_map(|p| p.provider_name)
        .filter(|n| supported.contains(n))
        .map(|name| {
            let with = AuthorizeQuery {
                identity_provider: Some(name.clone()),
                ..q.clone()
            };
            (name, format!("/oauth2/authorize?{}", with.encoded()))
        })
        .collect()
}

pub async fn show(AxState(st): AxState<Arc<State>>, q: QueryResult) -> Response {
    let Ok(Query(q)) = q else {
        return bad_query();
    };
    match check(&st, &q) {
        Ok(c) => page::login(
            &q.encoded(),
            &client_name(&c),
            &providers(&st, &c, &q),
            None,
            "",
        ),
        Err(r) => refusal(r),
    }
}

/// The login form, or the MFA form (which adds the challenge, its session and the code).
#[derive(Deserialize)]
pub struct LoginForm {
    username: Option<String>,
    password: Option<String>,
    challenge: Option<String>,
    session: Option<String>,
    code: Option<String>,
}

pub async fn submit(
    AxState(st): AxState<Arc<State>>,
    q: QueryResult,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (Ok(Query(q)), Ok(Form(form))) = (q, form) else {
        return bad_query();
    };
    // The password check is SRP maths and SQLite: off the async workers.
    blocking(&st, move |st| answer(st, &q, form)).await
}

fn answer(st: &State, q: &AuthorizeQuery, form: LoginForm) -> Response {
    let checked = match check(st, q) {
        Ok(c) => c,
        Err(r) => return refusal(r),
    };
    let query = q.encoded();
    let username = form.username.unwrap_or_default();
    if let (Some(ch), Some(session), Some(code)) = (&form.challenge, &form.session, &form.code) {
        return match mfa_step(st, &checked, ch, session, &username, code) {
            Ok(resp) => outcome(st, &checked, &query, &username, resp),
            Err(e) => page::mfa(&query, ch, session, &username, Some(&e.message)),
        };
    }
    let password = form.password.unwrap_or_default();
    if username.is_empty() || password.is_empty() {
        let why = "Enter your username and password.";
        return page::login(
            &query,
            &client_name(&checked),
            &providers(st, &checked, q),
            Some(why),
            &username,
        );
    }
    let step = tokens::with_source(tokens::SESSION_ONLY, || {
        password_step(st, &checked.client, &checked.pool, &username, &password)
    });
    match step {
        Ok(resp) => outcome(st, &checked, &query, &username, resp),
        Err(e) => page::login(
            &query,
            &client_name(&checked),
            &providers(st, &checked, q),
            Some(&e.message),
            &username,
        ),
    }
}

fn mfa_step(
    st: &State,
    c: &Checked,
    challenge: &str,
    session: &str,
    username: &str,
    code: &str,
) -> ApiResult<AuthResponse> {
    let field = match challenge {
        "SOFTWARE_TOKEN_MFA" => "SOFTWARE_TOKEN_MFA_CODE",
        "EMAIL_OTP" => "EMAIL_OTP_CODE",
        "SMS_MFA" => "SMS_MFA_CODE",
        _ => return Err(ApiError::invalid_parameter("Unknown challenge.")),
    };
    let client_id = c.client.client_id.clone().unwrap_or_default();
    let mut responses = Params::from([
        ("USERNAME", username.to_owned()),
        (field, code.trim().to_owned()),
    ]);
    if let Some(secret) = &c.client.client_secret {
        let hash = crate::cognito::secret_hash(secret.expose(), username, &client_id);
        responses.insert("SECRET_HASH", hash);
    }
    tokens::with_source(tokens::SESSION_ONLY, || {
        respond_to_auth_challenge(
            st,
            RespondToAuthChallengeRequest {
                client_id,
                challenge_name: challenge.to_owned(),
                session: Some(Secret::new(session.to_owned())),
                challenge_responses: Some(responses),
                client_metadata: None,
            },
        )
    })
}

/// Tokens: a code back to the app. A code challenge: the MFA page. Anything else is a step
/// this page does not take, said plainly.
fn outcome(st: &State, c: &Checked, query: &str, username: &str, resp: AuthResponse) -> Response {
    if let Some(result) = resp.authentication_result {
        return match issue_code(st, c, result) {
            Ok(to) => Redirect::to(&to).into_response(),
            Err(e) => page::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                &e.message,
            ),
        };
    }
    let name = resp.challenge_name.unwrap_or_default();
    let session = resp
        .session
        .map(|s| s.expose().to_owned())
        .unwrap_or_default();
    match name.as_str() {
        "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SMS_MFA" => {
            page::mfa(query, &name, &session, username, None)
        }
        "NEW_PASSWORD_REQUIRED" => page::unsupported(
            "New password required",
            "This account must set a new password first; the local Hosted UI page does not \
             take it. Sign in once with `cogtui --local login NAME` to set it, then come back.",
            query,
        ),
        _ => page::unsupported(
            "Set up MFA first",
            "The pool asks this account to choose or set up an MFA method, which the local \
             Hosted UI page does not do. Run `cogtui --local login NAME` (or `cogtui mfa setup`) \
             first, then come back.",
            query,
        ),
    }
}

/// Keeps the sign-in's session behind a fresh code and returns where the browser goes.
pub(super) fn issue_code(
    st: &State,
    c: &Checked,
    result: crate::cognito::types::AuthenticationResult,
) -> ApiResult<String> {
    let no_session = || ApiError::internal("the sign-in gave no session");
    let access = result.access_token.ok_or_else(no_session)?;
    let refresh = result.refresh_token.ok_or_else(no_session)?;
    let origin_jti = crate::local::ops::tokens::unverified_claims(access.expose())
        .and_then(|c| c["origin_jti"].as_str().map(str::to_owned))
        .ok_or_else(no_session)?;
    let code = AuthCode {
        client_id: c.client.client_id.clone().unwrap_or_default(),
        pool_id: c.pool.config.id.clone().unwrap_or_default(),
        origin_jti,
        refresh_token: refresh,
        redirect_uri: c.redirect_uri.clone(),
        code_challenge: c.code_challenge.clone(),
        scope: c.scope.clone(),
        nonce: c.nonce.clone(),
        expires_at: st.clock.now() + CODE_TTL,
    };
    let (text, dropped) = st.hosted.insert(code, st.clock.now());
    super::token::end_sessions(st, &dropped);
    let mut params = vec![("code", text.as_str())];
    if let Some(s) = &c.state {
        params.push(("state", s.as_str()));
    }
    Ok(with_params(&c.redirect_uri, &params))
}
