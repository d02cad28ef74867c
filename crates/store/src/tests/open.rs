//! Opening the file: WAL and foreign keys, migrations old and new, files that are not ours, many handles.

use rusqlite_migration::{Migrations, M};
use ts_rs::TS;
use zhaohuo_types::ErrorKind;

use super::*;

#[tokio::test]
async fn opens_with_wal_foreign_keys_and_latest_schema() {
    let (_dir, store) = temp_store();
    let conn = store.inner.conn.lock().unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let timeout: i64 = conn.query_row("PRAGMA busy_timeout", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(version, 3);
    assert_eq!(timeout, 5000);
    let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 1, "NORMAL by default");
    drop(conn);
    let dir = tempfile::tempdir().unwrap();
    let safe = Store::open_with(dir.path().join("p.sqlite3"), Durability::PowerSafe).unwrap();
    let sync: i64 = safe.inner.conn.lock().unwrap().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "FULL when power-safe");
}

#[tokio::test]
async fn many_clones_work_concurrently() {
    let (_dir, store) = temp_store();
    let mut tasks = Vec::new();
    for i in 0..8u8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let o = offer(&format!("c{i}"), "并发商品", "店", 1, 1);
            store.record_search(search(i64::from(i), i, 0), vec![o]).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(store.count_searches().await.unwrap(), 8);
}

#[tokio::test]
async fn migrates_a_database_created_by_the_first_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(schema::V1)]).to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO photos (id, sha256, phash, thumbnail) VALUES (1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 7, NULL);
             INSERT INTO searches (id, created_at, profile, mode, filters_json, photo_id, result_count, outcome)
                  VALUES (1, 100, 'demo', 'similar', '{}', 1, 1, 'ok');
             INSERT INTO suppliers (id, profile, supplier_key, name, last_seen) VALUES (1, 'demo', 'name:老店', '老店', 100);
             INSERT INTO offers (id, profile, offer_id, supplier_id, title, supplier_name, first_seen, last_seen, raw_json)
                  VALUES (1, 'demo', '77', 1, '旧版本记录的竹制砧板', '老店', 100, 100, 'not json');
             INSERT INTO search_results (search_id, position, offer_id, rank) VALUES (1, 0, 1, 1);
             INSERT INTO shortlists (id, name, notes, created_at, updated_at) VALUES (1, '旧清单', '', 100, 100);
             INSERT INTO shortlist_items (shortlist_id, position, offer_id, note, added_at)
                  VALUES (1, 0, 1, '老客户推荐的竹制砧板', 100);",
        )
        .unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 1);
    }
    let store = Store::open(&path).unwrap();
    let hits = store.find_in_history("竹制砧板", 10).await.unwrap();
    assert_eq!(hits.searches.len(), 1);
    assert_eq!(hits.notes.len(), 1);
    // Both indexes were filled from the version-1 rows.
    assert_eq!(store.find_in_history("砧板", 10).await.unwrap().searches.len(), 1);
    assert_eq!(store.find_in_history("老店", 10).await.unwrap().searches.len(), 1);
    // Unreadable raw JSON degrades to the indexed columns instead of failing.
    let detail = store.open_search(SearchId(1)).await.unwrap();
    assert_eq!(detail.offers[0].title, "旧版本记录的竹制砧板");
    assert_eq!(detail.offers[0].supplier.name, "老店");
    // New rows after the migration are indexed by the triggers.
    store.record_search(search(200, 9, 0), vec![offer("78", "新记录的竹制砧板", "新店", 1, 1)]).await.unwrap();
    assert_eq!(store.find_in_history("竹制砧板", 10).await.unwrap().searches.len(), 2);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}

#[test]
fn refuses_a_database_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.kind(), "store.too_new");
}

#[test]
fn a_file_that_is_not_a_database_gives_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.sqlite3");
    std::fs::write(&path, vec![0x42; 8192]).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.kind(), "store.corrupt", "{err}");
    assert!(err.hint().is_some());
}

#[test]
fn ui_types_use_plain_numbers_for_ids_and_times() {
    let cfg = ts_rs::Config::default();
    let decl = SearchSummary::decl(&cfg);
    assert!(decl.contains("createdAtMs: number"), "{decl}");
    assert!(SearchId::decl(&cfg).contains("= number"), "{}", SearchId::decl(&cfg));
    assert!(ShortlistItem::decl(&cfg).contains("latestSeenAtMs: number | null"));
}

#[tokio::test]
async fn opens_from_async_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_async(dir.path().join("a.sqlite3")).await.unwrap();
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}

#[test]
fn an_unusable_folder_gives_a_typed_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let err = Store::open(file.join("sub").join("db.sqlite3")).unwrap_err();
    assert_eq!(err.kind(), "store.open", "{err}");
    assert!(err.hint().is_some());
}
