//! /forgotPassword: the Hosted UI's password reset. The username asks for a code
//! (ForgotPassword: it goes to the local pool's outbox), then the code and a new password set
//! it (ConfirmForgotPassword), then the login page. The answers are those operations' own, so
//! an unknown user looks like a known one (PreventUserExistenceErrors).

use super::authorize::refusal;
use super::form::{QueryResult, bad_query, blocking};
use super::page;
use super::request::{AuthorizeQuery, check};
use super::signup::secret_hash;
use crate::cognito::types::{ConfirmForgotPasswordRequest, ForgotPasswordRequest};
use crate::local::ops::password::{confirm_forgot_password, forgot_password};
use crate::local::state::State;
use crate::secret::Secret;
use axum::extract::{Form, Query, State as AxState};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

pub async fn show(AxState(st): AxState<Arc<State>>, q: QueryResult) -> Response {
    let Ok(Query(q)) = q else {
        return bad_query();
    };
    match check(&st, &q) {
        Ok(_) => page::forgot_password(&q.encoded(), "", None),
        Err(r) => refusal(r),
    }
}

/// The username (first step), or the username, code and new password (second step).
#[derive(Deserialize)]
pub struct ForgotForm {
    username: Option<String>,
    code: Option<String>,
    password: Option<String>,
}

pub async fn submit(
    AxState(st): AxState<Arc<State>>,
    q: QueryResult,
    form: Result<Form<ForgotForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (Ok(Query(q)), Ok(Form(f))) = (q, form) else {
        return bad_query();
    };
    blocking(&st, move |st| answer(st, &q, f)).await
}

fn answer(st: &State, q: &AuthorizeQuery, f: ForgotForm) -> Response {
    let c = match check(st, q) {
        Ok(c) => c,
        Err(r) => return refusal(r),
    };
    let query = q.encoded();
    let username = f.username.unwrap_or_default().trim().to_owned();
    let client_id = c.client.client_id.clone().unwrap_or_default();
    let (Some(code), Some(password)) = (f.code, f.password) else {
        let req = ForgotPasswordRequest {
            client_id,
            username: username.clone(),
            secret_hash: secret_hash(&c, &username),
        };
        return match forgot_password(st, req) {
            Ok(_) => page::reset_password(&query, &username, None),
            Err(e) => page::forgot_password(&query, &username, Some(&e.message)),
        };
    };
    let req = ConfirmForgotPasswordRequest {
        client_id,
        username: username.clone(),
        confirmation_code: Secret::new(code.trim().to_owned()),
        password: Secret::new(password),
        secret_hash: secret_hash(&c, &username),
    };
    match confirm_forgot_password(st, req) {
        Ok(_) => page::login_after(&query, &username),
        Err(e) => page::reset_password(&query, &username, Some(&e.message)),
    }
}
