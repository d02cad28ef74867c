//! The client over real HTTP on loopback against a small scripted server:
//! retry counting, no retries for permanent errors, upload caching, token
//! renewal, quota, pagination. The server verifies signatures with the same
//! signer the sandbox uses, so a wrongly signed request fails the test.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Router;
use zhaohuo_providers::{
    builtin_profile, ClientOptions, Credentials, ImageFormat, ImagePayload, ProviderClient, ProviderProfile,
    RetryPolicy, SearchFilters, SearchQuery, SortKey, UploadCache,
};
use zhaohuo_sign::{aop_signature, signatures_match, top_signature, TopSignMethod};
use zhaohuo_types::ErrorKind;

const SECRET: &str = "loopback-secret-42";
const TOKEN: &str = "loopback-token-77";

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    /// Query and form parameters together.
    params: Vec<(String, String)>,
    /// Just the query string's.
    query: Vec<(String, String)>,
    headers: HeaderMap,
}

impl Seen {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

struct Reply {
    status: u16,
    body: String,
    content_type: &'static str,
    retry_after: Option<&'static str>,
    delay: Duration,
}

fn json(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        body: body.into(),
        content_type: "application/json;charset=UTF-8",
        retry_after: None,
        delay: Duration::ZERO,
    }
}

type Script = Arc<dyn Fn(&Seen, usize) -> Reply + Send + Sync>;

struct ServerState {
    log: Mutex<Vec<Seen>>,
    script: Script,
    /// Requests logged so far, for tests to wait on.
    logged: tokio::sync::watch::Sender<usize>,
    /// Requests whose handler ended without answering: the client hung up
    /// (hyper drops the handler when the connection closes). Tests wait on it.
    unanswered: tokio::sync::watch::Sender<usize>,
}

/// Counts the request as unanswered when dropped before `answered`.
struct AnswerGuard {
    state: Arc<ServerState>,
    answered: bool,
}

impl Drop for AnswerGuard {
    fn drop(&mut self) {
        if !self.answered {
            self.state.unanswered.send_modify(|n| *n += 1);
        }
    }
}

async fn handle(State(st): State<Arc<ServerState>>, req: Request) -> Response {
    let mut guard = AnswerGuard { state: Arc::clone(&st), answered: false };
    let path = req.uri().path().to_string();
    let method = req.method().to_string();
    let query: Vec<(String, String)> =
        Query::<Vec<(String, String)>>::try_from_uri(req.uri()).map(|q| q.0).unwrap_or_default();
    let mut params = query.clone();
    let headers = req.headers().clone();
    let ct = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if ct.starts_with("application/x-www-form-urlencoded") {
        if let Ok(axum::Form(form)) = axum::Form::<Vec<(String, String)>>::from_request(req, &()).await {
            params.extend(form);
        }
    } else if ct.starts_with("multipart/form-data") {
        if let Ok(mut mp) = Multipart::from_request(req, &()).await {
            while let Ok(Some(field)) = mp.next_field().await {
                let name = field.name().unwrap_or_default().to_string();
                let is_file = field.file_name().is_some();
                let bytes = field.bytes().await.unwrap_or_default();
                let value = if is_file {
                    format!("<file {} bytes>", bytes.len())
                } else {
                    String::from_utf8_lossy(&bytes).into_owned()
                };
                params.push((name, value));
            }
        }
    }
    let seen = Seen { method, path: path.clone(), params, query, headers };
    let n = {
        let mut log = st.log.lock().expect("log");
        log.push(seen.clone());
        st.logged.send_replace(log.len());
        log.iter().filter(|s| s.path == path).count() - 1
    };
    let reply = (st.script)(&seen, n);
    if !reply.delay.is_zero() {
        // allow-sleep: models a slow gateway for the client's timeouts; no test waits on it
        tokio::time::sleep(reply.delay).await;
    }
    guard.answered = true;
    let mut resp = Response::builder()
        .status(StatusCode::from_u16(reply.status).expect("status"))
        .header("content-type", reply.content_type);
    if let Some(ra) = reply.retry_after {
        resp = resp.header("retry-after", ra);
    }
    resp.body(Body::from(reply.body)).expect("response")
}

struct Server {
    base_url: String,
    state: Arc<ServerState>,
}

impl Server {
    async fn start(script: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Self {
        let state = Arc::new(ServerState {
            log: Mutex::new(Vec::new()),
            script: Arc::new(script),
            logged: tokio::sync::watch::channel(0).0,
            unanswered: tokio::sync::watch::channel(0).0,
        });
        let app = Router::new().fallback(handle).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base_url: format!("http://{addr}"), state }
    }

    fn requests(&self) -> Vec<Seen> {
        self.state.log.lock().expect("log").clone()
    }

    /// Waits until `n` requests have been logged; false after `within`.
    async fn wait_requests(&self, n: usize, within: Duration) -> bool {
        let mut seen = self.state.logged.subscribe();
        let outcome = tokio::time::timeout(within, seen.wait_for(|c| *c >= n)).await;
        matches!(outcome, Ok(Ok(_)))
    }

    /// Waits until `n` requests were abandoned by the client before their
    /// answer (see `ServerState::unanswered`); false after `within`.
    async fn wait_unanswered(&self, n: usize, within: Duration) -> bool {
        let mut seen = self.state.unanswered.subscribe();
        let outcome = tokio::time::timeout(within, seen.wait_for(|c| *c >= n)).await;
        matches!(outcome, Ok(Ok(_)))
    }

    fn count(&self, path_part: &str) -> usize {
        self.requests().iter().filter(|s| s.path.contains(path_part)).count()
    }
}

fn fast() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(400),
        retry: RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_secs(2) },
    }
}

fn profile(id: &str, base_url: &str) -> ProviderProfile {
    let mut p = builtin_profile(id).expect("builtin").with_base_url(base_url);
    p.qps = 200.0;
    p
}

fn creds() -> Credentials {
    Credentials::new("1234567", SECRET).with_access_token(TOKEN)
}

const IMAGE_BYTES: &[u8] = b"\xff\xd8\xff\xe0 not really a jpeg";

fn image() -> ImagePayload<'static> {
    ImagePayload {
        bytes: IMAGE_BYTES,
        base64: "/9j/4CBub3QgcmVhbGx5IGEganBlZw==",
        sha256_hex: "feedbeef",
        format: ImageFormat::Jpeg,
    }
}

fn client(p: ProviderProfile) -> ProviderClient {
    ProviderClient::with_options(p, creds(), fast(), Arc::new(UploadCache::default())).expect("client")
}

/// Checks the TOP signature over everything sent; a bad one gets TOP error 25.
fn top_sign_ok(seen: &Seen) -> bool {
    let method: TopSignMethod = seen.param("sign_method").unwrap_or("md5").parse().expect("method");
    let expected = top_signature(method, &seen.params, SECRET.as_bytes());
    seen.param("sign").is_some_and(|s| signatures_match(&expected, s))
}

fn offer_match_page(page: usize, per: usize, total: usize) -> String {
    let start = (page - 1) * per;
    let items: Vec<String> = (start..(start + per).min(total))
        .map(|i| format!(r#"{{"offerId":"{}","title":"offer {i}","similarity":{},"priceRange":"{}.00","moq":"{}+","supplierName":"s{i}","supplyType":"现货"}}"#, 1000 + i, 0.99 - i as f64 * 0.01, 10 + i, 1 + i))
        .collect();
    format!(
        r#"{{"alibaba_image_search_offer_match_response":{{"result":{{"totalCount":{total},"pageNum":{page},"offerList":[{}]}}}}}}"#,
        items.join(",")
    )
}

#[tokio::test]
async fn throttled_then_success_is_retried() {
    let server = Server::start(|seen, n| {
        if !top_sign_ok(seen) {
            return json(200, r#"{"error_response":{"code":25,"msg":"Invalid signature"}}"#);
        }
        if n == 0 {
            return Reply {
                retry_after: Some("0"),
                ..json(429, r#"{"error_response":{"code":429,"msg":"请求过于频繁"}}"#)
            };
        }
        json(200, offer_match_page(1, 20, 5))
    })
    .await;
    let c = client(profile("offer-match", &server.base_url));
    let page = c.search(image(), &SearchQuery::default()).await.expect("second attempt succeeds");
    assert_eq!(server.count("offer.match"), 2);
    assert_eq!(page.calls, 2);
    assert_eq!(page.offers.len(), 5);
    assert_eq!(page.offers[0].offer_id, "1000");
    // The request carried what offer.match needs.
    let seen = &server.requests()[1];
    assert_eq!(seen.param("needSupplyInfo"), Some("true"));
    assert_eq!(seen.param("imageType"), Some("jpg"));
    assert_eq!(seen.param("image"), Some(image().base64));
}

#[tokio::test]
async fn signature_errors_are_not_retried() {
    let server = Server::start(|_, _| json(200, r#"{"error_response":{"code":25,"msg":"Invalid signature"}}"#)).await;
    let c = client(profile("offer-match", &server.base_url));
    let err = c.search(image(), &SearchQuery::default()).await.expect_err("signature error");
    assert_eq!(err.kind(), "provider.signature_invalid");
    assert_eq!(server.count("offer.match"), 1, "never retried");
    assert!(!err.to_string().contains(SECRET));
}

#[tokio::test]
async fn permission_and_parameter_errors_are_not_retried() {
    for (status, body, kind) in [
        (400, r#"{"error_code":"gw.APIACLDecline","error_message":"no permission"}"#, "provider.permission_denied"),
        (400, r#"{"error_code":"gw.ParamMissing","error_message":"missing"}"#, "provider.bad_request"),
        (403, "Forbidden", "provider.ip_not_whitelisted"),
    ] {
        let server = Server::start(move |_, _| Reply { content_type: "text/plain", ..json(status, body) }).await;
        let c = client(profile("1688-open", &server.base_url));
        let err = c.search(image(), &SearchQuery::default()).await.expect_err("fails");
        assert_eq!(err.kind(), kind);
        assert_eq!(server.requests().len(), 1, "{kind} not retried");
    }
}

#[tokio::test]
async fn server_errors_retry_at_most_three_times() {
    let server = Server::start(|_, _| Reply {
        content_type: "text/html",
        ..json(502, "<html><head><title>502 Bad Gateway</title></head></html>")
    })
    .await;
    let c = client(profile("offer-match", &server.base_url));
    let err = c.search(image(), &SearchQuery::default()).await.expect_err("keeps failing");
    assert_eq!(err.kind(), "provider.server_error");
    assert_eq!(server.requests().len(), 4, "one try plus three retries");
}

#[tokio::test]
async fn timeouts_are_retried_then_reported() {
    let server = Server::start(|_, n| {
        if n < 2 {
            Reply { delay: Duration::from_millis(1500), ..json(200, offer_match_page(1, 20, 3)) }
        } else {
            json(200, offer_match_page(1, 20, 3))
        }
    })
    .await;
    let c = client(profile("offer-match", &server.base_url));
    let page = c.search(image(), &SearchQuery::default()).await.expect("third attempt in time");
    assert_eq!(page.calls, 3);
    assert_eq!(page.offers.len(), 3);
}

#[tokio::test]
async fn a_long_retry_after_is_returned_not_waited() {
    let server =
        Server::start(|_, _| Reply { retry_after: Some("120"), ..json(429, r#"{"code":429,"message":"slow down"}"#) })
            .await;
    let c = client(profile("product-image-search", &server.base_url));
    let err = c.search(image(), &SearchQuery::default()).await.expect_err("throttled");
    assert_eq!(err.kind(), "provider.rate_limited");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(server.requests().len(), 1);
}

fn aop_server_script(seen: &Seen, _n: usize) -> Reply {
    let path = seen.path.trim_start_matches("/openapi/");
    let unsigned: Vec<_> = seen.params.iter().filter(|(k, _)| k != "_aop_signature").cloned().collect();
    let expected = aop_signature(path, &unsigned, SECRET.as_bytes());
    if !seen.param("_aop_signature").is_some_and(|s| signatures_match(&expected, s)) {
        return json(400, r#"{"error_code":"gw.SignatureInvalid","error_message":"bad signature"}"#);
    }
    if seen.param("access_token") != Some(TOKEN) {
        return json(401, r#"{"error_code":"401","error_message":"need authorization"}"#);
    }
    if path.contains("product.image.upload") {
        return json(200, r#"{"result":{"success":true,"code":"200","result":"IMG-42"}}"#);
    }
    let q: serde_json::Value = serde_json::from_str(seen.param("offerQueryParam").unwrap_or("{}")).unwrap_or_default();
    if q["imageId"] != "IMG-42" {
        return json(
            200,
            r#"{"result":{"success":"false","code":"404","message":"imageId does not exist or has expired"}}"#,
        );
    }
    let page = q["beginPage"].as_u64().unwrap_or(1) as usize;
    let size = q["pageSize"].as_u64().unwrap_or(20) as usize;
    let total = 45;
    let start = (page - 1) * size;
    // Offer 1005 appears on every page, to exercise dedupe.
    let mut ids: Vec<usize> = (start..(start + size).min(total)).map(|i| 1000 + i).collect();
    if page > 1 && !ids.is_empty() {
        ids[0] = 1005;
    }
    let items: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"offerId":{id},"subject":"s{id}","priceInfo":{{"price":"{}.50"}},"minOrderQuantity":{},"monthSold":{}}}"#, id - 990, (id % 7) + 1, id * 3 % 101))
        .collect();
    json(
        200,
        format!(
            r#"{{"result":{{"success":true,"code":"200","result":{{"totalRecords":{total},"currentPage":{page},"pageSize":{size},"data":[{}]}}}}}}"#,
            items.join(",")
        ),
    )
}

#[tokio::test]
async fn aop_uploads_once_per_image_and_pages_dedupe() {
    let server = Server::start(aop_server_script).await;
    let c = client(profile("1688-open", &server.base_url));
    let q = SearchQuery { page_size: 20, ..Default::default() };
    let p1 = c.search(image(), &q).await.expect("page 1");
    assert_eq!(p1.offers.len(), 20);
    assert_eq!(p1.total, Some(45));
    assert!(p1.has_more);
    let p2 = c.search(image(), &SearchQuery { page: 2, ..q.clone() }).await.expect("page 2");
    assert_eq!(p2.offers.len(), 20);
    assert_eq!(server.count("product.image.upload"), 1, "imageId reused across pages");
    assert_eq!(p2.calls, 1);

    let all = c.search_all(image(), &q, 10).await.expect("all pages");
    assert_eq!(server.count("product.image.upload"), 1);
    let mut ids: Vec<_> = all.offers.iter().map(|o| o.offer_id.clone()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "no duplicates across pages");
    assert_eq!(n, 43, "45 results minus the two repeats of 1005");
    assert!(!all.has_more);
}

#[tokio::test]
async fn aop_local_filters_and_sort_are_reported() {
    let server = Server::start(aop_server_script).await;
    let c = client(profile("1688-open", &server.base_url));
    let q = SearchQuery {
        page_size: 20,
        sort: SortKey::Moq,
        filters: SearchFilters { moq_max: Some(3), price_max_fen: Some(2000), ..Default::default() },
        ..Default::default()
    };
    let page = c.search(image(), &q).await.expect("page");
    assert!(!page.offers.is_empty());
    assert!(page.offers.iter().all(|o| o.moq.is_some_and(|m| m <= 3)));
    assert!(page.offers.iter().all(|o| o.price.is_some_and(|p| p.min_fen <= 2000)));
    assert!(page.offers.windows(2).all(|w| w[0].moq <= w[1].moq));
    assert_eq!(page.filters_local, [zhaohuo_providers::FilterKey::MaxMoq]);
    assert_eq!(page.filters_remote, [zhaohuo_providers::FilterKey::PriceRange]);
    assert!(page.filtered_out > 0);
    let sent = server.requests().into_iter().find(|s| s.path.contains("imageQuery")).expect("query sent");
    let q: serde_json::Value = serde_json::from_str(sent.param("offerQueryParam").expect("param")).expect("json");
    assert_eq!(q["priceEnd"], "20.00");
}

#[tokio::test]
async fn page_sizes_above_the_cap_use_several_provider_pages() {
    let server = Server::start(|seen, _| {
        let page: usize = seen.param("pageNum").and_then(|p| p.parse().ok()).unwrap_or(1);
        let size: usize = seen.param("pageSize").and_then(|p| p.parse().ok()).unwrap_or(20);
        json(200, offer_match_page(page, size, 100))
    })
    .await;
    let c = client(profile("offer-match", &server.base_url));
    let page = c.search(image(), &SearchQuery { page: 2, page_size: 30, ..Default::default() }).await.expect("page");
    // Offers 30..60 live on provider pages 2 and 3 of 20.
    let pages: Vec<_> = server.requests().iter().filter_map(|s| s.param("pageNum").map(String::from)).collect();
    assert_eq!(pages, ["2", "3"]);
    assert!(server.requests().iter().all(|s| s.param("pageSize") == Some("20")));
    assert_eq!(page.offers.len(), 30);
    assert_eq!(page.offers[0].offer_id, "1030");
    assert_eq!(page.offers[0].rank, 31);
}

#[tokio::test]
async fn bearer_token_is_fetched_and_renewed_once() {
    let server = Server::start(|seen, n| {
        if seen.path == "/auth/requestToken" {
            assert_eq!(seen.param("grant_type"), Some("client_credentials"));
            return json(200, format!(r#"{{"access_token":"bearer-{n}-xyz","expires_in":3600}}"#));
        }
        let auth = seen.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
        if auth != "Bearer bearer-1-xyz" {
            return json(401, r#"{"code":40001,"message":"Invalid access token"}"#);
        }
        assert_eq!(seen.param("image"), Some(format!("<file {} bytes>", IMAGE_BYTES.len()).as_str()));
        json(200, r#"{"total":1,"products":[{"productId":"9","title":"t","price":"5.00","minOrderQuantity":1,"similarity":80}]}"#)
    })
    .await;
    let c = ProviderClient::with_options(
        profile("product-image-search", &server.base_url),
        Credentials::new("1234567", SECRET),
        fast(),
        Arc::default(),
    )
    .expect("client");
    let page = c.search(image(), &SearchQuery::default()).await.expect("renewed token works");
    assert_eq!(page.offers[0].similarity, Some(0.8));
    assert_eq!(server.count("requestToken"), 2);
    assert_eq!(server.count("imageSearch"), 2);
    assert_eq!(page.calls, 4);
    // The client secret travels in a POST form, never in the URL.
    for token_request in server.requests().iter().filter(|s| s.path == "/auth/requestToken") {
        assert_eq!(token_request.method, "POST");
        assert!(token_request.query.is_empty(), "{:?}", token_request.query);
        assert_eq!(token_request.param("client_secret"), Some(SECRET));
    }
}

#[tokio::test]
async fn gateway_uploads_then_searches_by_url() {
    let server = Server::start(|seen, _| {
        if seen.param("secret") != Some(SECRET) {
            return json(200, r#"{"error_code":"4013","reason":"key不存在"}"#);
        }
        if seen.path.contains("upload_img") {
            assert!(seen.param("imgcode").is_some());
            return json(200, r#"{"code":200,"items":{"item":{"name":"https://img.alicdn.com/u/1.jpg"}}}"#);
        }
        assert_eq!(seen.param("imgid"), Some("https://img.alicdn.com/u/1.jpg"));
        assert_eq!(seen.param("search_type"), Some("2"));
        json(200, r#"{"code":200,"items":{"real_total_results":1,"item":[{"num_iid":"5","title":"t","price":"1.00","min_order":"10+","similarity":0.5}]}}"#)
    })
    .await;
    let c = client(profile("item-search-img", &server.base_url));
    let q = SearchQuery { mode: zhaohuo_providers::SearchMode::Similar, ..Default::default() };
    let page = c.search(image(), &q).await.expect("page");
    assert_eq!(page.offers[0].moq, Some(10));
    c.search(image(), &q).await.expect("again");
    assert_eq!(server.count("upload_img"), 1);
    assert_eq!(server.count("item_search_img"), 2);

    // Wrong secret: a typed error that does not echo the secret from the URL.
    let wrong = ProviderClient::with_options(
        profile("item-search-img", &server.base_url),
        Credentials::new("k", "another-secret-1"),
        fast(),
        Arc::default(),
    )
    .expect("client");
    let err = wrong.search(image(), &q).await.expect_err("rejected");
    assert_eq!(err.kind(), "provider.bad_credentials");
}

#[tokio::test]
async fn daily_quota_stops_before_sending() {
    let server = Server::start(|_, _| json(200, offer_match_page(1, 20, 3))).await;
    let mut p = profile("offer-match", &server.base_url);
    p.daily_quota = Some(2);
    let c = client(p);
    c.search(image(), &SearchQuery::default()).await.expect("1");
    c.search(image(), &SearchQuery::default()).await.expect("2");
    let err = c.search(image(), &SearchQuery::default()).await.expect_err("quota");
    assert_eq!(err.kind(), "provider.quota_exhausted");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(c.calls_today(), 2);
}

#[tokio::test]
async fn unreachable_hosts_are_network_errors_without_secrets() {
    // Bind then drop a listener so the port is closed.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let c = client(profile("item-search-img", &format!("http://127.0.0.1:{port}")));
    let err = c.search(image(), &SearchQuery::default()).await.expect_err("closed port");
    assert_eq!(err.kind(), "provider.network");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(SECRET), "{text}");
}

#[tokio::test]
async fn the_rate_limiter_spaces_calls() {
    let server = Server::start(|_, _| json(200, offer_match_page(1, 20, 1))).await;
    let mut p = profile("offer-match", &server.base_url);
    p.qps = 10.0;
    let c = client(p);
    // Burst of 10 is allowed, the next ones wait ~100 ms each.
    let start = std::time::Instant::now();
    for _ in 0..13 {
        c.search(image(), &SearchQuery::default()).await.expect("ok");
    }
    assert!(start.elapsed() >= Duration::from_millis(250), "{:?}", start.elapsed());
}

#[tokio::test]
async fn dropping_a_search_cancels_it() {
    // The server would answer a retryable 500, but only after ten minutes.
    let server = Server::start(|_, _| Reply { delay: Duration::from_secs(600), ..json(500, r#"{"code":500}"#) }).await;
    let mut opts = fast();
    opts.request_timeout = Duration::from_secs(900);
    let c = ProviderClient::with_options(profile("offer-match", &server.base_url), creds(), opts, Arc::default())
        .expect("client");
    let search = tokio::spawn(async move { c.search(image(), &SearchQuery::default()).await.map(|p| p.offers.len()) });
    let within = Duration::from_secs(30);
    assert!(server.wait_requests(1, within).await, "the search reached the server");
    search.abort();
    assert!(search.await.expect_err("dropped").is_cancelled(), "still running when dropped");
    // Dropping the search closes its request: the server sees the client hang up
    // with nothing left waiting for an answer, so nothing can retry.
    assert!(server.wait_unanswered(1, within).await, "the dropped search hung up its request");
    assert_eq!(server.requests().len(), 1, "no retries after the search was dropped");
}

#[tokio::test]
async fn an_expired_cached_image_id_is_uploaded_again() {
    let server = Server::start(aop_server_script).await;
    let cache = Arc::new(UploadCache::default());
    cache.put("1688-open", image().sha256_hex, "EXPIRED-ID".into());
    let c = ProviderClient::with_options(profile("1688-open", &server.base_url), creds(), fast(), cache.clone())
        .expect("client");
    let page = c.search(image(), &SearchQuery::default()).await.expect("recovers");
    assert_eq!(page.offers.len(), 20);
    assert_eq!(server.count("product.image.upload"), 1);
    assert_eq!(server.count("imageQuery"), 2);
    assert_eq!(cache.get("1688-open", image().sha256_hex).as_deref(), Some("IMG-42"));
}
