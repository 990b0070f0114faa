//! What the Hosted UI's page handlers share: the query as axum parses it, the page for a query
//! that does not parse, and a page's work run off the async workers, in turn with the API's.

use super::page;
use super::request::AuthorizeQuery;
use crate::local::state::State;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use std::sync::Arc;

pub(super) type QueryResult =
    Result<Query<AuthorizeQuery>, axum::extract::rejection::QueryRejection>;

pub(super) fn bad_query() -> Response {
    page::error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "the query does not parse",
    )
}

/// Runs a page's work (password hashing, SRP, SQLite) off the async workers, in turn with the
/// API's (`State::run`).
pub(super) async fn blocking(
    st: &Arc<State>,
    f: impl FnOnce(&State) -> Response + Send + 'static,
) -> Response {
    st.run(f).await.unwrap_or_else(|_| {
        page::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "the local pool hit a bug; see its log",
        )
    })
}
