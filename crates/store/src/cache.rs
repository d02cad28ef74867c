//! Blocking SQL for the response cache: a provider's answer for a photo and
//! query, kept for a while so a repeated search spends no quota.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::CacheKey;
use crate::StoreError;

pub(crate) fn cache_get(conn: &Connection, key: &CacheKey, now: i64) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT response FROM response_cache
              WHERE profile = ?1 AND photo_sha256 = ?2 AND params = ?3 AND expires_at > ?4",
        )?
        .query_row(params![key.profile, key.photo_sha256, key.params, now], |r| r.get(0))
        .optional()?)
}

pub(crate) fn cache_put(
    conn: &Connection,
    key: &CacheKey,
    response: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM response_cache WHERE expires_at <= ?1")?.execute([now])?;
    conn.prepare_cached(
        "INSERT INTO response_cache (profile, photo_sha256, params, response, stored_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (profile, photo_sha256, params) DO UPDATE SET
            response = excluded.response, stored_at = excluded.stored_at, expires_at = excluded.expires_at",
    )?
    .execute(params![key.profile, key.photo_sha256, key.params, response, now, expires_at])?;
    Ok(())
}
