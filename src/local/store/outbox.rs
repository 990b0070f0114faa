//! The outbox: every code the pool "sent", read by pages.

use super::Db;
use crate::local::error::ApiResult;
use crate::local::model::OutboxEntry;
use rusqlite::params;

/// The most entries one read returns.
pub const OUTBOX_PAGE_MAX: usize = 1000;

const OUTBOX_AFTER: &str = "SELECT id, pool_id, destination, username, purpose, code, sent_at,
    subject, message FROM outbox WHERE id > ?1 AND (?2 IS NULL OR lower(username) = lower(?2)) ORDER BY id LIMIT ?3";
const OUTBOX_NEWEST: &str = "SELECT * FROM (SELECT id, pool_id, destination, username, purpose,
    code, sent_at, subject, message FROM outbox WHERE ?1 IS NULL AND (?2 IS NULL OR lower(username) = lower(?2))
    ORDER BY id DESC LIMIT ?3) ORDER BY id";

const OUTBOX_ADD: &str =
    "INSERT INTO outbox (pool_id, destination, username, purpose, code, sent_at, subject, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

// Every statement this file runs, for the query-plan test.
store_queries!(OUTBOX_AFTER, OUTBOX_NEWEST, OUTBOX_ADD);

impl Db<'_> {
    pub fn outbox_add(&self, e: &OutboxEntry) -> ApiResult<()> {
        self.exec(
            OUTBOX_ADD,
            params![
                e.pool_id,
                e.destination,
                e.username,
                e.purpose,
                e.code,
                e.sent_at,
                e.subject,
                e.message
            ],
        )?;
        Ok(())
    }

    /// Entries oldest first, each with its id. With `after`, those after that id (the first
    /// `limit`); without, the newest `limit`. `username` narrows to one user (any case).
    pub fn outbox_page(
        &self,
        after: Option<i64>,
        username: Option<&str>,
        limit: usize,
    ) -> ApiResult<Vec<(i64, OutboxEntry)>> {
        let limit = limit.clamp(1, OUTBOX_PAGE_MAX) as i64;
        let sql = match after {
            Some(_) => OUTBOX_AFTER,
            None => OUTBOX_NEWEST,
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![after, username, limit], |r| {
            Ok((
                r.get(0)?,
                OutboxEntry {
                    pool_id: r.get(1)?,
                    destination: r.get(2)?,
                    username: r.get(3)?,
                    purpose: r.get(4)?,
                    code: r.get(5)?,
                    sent_at: r.get(6)?,
                    subject: r.get(7)?,
                    message: r.get(8)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use super::*;

    fn entry(username: &str, code: &str) -> OutboxEntry {
        OutboxEntry {
            pool_id: "p".into(),
            destination: "d@example.com".into(),
            username: username.into(),
            purpose: "sign_up".into(),
            code: code.into(),
            sent_at: 1.0,
            subject: None,
            message: None,
        }
    }

    #[test]
    fn pages_are_bounded_and_ordered() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("pool.sqlite3")).unwrap();
        store
            .write(|db| {
                for i in 0..(OUTBOX_PAGE_MAX + 50) {
                    let user = if i % 2 == 0 { "even" } else { "odd" };
                    db.outbox_add(&entry(user, &i.to_string()))?;
                }
                Ok(())
            })
            .unwrap();
        // No cursor: the newest page only, oldest first, so "the last match" is the newest.
        let all = store
            .read(|db| db.outbox_page(None, None, usize::MAX))
            .unwrap();
        assert_eq!(all.len(), OUTBOX_PAGE_MAX);
        assert_eq!(
            all.last().unwrap().1.code,
            (OUTBOX_PAGE_MAX + 49).to_string()
        );
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
        // A cursor walks forward from an id.
        let page = store.read(|db| db.outbox_page(Some(10), None, 3)).unwrap();
        assert_eq!(
            page.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            vec![11, 12, 13]
        );
        let odd = store
            .read(|db| db.outbox_page(Some(0), Some("ODD"), 2))
            .unwrap();
        assert!(odd.iter().all(|(_, e)| e.username == "odd"));
        assert_eq!(odd.len(), 2);
    }
}
