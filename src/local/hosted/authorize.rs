//! GET /oauth2/authorize: checks the request, then shows the login page (as Cognito does, by
//! redirecting to /login with the same query).

use super::page;
use super::request::{AuthorizeQuery, Refusal, check};
use crate::local::state::State;
use axum::extract::{Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;

pub async fn authorize(
    AxState(st): AxState<Arc<State>>,
    q: Result<Query<AuthorizeQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = q else {
        return page::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the query does not parse",
        );
    };
    match check(&st, &q) {
        // A named identity provider: its page (on the local pool, the local stand-in).
        Ok(c) if c.provider.is_some() => {
            Redirect::to(&format!("/_local/idp?{}", q.encoded())).into_response()
        }
        Ok(_) => Redirect::to(&format!("/login?{}", q.encoded())).into_response(),
        Err(r) => refusal(r),
    }
}

pub fn refusal(r: Refusal) -> Response {
    match r {
        Refusal::Page { error, why } => page::error(StatusCode::BAD_REQUEST, error, &why),
        Refusal::Redirect(to) => Redirect::to(&to).into_response(),
    }
}
