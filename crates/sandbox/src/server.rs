//! The HTTP server: routes, shared state, rate limits, fault injection, admin.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use image::RgbImage;
use tokio::sync::watch;

use zhaohuo_types::Sensitive;

use crate::config::{check_admin_token, DemoCredentials, FaultConfig, SandboxConfig, SandboxError, Whitelist};
use crate::failure::{json_response, Dialect, Failure, Family, TopApi};
use crate::families::{aop, bearer, gateway, top};
use crate::perturb::encode_jpeg;
use crate::render::{render, Scene};
use crate::rng::SplitMix;
use crate::search::Index;

/// Side of the offer pictures served at `/img/{offerId}.jpg`.
const OFFER_IMAGE_SIDE: u32 = 480;
/// Uploaded pictures kept for `imageId` / `imgid` reuse.
const MAX_STORED_IMAGES: usize = 512;
/// Largest request body read (bigger ones are cut off by the server).
const MAX_BODY: usize = 24 * 1024 * 1024;

/// A picture a client uploaded, kept so later calls can search it by id. Only
/// the decoded pixels are kept: uploads are never served back over HTTP (the
/// gateway family's `/uploads/…` reference is resolved here, by id).
pub(crate) struct StoredImage {
    pub picture: Arc<RgbImage>,
}

/// Uploaded pictures by id, oldest first for eviction.
#[derive(Default)]
struct ImageStore {
    by_id: HashMap<String, Arc<StoredImage>>,
    order: VecDeque<String>,
}

#[derive(Default)]
struct Limits {
    windows: HashMap<(Family, String), VecDeque<Instant>>,
    daily: HashMap<(Family, String), (chrono::NaiveDate, u32)>,
}

/// State shared by every handler.
pub(crate) struct Shared {
    pub index: Arc<Index>,
    pub config: SandboxConfig,
    pub base_url: String,
    faults: Mutex<FaultConfig>,
    /// API requests the current faults still apply to (`None`: all of them).
    fault_budget: Mutex<Option<u32>>,
    /// API requests received, faulted or not, so tests can count retries
    /// and wait for a request to arrive instead of sleeping.
    api_requests: watch::Sender<u64>,
    /// The clock for limits and token expiry; tests stop and move it
    /// instead of waiting for time to pass.
    clock: Mutex<Clock>,
    whitelist: Mutex<Whitelist>,
    limits: Mutex<Limits>,
    /// Bearer tokens issued by `auth/requestToken`, with their expiry.
    tokens: Mutex<HashMap<String, Instant>>,
    images: Mutex<ImageStore>,
    offer_jpegs: Mutex<HashMap<u64, Bytes>>,
    /// Authorization codes and refresh tokens (`crate::oauth`).
    pub(crate) oauth: crate::oauth::OAuthState,
    rng: Mutex<SplitMix>,
    next_image_id: Mutex<u64>,
    /// What the admin routes require as `Authorization: Bearer …`.
    admin_token: Sensitive<String>,
    shutdown: watch::Receiver<bool>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The sandbox's clock for QPS windows, the quota day and bearer-token
/// expiry: the wall clock, or stopped at a moment (`RunningSandbox::stop_clock`),
/// plus what tests advanced it by (`RunningSandbox::advance_clock`).
#[derive(Default)]
struct Clock {
    stopped_at: Option<(Instant, chrono::DateTime<chrono::Utc>)>,
    ahead: Duration,
}

impl Clock {
    fn instant(&self) -> Instant {
        self.stopped_at.map_or_else(Instant::now, |(at, _)| at) + self.ahead
    }

    /// Today in China (GMT+8), when 1688 quotas reset.
    fn today_gmt8(&self) -> chrono::NaiveDate {
        let ahead = chrono::Duration::from_std(self.ahead).unwrap_or(chrono::Duration::MAX);
        (self.stopped_at.map_or_else(chrono::Utc::now, |(_, at)| at) + ahead + chrono::Duration::hours(8)).date_naive()
    }
}

impl Shared {
    pub fn request_id(&self) -> String {
        format!("{:013x}", lock(&self.rng).next_u64() >> 12)
    }

    pub fn random_hex(&self, bytes: usize) -> String {
        let mut rng = lock(&self.rng);
        (0..bytes).map(|_| format!("{:02x}", rng.below(256))).collect()
    }

    pub fn whitelist(&self) -> Whitelist {
        lock(&self.whitelist).clone()
    }

    fn roll(&self, p: f64) -> bool {
        p > 0.0 && lock(&self.rng).unit() < p
    }

    /// Replaces the faults; `requests` limits them to that many API requests.
    fn replace_faults(&self, faults: FaultConfig, requests: Option<u32>) {
        *lock(&self.faults) = faults;
        *lock(&self.fault_budget) = requests;
    }

    /// The faults this request is exposed to, spending one unit of the budget.
    fn faults_for_request(&self) -> FaultConfig {
        let mut budget = lock(&self.fault_budget);
        match budget.as_mut() {
            Some(0) => FaultConfig::default(),
            Some(left) => {
                *left -= 1;
                lock(&self.faults).clone()
            }
            None => lock(&self.faults).clone(),
        }
    }

    /// The instant QPS windows and bearer-token expiry are measured on: the
    /// wall clock plus what tests advanced it by.
    pub(crate) fn instant(&self) -> Instant {
        lock(&self.clock).instant()
    }

    /// Accepts `token` as an access token until `expires` (OAuth sign-ins).
    pub(crate) fn grant_token(&self, token: String, expires: Instant) {
        lock(&self.tokens).insert(token, expires);
    }

    /// The clock the TOP timestamp is checked against (see `SandboxConfig::clock_offset`).
    /// It ignores `advance_clock`, so a client's real timestamps stay valid.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + self.config.clock_offset
    }

    pub fn offer_image_url(&self, offer_id: u64) -> String {
        format!("{}/img/{offer_id}.jpg", self.base_url)
    }

    /// Whitelist, key and grant checks every family does first.
    pub fn admit(&self, peer: IpAddr, app_key: Option<&str>, api: &'static str) -> Result<(), Failure> {
        if let Some(list) = lock(&self.whitelist).as_ref() {
            if !list.contains(&peer) {
                return Err(Failure::NotWhitelisted(peer));
            }
        }
        match app_key {
            Some(k) if k == self.config.credentials.app_key => {}
            Some(_) => return Err(Failure::UnknownKey),
            None => return Err(Failure::MissingParam("app_key")),
        }
        if let Some(granted) = &self.config.granted_apis {
            if !granted.iter().any(|g| g == api) {
                return Err(Failure::NotGranted(api));
            }
        }
        Ok(())
    }

    /// Checks a long-lived access token (AOP, TOP, also accepted as a bearer token).
    pub fn check_access_token(&self, token: Option<&str>) -> Result<(), Failure> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(Failure::MissingToken);
        };
        if self.config.expired_tokens.iter().any(|t| t == token) {
            return Err(Failure::ExpiredToken);
        }
        if token == self.config.credentials.access_token.expose() {
            return Ok(());
        }
        match lock(&self.tokens).get(token) {
            Some(expiry) if *expiry > self.instant() => Ok(()),
            Some(_) => Err(Failure::ExpiredToken),
            None => Err(Failure::InvalidToken),
        }
    }

    pub fn issue_token(&self) -> String {
        let token = format!("bt-{}", self.random_hex(16));
        lock(&self.tokens).insert(token.clone(), self.instant() + self.config.token_ttl);
        token
    }

    /// Counts one call against the key's per-second and per-day allowance.
    pub fn throttle(&self, family: Family, app_key: &str) -> Result<(), Failure> {
        let mut limits = lock(&self.limits);
        let key = (family, app_key.to_owned());
        let now = self.instant();
        let window = limits.windows.entry(key.clone()).or_default();
        while window.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
            window.pop_front();
        }
        if window.len() >= self.config.qps as usize {
            return Err(Failure::Qps);
        }
        let today = lock(&self.clock).today_gmt8();
        let day = limits.daily.entry(key.clone()).or_insert((today, 0));
        if day.0 != today {
            *day = (today, 0);
        }
        if day.1 >= self.config.daily_quota {
            return Err(Failure::DailyQuota);
        }
        day.1 += 1;
        limits.windows.entry(key).or_default().push_back(now);
        Ok(())
    }

    pub fn store_image(&self, picture: RgbImage) -> String {
        let id = {
            let mut next = lock(&self.next_image_id);
            *next += 1;
            next.to_string()
        };
        let mut images = lock(&self.images);
        images.by_id.insert(id.clone(), Arc::new(StoredImage { picture: Arc::new(picture) }));
        images.order.push_back(id.clone());
        while images.order.len() > MAX_STORED_IMAGES {
            if let Some(old) = images.order.pop_front() {
                images.by_id.remove(&old);
            }
        }
        id
    }

    pub(crate) fn stored_image(&self, id: &str) -> Option<Arc<StoredImage>> {
        lock(&self.images).by_id.get(id).cloned()
    }

    /// The listing picture of an offer, rendered on first request and cached.
    pub fn offer_jpeg(&self, offer_id: u64) -> Option<Bytes> {
        if let Some(b) = lock(&self.offer_jpegs).get(&offer_id) {
            return Some(b.clone());
        }
        let offer = self.index.catalog.offer_by_id(offer_id)?;
        let design = self.index.catalog.designs.get(offer.design)?;
        let picture = render(design, &Scene::listing(offer.photo_style), OFFER_IMAGE_SIDE, OFFER_IMAGE_SIDE);
        let bytes = Bytes::from(encode_jpeg(&picture, 85));
        lock(&self.offer_jpegs).insert(offer_id, bytes.clone());
        Some(bytes)
    }
}

/// A sandbox listening on loopback. Dropping it stops the server.
pub struct RunningSandbox {
    addr: SocketAddr,
    credentials: DemoCredentials,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningSandbox {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash): the profile's `base_url`.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    pub fn credentials(&self) -> &DemoCredentials {
        &self.credentials
    }

    /// The token the admin routes (`/__admin/faults`, `/__admin/reset`,
    /// `/__admin/expire_tokens`) require as `Authorization: Bearer <token>`:
    /// the config's, else one drawn from the OS for this run. The methods
    /// here (`set_faults`, `expire_tokens`, …) need none: holding the
    /// `RunningSandbox` is the permission.
    pub fn admin_token(&self) -> &str {
        self.shared.admin_token.expose()
    }

    /// Replaces the injected faults (same as `POST /__admin/faults`).
    pub fn set_faults(&self, faults: FaultConfig) {
        self.shared.replace_faults(faults, None);
    }

    /// Injects `faults` into the next `requests` API requests only, then
    /// answers normally (`POST /__admin/faults?requests=N`): "one 429, then
    /// success" is how a client's retry is tested.
    pub fn set_faults_for(&self, faults: FaultConfig, requests: u32) {
        self.shared.replace_faults(faults, Some(requests));
    }

    /// API requests received so far (faulted ones included; pictures and
    /// admin calls not), so tests can count a client's attempts.
    pub fn api_requests(&self) -> u64 {
        *self.shared.api_requests.borrow()
    }

    /// Waits until `count` API requests have arrived in all (faulted ones
    /// included), or `within` has passed; says whether they arrived. Tests
    /// wait on this rather than sleeping until a request is "surely" in flight.
    pub async fn wait_for_api_requests(&self, count: u64, within: Duration) -> bool {
        let mut seen = self.shared.api_requests.subscribe();
        let outcome = tokio::time::timeout(within, seen.wait_for(|n| *n >= count)).await;
        matches!(outcome, Ok(Ok(_)))
    }

    /// Stops the sandbox's clock for QPS windows, the daily quota and
    /// bearer-token expiry where it is: from now on only `advance_clock` moves
    /// it, so calls a test makes "within one second" stay in one QPS window
    /// however slow the machine is. The TOP timestamp check keeps the wall clock.
    pub fn stop_clock(&self) {
        let mut clock = lock(&self.shared.clock);
        if clock.stopped_at.is_none() {
            clock.stopped_at = Some((Instant::now(), chrono::Utc::now()));
        }
    }

    /// Moves the sandbox's clock forward by `by` for QPS windows, the daily
    /// quota (which resets at midnight in China) and bearer-token expiry, so a
    /// test sees a second, a day or a token's lifetime pass without waiting.
    /// The TOP timestamp check is not moved (see `Shared::now`).
    pub fn advance_clock(&self, by: Duration) {
        let mut clock = lock(&self.shared.clock);
        clock.ahead = clock.ahead.saturating_add(by);
    }

    pub fn faults(&self) -> FaultConfig {
        lock(&self.shared.faults).clone()
    }

    /// Replaces the caller whitelist (`None` allows everyone).
    pub fn set_whitelist(&self, whitelist: Whitelist) {
        *lock(&self.shared.whitelist) = whitelist;
    }

    /// Forgets all QPS windows and daily counts.
    pub fn reset_limits(&self) {
        *lock(&self.shared.limits) = Limits::default();
    }

    /// How often the OAuth endpoints granted and refused (for tests).
    pub fn oauth_counts(&self) -> crate::OAuthCounts {
        self.shared.oauth.counts()
    }

    /// Ends every OAuth refresh token issued so far.
    pub fn expire_refresh_tokens(&self) {
        self.shared.oauth.expire_refresh_tokens(self.shared.instant());
    }

    /// Makes every bearer token issued so far expired.
    pub fn expire_tokens(&self) {
        let past = self.shared.instant();
        for expiry in lock(&self.shared.tokens).values_mut() {
            *expiry = past;
        }
    }

    /// Stops accepting and ends hung requests; waits for the listener to close.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// Starts a sandbox on `config.host:config.port` (port 0 picks a free one).
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    let bind = SocketAddr::new(config.host, config.port);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| SandboxError::Bind { addr: bind.to_string(), source })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind { addr: bind.to_string(), source })?;
    let admin_token = match &config.admin_token {
        Some(fixed) => {
            check_admin_token(fixed.expose())?;
            fixed.clone()
        }
        None => new_admin_token()?,
    };
    // The index is built once per process; building it is CPU work.
    let index = tokio::task::spawn_blocking(Index::shared).await.unwrap_or_else(|_| Index::shared());
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let seed = u64::from(addr.port()) ^ 0x5A4D_B0C5;
    let shared = Arc::new(Shared {
        index,
        base_url: format!("http://{addr}"),
        faults: Mutex::new(config.faults.clone()),
        fault_budget: Mutex::new(None),
        api_requests: watch::channel(0).0,
        clock: Mutex::new(Clock::default()),
        whitelist: Mutex::new(config.whitelist.clone()),
        limits: Mutex::new(Limits::default()),
        tokens: Mutex::new(HashMap::new()),
        images: Mutex::new(ImageStore::default()),
        offer_jpegs: Mutex::new(HashMap::new()),
        oauth: Default::default(),
        rng: Mutex::new(SplitMix::new(seed)),
        next_image_id: Mutex::new(1_718_000_000_000 + u64::from(addr.port()) * 100_000),
        admin_token,
        shutdown: shutdown_rx.clone(),
        config: config.clone(),
    });
    let app = router(shared.clone(), addr);
    let mut stop = shutdown_rx;
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|v| *v).await;
            });
        if let Err(err) = serve.await {
            tracing::warn!(%err, "sandbox server stopped with an error");
        }
    });
    Ok(RunningSandbox { addr, credentials: config.credentials, shared, shutdown: shutdown_tx, task: Some(task) })
}

/// A fresh admin token: 256 bits from the operating system, as hex.
fn new_admin_token() -> Result<Sensitive<String>, SandboxError> {
    use rand::RngCore as _;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|source| SandboxError::NoRandomness { source })?;
    Ok(Sensitive::new(bytes.iter().map(|b| format!("{b:02x}")).collect()))
}

/// The `Host` values a request may carry: the address the sandbox bound
/// (`127.0.0.1:PORT`, `[::1]:PORT`) and `localhost:PORT`, lower case. Bound to
/// an unspecified address, the loopback one of its family stands for it.
fn allowed_hosts(addr: SocketAddr) -> Arc<[String]> {
    let port = addr.port();
    let mut hosts = vec![addr.to_string(), format!("localhost:{port}")];
    if addr.ip().is_unspecified() {
        let loopback = match addr.ip() {
            IpAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
            IpAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        };
        hosts.push(SocketAddr::new(loopback, port).to_string());
    }
    hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect()
}

/// Answers 421 Misdirected Request, before any handler, to a request whose
/// `Host` (or HTTP/2 `:authority`) is not this sandbox's own address: a web
/// page that rebinds its own name to 127.0.0.1 reaches the port, but its
/// requests still say its name, so it cannot drive the sandbox.
async fn check_host(State(allowed): State<Arc<[String]>>, request: Request, next: Next) -> Response {
    let names_us = |host: &str| allowed.iter().any(|a| a.eq_ignore_ascii_case(host.trim()));
    let header = request.headers().get(header::HOST).map(|h| h.to_str().map_err(|_| ()));
    let authority = request.uri().authority().map(|a| a.as_str());
    let ok = match (header, authority) {
        (None, None) | (Some(Err(())), _) => false,
        (Some(Ok(host)), authority) => names_us(host) && authority.is_none_or(names_us),
        (None, Some(authority)) => names_us(authority),
    };
    if !ok {
        let mut response =
            (StatusCode::MISDIRECTED_REQUEST, "misdirected request: Host must name this sandbox's address\n")
                .into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        return response;
    }
    next.run(request).await
}

fn router(shared: Arc<Shared>, addr: SocketAddr) -> Router {
    let api = Router::new()
        .route("/openapi/param2/1/com.alibaba.fenxiao.crossborder/product.image.upload/{app_key}", post(aop::upload))
        .route(
            "/openapi/param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery/{app_key}",
            post(aop::image_query),
        )
        .route(
            "/openapi/param2/1/com.alibaba.linkplus/alibaba.cross.similar.offer.search/{app_key}",
            post(aop::similar_offer_search),
        )
        .route(
            "/openapi/param2/2/portals.open/api/alibaba.image.search.offer.match",
            post(top::offer_match).get(top::offer_match),
        )
        .route("/openapi/param2/1/alibaba.image.search.item/2.0", post(top::search_item).get(top::search_item))
        .route("/router/rest", post(top::router).get(top::router))
        .route("/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", post(bearer::image_search))
        .merge(crate::oauth::api_routes())
        .route("/openapi/{*rest}", post(aop::unsupported).get(aop::unsupported))
        // POST only: the client secret travels in the form body, never in a URL.
        .route("/auth/requestToken", post(bearer::token))
        .route("/1688/upload_img/", post(gateway::upload))
        .route("/1688/upload_img", post(gateway::upload))
        .route("/1688/item_search_img/", get(gateway::search).post(gateway::search))
        .route("/1688/item_search_img", get(gateway::search).post(gateway::search))
        .layer(middleware::from_fn_with_state(shared.clone(), inject_faults));
    // Changing faults, limits and tokens takes the run's admin token: any
    // local process or web page can reach loopback, only the one that
    // started the sandbox knows the token.
    let admin = Router::new()
        .route("/__admin/faults", get(get_faults).post(set_faults).delete(clear_faults))
        .route("/__admin/reset", post(admin_reset))
        .route("/__admin/expire_tokens", post(admin_expire_tokens))
        .route_layer(middleware::from_fn_with_state(shared.clone(), require_admin_token));
    Router::new()
        .merge(api)
        .merge(crate::oauth::page_routes())
        .route("/img/{file}", get(offer_image))
        .merge(admin)
        // Open to all: it changes nothing and tells nothing but "up", and
        // scripts and readiness probes poll it before they have the token.
        .route("/__admin/health", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
        // Outermost, on every route and the fallback: a misdirected request
        // reaches no handler, no fault injection and no request count.
        .layer(middleware::from_fn_with_state(allowed_hosts(addr), check_host))
}

/// Whose words a path's failures are said in, for shaping injected faults.
fn dialect_of_path(path: &str) -> Dialect {
    if path.starts_with("/1688/") {
        Dialect::Gateway
    } else if path.contains("alibaba.product.imageSearch") || path.starts_with("/auth/") {
        Dialect::Bearer
    } else if path.contains("offer.match") {
        Dialect::Top(TopApi::OfferMatch)
    } else if path.contains("alibaba.image.search.item") || path.starts_with("/router/") {
        Dialect::Top(TopApi::SearchItem)
    } else {
        Dialect::Aop
    }
}

async fn inject_faults(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    shared.api_requests.send_modify(|n| *n += 1);
    let faults = shared.faults_for_request();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let dialect = dialect_of_path(request.uri().path());
    let request_id = shared.request_id();
    if shared.roll(faults.rate_429) {
        let mut response = Failure::Qps.render(dialect, &request_id);
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    }
    if shared.roll(faults.rate_500) {
        let mut response = Failure::Internal.render(dialect, &request_id);
        *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        return response;
    }
    if shared.roll(faults.rate_502) {
        return html(StatusCode::BAD_GATEWAY, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n");
    }
    if shared.roll(faults.hang_rate) {
        let mut stop = shared.shutdown.clone();
        let _ = tokio::time::timeout(Duration::from_secs(3600), stop.wait_for(|v| *v)).await;
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    if shared.roll(faults.malformed_json_rate) {
        let mut response = (StatusCode::OK, "{\"result\":{\"success\":true,\"code\":\"200\",\"result\":{\"totalRecords\":12,,\"data\":[{\"offerId\":NaN").into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
        return response;
    }
    if shared.roll(faults.html_error_rate) {
        return html(StatusCode::OK, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>系统繁忙</title></head><body><h1>系统繁忙，请稍后再试</h1><p>The system is busy, please try again later.</p></body></html>");
    }
    let truncate = shared.roll(faults.truncated_body_rate);
    let wrong_type = !truncate && shared.roll(faults.wrong_content_type_rate);
    let response = next.run(request).await;
    if truncate {
        let (parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let full_len = bytes.len();
        let half = bytes.slice(..full_len / 2);
        // Send the head and half the body, pause so they reach the client,
        // then break the connection: the client sees a reply cut off mid-body.
        let (tx, rx) = tokio::sync::mpsc::channel(2);
        tokio::spawn(async move {
            if tx.send(Ok(half)).await.is_ok() {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let _ =
                    tx.send(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected truncation"))).await;
            }
        });
        let mut response = Response::from_parts(parts, Body::from_stream(ChunkStream(rx)));
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(full_len));
        return response;
    }
    if wrong_type {
        let mut response = response;
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html;charset=GBK"));
        return response;
    }
    response
}

/// Body chunks as they are sent down a channel (the last may be an error, to cut the body).
struct ChunkStream(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl futures_core::Stream for ChunkStream {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

fn html(status: StatusCode, body: &'static str) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html;charset=utf-8"));
    response
}

fn jpeg_response(bytes: Bytes) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

async fn offer_image(State(shared): State<Arc<Shared>>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".jpg").and_then(|s| s.parse::<u64>().ok()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let rendered = tokio::task::spawn_blocking(move || shared.offer_jpeg(id)).await.ok().flatten();
    match rendered {
        Some(bytes) => jpeg_response(bytes),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Lets an admin call through only with `Authorization: Bearer <admin token>`;
/// else 401 with a JSON error that says what is missing (never a token).
async fn require_admin_token(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let refuse = |error: &str, message: &str| {
        let mut response =
            json_response(StatusCode::UNAUTHORIZED, &serde_json::json!({"error": error, "message": message}));
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"zhaohuo sandbox admin\""));
        response
    };
    let Some(given) = bearer_of(request.headers()) else {
        return refuse(
            "admin_token_missing",
            "this admin route needs the sandbox's admin token as an \"Authorization: Bearer <token>\" header \
             (zhaohuo sandbox prints it; in-process it is RunningSandbox::admin_token)",
        );
    };
    if !same_secret(given.as_bytes(), shared.admin_token.expose().as_bytes()) {
        return refuse(
            "admin_token_invalid",
            "the \"Authorization: Bearer\" token is not this sandbox's admin token (a new one is made each run)",
        );
    }
    next.run(request).await
}

/// The token of an `Authorization: Bearer <token>` header, if there is one.
fn bearer_of(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Exact comparison whose time does not depend on where the two differ (only
/// on the length, which says nothing about a 64-character token's content).
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given.iter().zip(expected).fold(0u8, |acc, (a, b)| std::hint::black_box(acc | (a ^ b))) == 0
}

async fn get_faults(State(shared): State<Arc<Shared>>) -> Json<FaultConfig> {
    Json(lock(&shared.faults).clone())
}

/// `?requests=N` limits the faults to the next N API requests.
#[derive(serde::Deserialize)]
struct FaultScope {
    requests: Option<u32>,
}

async fn set_faults(
    State(shared): State<Arc<Shared>>,
    Query(scope): Query<FaultScope>,
    Json(faults): Json<FaultConfig>,
) -> Json<FaultConfig> {
    shared.replace_faults(faults.clone(), scope.requests);
    Json(faults)
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Json<FaultConfig> {
    shared.replace_faults(FaultConfig::default(), None);
    Json(FaultConfig::default())
}

async fn admin_reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.replace_faults(FaultConfig::default(), None);
    *lock(&shared.limits) = Limits::default();
    json_response(StatusCode::OK, &serde_json::json!({"reset": true}))
}

async fn admin_expire_tokens(State(shared): State<Arc<Shared>>) -> Response {
    let past = shared.instant();
    let mut tokens = lock(&shared.tokens);
    for expiry in tokens.values_mut() {
        *expiry = past;
    }
    json_response(StatusCode::OK, &serde_json::json!({"expired": tokens.len()}))
}
