//! 1688's OAuth 2 as the sandbox plays it (`../shared/protocols-aop.md`,
//! "OAuth"): an authorize page that approves at once and redirects back with
//! `code` and `state`, `system.oauth2/getToken` for `authorization_code` and
//! `refresh_token`, and `system.oauth2/postponeToken`. Lifetimes come from
//! [`crate::SandboxConfig`] and run on the sandbox's clock, so tests expire
//! tokens by moving it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{FixedOffset, TimeDelta, Utc};
use serde_json::json;

use crate::failure::json_response;
use crate::families::{require_form_body, FORM};
use crate::server::Shared;

/// An authorization code is single-use and short-lived (2–10 min, third-party code).
const CODE_TTL: Duration = Duration::from_secs(10 * 60);

/// The member every sandbox sign-in is for.
pub const SANDBOX_MEMBER_ID: &str = "b2b-2208857561234sandbox";

struct Code {
    redirect_uri: String,
    expires: Instant,
}

/// How often each OAuth call succeeded, for tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OAuthCounts {
    pub authorized: u32,
    pub codes_exchanged: u32,
    pub refreshed: u32,
    pub postponed: u32,
    /// Token requests refused (bad code, expired refresh token, …).
    pub refused: u32,
}

/// Codes and refresh tokens issued by this sandbox (access tokens join the
/// shared token table that every family's token check reads).
#[derive(Default)]
pub(crate) struct OAuthState {
    codes: Mutex<HashMap<String, Code>>,
    refresh: Mutex<HashMap<String, Instant>>,
    counts: Mutex<OAuthCounts>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl OAuthState {
    pub(crate) fn counts(&self) -> OAuthCounts {
        *lock(&self.counts)
    }

    /// Ends every refresh token now (a test's "six months later").
    pub(crate) fn expire_refresh_tokens(&self, now: Instant) {
        for end in lock(&self.refresh).values_mut() {
            *end = now;
        }
    }
}

/// The API routes (behind fault injection, like every gateway call). Both
/// URL prefixes are served for every grant: the SDK and the JSDK disagree
/// (`openapi/http/1/…` vs `openapi/param2/1/…`), and both are said to work.
pub(crate) fn api_routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/openapi/http/1/system.oauth2/getToken/{app_key}", post(get_token))
        .route("/openapi/param2/1/system.oauth2/getToken/{app_key}", post(get_token))
        .route("/openapi/http/1/system.oauth2/postponeToken/{app_key}", post(postpone_token))
        .route("/openapi/param2/1/system.oauth2/postponeToken/{app_key}", post(postpone_token))
}

/// The authorize page (not an API call: no faults).
pub(crate) fn page_routes() -> Router<Arc<Shared>> {
    Router::new().route("/oauth/authorize", get(authorize))
}

fn html(status: StatusCode, text: &str) -> Response {
    let body = format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{text}</title></head><body><h1>{text}</h1></body></html>");
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html;charset=utf-8"));
    response
}

/// `GET /oauth/authorize?client_id&site=1688&redirect_uri&state`: the buyer
/// "approves" at once, and the browser is sent to `redirect_uri?code=…&state=…`.
/// The real page's refusals are kept: no `redirect_uri` → 缺少必要参数, an
/// unknown app → 非法请求 (KDX notes).
async fn authorize(State(shared): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(redirect) = q.get("redirect_uri").map(|s| s.trim()).filter(|s| !s.is_empty()) else {
        return html(StatusCode::BAD_REQUEST, "缺少必要参数");
    };
    if q.get("client_id").map(String::as_str) != Some(shared.config.credentials.app_key.as_str())
        || !(redirect.starts_with("http://") || redirect.starts_with("https://"))
    {
        return html(StatusCode::BAD_REQUEST, "非法请求");
    }
    let code = format!("code-{}", shared.random_hex(12));
    lock(&shared.oauth.codes)
        .insert(code.clone(), Code { redirect_uri: redirect.to_string(), expires: shared.instant() + CODE_TTL });
    lock(&shared.oauth.counts).authorized += 1;
    let mut target = reqwest_like_append(redirect, "code", &code);
    if let Some(state) = q.get("state") {
        target = reqwest_like_append(&target, "state", state);
    }
    let mut response = StatusCode::FOUND.into_response();
    match HeaderValue::from_str(&target) {
        Ok(location) => {
            response.headers_mut().insert(header::LOCATION, location);
            response
        }
        Err(_) => html(StatusCode::BAD_REQUEST, "非法请求"),
    }
}

/// `url` with `key=value` added to its query (percent-encoded).
fn reqwest_like_append(url: &str, key: &str, value: &str) -> String {
    let pair = serde_urlencoded::to_string([(key, value)]).unwrap_or_default();
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    match fragment {
        Some(f) => format!("{base}{sep}{pair}#{f}"),
        None => format!("{base}{sep}{pair}"),
    }
}

/// An OAuth refusal: HTTP 400 with `error`/`error_description` (RFC 6749), and
/// the gateway's `error_code`/`error_message` too, since which of the two the
/// real gateway sends for a bad grant is not documented.
fn refuse(shared: &Shared, status: StatusCode, error: &str, description: &str) -> Response {
    lock(&shared.oauth.counts).refused += 1;
    json_response(
        status,
        &json!({
            "error": error,
            "error_description": description,
            "error_code": error,
            "error_message": description,
            "request_id": shared.request_id(),
        }),
    )
}

fn form(uri: &Uri, body: &[u8]) -> HashMap<String, String> {
    let mut params: HashMap<String, String> =
        uri.query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    if let Ok(body) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
        params.extend(body);
    }
    params
}

/// `yyyyMMddHHmmssSSS+0800`, as 1688 writes `refresh_token_timeout`.
fn china_time(in_: Duration) -> String {
    let end = Utc::now() + TimeDelta::from_std(in_).unwrap_or(TimeDelta::MAX);
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => end.with_timezone(&tz).format("%Y%m%d%H%M%S%3f%z").to_string(),
        None => end.format("%Y%m%d%H%M%S%3f+0000").to_string(),
    }
}

/// Checks the app key in the path and `client_id`/`client_secret` in the form.
/// `Some(refusal)` when the client is not this sandbox's app.
/// What both token endpoints check first: a form body, then the client's key and secret.
fn token_call(
    shared: &Shared,
    app_key: &str,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<HashMap<String, String>, Box<Response>> {
    if let Err(refused) = require_form_body(headers, body, FORM) {
        return Err(Box::new(refuse(shared, StatusCode::BAD_REQUEST, "invalid_request", &refused.message())));
    }
    let params = form(uri, body);
    match check_client(shared, app_key, &params) {
        Some(refused) => Err(Box::new(refused)),
        None => Ok(params),
    }
}

fn check_client(shared: &Shared, app_key: &str, params: &HashMap<String, String>) -> Option<Response> {
    let creds = &shared.config.credentials;
    let id_ok = app_key == creds.app_key && params.get("client_id").is_some_and(|c| *c == creds.app_key);
    // Exact (case matters for a secret), compared without short-circuiting.
    let secret_ok = params.get("client_secret").is_some_and(|given| {
        let (a, b) = (given.as_bytes(), creds.app_secret.expose().as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    });
    (!(id_ok && secret_ok))
        .then(|| refuse(shared, StatusCode::UNAUTHORIZED, "invalid_client", "client_id or client_secret is wrong"))
}

/// A new access token in the shared table every token check reads.
fn new_access_token(shared: &Shared) -> (String, Duration) {
    let ttl = shared.config.oauth_access_ttl;
    let token = format!("at-{}", shared.random_hex(16));
    shared.grant_token(token.clone(), shared.instant() + ttl);
    (token, ttl)
}

async fn get_token(
    State(shared): State<Arc<Shared>>,
    Path(app_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match token_call(&shared, &app_key, &uri, &headers, &body) {
        Ok(params) => params,
        Err(refused) => return *refused,
    };
    let now = shared.instant();
    match params.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = params.get("code").map(String::as_str).unwrap_or_default();
            let Some(issued) = lock(&shared.oauth.codes).remove(code) else {
                return refuse(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "code is invalid or already used");
            };
            if issued.expires <= now {
                return refuse(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "code has expired");
            }
            if params.get("redirect_uri").map(String::as_str) != Some(issued.redirect_uri.as_str()) {
                return refuse(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "redirect_uri does not match");
            }
            let (access, ttl) = new_access_token(&shared);
            let mut reply = json!({
                "aliId": "2208857561234",
                "resource_owner": "zhaohuo-sandbox-buyer",
                "memberId": SANDBOX_MEMBER_ID,
                // A string, as the real gateway writes it.
                "expires_in": ttl.as_secs().to_string(),
                "access_token": access,
            });
            if params.get("need_refresh_token").is_some_and(|v| v == "true") {
                let refresh = format!("rt-{}", shared.random_hex(16));
                let refresh_ttl = shared.config.oauth_refresh_ttl;
                lock(&shared.oauth.refresh).insert(refresh.clone(), now + refresh_ttl);
                reply["refresh_token"] = json!(refresh);
                reply["refresh_token_timeout"] = json!(china_time(refresh_ttl));
            }
            lock(&shared.oauth.counts).codes_exchanged += 1;
            json_response(StatusCode::OK, &reply)
        }
        Some("refresh_token") => {
            let refresh = params.get("refresh_token").map(String::as_str).unwrap_or_default();
            let end = lock(&shared.oauth.refresh).get(refresh).copied();
            match end {
                None => refuse(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "refresh_token is invalid"),
                Some(end) if end <= now => {
                    refuse(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "refresh_token has expired")
                }
                Some(_) => {
                    let (access, ttl) = new_access_token(&shared);
                    lock(&shared.oauth.counts).refreshed += 1;
                    // No new refresh token: whether the real one sends one is not
                    // known (open question 7); clients keep the one they have.
                    json_response(
                        StatusCode::OK,
                        &json!({
                            "aliId": "2208857561234",
                            "resource_owner": "zhaohuo-sandbox-buyer",
                            "memberId": SANDBOX_MEMBER_ID,
                            "expires_in": ttl.as_secs().to_string(),
                            "access_token": access,
                        }),
                    )
                }
            }
        }
        Some(other) => refuse(&shared, StatusCode::BAD_REQUEST, "unsupported_grant_type", other),
        None => refuse(&shared, StatusCode::BAD_REQUEST, "invalid_request", "grant_type is missing"),
    }
}

/// `postponeToken`: a refresh token within 30 days of its end gets a new
/// full lifetime; earlier it is refused, as the real one is.
async fn postpone_token(
    State(shared): State<Arc<Shared>>,
    Path(app_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match token_call(&shared, &app_key, &uri, &headers, &body) {
        Ok(params) => params,
        Err(refused) => return *refused,
    };
    if shared.check_access_token(params.get("access_token").map(String::as_str)).is_err() {
        return refuse(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "access_token is invalid");
    }
    let now = shared.instant();
    let refresh = params.get("refresh_token").cloned().unwrap_or_default();
    let mut table = lock(&shared.oauth.refresh);
    let window = Duration::from_secs(30 * 24 * 3600);
    match table.get(&refresh).copied() {
        Some(end) if end > now && end.duration_since(now) < window => {
            let ttl = shared.config.oauth_refresh_ttl;
            table.insert(refresh.clone(), now + ttl);
            drop(table);
            lock(&shared.oauth.counts).postponed += 1;
            json_response(
                StatusCode::OK,
                &json!({"refresh_token": refresh, "refresh_token_timeout": china_time(ttl), "memberId": SANDBOX_MEMBER_ID}),
            )
        }
        Some(end) if end > now => {
            drop(table);
            refuse(
                &shared,
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "only within 30 days of the refresh token's end",
            )
        }
        _ => {
            drop(table);
            refuse(&shared, StatusCode::BAD_REQUEST, "invalid_grant", "refresh_token is invalid or expired")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_keep_their_query_and_fragment() {
        assert_eq!(reqwest_like_append("http://127.0.0.1:1/cb", "code", "a b"), "http://127.0.0.1:1/cb?code=a+b");
        assert_eq!(reqwest_like_append("https://x/cb?v=1#f", "state", "s"), "https://x/cb?v=1&state=s#f");
    }

    #[test]
    fn refresh_timeouts_are_written_in_china_time() {
        let text = china_time(Duration::ZERO);
        assert_eq!(text.len(), "20270530100000000+0800".len(), "{text}");
        assert!(text.ends_with("+0800"));
    }
}
