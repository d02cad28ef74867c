//! The response cache, the daily call counts and settings.

use std::time::Duration;

use zhaohuo_types::ErrorKind;

use super::*;

#[tokio::test]
async fn cache_honours_expiry() {
    let (_dir, store) = temp_store();
    let key = CacheKey { profile: "demo".into(), photo_sha256: "ab".repeat(32), params: "{\"page\":1}".into() };
    assert_eq!(store.cache_get(key.clone()).await.unwrap(), None);
    store.cache_put(key.clone(), "{\"items\":[]}".into(), Duration::from_secs(3600)).await.unwrap();
    assert_eq!(store.cache_get(key.clone()).await.unwrap().as_deref(), Some("{\"items\":[]}"));
    let other = CacheKey { params: "{\"page\":2}".into(), ..key.clone() };
    assert_eq!(store.cache_get(other).await.unwrap(), None);
    store.cache_put(key.clone(), "expired".into(), Duration::ZERO).await.unwrap();
    assert_eq!(store.cache_get(key).await.unwrap(), None);
}

#[tokio::test]
async fn counts_calls_per_profile_per_day() {
    let (_dir, store) = temp_store();
    let d1 = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let d2 = d1.succ_opt().unwrap();
    assert_eq!(store.record_call("a", d1).await.unwrap(), 1);
    assert_eq!(store.record_call("a", d1).await.unwrap(), 2);
    store.record_call("a", d2).await.unwrap();
    store.record_call("b", d1).await.unwrap();
    assert_eq!(store.count_calls("a", d1).await.unwrap(), 2);
    assert_eq!(store.count_calls("a", d2).await.unwrap(), 1);
    assert_eq!(store.count_calls("b", d1).await.unwrap(), 1);
    assert_eq!(store.count_calls("c", d1).await.unwrap(), 0);
}

#[tokio::test]
async fn settings_round_trip_and_refuse_credentials() {
    let (_dir, store) = temp_store();
    store.set_setting("theme", serde_json::json!("dark")).await.unwrap();
    assert_eq!(store.get_setting("theme").await.unwrap(), Some(serde_json::json!("dark")));
    store.set_setting("theme", serde_json::Value::Null).await.unwrap();
    assert_eq!(store.get_setting("theme").await.unwrap(), None);
    let err = store.set_setting("1688.appSecret", serde_json::json!("x")).await.unwrap_err();
    assert_eq!(err.kind(), "store.secret_in_settings");
    assert!(err.hint().is_some());
}
