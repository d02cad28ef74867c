//! Blocking SQL for settings: small JSON values by name, never credentials.

use rusqlite::{params, Connection, OptionalExtension};

use crate::history::json_err;
use crate::StoreError;

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
