//! A user pool's identity providers (Google, OIDC, …), each stored as Cognito describes it.

use super::{Db, json_err};
use crate::cognito::types::IdentityProviderType;
use crate::local::error::ApiResult;
use rusqlite::{OptionalExtension, params};

const INSERT_PROVIDER: &str =
    "INSERT OR IGNORE INTO identity_providers (pool_id, name, config) VALUES (?1, ?2, ?3)";
const UPDATE_PROVIDER: &str =
    "UPDATE identity_providers SET config = ?3 WHERE pool_id = ?1 AND name = ?2";
const GET_PROVIDER: &str = "SELECT config FROM identity_providers WHERE pool_id = ?1 AND name = ?2";
const LIST_PROVIDERS: &str =
    "SELECT config FROM identity_providers WHERE pool_id = ?1 ORDER BY name";
const DELETE_PROVIDER: &str = "DELETE FROM identity_providers WHERE pool_id = ?1 AND name = ?2";

// Every statement this file runs, for the query-plan test.
store_queries!(
    INSERT_PROVIDER,
    UPDATE_PROVIDER,
    GET_PROVIDER,
    LIST_PROVIDERS,
    DELETE_PROVIDER
);

fn key(p: &IdentityProviderType) -> (String, String) {
    (
        p.user_pool_id.clone().unwrap_or_default(),
        p.provider_name.clone().unwrap_or_default(),
    )
}

impl Db<'_> {
    /// False when the pool already has a provider of that name.
    pub fn insert_provider(&self, p: &IdentityProviderType) -> ApiResult<bool> {
        let (pool, name) = key(p);
        let text = serde_json::to_string(p).map_err(json_err)?;
        Ok(self.exec(INSERT_PROVIDER, params![pool, name, text])? == 1)
    }

    pub fn update_provider(&self, p: &IdentityProviderType) -> ApiResult<()> {
        let (pool, name) = key(p);
        let text = serde_json::to_string(p).map_err(json_err)?;
        self.exec(UPDATE_PROVIDER, params![pool, name, text])?;
        Ok(())
    }

    pub fn get_provider(
        &self,
        pool_id: &str,
        name: &str,
    ) -> ApiResult<Option<IdentityProviderType>> {
        let text: Option<String> = self
            .row(GET_PROVIDER, params![pool_id, name], |r| r.get(0))
            .optional()?;
        text.map(|t| serde_json::from_str(&t).map_err(json_err))
            .transpose()
    }

    pub fn list_providers(&self, pool_id: &str) -> ApiResult<Vec<IdentityProviderType>> {
        let mut stmt = self.conn.prepare_cached(LIST_PROVIDERS)?;
        let rows = stmt.query_map([pool_id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(serde_json::from_str(&row?).map_err(json_err)?);
        }
        Ok(out)
    }

    /// False when there was no such provider.
    pub fn delete_provider(&self, pool_id: &str, name: &str) -> ApiResult<bool> {
        Ok(self.exec(DELETE_PROVIDER, params![pool_id, name])? == 1)
    }
}
