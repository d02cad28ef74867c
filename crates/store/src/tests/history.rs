//! Recording, reopening, paging and deleting searches; prices kept per search; photos seen before.

use zhaohuo_types::ErrorKind;

use super::*;

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
