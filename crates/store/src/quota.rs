//! Blocking SQL for the quota counters: API calls per profile per day (the
//! day on 1688's calendar, chosen by the caller).

use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

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
