//! A search as a session: the response cache, "more results" without repeats,
//! and cancellation, all against the embedded demo gateway over loopback.

use std::sync::Arc;
use std::time::Duration;

use zhaohuo_core::photos::Original;
use zhaohuo_core::sandbox::FaultConfig;
use zhaohuo_core::search::SearchRequest;
use zhaohuo_core::secrets::MemoryStore;
use zhaohuo_core::{App, ErrorKind};

fn demo_photo(n: usize) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).expect("demo/photos").map(|e| e.expect("entry").path()).collect();
    photos.sort();
    std::fs::read(&photos[n]).expect("read demo photo")
}

/// How long a search may take to reach the gateway before a test gives up
/// (a deadline for a failure message, not a wait: tests go on at the request).
const IN_FLIGHT: Duration = Duration::from_secs(30);

async fn started(dir: &std::path::Path) -> App {
    let app = App::start(dir, Arc::new(MemoryStore::new())).await.expect("app starts");
    app.warm_up().await;
    app
}

fn calls_today(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("db");
    conn.query_row("SELECT COALESCE(SUM(calls), 0) FROM quota_usage WHERE profile = 'demo'", [], |r| r.get(0))
        .expect("quota row")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_photo_and_query_again_is_answered_from_the_cache_without_a_call() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = started(dir.path()).await;
    let db = dir.path().join(zhaohuo_core::app::DB_FILE);
    let photo = app.load_photo(Original::Encoded(demo_photo(0))).await.expect("photo");
    let ask =
        |refresh| SearchRequest { photo_id: photo.photo_id, crop: Some(photo.suggested_crop), query: None, refresh };

    let first = app.search_photo(ask(None)).await.expect("first search");
    assert!(!first.from_cache);
    let calls = calls_today(&db);
    assert!(calls >= 2, "upload + query counted, got {calls}");

    let again = app.search_photo(ask(None)).await.expect("cached search");
    assert!(again.from_cache, "same photo, crop and query");
    assert_eq!(calls_today(&db), calls, "a cache hit spends no quota");
    let meter = app.count_calls().await.expect("today's calls");
    assert_eq!((meter.profile.as_str(), i64::from(meter.used)), ("demo", calls), "the meter reads the store");
    assert_eq!(meter.day.len(), 10, "yyyy-mm-dd: {}", meter.day);
    let ids = |r: &zhaohuo_core::search::SearchResult| r.offers.iter().map(|o| o.offer_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&again), ids(&first));
    assert_ne!(again.search_id, first.search_id, "a cached answer is still a search in history");
    assert_eq!(app.list_history(0, 10).await.expect("history").len(), 2);

    let fresh = app.search_photo(ask(Some(true))).await.expect("refresh");
    assert!(!fresh.from_cache, "refresh asks the provider");
    assert!(calls_today(&db) > calls);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_results_never_repeat_an_offer_and_join_the_search_in_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = started(dir.path()).await;
    let photo = app.load_photo(Original::Encoded(demo_photo(1))).await.expect("photo");
    let first = app
        .search_photo(SearchRequest {
            photo_id: photo.photo_id,
            crop: Some(photo.suggested_crop),
            query: None,
            refresh: None,
        })
        .await
        .expect("page 1");
    assert!(first.has_more, "the demo catalog has more than one page for a photo");
    let more = app.search_more(first.search_id).await.expect("page 2");
    assert_eq!(more.page, 2);
    assert!(!more.offers.is_empty());
    let shown: std::collections::HashSet<_> = first.offers.iter().map(|o| &o.offer_id).collect();
    assert!(more.offers.iter().all(|o| !shown.contains(&o.offer_id)), "page 2 repeats an offer of page 1");

    let reopened = app.open_search(first.search_id).await.expect("reopen");
    assert_eq!(reopened.offers.len(), first.offers.len() + more.offers.len());
    assert_eq!(reopened.offers[first.offers.len()].offer_id, more.offers[0].offer_id, "appended after page 1");

    let err = app.search_more(zhaohuo_core::store::SearchId(first.search_id.0 + 1000)).await.expect_err("unknown");
    assert_eq!(err.kind(), "search.gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_search_or_cancel_stops_the_one_in_flight() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = Arc::new(started(dir.path()).await);
    let photo = app.load_photo(Original::Encoded(demo_photo(2))).await.expect("photo");
    let gateway = app.demo_gateway().expect("demo gateway runs");
    // The gateway holds every request for ten minutes: only a cancel can end the search in time.
    gateway.set_faults(FaultConfig { latency_ms: 600_000, ..FaultConfig::default() });

    let request = SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: Some(true) };
    let before = gateway.api_requests();
    let slow = tokio::spawn({
        let app = Arc::clone(&app);
        let request = request.clone();
        async move { app.search_photo(request).await }
    });
    assert!(gateway.wait_for_api_requests(before + 1, IN_FLIGHT).await, "the search reached the gateway");
    app.cancel_search();
    let err = tokio::time::timeout(IN_FLIGHT, slow).await.expect("the cancel ends the search").expect("task");
    assert_eq!(err.expect_err("cancelled").kind(), "search.cancelled");
    assert!(app.list_history(0, 10).await.expect("history").is_empty(), "a cancelled search is not history");
    // The call that reached the gateway was spent: the quota says so, after a restart too.
    let db = dir.path().join(zhaohuo_core::app::DB_FILE);
    assert!(calls_today(&db) >= 1, "a cancelled search's calls are counted");

    // A second search supersedes the first.
    let before = gateway.api_requests();
    let first = tokio::spawn({
        let app = Arc::clone(&app);
        let request = request.clone();
        async move { app.search_photo(request).await }
    });
    assert!(gateway.wait_for_api_requests(before + 1, IN_FLIGHT).await, "the first search reached the gateway");
    gateway.set_faults(FaultConfig::default());
    let second = app.search_photo(request).await.expect("the newer search completes");
    assert!(!second.offers.is_empty());
    let first = tokio::time::timeout(IN_FLIGHT, first).await.expect("the newer search ends the first").expect("task");
    assert_eq!(first.expect_err("superseded").kind(), "search.cancelled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offers_are_shown_when_history_cannot_save_them_and_more_still_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = started(dir.path()).await;
    let photo = app.load_photo(Original::Encoded(demo_photo(1))).await.expect("photo");
    // History refuses every new search, as a full disk would.
    let db = dir.path().join(zhaohuo_core::app::DB_FILE);
    rusqlite::Connection::open(&db)
        .expect("db")
        .execute_batch(
            "CREATE TRIGGER disk_full BEFORE INSERT ON searches \
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .expect("trigger");

    let request = SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: Some(true) };
    let result = app.search_photo(request).await.expect("the offers still arrive");
    assert!(!result.offers.is_empty());
    let problem = result.not_saved.as_ref().expect("the buyer is told history did not take them");
    assert!(problem.kind.as_str().starts_with("store."), "{problem:?}");
    assert!(problem.message.contains("disk is full"), "{problem:?}");
    assert!(result.search_id.0 < 0, "an id that is no history row: {:?}", result.search_id);
    assert!(app.list_history(0, 10).await.expect("history").is_empty());

    if result.has_more {
        let more = app.search_more(result.search_id).await.expect("more results of an unsaved search");
        assert!(more.not_saved.is_none(), "nothing to save into: no second error");
        assert!(more.offers.iter().all(|o| result.offers.iter().all(|f| f.offer_id != o.offer_id)));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_1688_detected_is_searched_again_without_a_new_upload() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = started(dir.path()).await;
    let gateway = app.demo_gateway().expect("demo gateway runs");
    let photo = app.load_photo(Original::Encoded(demo_photo(4))).await.expect("photo");
    let first = app
        .search_photo(SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: Some(true) })
        .await
        .expect("first search");
    let region = first.pic_region.as_ref().expect("the gateway names its regions");
    let chosen = *region.detected.first().expect("a detected region");
    let on_photo = *first.detected_regions.first().expect("the same region on the photo");

    let before = gateway.api_requests();
    let query = zhaohuo_core::providers::SearchQuery { region: Some(chosen), ..Default::default() };
    let again = app
        .search_photo(SearchRequest { photo_id: photo.photo_id, crop: None, query: Some(query), refresh: Some(true) })
        .await
        .expect("the region searched");
    assert_eq!(gateway.api_requests() - before, 1, "one query, the upload reused: no second upload");
    assert_eq!(again.searched_region, Some(on_photo), "the gateway searched the chosen region");
    assert_eq!(again.pic_region.and_then(|r| r.current), Some(chosen));
}
