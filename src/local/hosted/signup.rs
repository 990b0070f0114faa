//! /signup and /confirm: the Hosted UI's sign-up (username, email, password, with the pool's
//! policy) and its confirmation code (from the local pool's outbox), then back to the login
//! page, as on Cognito's page. The checks are SignUp's and ConfirmSignUp's own.

use super::authorize::refusal;
use super::form::{QueryResult, bad_query, blocking};
use super::page;
use super::request::{Checked, check};
use crate::cognito::types::{AttributeType, ConfirmSignUpRequest, SignUpRequest};
use crate::local::ops::signup::{confirm_sign_up, sign_up};
use crate::local::state::State;
use crate::secret::Secret;
use axum::extract::{Form, Query, State as AxState};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

/// SECRET_HASH for a client with a secret: the page stands in for the app.
pub(super) fn secret_hash(c: &Checked, username: &str) -> Option<Secret> {
    let id = c.client.client_id.clone().unwrap_or_default();
    c.client
        .client_secret
        .as_ref()
        .map(|s| Secret::new(crate::cognito::secret_hash(s.expose(), username, &id)))
}

pub async fn show(AxState(st): AxState<Arc<State>>, q: QueryResult) -> Response {
    let Ok(Query(q)) = q else {
        return bad_query();
    };
    match check(&st, &q) {
        Ok(_) => page::sign_up(&q.encoded(), "", "", None),
        Err(r) => refusal(r),
    }
}

#[derive(Deserialize)]
pub struct SignUpForm {
    username: Option<String>,
    email: Option<String>,
    password: Option<String>,
}

pub async fn submit(
    AxState(st): AxState<Arc<State>>,
    q: QueryResult,
    form: Result<Form<SignUpForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (Ok(Query(q)), Ok(Form(f))) = (q, form) else {
        return bad_query();
    };
    blocking(&st, move |st| {
        let c = match check(st, &q) {
            Ok(c) => c,
            Err(r) => return refusal(r),
        };
        let query = q.encoded();
        let username = f.username.unwrap_or_default().trim().to_owned();
        let email = f.email.unwrap_or_default().trim().to_owned();
        let req = SignUpRequest {
            client_id: c.client.client_id.clone().unwrap_or_default(),
            username: username.clone(),
            password: Secret::new(f.password.unwrap_or_default()),
            secret_hash: secret_hash(&c, &username),
            user_attributes: Some(vec![AttributeType::new("email", &email)]),
            validation_data: None,
            client_metadata: None,
        };
        match sign_up(st, req) {
            Ok(r) if r.user_confirmed => page::login_after(&query, &username),
            Ok(_) => page::confirm(&query, &username, None),
            Err(e) => page::sign_up(&query, &username, &email, Some(&e.message)),
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    username: Option<String>,
    code: Option<String>,
}

pub async fn confirm(
    AxState(st): AxState<Arc<State>>,
    q: QueryResult,
    form: Result<Form<ConfirmForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (Ok(Query(q)), Ok(Form(f))) = (q, form) else {
        return bad_query();
    };
    blocking(&st, move |st| {
        let c = match check(st, &q) {
            Ok(c) => c,
            Err(r) => return refusal(r),
        };
        let query = q.encoded();
        let username = f.username.unwrap_or_default();
        let req = ConfirmSignUpRequest {
            client_id: c.client.client_id.clone().unwrap_or_default(),
            username: username.clone(),
            confirmation_code: Secret::new(f.code.unwrap_or_default().trim().to_owned()),
            secret_hash: secret_hash(&c, &username),
            force_alias_creation: None,
        };
        match confirm_sign_up(st, req) {
            Ok(_) => page::login_after(&query, &username),
            Err(e) => page::confirm(&query, &username, Some(&e.message)),
        }
    })
    .await
}
