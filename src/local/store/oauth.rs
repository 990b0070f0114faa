//! The scope each Hosted UI session was granted (sessions from the user-pool API have none
//! here and carry `aws.cognito.signin.user.admin`), so refreshed tokens keep it. It is read
//! with the session's row (`sessions.rs`).

use super::Db;
use crate::local::error::ApiResult;
use rusqlite::params;

const INSERT_OAUTH_SCOPE: &str =
    "INSERT OR REPLACE INTO oauth_sessions (origin_jti, scope) VALUES (?1, ?2)";

// Every statement this file runs, for the query-plan test.
store_queries!(INSERT_OAUTH_SCOPE);

impl Db<'_> {
    pub fn set_oauth_scope(&self, origin_jti: &str, scope: &str) -> ApiResult<()> {
        self.exec(INSERT_OAUTH_SCOPE, params![origin_jti, scope])?;
        Ok(())
    }
}
