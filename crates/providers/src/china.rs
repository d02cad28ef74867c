//! 1688's clock: daily quotas reset at midnight in China, and TOP-style
//! timestamps are written in China time. China keeps UTC+8 all year (no
//! daylight saving), so a fixed offset is exact. The one place the app does
//! this arithmetic; the sandbox keeps its own, as the gateway it stands in for.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+8, China Standard Time.
pub const OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    // Evaluated at compile time: 8 h is always a valid offset.
    None => panic!("UTC+8 is a valid offset"),
};

/// The moment `at` on China's clock.
pub fn time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&OFFSET)
}

/// The China calendar day `at` falls on (the day quotas count against).
pub fn day(at: DateTime<Utc>) -> NaiveDate {
    time(at).date_naive()
}

/// Today in China.
pub fn today() -> NaiveDate {
    day(Utc::now())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_china_day_turns_at_sixteen_hundred_utc() {
        let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(day(utc("2026-01-01T15:59:59Z")), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(day(utc("2026-01-01T16:00:00Z")), NaiveDate::from_ymd_opt(2026, 1, 2).unwrap());
        assert_eq!(time(utc("2026-06-30T23:30:00Z")).format("%Y-%m-%d %H:%M:%S").to_string(), "2026-07-01 07:30:00");
    }
}
