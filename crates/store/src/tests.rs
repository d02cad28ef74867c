//! Operation tests against real SQLite files in a temp dir.

use std::time::Duration;

use rusqlite_migration::{Migrations, M};
use ts_rs::TS;
use zhaohuo_types::{CropBox, ErrorKind, Offer, PriceRange, Supplier};

use super::*;

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("nested/dir/zhaohuo.sqlite3")).unwrap();
    (dir, store)
}

fn offer(id: &str, title: &str, supplier: &str, fen: u64, rank: u32) -> Offer {
    Offer {
        profile: "demo".into(),
        offer_id: id.into(),
        title: title.into(),
        title_translated: None,
        image_url: Some(format!("https://cbu01.alicdn.com/{id}.jpg")),
        detail_url: format!("https://detail.1688.com/offer/{id}.html"),
        price: Some(PriceRange { min_fen: fen, max_fen: fen + 100 }),
        moq: Some(10),
        unit: Some("个".into()),
        supplier: Supplier {
            id: Some(format!("sup-{supplier}")),
            name: supplier.into(),
            city: Some("义乌".into()),
            badges: vec!["实力商家".into()],
            credit_level: Some("A".into()),
        },
        shipping: None,
        similarity: Some(0.5 + f32::from(u8::try_from(rank).unwrap_or(0)) / 100.0),
        rank,
        month_sold: Some(100),
        supply_type: Some("现货".into()),
        dropship: None,
        repurchase_rate: None,
        raw: serde_json::Value::Null,
    }
}

fn search(at: i64, photo: u8, phash: u64) -> NewSearch {
    NewSearch {
        created_at_ms: at,
        profile: "demo".into(),
        mode: "similar".into(),
        filters: serde_json::json!({"priceMaxFen": 5000}),
        sort: Some("price_asc".into()),
        crop: Some(CropBox { x: 1, y: 2, width: 30, height: 40 }),
        photo_sha256: format!("{photo:02x}").repeat(32),
        phash,
        thumbnail: Some(vec![0xFF, 0xD8, 0xFF, 0xE0, photo]),
        result_count: 57,
        outcome: SearchOutcome::Ok,
        request_ids: vec![format!("req-{at}")],
    }
}

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
async fn records_and_reopens_a_search_without_the_api() {
    let (_dir, store) = temp_store();
    let offers = vec![
        offer("1001", "不锈钢保温杯 500ml", "义乌市杯业", 1290, 1),
        offer("1002", "儿童吸管水杯", "永康市杯业", 990, 2),
        offer("1003", "玻璃茶杯", "义乌市杯业", 590, 3),
    ];
    let id = store.record_search(search(1_000, 1, 42), offers.clone()).await.unwrap();
    let detail = store.open_search(id).await.unwrap();
    assert_eq!(detail.offers, offers);
    assert_eq!(detail.phash_hex, "000000000000002a");
    let s = &detail.summary;
    assert_eq!(s.id, id);
    assert_eq!(s.created_at_ms, 1_000);
    assert_eq!(s.crop, Some(CropBox { x: 1, y: 2, width: 30, height: 40 }));
    assert_eq!(s.filters, serde_json::json!({"priceMaxFen": 5000}));
    assert_eq!(s.result_count, 57);
    assert_eq!(s.request_ids, vec!["req-1000".to_string()]);
    assert_eq!(s.top_title.as_deref(), Some("不锈钢保温杯 500ml"));
    assert!(s.thumbnail_data_url.as_deref().is_some_and(|u| u.starts_with("data:image/jpeg;base64,")));

    let missing = store.open_search(SearchId(id.0 + 100)).await.unwrap_err();
    assert_eq!(missing.kind(), "store.not_found");
}

#[tokio::test]
async fn failed_searches_are_kept_with_their_error_kind() {
    let (_dir, store) = temp_store();
    let mut s = search(5, 3, 1);
    s.outcome = SearchOutcome::Error { kind: "provider.rate_limited".into() };
    s.result_count = 0;
    let id = store.record_search(s, vec![]).await.unwrap();
    let detail = store.open_search(id).await.unwrap();
    assert_eq!(detail.summary.outcome, SearchOutcome::Error { kind: "provider.rate_limited".into() });
    assert!(detail.offers.is_empty());
}

#[tokio::test]
async fn rejects_a_malformed_photo_hash() {
    let (_dir, store) = temp_store();
    let mut s = search(5, 3, 1);
    s.photo_sha256 = "not-a-hash".into();
    let err = store.record_search(s, vec![]).await.unwrap_err();
    assert_eq!(err.kind(), "store.invalid");
    assert_eq!(store.count_searches().await.unwrap(), 0);
}

#[tokio::test]
async fn history_pages_newest_first() {
    let (_dir, store) = temp_store();
    // Recorded out of order: history sorts by time, not by insertion.
    for (i, at) in [50, 10, 70, 30, 60, 20, 40].into_iter().enumerate() {
        let o = offer(&format!("o{i}"), &format!("商品{i}"), "店", 100, 1);
        store.record_search(search(at, i as u8, 0), vec![o]).await.unwrap();
    }
    let times = |p: Vec<SearchSummary>| p.into_iter().map(|s| s.created_at_ms).collect::<Vec<_>>();
    assert_eq!(times(store.list_history(0, 3).await.unwrap()), [70, 60, 50]);
    assert_eq!(times(store.list_history(1, 3).await.unwrap()), [40, 30, 20]);
    assert_eq!(times(store.list_history(2, 3).await.unwrap()), [10]);
    assert!(store.list_history(3, 3).await.unwrap().is_empty());
    assert_eq!(store.count_searches().await.unwrap(), 7);
}

#[tokio::test]
async fn past_searches_keep_their_prices_while_offers_track_the_latest() {
    let (_dir, store) = temp_store();
    let first = store.record_search(search(1, 1, 0), vec![offer("X", "保温杯", "甲", 1000, 1)]).await.unwrap();
    let second = store.record_search(search(2, 2, 0), vec![offer("X", "保温杯 新款", "甲", 1200, 4)]).await.unwrap();
    let old = store.open_search(first).await.unwrap();
    assert_eq!(old.offers[0].price, Some(PriceRange { min_fen: 1000, max_fen: 1100 }));
    assert_eq!(old.offers[0].rank, 1);
    let new = store.open_search(second).await.unwrap();
    assert_eq!(new.offers[0].price, Some(PriceRange { min_fen: 1200, max_fen: 1300 }));
    assert_eq!(new.offers[0].rank, 4);

    let list = store.create_shortlist("杯子", "").await.unwrap();
    store.add_to_shortlist(list.id, ItemRef::Offer { profile: "demo".into(), offer_id: "X".into() }, "").await.unwrap();
    // A later search changes the latest price; the item remembers the price when added.
    store.record_search(search(3, 3, 0), vec![offer("X", "保温杯 新款", "甲", 900, 1)]).await.unwrap();
    let detail = store.open_shortlist(list.id).await.unwrap();
    let item = &detail.items[0];
    assert_eq!(item.price_when_added, Some(PriceRange { min_fen: 1200, max_fen: 1300 }));
    assert_eq!(item.latest_price, Some(PriceRange { min_fen: 900, max_fen: 1000 }));
    assert_eq!(item.latest_seen_at_ms, Some(3));
    match &item.target {
        ItemTarget::Offer { offer } => assert_eq!(offer.title, "保温杯 新款"),
        other => panic!("expected an offer, got {other:?}"),
    }
}

#[tokio::test]
async fn text_search_finds_titles_suppliers_and_notes_in_chinese() {
    let (_dir, store) = temp_store();
    let a = store
        .record_search(search(1, 1, 0), vec![offer("1", "不锈钢保温杯 大容量", "义乌市晨光杯业", 100, 1)])
        .await
        .unwrap();
    let b = store
        .record_search(search(2, 2, 0), vec![offer("2", "陶瓷马克杯 定制logo", "景德镇瓷厂", 100, 1)])
        .await
        .unwrap();
    let both = store
        .record_search(
            search(3, 3, 0),
            vec![
                offer("1", "不锈钢保温杯 大容量", "义乌市晨光杯业", 100, 1),
                offer("3", "Ceramic MUG", "景德镇瓷厂", 1, 2),
            ],
        )
        .await
        .unwrap();
    let ids = |hits: HistoryTextHits| hits.searches.into_iter().map(|s| s.id).collect::<Vec<_>>();

    assert_eq!(ids(store.find_in_history("保温杯", 50).await.unwrap()), [both, a]);
    assert_eq!(ids(store.find_in_history("景德镇", 50).await.unwrap()), [both, b]);
    // Case-insensitive Latin, several terms all required.
    assert_eq!(ids(store.find_in_history("ceramic mug", 50).await.unwrap()), [both]);
    assert_eq!(ids(store.find_in_history("不锈钢 晨光杯业", 50).await.unwrap()), [both, a]);
    // Two-character Chinese terms (below the trigram length) still work.
    assert_eq!(ids(store.find_in_history("马克", 50).await.unwrap()), [b]);
    assert_eq!(ids(store.find_in_history("陶瓷 杯", 50).await.unwrap()), [b]);
    assert_eq!(ids(store.find_in_history("不锈钢 晨光", 50).await.unwrap()), [both, a]);
    assert_eq!(ids(store.find_in_history("MUG", 50).await.unwrap()), [both]);
    assert_eq!(ids(store.find_in_history("瓷厂 马克 l", 50).await.unwrap()), [b]);
    // Pairs never span a space: "杯 大" is in a title, "杯大" is not.
    assert!(ids(store.find_in_history("杯大", 50).await.unwrap()).is_empty());
    // FTS syntax in user input is taken literally, never an error.
    for odd in ["\"", "a OR b", "NEAR(x y)", "*", "杯*", "'); DROP TABLE offers; --", "%", "_"] {
        store.find_in_history(odd, 50).await.unwrap();
    }
    assert!(store.find_in_history("", 50).await.unwrap().searches.is_empty());
    assert!(store.find_in_history("%", 50).await.unwrap().searches.is_empty());

    let list = store.create_shortlist("春季采购", "要找 保温杯 供应商").await.unwrap();
    let item = store
        .add_to_shortlist(
            list.id,
            ItemRef::Offer { profile: "demo".into(), offer_id: "2".into() },
            "样品质量很好，价格可谈",
        )
        .await
        .unwrap();
    let hits = store.find_in_history("质量很好", 50).await.unwrap();
    assert_eq!(hits.notes.len(), 1);
    assert_eq!(hits.notes[0].item_id, Some(item));
    assert_eq!(hits.notes[0].shortlist_name, "春季采购");
    let hits = store.find_in_history("春季采购", 50).await.unwrap();
    assert_eq!(hits.notes[0].item_id, None);
    let hits = store.find_in_history("价格", 50).await.unwrap();
    assert_eq!(hits.notes.len(), 1);
    // Notes edits are searchable right away.
    store.set_item_note(item, "发货太慢").await.unwrap();
    assert!(store.find_in_history("质量很好", 50).await.unwrap().notes.is_empty());
    assert_eq!(store.find_in_history("发货太慢", 50).await.unwrap().notes.len(), 1);
}

#[tokio::test]
async fn deleting_a_search_removes_only_what_it_alone_used() {
    let (_dir, store) = temp_store();
    let keep = store.record_search(search(1, 1, 0), vec![offer("shared", "共用商品", "共用店", 1, 1)]).await.unwrap();
    let gone = store
        .record_search(
            search(2, 2, 0),
            vec![
                offer("shared", "共用商品", "共用店", 1, 1),
                offer("only", "独有商品甲", "独有店", 1, 2),
                offer("starred", "收藏商品乙", "收藏店", 1, 3),
            ],
        )
        .await
        .unwrap();
    let list = store.create_shortlist("收藏", "").await.unwrap();
    store
        .add_to_shortlist(list.id, ItemRef::Offer { profile: "demo".into(), offer_id: "starred".into() }, "")
        .await
        .unwrap();

    store.delete_search(gone).await.unwrap();
    assert_eq!(store.delete_search(gone).await.unwrap_err().kind(), "store.not_found");
    assert_eq!(store.count_searches().await.unwrap(), 1);
    store.open_search(keep).await.unwrap();

    let conn = store.inner.conn.lock().unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM offers WHERE offer_id = 'only'"), 0);
    assert_eq!(count("SELECT count(*) FROM suppliers WHERE name = '独有店'"), 0);
    assert_eq!(count("SELECT count(*) FROM offers WHERE offer_id IN ('shared', 'starred')"), 2);
    assert_eq!(count("SELECT count(*) FROM suppliers WHERE name IN ('共用店', '收藏店')"), 2);
    assert_eq!(count("SELECT count(*) FROM photos"), 1);
    assert_eq!(count("SELECT count(*) FROM search_results"), 1);
    // The full-text index follows the deleted offer.
    assert_eq!(count("SELECT count(*) FROM offer_fts WHERE offer_fts MATCH '独有商品'"), 0);
}

#[tokio::test]
async fn shortlists_crud_items_and_moves() {
    let (_dir, store) = temp_store();
    let offers: Vec<Offer> =
        (1..=4).map(|i| offer(&format!("o{i}"), &format!("商品{i}"), "店铺", 100 * u64::from(i), i)).collect();
    store.record_search(search(1, 1, 0), offers).await.unwrap();

    let a = store.create_shortlist("  甲 ", "notes").await.unwrap();
    assert_eq!(a.name, "甲");
    let b = store.create_shortlist("乙", "").await.unwrap();
    assert_eq!(store.create_shortlist("   ", "").await.unwrap_err().kind(), "store.invalid");
    store.rename_shortlist(a.id, "甲单").await.unwrap();
    store.set_shortlist_notes(a.id, "周五前下单").await.unwrap();

    let add = |id: &str| ItemRef::Offer { profile: "demo".into(), offer_id: id.into() };
    let i1 = store.add_to_shortlist(a.id, add("o1"), "一").await.unwrap();
    let i2 = store.add_to_shortlist(a.id, add("o2"), "二").await.unwrap();
    let i3 = store.add_to_shortlist(a.id, add("o3"), "三").await.unwrap();
    let sup = store
        .add_to_shortlist(
            a.id,
            ItemRef::Supplier { profile: "demo".into(), supplier_id: Some("sup-店铺".into()), name: "店铺".into() },
            "好店",
        )
        .await
        .unwrap();
    let err = store.add_to_shortlist(a.id, add("nope"), "").await.unwrap_err();
    assert_eq!(err.kind(), "store.not_found");
    let err = store.add_to_shortlist(ShortlistId(999), add("o1"), "").await.unwrap_err();
    assert_eq!(err.kind(), "store.not_found");

    let order = |d: ShortlistDetail| d.items.into_iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(order(store.open_shortlist(a.id).await.unwrap()), [i1, i2, i3, sup]);

    // Reorder within the list, then move to another list.
    store.move_shortlist_item(i3, a.id, 0).await.unwrap();
    assert_eq!(order(store.open_shortlist(a.id).await.unwrap()), [i3, i1, i2, sup]);
    store.move_shortlist_item(i1, b.id, 10).await.unwrap();
    assert_eq!(order(store.open_shortlist(a.id).await.unwrap()), [i3, i2, sup]);
    assert_eq!(order(store.open_shortlist(b.id).await.unwrap()), [i1]);
    store.remove_shortlist_item(i2).await.unwrap();
    assert_eq!(store.remove_shortlist_item(i2).await.unwrap_err().kind(), "store.not_found");

    let detail = store.open_shortlist(a.id).await.unwrap();
    assert_eq!(detail.shortlist.name, "甲单");
    assert_eq!(detail.shortlist.notes, "周五前下单");
    assert_eq!(detail.items.iter().map(|i| i.position).collect::<Vec<_>>(), [0, 1]);
    let supplier_item = &detail.items[1];
    assert_eq!(supplier_item.note, "好店");
    match &supplier_item.target {
        ItemTarget::Supplier { supplier, .. } => {
            assert_eq!(supplier.name, "店铺");
            assert_eq!(supplier.id.as_deref(), Some("sup-店铺"));
            assert_eq!(supplier.badges, vec!["实力商家".to_string()]);
        }
        other => panic!("expected a supplier, got {other:?}"),
    }

    let lists = store.list_shortlists().await.unwrap();
    assert_eq!(lists.len(), 2);
    assert_eq!(lists.iter().find(|l| l.id == a.id).map(|l| l.item_count), Some(2));

    store.delete_shortlist(a.id).await.unwrap();
    assert_eq!(store.open_shortlist(a.id).await.unwrap_err().kind(), "store.not_found");
    assert_eq!(store.list_shortlists().await.unwrap().len(), 1);
}

#[tokio::test]
async fn seen_before_matches_by_hamming_distance() {
    let (_dir, store) = temp_store();
    let base: u64 = 0xF0F0_1234_5678_9ABC;
    let near = store.record_search(search(1, 1, base ^ 0b101), vec![]).await.unwrap();
    let exact_old = store.record_search(search(2, 2, base), vec![]).await.unwrap();
    let exact_new = store.record_search(search(3, 2, base), vec![]).await.unwrap();
    store.record_search(search(4, 3, !base), vec![]).await.unwrap();

    let found = store.seen_before(base, 4, 10).await.unwrap();
    let got: Vec<_> = found.iter().map(|f| (f.search.id, f.distance)).collect();
    // One entry per photo, its newest search, closest first.
    assert_eq!(got, [(exact_new, 0), (near, 2)]);
    assert_ne!(exact_old, exact_new);
    assert!(store.seen_before(base ^ 0xFFFF, 3, 10).await.unwrap().is_empty());
    assert_eq!(store.seen_before(base, 64, 1).await.unwrap().len(), 1);
}

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
