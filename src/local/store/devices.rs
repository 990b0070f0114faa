//! Remembered devices (`devices`) and the device each session was issued with
//! (`session_devices`). A device is stored when a sign-in offers it (NewDeviceMetadata) and is
//! `confirmed` once ConfirmDevice gave its SRP salt and verifier; only confirmed devices are
//! listed or answer DEVICE_SRP_AUTH.

use super::{Db, username_key};
use crate::local::error::ApiResult;
use rusqlite::{OptionalExtension, Row, params};

/// One device of a user.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceRow {
    pub device_key: String,
    pub pool_id: String,
    /// The owner's username key (lowercase username).
    pub username_key: String,
    pub group_key: String,
    pub confirmed: bool,
    pub remembered: bool,
    /// SRP salt and verifier (hex), set by ConfirmDevice.
    pub salt_hex: Option<String>,
    pub verifier_hex: Option<String>,
    pub name: Option<String>,
    pub last_ip: Option<String>,
    pub created: f64,
    pub last_authenticated: Option<f64>,
    pub last_modified: f64,
}

const INSERT_DEVICE: &str = "INSERT INTO devices (device_key, pool_id, username_key, group_key,
    confirmed, remembered, salt, verifier, name, last_ip, created, last_authenticated,
    last_modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
const DEVICE_BY_KEY: &str = "SELECT device_key, pool_id, username_key, group_key, confirmed,
    remembered, salt, verifier, name, last_ip, created, last_authenticated, last_modified
    FROM devices WHERE device_key = ?1";
const CONFIRM_DEVICE: &str =
    "UPDATE devices SET confirmed = 1, salt = ?2, verifier = ?3, name = ?4,
    remembered = ?5, last_modified = ?6 WHERE device_key = ?1";
const SET_DEVICE_REMEMBERED: &str =
    "UPDATE devices SET remembered = ?2, last_modified = ?3 WHERE device_key = ?1";
const TOUCH_DEVICE: &str = "UPDATE devices SET last_authenticated = ?2,
    last_ip = COALESCE(?3, last_ip) WHERE device_key = ?1";
const LIST_DEVICES_AFTER: &str = "SELECT device_key, pool_id, username_key, group_key, confirmed,
    remembered, salt, verifier, name, last_ip, created, last_authenticated, last_modified
    FROM devices
    WHERE pool_id = ?1 AND username_key = ?2 AND confirmed = 1 AND device_key > ?3
    ORDER BY device_key LIMIT ?4";
const REVOKE_DEVICE_SESSIONS: &str = "UPDATE sessions SET revoked = 1 WHERE origin_jti IN
    (SELECT origin_jti FROM session_devices WHERE device_key = ?1)";
const DELETE_DEVICE_SESSIONS: &str = "DELETE FROM session_devices WHERE device_key = ?1";
const DELETE_DEVICE: &str = "DELETE FROM devices WHERE device_key = ?1";
const PRUNE_UNCONFIRMED: &str = "DELETE FROM devices WHERE pool_id = ?1 AND username_key = ?2
    AND confirmed = 0 AND created < ?3";
const LINK_SESSION_DEVICE: &str =
    "INSERT OR REPLACE INTO session_devices (origin_jti, device_key) VALUES (?1, ?2)";
const SESSION_DEVICE: &str = "SELECT device_key FROM session_devices WHERE origin_jti = ?1";

// Every statement this file runs, for the query-plan test.
store_queries!(
    INSERT_DEVICE,
    DEVICE_BY_KEY,
    CONFIRM_DEVICE,
    SET_DEVICE_REMEMBERED,
    TOUCH_DEVICE,
    LIST_DEVICES_AFTER,
    REVOKE_DEVICE_SESSIONS,
    DELETE_DEVICE_SESSIONS,
    DELETE_DEVICE,
    PRUNE_UNCONFIRMED,
    LINK_SESSION_DEVICE,
    SESSION_DEVICE
);

fn row(r: &Row<'_>) -> rusqlite::Result<DeviceRow> {
    Ok(DeviceRow {
        device_key: r.get(0)?,
        pool_id: r.get(1)?,
        username_key: r.get(2)?,
        group_key: r.get(3)?,
        confirmed: r.get(4)?,
        remembered: r.get(5)?,
        salt_hex: r.get(6)?,
        verifier_hex: r.get(7)?,
        name: r.get(8)?,
        last_ip: r.get(9)?,
        created: r.get(10)?,
        last_authenticated: r.get(11)?,
        last_modified: r.get(12)?,
    })
}

impl DeviceRow {
    /// Whether `username` of `pool_id` owns this device.
    pub fn owned_by(&self, pool_id: &str, username: &str) -> bool {
        self.pool_id == pool_id && self.username_key == username_key(username)
    }
}

impl Db<'_> {
    pub fn insert_device(&self, d: &DeviceRow) -> ApiResult<()> {
        self.exec(
            INSERT_DEVICE,
            params![
                d.device_key,
                d.pool_id,
                d.username_key,
                d.group_key,
                d.confirmed,
                d.remembered,
                d.salt_hex,
                d.verifier_hex,
                d.name,
                d.last_ip,
                d.created,
                d.last_authenticated,
                d.last_modified
            ],
        )?;
        Ok(())
    }

    pub fn get_device(&self, device_key: &str) -> ApiResult<Option<DeviceRow>> {
        Ok(self.row(DEVICE_BY_KEY, [device_key], row).optional()?)
    }

    /// ConfirmDevice: the verifier, the name, and whether it is remembered straight away.
    pub fn confirm_device(
        &self,
        device_key: &str,
        salt_hex: &str,
        verifier_hex: &str,
        name: Option<&str>,
        remembered: bool,
        now: f64,
    ) -> ApiResult<()> {
        self.exec(
            CONFIRM_DEVICE,
            params![device_key, salt_hex, verifier_hex, name, remembered, now],
        )?;
        Ok(())
    }

    pub fn set_device_remembered(
        &self,
        device_key: &str,
        remembered: bool,
        now: f64,
    ) -> ApiResult<()> {
        self.exec(SET_DEVICE_REMEMBERED, params![device_key, remembered, now])?;
        Ok(())
    }

    /// A device sign-in succeeded: when and from where.
    pub fn touch_device(&self, device_key: &str, ip: Option<&str>, now: f64) -> ApiResult<()> {
        self.exec(TOUCH_DEVICE, params![device_key, now, ip])?;
        Ok(())
    }

    /// A user's confirmed devices after `after` (a device key), by device key.
    pub fn list_devices(
        &self,
        pool_id: &str,
        username: &str,
        after: Option<&str>,
        limit: usize,
    ) -> ApiResult<Vec<DeviceRow>> {
        let mut stmt = self.conn.prepare_cached(LIST_DEVICES_AFTER)?;
        let rows = stmt.query_map(
            params![
                pool_id,
                username_key(username),
                after.unwrap_or_default(),
                limit as i64
            ],
            row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets a device and revokes the sessions issued with it.
    pub fn delete_device(&self, device_key: &str) -> ApiResult<()> {
        self.exec(REVOKE_DEVICE_SESSIONS, [device_key])?;
        self.exec(DELETE_DEVICE_SESSIONS, [device_key])?;
        self.exec(DELETE_DEVICE, [device_key])?;
        Ok(())
    }

    /// Drops a user's devices that were offered but never confirmed before `before`.
    pub fn prune_unconfirmed_devices(
        &self,
        pool_id: &str,
        username: &str,
        before: f64,
    ) -> ApiResult<()> {
        self.exec(
            PRUNE_UNCONFIRMED,
            params![pool_id, username_key(username), before],
        )?;
        Ok(())
    }

    pub fn link_session_device(&self, origin_jti: &str, device_key: &str) -> ApiResult<()> {
        self.exec(LINK_SESSION_DEVICE, [origin_jti, device_key])?;
        Ok(())
    }

    /// The device a session was issued with.
    pub fn session_device(&self, origin_jti: &str) -> ApiResult<Option<String>> {
        Ok(self
            .row(SESSION_DEVICE, [origin_jti], |r| r.get(0))
            .optional()?)
    }
}
