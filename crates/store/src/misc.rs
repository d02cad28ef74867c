//! Blocking SQL for the response cache, quota counters and settings.

use rusqlite::{params, Connection, OptionalExtension};

use crate::history::json_err;
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

pub(crate) fn record_calls(conn: &Connection, profile: &str, day: &str, n: u32) -> Result<u32, StoreError> {
    let calls: i64 = conn
        .prepare_cached(
            "INSERT INTO quota_usage (profile, day, calls) VALUES (?1, ?2, ?3)
             ON CONFLICT (profile, day) DO UPDATE SET calls = calls + ?3 RETURNING calls",
        )?
        .query_row(params![profile, day, n], |r| r.get(0))?;
    Ok(u32::try_from(calls).unwrap_or(u32::MAX))
}

pub(crate) fn count_calls(conn: &Connection, profile: &str, day: &str) -> Result<u32, StoreError> {
    let calls: Option<i64> = conn
        .prepare_cached("SELECT calls FROM quota_usage WHERE profile = ?1 AND day = ?2")?
        .query_row(params![profile, day], |r| r.get(0))
        .optional()?;
    Ok(calls.map_or(0, |c| u32::try_from(c).unwrap_or(u32::MAX)))
}

/// Setting names that suggest a credential. Credentials go to the keychain,
/// and refusing them here keeps them out of the database file for good.
fn looks_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace(['-', '.', ' '], "_");
    ["secret", "token", "password", "passwd", "app_key", "appkey", "api_key", "apikey", "credential"]
        .iter()
        .any(|w| k.contains(w))
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: &serde_json::Value) -> Result<(), StoreError> {
    if key.trim().is_empty() {
        return Err(StoreError::Invalid("a setting needs a name".into()));
    }
    if looks_secret(key) {
        return Err(StoreError::SecretInSettings { key: key.to_string() });
    }
    if value.is_null() {
        conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    } else {
        conn.execute(
            "INSERT INTO settings (key, value_json) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json",
            params![key, serde_json::to_string(value).map_err(json_err)?],
        )?;
    }
    Ok(())
}

pub(crate) fn get_setting(conn: &Connection, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
    let raw: Option<String> =
        conn.query_row("SELECT value_json FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn secret_looking_keys_are_recognised() {
        for key in ["appSecret", "profile.1688.app_secret", "access-token", "AppKey", "proxy_password"] {
            assert!(super::looks_secret(key), "{key}");
        }
        for key in ["theme", "default_profile", "page_size", "language"] {
            assert!(!super::looks_secret(key), "{key}");
        }
    }
}
