//! GET /logout: back to a registered sign-out URL (`logout_uri`), or on to the login page
//! (`redirect_uri` and `response_type`, as Cognito offers). The local Hosted UI keeps no
//! browser session, so there is nothing else to end; tokens are ended with /oauth2/revoke.

use super::page;
use super::request::AuthorizeQuery;
use crate::local::state::State;
use axum::extract::{Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct LogoutQuery {
    client_id: Option<String>,
    logout_uri: Option<String>,
    redirect_uri: Option<String>,
    response_type: Option<String>,
    scope: Option<String>,
    state: Option<String>,
}

pub async fn logout(
    AxState(st): AxState<Arc<State>>,
    q: Result<Query<LogoutQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = q else {
        return page::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the query does not parse",
        );
    };
    let Some(client_id) = q.client_id.clone() else {
        return page::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_id is required",
        );
    };
    let Ok((client, _)) = st.client(&client_id) else {
        return page::error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Client does not exist.",
        );
    };
    if let Some(uri) = &q.logout_uri {
        let registered = client.oauth.logout_urls.as_deref().unwrap_or_default();
        if !registered.iter().any(|u| u == uri) {
            return page::error(
                StatusCode::BAD_REQUEST,
                "redirect_mismatch",
                "logout_uri is not one of the app client's sign-out URLs",
            );
        }
        return Redirect::to(uri).into_response();
    }
    if q.redirect_uri.is_some() {
        let again = AuthorizeQuery {
            response_type: q.response_type,
            client_id: Some(client_id),
            redirect_uri: q.redirect_uri,
            scope: q.scope,
            state: q.state,
            ..Default::default()
        };
        return Redirect::to(&format!("/oauth2/authorize?{}", again.encoded())).into_response();
    }
    page::error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "logout_uri (or redirect_uri and response_type) is required",
    )
}
