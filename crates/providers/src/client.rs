//! The HTTP client: rate limiting shared per profile, daily quota, retries
//! with backoff for transient failures only, upload caching, pagination,
//! dedupe and local filters/sorts.

mod probe;
mod tokens;

pub use probe::{Capability, Probe};

use std::collections::{HashMap, HashSet};
use std::num::NonZeroU32;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde::Serialize;
use ts_rs::TS;
use zhaohuo_types::{Offer, Sensitive};

use crate::error::{Fault, ProviderError};
use crate::local::{apply_filters, dedupe, sort_offers};
use crate::oauth::{TokenGrant, TokenSink};
use crate::parse::{
    parse_aop_upload, parse_search, parse_token, parse_url_upload, snippet, HttpReply, ParsedPage, PicRegion, Redactor,
};
use crate::profile::{Api, ProviderProfile};
use crate::query::{Credentials, FilterKey, ImagePayload, SearchQuery};
use crate::request::{self, Body, HttpMethod, PreparedRequest};

/// Largest logical page `search` assembles from provider pages.
pub const MAX_LOGICAL_PAGE: u32 = 200;

/// Offers the AOP image search serves per query at most: about 2,000
/// (`totalRecords` stops there; third-party notes, unverified). No page past
/// it is asked for.
pub const AOP_MAX_OFFERS: u64 = 2000;

/// Retries after the first attempt never exceed this, whatever a policy says:
/// more only spends quota on a provider that is not coming back soon.
pub const MAX_RETRIES: u32 = 3;

/// How transient failures are retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (at most [`MAX_RETRIES`] are made).
    pub max_retries: u32,
    /// First backoff; doubles each retry up to `max_delay`, then up to half of it is added as jitter.
    pub base_delay: Duration,
    /// Longest backoff before jitter; a longer `Retry-After` is returned to the caller instead.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// The wait before retry `attempt` (0-based), `jitter` in `[0, 1]`:
    /// `base × 2^attempt` capped at `max_delay`, raised to the provider's
    /// `Retry-After`, plus up to half of that. Jitter comes after the cap so
    /// clients that all reached the cap still spread out. `None` when the
    /// provider asks for longer than `max_delay`: the caller is told rather
    /// than kept waiting.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>, jitter: f64) -> Option<Duration> {
        if retry_after.is_some_and(|h| h > self.max_delay) {
            return None;
        }
        let capped = self.base_delay.saturating_mul(2u32.saturating_pow(attempt)).min(self.max_delay);
        let wait = capped.max(retry_after.unwrap_or_default());
        let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.0 };
        Some(wait.saturating_add(wait.mul_f64(0.5 * jitter)))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 3, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(20) }
    }
}

/// Connection settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    /// Whole request, including reading the reply.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

/// One page of normalised results.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    pub profile: String,
    pub offers: Vec<Offer>,
    /// Matches the provider reports, when it does.
    pub total: Option<u64>,
    pub page: u32,
    pub page_size: u32,
    /// Whether asking for the next page may return more.
    pub has_more: bool,
    pub request_ids: Vec<String>,
    /// HTTP calls made (uploads, token, retries included).
    pub calls: u32,
    /// Filters the provider applied itself.
    pub filters_remote: Vec<FilterKey>,
    /// Filters applied here because the provider cannot.
    pub filters_local: Vec<FilterKey>,
    /// Whether the provider did the sort (otherwise it was done here).
    pub sort_remote: bool,
    /// Offers removed by local filters.
    pub filtered_out: u32,
    /// The part of the photo the provider searched and the parts it found
    /// (AOP `picRegionInfo`), when it says.
    pub pic_region: Option<PicRegion>,
}

/// Upload results (AOP `imageId`, gateway image URLs) keyed by profile and
/// image hash, so every page of the same photo reuses one upload. Share one
/// cache between clients to keep it across searches.
#[derive(Debug, Default)]
pub struct UploadCache {
    entries: Mutex<HashMap<(String, String), String>>,
}

impl UploadCache {
    pub fn get(&self, profile: &str, sha256_hex: &str) -> Option<String> {
        self.entries.lock().ok()?.get(&(profile.to_string(), sha256_hex.to_string())).cloned()
    }

    pub fn put(&self, profile: &str, sha256_hex: &str, value: String) {
        if let Ok(mut map) = self.entries.lock() {
            map.insert((profile.to_string(), sha256_hex.to_string()), value);
        }
    }

    /// Forgets one upload (the provider no longer knows that image id).
    pub fn remove(&self, profile: &str, sha256_hex: &str) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(&(profile.to_string(), sha256_hex.to_string()));
        }
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Limiters are process-wide per profile id + base URL + QPS, so every client
/// and every concurrent search of one profile shares the provider's budget.
fn shared_limiter(profile: &ProviderProfile) -> Result<Arc<DefaultDirectRateLimiter>, ProviderError> {
    type Registry = Mutex<HashMap<(String, String, u64), Arc<DefaultDirectRateLimiter>>>;
    static LIMITERS: OnceLock<Registry> = OnceLock::new();
    let period = Duration::from_secs_f64(1.0 / profile.qps);
    let burst = NonZeroU32::new(profile.qps.floor().max(1.0) as u32).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(period)
        .ok_or_else(|| ProviderError::InvalidProfile { profile: profile.id.clone(), reason: "QPS too high".into() })?
        .allow_burst(burst);
    let key = (profile.id.clone(), profile.base_url.clone(), profile.qps.to_bits());
    let map = LIMITERS.get_or_init(Default::default);
    let mut map = map.lock().map_err(|_| ProviderError::InvalidProfile {
        profile: profile.id.clone(),
        reason: "rate limiter state poisoned".into(),
    })?;
    Ok(map.entry(key).or_insert_with(|| Arc::new(RateLimiter::direct(quota))).clone())
}

/// Today's calls, counted on the GMT+8 calendar the quotas reset on.
#[derive(Debug)]
struct QuotaDay {
    day: NaiveDate,
    used: u32,
}

struct Inner {
    profile: ProviderProfile,
    credentials: Credentials,
    http: reqwest::Client,
    limiter: Arc<DefaultDirectRateLimiter>,
    options: ClientOptions,
    uploads: Arc<UploadCache>,
    bearer: tokio::sync::Mutex<Option<(Sensitive<String>, Option<Instant>)>>,
    quota: Mutex<QuotaDay>,
    redactor: Mutex<Redactor>,
    /// The signed-in buyer's AOP tokens (see `tokens`); `None` uses `credentials` as given.
    sign_in: tokio::sync::Mutex<Option<TokenGrant>>,
    sink: Mutex<Option<Arc<dyn TokenSink>>>,
    /// `postponeToken` is tried once per client.
    postponed: AtomicBool,
}

/// Searches one provider profile. Cheap to clone; clones share the rate
/// limiter, quota counter, token and upload cache. Dropping a `search`
/// future cancels it (no request is sent after that).
#[derive(Clone)]
pub struct ProviderClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for ProviderClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderClient").field("profile", &self.inner.profile.id).finish_non_exhaustive()
    }
}

/// What one call attempt loop produced.
struct Called<T> {
    value: T,
    calls: u32,
}

impl ProviderClient {
    pub fn new(profile: ProviderProfile, credentials: Credentials) -> Result<Self, ProviderError> {
        Self::with_options(profile, credentials, ClientOptions::default(), Arc::new(UploadCache::default()))
    }

    pub fn with_options(
        profile: ProviderProfile,
        credentials: Credentials,
        options: ClientOptions,
        uploads: Arc<UploadCache>,
    ) -> Result<Self, ProviderError> {
        profile.validate()?;
        if credentials.app_key.trim().is_empty() {
            return Err(ProviderError::BadCredentials(Fault {
                profile: profile.id.clone(),
                detail: "no app key is configured".into(),
                ..Fault::default()
            }));
        }
        let http = reqwest::Client::builder()
            .redirect(crate::limits::redirect_policy())
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(concat!("zhaohuo/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ProviderError::Network { profile: profile.id.clone(), detail: e.without_url().to_string() })?;
        let mut secrets = vec![credentials.app_secret.expose().clone()];
        if let Some(t) = &credentials.access_token {
            secrets.push(t.expose().clone());
        }
        Ok(Self {
            inner: Arc::new(Inner {
                limiter: shared_limiter(&profile)?,
                profile,
                credentials,
                http,
                options,
                uploads,
                bearer: tokio::sync::Mutex::new(None),
                quota: Mutex::new(QuotaDay { day: crate::china::today(), used: 0 }),
                redactor: Mutex::new(Redactor::new(secrets)),
                sign_in: tokio::sync::Mutex::new(None),
                sink: Mutex::new(None),
                postponed: AtomicBool::new(false),
            }),
        })
    }

    pub fn profile(&self) -> &ProviderProfile {
        &self.inner.profile
    }

    /// Calls made today (GMT+8) through this client and its clones.
    pub fn calls_today(&self) -> u32 {
        self.inner.quota.lock().map(|q| if q.day == crate::china::today() { q.used } else { 0 }).unwrap_or(0)
    }

    /// Seeds today's count (e.g. from the store after a restart).
    pub fn set_calls_today(&self, used: u32) {
        if let Ok(mut q) = self.inner.quota.lock() {
            *q = QuotaDay { day: crate::china::today(), used };
        }
    }

    fn redactor(&self) -> Redactor {
        self.inner.redactor.lock().map(|r| r.clone()).unwrap_or_default()
    }

    fn take_quota(&self) -> Result<(), ProviderError> {
        let Some(limit) = self.inner.profile.daily_quota else {
            if let Ok(mut q) = self.inner.quota.lock() {
                let today = crate::china::today();
                if q.day != today {
                    *q = QuotaDay { day: today, used: 0 };
                }
                q.used = q.used.saturating_add(1);
            }
            return Ok(());
        };
        let mut q = self.inner.quota.lock().map_err(|_| ProviderError::InvalidProfile {
            profile: self.inner.profile.id.clone(),
            reason: "quota counter poisoned".into(),
        })?;
        let today = crate::china::today();
        if q.day != today {
            *q = QuotaDay { day: today, used: 0 };
        }
        if q.used >= limit {
            return Err(ProviderError::QuotaExhausted(Fault {
                profile: self.inner.profile.id.clone(),
                detail: format!("{} of {limit} calls used today", q.used),
                ..Fault::default()
            }));
        }
        q.used += 1;
        Ok(())
    }

    /// Sends one prepared request and reads the reply.
    async fn send(&self, req: PreparedRequest) -> Result<HttpReply, ProviderError> {
        let profile = &self.inner.profile.id;
        let http = &self.inner.http;
        let mut builder = match req.method {
            HttpMethod::Get => http.get(&req.url),
            HttpMethod::Post => http.post(&req.url),
        };
        if !req.query.is_empty() {
            builder = builder.query(&req.query);
        }
        if let Some(token) = &req.bearer {
            builder = builder.bearer_auth(token);
        }
        builder = match req.body {
            Body::None => builder,
            Body::Form(form) => builder.form(&form),
            Body::Multipart { fields, file_field, file_name, mime, bytes } => {
                let mut form = reqwest::multipart::Form::new();
                for (k, v) in fields {
                    form = form.text(k, v);
                }
                let part =
                    reqwest::multipart::Part::bytes(bytes).file_name(file_name).mime_str(&mime).map_err(|e| {
                        ProviderError::InvalidProfile { profile: profile.clone(), reason: e.without_url().to_string() }
                    })?;
                builder.multipart(form.part(file_field, part))
            }
        };
        let redactor = self.redactor();
        let net_err = |e: reqwest::Error| {
            if e.is_timeout() {
                ProviderError::Timeout { profile: profile.clone() }
            } else {
                // `without_url`: gateway URLs carry the secret in the query.
                let e = e.without_url();
                let mut detail = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    detail.push_str(": ");
                    detail.push_str(&s.to_string());
                    source = s.source();
                }
                ProviderError::Network { profile: profile.clone(), detail: redactor.scrub(&detail) }
            }
        };
        let mut resp = builder.send().await.map_err(|e| match crate::limits::refused_redirect(&e) {
            Some(to) => ProviderError::Redirected { profile: profile.clone(), to: redactor.scrub(&to) },
            None => net_err(e),
        })?;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let content_type = headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(String::from);
        let retry_after =
            headers.get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        let announced = resp.content_length();
        // Counted as it streams: a gateway cannot make us hold more than its cap.
        let limit = self.inner.profile.max_reply_bytes;
        let too_large = || ProviderError::ReplyTooLarge { profile: profile.clone(), limit };
        if announced.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(announced.map_or(0, |n| n as usize));
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) if (body.len() + chunk.len()) as u64 > limit => return Err(too_large()),
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(e) if e.is_timeout() => return Err(ProviderError::Timeout { profile: profile.clone() }),
                // The provider answered, then the body stopped: a cut-off reply, not an unreachable host.
                Err(_) => {
                    let of = announced.map(|n| format!(" of {n}")).unwrap_or_default();
                    let detail = format!(
                        "the reply was cut off after {}{of} bytes: {}",
                        body.len(),
                        snippet(&String::from_utf8_lossy(&body), 120)
                    );
                    return Err(ProviderError::MalformedResponse(Fault {
                        profile: profile.clone(),
                        status: Some(status),
                        detail: redactor.scrub(&detail),
                        ..Fault::default()
                    }));
                }
            }
        }
        Ok(HttpReply { status, content_type, retry_after, body })
    }

    /// Rate-limited, quota-counted, retried call: `build` makes a fresh request
    /// per attempt (new timestamp and signature), `parse` reads the reply.
    async fn call<T>(
        &self,
        build: impl Fn() -> Result<PreparedRequest, ProviderError>,
        parse: impl Fn(&HttpReply, &Redactor) -> Result<T, ProviderError>,
    ) -> Result<Called<T>, ProviderError> {
        let mut calls = 0u32;
        let mut attempt = 0u32;
        loop {
            let req = build()?;
            self.inner.limiter.until_ready().await;
            self.take_quota()?;
            calls += 1;
            let outcome = match self.send(req).await {
                Ok(reply) => parse(&reply, &self.redactor()),
                Err(e) => Err(e),
            };
            match outcome {
                Ok(value) => return Ok(Called { value, calls }),
                Err(e) if e.is_retryable() && attempt < self.inner.options.retry.max_retries.min(MAX_RETRIES) => {
                    let Some(wait) = self.inner.options.retry.delay(attempt, e.retry_after(), rand::random::<f64>())
                    else {
                        return Err(e);
                    };
                    tracing::info!(profile = %self.inner.profile.id, kind = zhaohuo_types::ErrorKind::kind(&e).as_str(), attempt, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The bearer token, fetched with client credentials when needed.
    async fn bearer_token(
        &self,
        api: &crate::profile::BearerApi,
        force_new: bool,
    ) -> Result<Called<String>, ProviderError> {
        let mut slot = self.inner.bearer.lock().await;
        if !force_new {
            if let Some((token, expiry)) = slot.as_ref() {
                if expiry.is_none_or(|e| Instant::now() < e) {
                    return Ok(Called { value: token.expose().clone(), calls: 0 });
                }
            }
            if slot.is_none() {
                if let Some(given) = &self.inner.credentials.access_token {
                    *slot = Some((given.clone(), None));
                    return Ok(Called { value: given.expose().clone(), calls: 0 });
                }
            }
        }
        let profile = &self.inner.profile;
        let creds = &self.inner.credentials;
        let got =
            self.call(|| Ok(request::bearer_token(profile, api, creds)), |r, red| parse_token(profile, r, red)).await?;
        let (token, expires_in) = got.value;
        if let Ok(mut red) = self.inner.redactor.lock() {
            red.add(&token);
        }
        // Renew a minute early.
        let expiry = expires_in.map(|s| Instant::now() + Duration::from_secs(s.saturating_sub(60)));
        *slot = Some((Sensitive::new(token.clone()), expiry));
        Ok(Called { value: token, calls: got.calls })
    }

    /// The per-photo handle some families need before searching: AOP `imageId`
    /// or a gateway image URL; cached per profile + image hash.
    async fn image_handle(&self, image: &ImagePayload<'_>) -> Result<Called<Option<String>>, ProviderError> {
        let profile = &self.inner.profile;
        let creds = &self.inner.credentials;
        let cached = || self.inner.uploads.get(&profile.id, image.sha256_hex);
        match &profile.api {
            Api::Aop(api) => {
                if let Some(id) = cached() {
                    return Ok(Called { value: Some(id), calls: 0 });
                }
                let got = self
                    .aop_call(
                        |c| request::aop_upload(profile, api, c, image, Utc::now()),
                        |r, red| parse_aop_upload(profile, r, red),
                    )
                    .await?;
                self.inner.uploads.put(&profile.id, image.sha256_hex, got.value.clone());
                Ok(Called { value: Some(got.value), calls: got.calls })
            }
            Api::Gateway(api) => {
                let Some(path) = &api.upload_path else {
                    return Ok(Called { value: Some(image.base64.to_string()), calls: 0 });
                };
                if let Some(url) = cached() {
                    return Ok(Called { value: Some(url), calls: 0 });
                }
                let got = self
                    .call(
                        || Ok(request::gateway_upload(profile, api, path, creds, image)),
                        |r, red| parse_url_upload(profile, r, &api.upload_url_paths, red),
                    )
                    .await?;
                self.inner.uploads.put(&profile.id, image.sha256_hex, got.value.clone());
                Ok(Called { value: Some(got.value), calls: got.calls })
            }
            Api::Top(_) | Api::Bearer(_) => Ok(Called { value: None, calls: 0 }),
        }
    }

    /// One provider page.
    async fn fetch_page(
        &self,
        image: &ImagePayload<'_>,
        handle: Option<&str>,
        query: &SearchQuery,
        page: u32,
        page_size: u32,
    ) -> Result<Called<ParsedPage>, ProviderError> {
        let profile = &self.inner.profile;
        let creds = &self.inner.credentials;
        let rank_base = (page - 1).saturating_mul(page_size);
        let parse = |r: &HttpReply, red: &Redactor| parse_search(profile, r, rank_base, red);
        match &profile.api {
            Api::Aop(api) => {
                let id = handle.unwrap_or_default();
                self.aop_call(|c| request::aop_query(profile, api, c, id, query, page, page_size, Utc::now()), parse)
                    .await
            }
            Api::Top(api) => {
                self.call(|| request::top_search(profile, api, creds, image, query, page, page_size, Utc::now()), parse)
                    .await
            }
            Api::Gateway(api) => {
                let image_ref = handle.unwrap_or(image.base64);
                self.call(|| Ok(request::gateway_search(profile, api, creds, image_ref, query, page, page_size)), parse)
                    .await
            }
            Api::Bearer(api) => {
                let token = self.bearer_token(api, false).await?;
                let first = self
                    .call(
                        || Ok(request::bearer_search(profile, api, &token.value, image, query, page, page_size)),
                        parse,
                    )
                    .await;
                match first {
                    // A client-credentials token can be renewed once; a pasted one cannot.
                    Err(ProviderError::TokenExpired(_)) if self.inner.credentials.access_token.is_none() => {
                        let fresh = self.bearer_token(api, true).await?;
                        let mut again = self
                            .call(
                                || {
                                    Ok(request::bearer_search(
                                        profile,
                                        api,
                                        &fresh.value,
                                        image,
                                        query,
                                        page,
                                        page_size,
                                    ))
                                },
                                parse,
                            )
                            .await?;
                        again.calls += token.calls + fresh.calls + 1;
                        Ok(again)
                    }
                    Ok(mut ok) => {
                        ok.calls += token.calls;
                        Ok(ok)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// One page of `query.page_size` offers (the profile default when 0),
    /// fetched as one or more provider pages within the caps, deduplicated,
    /// filtered and sorted.
    pub async fn search(&self, image: ImagePayload<'_>, query: &SearchQuery) -> Result<SearchPage, ProviderError> {
        query.validate()?;
        let mut seen = HashSet::new();
        self.search_page(&image, query, &mut seen).await
    }

    /// Pages 1..=`max_pages` (within the profile's page cap), deduplicated
    /// across pages, then filtered and sorted as one list.
    pub async fn search_all(
        &self,
        image: ImagePayload<'_>,
        query: &SearchQuery,
        max_pages: u32,
    ) -> Result<SearchPage, ProviderError> {
        query.validate()?;
        let mut seen = HashSet::new();
        let mut merged: Option<SearchPage> = None;
        let mut merged_offers: Vec<Offer> = Vec::new();
        let mut q = query.clone();
        for page in 1..=max_pages.max(1) {
            q.page = page;
            let got = self.search_page_raw(&image, &q, &mut seen).await?;
            let has_more = got.0.has_more;
            merged_offers.extend(got.1);
            let calls = got.0.calls;
            let ids = got.0.request_ids.clone();
            match merged.as_mut() {
                None => merged = Some(got.0),
                Some(m) => {
                    m.calls += calls;
                    m.request_ids.extend(ids);
                    m.has_more = has_more;
                    m.page = page;
                    if m.pic_region.is_none() {
                        m.pic_region = got.0.pic_region.clone();
                    }
                }
            }
            if !has_more {
                break;
            }
        }
        let mut page = merged.unwrap_or_else(|| self.empty_page(query, 0));
        page.filtered_out = apply_filters(&mut merged_offers, &query.filters);
        sort_offers(&mut merged_offers, query.sort, &query.weights);
        page.offers = merged_offers;
        Ok(page)
    }

    /// One logical page, deduplicating against `seen` (pass the same set for
    /// successive pages of one search to drop offers already shown).
    pub async fn search_page(
        &self,
        image: &ImagePayload<'_>,
        query: &SearchQuery,
        seen: &mut HashSet<String>,
    ) -> Result<SearchPage, ProviderError> {
        query.validate()?;
        let (mut page, mut offers) = self.search_page_raw(image, query, seen).await?;
        page.filtered_out = apply_filters(&mut offers, &query.filters);
        // A provider-side sort is already in the offers' order; sorting again is harmless and covers merged pages.
        sort_offers(&mut offers, query.sort, &query.weights);
        page.offers = offers;
        Ok(page)
    }

    fn empty_page(&self, query: &SearchQuery, page_size: u32) -> SearchPage {
        let plan = request::remote_plan(&self.inner.profile, query);
        let active = query.filters.active();
        SearchPage {
            profile: self.inner.profile.id.clone(),
            offers: Vec::new(),
            total: None,
            page: query.page.max(1),
            page_size,
            has_more: false,
            request_ids: Vec::new(),
            calls: 0,
            filters_local: active.iter().filter(|k| !plan.filters.contains(k)).cloned().collect(),
            filters_remote: plan.filters,
            sort_remote: plan.sort_value.is_some(),
            filtered_out: 0,
            pic_region: None,
        }
    }

    /// Offers one query can reach: the page cap, and for AOP about 2,000.
    fn offer_cap(&self, per: u32) -> u64 {
        let profile = &self.inner.profile;
        let pages = u64::from(profile.page_cap) * u64::from(per);
        match profile.api {
            Api::Aop(_) => pages.min(AOP_MAX_OFFERS),
            _ => pages,
        }
    }

    /// Fetches and dedupes one logical page; filtering and sorting are left to the caller.
    async fn search_page_raw(
        &self,
        image: &ImagePayload<'_>,
        query: &SearchQuery,
        seen: &mut HashSet<String>,
    ) -> Result<(SearchPage, Vec<Offer>), ProviderError> {
        let profile = &self.inner.profile;
        if !profile.accepts_format(image.format) {
            return Err(ProviderError::ImageRejected(Fault {
                profile: profile.id.clone(),
                detail: format!(
                    "this API takes {} images",
                    profile.image.accepted_formats.iter().map(|f| f.extension()).collect::<Vec<_>>().join("/")
                ),
                ..Fault::default()
            }));
        }
        // At most 200 offers a logical page, so a typo cannot spend a day's quota in one search.
        let want = if query.page_size == 0 { profile.default_page_size } else { query.page_size.min(MAX_LOGICAL_PAGE) };
        let logical_page = query.page.max(1);
        // Provider pages covering offers [start, start + want).
        let per = want.min(profile.page_size_cap).max(1);
        let start = u64::from(logical_page - 1) * u64::from(want);
        let first_pp = u32::try_from(start / u64::from(per) + 1).unwrap_or(u32::MAX);
        let last_pp = u32::try_from((start + u64::from(want) - 1) / u64::from(per) + 1).unwrap_or(u32::MAX);
        let mut page = self.empty_page(query, want);
        let cap = self.offer_cap(per);
        if first_pp > profile.page_cap || start >= cap {
            return Ok((page, Vec::new()));
        }
        // The last provider page that still starts below the cap.
        let cap_pp = u32::try_from((cap - 1) / u64::from(per) + 1).unwrap_or(u32::MAX);
        let last_pp = last_pp.min(profile.page_cap).min(cap_pp);

        let mut handle = self.image_handle(image).await?;
        page.calls += handle.calls;
        let mut reuploaded = false;
        let mut collected: Vec<Offer> = Vec::new();
        let mut ended = false;
        for pp in first_pp..=last_pp {
            let got = match self.fetch_page(image, handle.value.as_deref(), query, pp, per).await {
                // A cached AOP imageId can expire on the provider: upload again, once.
                Err(e) if !reuploaded && handle.calls == 0 && is_stale_image_id(profile, &e) => {
                    reuploaded = true;
                    self.inner.uploads.remove(&profile.id, image.sha256_hex);
                    handle = self.image_handle(image).await?;
                    page.calls += handle.calls + 1;
                    self.fetch_page(image, handle.value.as_deref(), query, pp, per).await?
                }
                other => other?,
            };
            page.calls += got.calls;
            let parsed = got.value;
            if let Some(id) = parsed.request_id {
                page.request_ids.push(id);
            }
            if parsed.total.is_some() {
                page.total = parsed.total;
            }
            if parsed.pic_region.is_some() {
                page.pic_region = parsed.pic_region;
            }
            collected.extend(parsed.offers);
            if parsed.item_count < per as usize {
                ended = true;
                break;
            }
        }
        // Keep only this logical page's window of the provider pages.
        let skip = usize::try_from(start - u64::from(first_pp - 1) * u64::from(per)).unwrap_or(0);
        let mut offers: Vec<Offer> = collected.into_iter().skip(skip).take(want as usize).collect();
        dedupe(&mut offers, seen);
        let within_cap = start + u64::from(want) < cap;
        let below_total = page.total.is_none_or(|t| start + u64::from(want) < t);
        page.has_more = !ended && within_cap && below_total;
        Ok((page, offers))
    }
}

/// The AOP business error for an unknown or expired `imageId`.
fn is_stale_image_id(profile: &ProviderProfile, e: &ProviderError) -> bool {
    matches!(profile.api, Api::Aop(_))
        && matches!(e, ProviderError::BadRequest(f) if f.code.as_deref() == Some("404") || f.detail.to_ascii_lowercase().contains("imageid"))
}

/// `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&Utc) - Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_caps_then_jitters_and_honours_retry_after() {
        let policy =
            RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(2) };
        let ms = |d: Option<Duration>| d.map(|d| d.as_millis());
        assert_eq!(ms(policy.delay(0, None, 0.0)), Some(500));
        assert_eq!(ms(policy.delay(1, None, 0.0)), Some(1000));
        assert_eq!(ms(policy.delay(0, None, 1.0)), Some(750), "up to half again as jitter");
        // Capped first, then jittered: retries at the cap still spread over 2–3 s.
        assert_eq!(ms(policy.delay(5, None, 0.0)), Some(2000));
        assert_eq!(ms(policy.delay(5, None, 1.0)), Some(3000));
        assert_eq!(ms(policy.delay(40, None, 0.5)), Some(2500), "no overflow on silly attempts");
        // Retry-After is a floor, jittered like any wait; a longer one than the cap is not waited for.
        assert_eq!(ms(policy.delay(0, Some(Duration::from_secs(1)), 0.0)), Some(1000));
        assert_eq!(ms(policy.delay(0, Some(Duration::from_secs(1)), 1.0)), Some(1500));
        assert_eq!(policy.delay(0, Some(Duration::from_secs(3)), 0.0), None);
        assert_eq!(ms(policy.delay(0, None, f64::NAN)), Some(500));
        let spread: HashSet<u128> =
            (0..20).map(|i| policy.delay(5, None, f64::from(i) / 20.0).map_or(0, |d| d.as_millis())).collect();
        assert!(spread.len() > 10, "jitter varies the wait at the cap: {spread:?}");
    }

    #[test]
    fn retry_after_shapes() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
