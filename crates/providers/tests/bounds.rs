//! What a gateway's reply can make the client hold, show or follow, over real
//! HTTP on loopback: a million items, huge texts, image URLs to anywhere,
//! redirects to another origin, and base URLs that would send keys in clear.
//! (The 1 GB reply is in `huge_reply.rs`, alone, so its memory figure is its own.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use zhaohuo_providers::limits::{MAX_ITEMS_PER_PAGE, MAX_RAW_ITEM_BYTES, MAX_TEXT_CHARS};
use zhaohuo_providers::parse::{parse_search, HttpReply, Redactor};
use zhaohuo_providers::{
    builtin_profile, Api, ClientOptions, Credentials, ImageFormat, ImagePayload, ProviderClient, ProviderProfile,
    RetryPolicy, SearchQuery, UploadCache,
};
use zhaohuo_types::ErrorKind;

const SECRET: &str = "bounds-secret-0xC0FFEE";
const SEARCH_PATH: &str = "/1688/item_search_img/";

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// The key/secret gateway family without its upload step: one GET per page.
fn gateway_profile(base_url: &str) -> ProviderProfile {
    let mut p = builtin_profile("item-search-img").expect("builtin").with_base_url(base_url);
    if let Api::Gateway(api) = &mut p.api {
        api.upload_path = None;
    }
    p.qps = 500.0;
    p
}

fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(20),
        retry: RetryPolicy {
            max_retries: 0,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        },
    }
}

fn client(p: ProviderProfile) -> Result<ProviderClient, zhaohuo_providers::ProviderError> {
    ProviderClient::with_options(p, Credentials::new("bounds-key", SECRET), options(), Arc::new(UploadCache::default()))
}

fn image() -> ImagePayload<'static> {
    ImagePayload { bytes: b"jpeg", base64: "anBlZw==", sha256_hex: "b0b0", format: ImageFormat::Jpeg }
}

fn json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn million_items() -> String {
    let mut body = String::with_capacity(16 * 1_000_000);
    body.push_str(r#"{"items":{"item":["#);
    for i in 0..1_000_000u32 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"num_iid":{i}}}"#));
    }
    body.push_str("]}}");
    body
}

/// Peak resident memory of this test process, in MB (Linux).
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb / 1024)
}

#[test]
fn a_page_of_a_million_items_is_cut_before_it_is_normalised() {
    let profile = gateway_profile("https://api-gw.onebound.cn");
    let reply = HttpReply::json(200, &million_items());
    let page = parse_search(&profile, &reply, 0, &Redactor::default()).expect("parses");
    assert_eq!(page.item_count, MAX_ITEMS_PER_PAGE);
    assert_eq!(page.offers.len(), MAX_ITEMS_PER_PAGE);
    assert_eq!(page.offers.last().map(|o| o.offer_id.as_str()), Some("499"));
}

#[tokio::test]
async fn a_million_items_over_http_give_one_page_of_offers() {
    let body = Arc::new(million_items());
    let served = Arc::clone(&body);
    let base =
        serve(Router::new().route(SEARCH_PATH, get(move || async move { json(served.as_str().to_owned()) }))).await;
    let mut profile = gateway_profile(&base);
    // ~14 MB: above the 8 MB default, so this profile raises its own cap.
    profile.max_reply_bytes = 32 * 1024 * 1024;
    assert!(body.len() as u64 > zhaohuo_providers::limits::DEFAULT_MAX_REPLY_BYTES);
    let query = SearchQuery { page_size: 50, ..SearchQuery::default() };
    let page = client(profile).expect("client").search(image(), &query).await.expect("a page");
    assert_eq!(page.offers.len(), 50);
    assert!(page.has_more);
    let peak = peak_rss_mb().unwrap_or(0);
    eprintln!("a million items: peak RSS {peak} MB");
    assert!(peak < 400, "peak RSS {peak} MB");
}

#[tokio::test]
async fn the_default_cap_refuses_a_14_mb_page_with_a_typed_error() {
    let body = Arc::new(million_items());
    let base =
        serve(Router::new().route(SEARCH_PATH, get(move || async move { json(body.as_str().to_owned()) }))).await;
    let err =
        client(gateway_profile(&base)).expect("client").search(image(), &SearchQuery::default()).await.unwrap_err();
    assert_eq!(err.kind(), "provider.reply_too_large", "{err}");
    assert!(err.hint().is_some_and(|h| h.contains("maxReplyBytes")));
}

#[tokio::test]
async fn texts_raw_items_and_image_urls_are_bounded_before_the_ui_sees_them() {
    let base_cell: Arc<std::sync::OnceLock<String>> = Arc::default();
    let cell = Arc::clone(&base_cell);
    let app = Router::new().route(
        SEARCH_PATH,
        get(move || {
            let own = cell.get().cloned().unwrap_or_default();
            async move {
                let long = "长".repeat(200_000);
                let items = serde_json::json!({"items": {"item": [
                    {"num_iid": 1, "title": long, "seller_nick": "s".repeat(100_000), "pic_url": "https://cbu01.alicdn.com/img/1.jpg",
                     "blob": "b".repeat(1_000_000)},
                    {"num_iid": 2, "title": "js", "pic_url": "javascript:alert(document.cookie)"},
                    {"num_iid": 3, "title": "tracker", "pic_url": "https://tracker.example/pixel.gif"},
                    {"num_iid": 4, "title": "data", "pic_url": "data:image/svg+xml,<svg onload=alert(1)>"},
                    {"num_iid": 5, "title": "sandbox", "pic_url": format!("{own}/images/5.jpg")},
                    {"num_iid": 6, "title": "relative", "pic_url": "//img.alicdn.com/6.jpg"},
                ]}});
                json(items.to_string())
            }
        }),
    );
    let base = serve(app).await;
    base_cell.set(base.clone()).unwrap();
    let query = SearchQuery { page_size: 10, ..SearchQuery::default() };
    let page = client(gateway_profile(&base)).expect("client").search(image(), &query).await.expect("a page");
    let by_id = |id: &str| page.offers.iter().find(|o| o.offer_id == id).expect("offer");
    let first = by_id("1");
    assert_eq!(first.title.chars().count(), MAX_TEXT_CHARS);
    assert_eq!(first.supplier.name.chars().count(), MAX_TEXT_CHARS);
    assert!(serde_json::to_vec(&first.raw).unwrap().len() <= MAX_RAW_ITEM_BYTES);
    assert_eq!(first.image_url.as_deref(), Some("https://cbu01.alicdn.com/img/1.jpg"));
    for refused in ["2", "3", "4"] {
        assert_eq!(by_id(refused).image_url, None, "offer {refused}");
    }
    assert_eq!(by_id("5").image_url, Some(format!("{base}/images/5.jpg")));
    assert_eq!(by_id("6").image_url.as_deref(), Some("https://img.alicdn.com/6.jpg"));
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_an_error_naming_it_and_nothing_reaches_it() {
    let elsewhere_hits = Arc::new(AtomicUsize::new(0));
    let hits = Arc::clone(&elsewhere_hits);
    let elsewhere = serve(Router::new().fallback(move || {
        hits.fetch_add(1, Ordering::SeqCst);
        async { json(r#"{"items":{"item":[]}}"#.into()) }
    }))
    .await;
    let target = format!("{elsewhere}/collect?stolen=1");
    let base = serve(Router::new().route(
        SEARCH_PATH,
        get(move || async move { (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, target)]).into_response() }),
    ))
    .await;
    let err =
        client(gateway_profile(&base)).expect("client").search(image(), &SearchQuery::default()).await.unwrap_err();
    assert_eq!(err.kind(), "provider.redirected", "{err}");
    let message = err.to_string();
    assert!(message.contains(&format!("{elsewhere}/collect")), "{message}");
    assert!(!message.contains("stolen") && !message.contains(SECRET), "{message}");
    assert_eq!(elsewhere_hits.load(Ordering::SeqCst), 0, "the other origin got the signed request");
}

#[tokio::test]
async fn a_redirect_within_the_gateway_is_followed() {
    let app = Router::new()
        .route(
            SEARCH_PATH,
            get(|| async { (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, "/v2/search")]).into_response() }),
        )
        .route("/v2/search", get(|| async { json(r#"{"items":{"item":[{"num_iid":7,"title":"moved"}]}}"#.into()) }));
    let base = serve(app).await;
    let page = client(gateway_profile(&base)).expect("client").search(image(), &SearchQuery::default()).await.unwrap();
    assert_eq!(page.offers.len(), 1);
}

#[test]
fn credentials_never_go_to_plain_http_beyond_this_computer() {
    for url in ["http://api-gw.onebound.cn", "http://10.0.0.2:8080", "http://gw.open.1688.com"] {
        let err = client(gateway_profile(url)).unwrap_err();
        assert_eq!(err.kind(), "provider.insecure_url", "{url}");
        assert!(err.to_string().contains("plain http"), "{err}");
        assert!(err.hint().is_some_and(|h| h.contains("https://")));
    }
    for url in ["https://api-gw.onebound.cn", "http://127.0.0.1:8788", "http://localhost:8788"] {
        assert!(client(gateway_profile(url)).is_ok(), "{url}");
    }
}

#[tokio::test]
async fn a_nan_sort_weight_is_refused_before_any_call() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&hits);
    let base = serve(Router::new().fallback(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        async { json(r#"{"items":{"item":[]}}"#.into()) }
    }))
    .await;
    let mut query = SearchQuery { sort: zhaohuo_providers::SortKey::SupplyChain, ..SearchQuery::default() };
    query.weights.low_moq = f32::NAN;
    let err = client(gateway_profile(&base)).expect("client").search(image(), &query).await.unwrap_err();
    assert_eq!(err.kind(), "provider.invalid_query");
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

/// A gateway that echoes the request (secret in the query string included)
/// inside a successful reply: the offers kept and shown carry no secret.
#[tokio::test]
async fn a_secret_echoed_in_a_successful_reply_is_redacted_before_it_is_kept() {
    let app = Router::new().route(
        SEARCH_PATH,
        get(|uri: axum::http::Uri| async move {
            let echoed = format!("https://api-gw.example{uri}");
            let items = serde_json::json!({
                "request_url": echoed,
                "items": {"item": [
                    {"num_iid": 1, "title": format!("dress {SECRET}"), "seller_nick": format!("shop-{SECRET}"),
                     "detail_url": format!("https://detail.1688.com/offer/1.html?secret={SECRET}"),
                     "debug": {"called": echoed, SECRET: [SECRET]}},
                ]},
            });
            json(items.to_string())
        }),
    );
    let base = serve(app).await;
    let query = SearchQuery { page_size: 10, ..SearchQuery::default() };
    let page = client(gateway_profile(&base)).expect("client").search(image(), &query).await.expect("a page");
    let offer = &page.offers[0];
    let kept = serde_json::to_string(offer).unwrap();
    assert!(!kept.contains(SECRET), "the secret reached a kept offer: {kept}");
    assert_eq!(offer.title, "dress <redacted>");
    assert_eq!(offer.supplier.name, "shop-<redacted>");
    assert!(offer.detail_url.ends_with("secret=<redacted>"), "{}", offer.detail_url);
    assert!(kept.contains("<redacted>"), "{kept}");
}
