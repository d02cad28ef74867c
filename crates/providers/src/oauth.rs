//! OAuth 2 of the 1688 Open Platform (`system.oauth2`), as far as it is known
//! (`../shared/protocols-aop.md`, "OAuth"): the authorize URL, the token
//! requests and replies, and when a token must be renewed. Everything here is
//! pure (the clock is an argument); [`crate::ProviderClient`] sends the
//! requests and keeps the tokens fresh.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde_json::Value;
use zhaohuo_types::Sensitive;

use crate::error::{Fault, ProviderError};
use crate::normalize::as_text;
use crate::parse::{checked, HttpReply, Redactor};
use crate::profile::ProviderProfile;
use crate::query::Credentials;
use crate::request::{Body, HttpMethod, PreparedRequest};

/// The official gateway; profiles aimed anywhere else (the sandbox, a proxy)
/// get their authorize page from that host instead.
pub const OFFICIAL_GATEWAY: &str = "https://gw.open.1688.com";
/// The official authorize page (KDX `authorize.py`; third-party code).
pub const OFFICIAL_AUTHORIZE_URL: &str = "https://auth.1688.com/oauth/authorize";

/// An access token with less than this left is renewed before it is used, so
/// a search never starts with a token that dies half way through its pages.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(30 * 60);

/// `postponeToken` only works within 30 days of the refresh token's end
/// (SDK `AuthPostponeTokenRequest`; third-party code).
pub const POSTPONE_WINDOW: Duration = Duration::from_secs(30 * 24 * 3600);

/// The authorize page for a profile: the official one for the official
/// gateway, else `{base_url}/oauth/authorize` (the sandbox serves it there; a
/// proxy that forwards the gateway must forward this page too).
pub fn authorize_endpoint(profile: &ProviderProfile) -> String {
    let base = profile.base_url.trim_end_matches('/');
    if base.eq_ignore_ascii_case(OFFICIAL_GATEWAY) {
        OFFICIAL_AUTHORIZE_URL.to_string()
    } else {
        format!("{base}/oauth/authorize")
    }
}

/// The URL the buyer opens to approve the app: `client_id`, `site=1688`,
/// `redirect_uri`, `state` (+ `view=web`, as KDX sends it).
pub fn authorize_url(
    profile: &ProviderProfile,
    app_key: &str,
    redirect_uri: &str,
    state: &str,
) -> Result<String, ProviderError> {
    let endpoint = authorize_endpoint(profile);
    let params =
        [("client_id", app_key), ("site", "1688"), ("redirect_uri", redirect_uri), ("state", state), ("view", "web")];
    reqwest::Url::parse_with_params(&endpoint, params).map(|u| u.to_string()).map_err(|e| {
        ProviderError::InvalidProfile { profile: profile.id.clone(), reason: format!("bad authorize URL: {e}") }
    })
}

/// What a token request asks for.
#[derive(Clone, Copy)]
pub enum GrantRequest<'a> {
    /// `grant_type=authorization_code` with the code from the redirect.
    Code { code: &'a str, redirect_uri: &'a str },
    /// `grant_type=refresh_token`.
    Refresh { refresh_token: &'a str },
    /// `system.oauth2/postponeToken`: renews the refresh token near its end.
    Postpone { refresh_token: &'a str, access_token: &'a str },
}

/// The token endpoint request for `grant`. Unsigned, as the SDK sends it
/// (`common/AuthGetTokenRequest.py`). The code exchange goes to
/// `openapi/http/1/…` (JSDK, KDX); refresh and postpone to `openapi/param2/1/…`
/// (third-party code); the sandbox accepts both prefixes for every grant.
pub fn token_request(profile: &ProviderProfile, creds: &Credentials, grant: GrantRequest<'_>) -> PreparedRequest {
    let base = profile.base_url.trim_end_matches('/');
    let key = &creds.app_key;
    let client =
        [("client_id".to_string(), key.clone()), ("client_secret".to_string(), creds.app_secret.expose().clone())];
    let (url, mut form) = match grant {
        GrantRequest::Code { code, redirect_uri } => (
            format!("{base}/openapi/http/1/system.oauth2/getToken/{key}"),
            vec![
                ("grant_type".to_string(), "authorization_code".to_string()),
                ("need_refresh_token".to_string(), "true".to_string()),
                ("redirect_uri".to_string(), redirect_uri.to_string()),
                ("code".to_string(), code.to_string()),
            ],
        ),
        GrantRequest::Refresh { refresh_token } => (
            format!("{base}/openapi/param2/1/system.oauth2/getToken/{key}"),
            vec![
                ("grant_type".to_string(), "refresh_token".to_string()),
                ("refresh_token".to_string(), refresh_token.to_string()),
            ],
        ),
        GrantRequest::Postpone { refresh_token, access_token } => (
            format!("{base}/openapi/param2/1/system.oauth2/postponeToken/{key}"),
            vec![
                ("refresh_token".to_string(), refresh_token.to_string()),
                ("access_token".to_string(), access_token.to_string()),
            ],
        ),
    };
    form.extend(client);
    PreparedRequest { method: HttpMethod::Post, url, query: Vec::new(), body: Body::Form(form), bearer: None }
}

/// The tokens of one sign-in and what is known of their lifetimes. A token
/// pasted by hand has no refresh token and (usually) no known end.
#[derive(Clone, PartialEq)]
pub struct TokenGrant {
    pub access_token: Sensitive<String>,
    /// `None`: not known to expire (a self-use app's console token).
    pub access_expires_at: Option<DateTime<Utc>>,
    pub refresh_token: Option<Sensitive<String>>,
    pub refresh_expires_at: Option<DateTime<Utc>>,
    /// `memberId` (else `resource_owner`) of the buyer who approved.
    pub member_id: Option<String>,
    pub ali_id: Option<String>,
    /// When this process received the access token (`None` when read back
    /// from the keychain): a token issued with less than the refresh margin
    /// to live is then renewed at half its life, not before every call.
    pub obtained_at: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for TokenGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenGrant")
            .field("access_expires_at", &self.access_expires_at)
            .field("refresh_token", &self.refresh_token.is_some())
            .field("refresh_expires_at", &self.refresh_expires_at)
            .field("member_id", &self.member_id)
            .finish_non_exhaustive()
    }
}

impl TokenGrant {
    /// A token given by hand: never refreshed, used until the gateway says no.
    pub fn pasted(access_token: Sensitive<String>) -> Self {
        Self {
            access_token,
            access_expires_at: None,
            refresh_token: None,
            refresh_expires_at: None,
            member_id: None,
            ali_id: None,
            obtained_at: None,
        }
    }

    /// This grant renewed by `fresh`: a refresh reply may leave out the
    /// refresh token, its end and the member (protocols-aop.md open question
    /// 7: whether refresh returns a new refresh token is not known), so those
    /// are kept from before when absent.
    pub fn renewed_by(&self, fresh: TokenGrant) -> TokenGrant {
        let new_refresh = fresh.refresh_token.is_some();
        TokenGrant {
            access_token: fresh.access_token,
            access_expires_at: fresh.access_expires_at,
            refresh_expires_at: match (fresh.refresh_expires_at, new_refresh) {
                (Some(at), _) => Some(at),
                // A new refresh token without a stated end: its end is unknown, not the old one's.
                (None, true) => None,
                (None, false) => self.refresh_expires_at,
            },
            refresh_token: fresh.refresh_token.or_else(|| self.refresh_token.clone()),
            member_id: fresh.member_id.or_else(|| self.member_id.clone()),
            ali_id: fresh.ali_id.or_else(|| self.ali_id.clone()),
            obtained_at: fresh.obtained_at,
        }
    }

    /// Whether the refresh token can still be used at `now`.
    pub fn can_refresh(&self, now: DateTime<Utc>) -> bool {
        self.refresh_token.is_some() && self.refresh_expires_at.is_none_or(|end| now < end)
    }
}

/// What to do with a grant before a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAction {
    /// The access token is good for a while (or its end is unknown).
    Use,
    /// Under [`REFRESH_MARGIN`] left (or gone) and the refresh token works.
    Refresh,
    /// The access token is gone and cannot be renewed: sign in again.
    SignInAgain,
}

/// Decides, at `now`, whether `grant`'s access token is used as it is.
pub fn plan(grant: &TokenGrant, now: DateTime<Utc>) -> TokenAction {
    let Some(end) = grant.access_expires_at else { return TokenAction::Use };
    let mut margin = TimeDelta::from_std(REFRESH_MARGIN).unwrap_or(TimeDelta::zero());
    if let Some(got) = grant.obtained_at.filter(|got| end > *got) {
        margin = margin.min((end - got) / 2);
    }
    if end - now >= margin {
        TokenAction::Use
    } else if grant.can_refresh(now) {
        TokenAction::Refresh
    } else if now < end {
        // Cannot renew: use what is left of it.
        TokenAction::Use
    } else {
        TokenAction::SignInAgain
    }
}

/// Whether `postponeToken` should renew the refresh token now: it works, and
/// it ends within [`POSTPONE_WINDOW`].
pub fn wants_postpone(grant: &TokenGrant, now: DateTime<Utc>) -> bool {
    let window = TimeDelta::from_std(POSTPONE_WINDOW).unwrap_or(TimeDelta::zero());
    grant.can_refresh(now) && grant.refresh_expires_at.is_some_and(|end| end - now < window)
}

/// `refresh_token_timeout` as 1688 writes it, `yyyyMMddHHmmssSSS+0800`
/// (JSDK `AuthorizationToken`); also a millisecond epoch, which some
/// third-party clients show (accepted too: which one a reply holds is not
/// documented).
pub fn parse_timeout(value: &Value) -> Option<DateTime<Utc>> {
    let text = as_text(value)?;
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_str(text, "%Y%m%d%H%M%S%3f%z") {
        return Some(at.with_timezone(&Utc));
    }
    if text.len() == 14 || text.len() == 17 {
        // No zone: 1688 means China time.
        let fmt = if text.len() == 17 { "%Y%m%d%H%M%S%3f" } else { "%Y%m%d%H%M%S" };
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, fmt) {
            return Some(naive.and_utc() - TimeDelta::hours(8));
        }
    }
    let ms: i64 = text.parse().ok()?;
    DateTime::from_timestamp_millis(ms)
}

fn seconds(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        other => as_text(other)?.trim().parse().ok(),
    }
}

/// Reads a `getToken` / `postponeToken` reply received at `now`: tokens,
/// `expires_in` (seconds, a string such as "36000" or a number),
/// `refresh_token_timeout`, `memberId`/`resource_owner`, `aliId`. Error
/// replies are classified like any other gateway reply.
pub fn parse_grant(
    profile: &ProviderProfile,
    reply: &HttpReply,
    redactor: &Redactor,
    now: DateTime<Utc>,
) -> Result<TokenGrant, ProviderError> {
    let v = checked(profile, reply, redactor)?;
    let text = |k: &str| v.get(k).and_then(as_text).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let Some(access) = text("access_token") else {
        return Err(ProviderError::MalformedResponse(Fault {
            profile: profile.id.clone(),
            status: Some(reply.status),
            detail: "no access_token in the token reply".into(),
            ..Fault::default()
        }));
    };
    let access_expires_at = v.get("expires_in").and_then(seconds).map(|s| now + TimeDelta::seconds(s.max(0)));
    Ok(TokenGrant {
        access_token: Sensitive::new(access),
        access_expires_at,
        refresh_token: text("refresh_token").map(Sensitive::new),
        refresh_expires_at: v.get("refresh_token_timeout").and_then(parse_timeout),
        member_id: text("memberId").or_else(|| text("resource_owner")),
        ali_id: text("aliId"),
        obtained_at: Some(now),
    })
}

/// A boxed future, for the object-safe [`TokenSink`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a sink could not keep a grant (a keychain error, usually).
pub type SinkError = Box<dyn StdError + Send + Sync>;

/// Where renewed tokens are kept (the keychain, in the app). The client calls
/// it after every refresh or postpone, before using the new token; a failure
/// is logged and the search goes on with the token in memory.
pub trait TokenSink: Send + Sync {
    fn save(&self, grant: TokenGrant) -> BoxFuture<'static, Result<(), SinkError>>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::builtin_profile;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).single().unwrap_or_default()
    }

    fn grant(access_min: Option<i64>, refresh_days: Option<i64>) -> TokenGrant {
        TokenGrant {
            access_token: Sensitive::new("a".into()),
            access_expires_at: access_min.map(|m| now() + TimeDelta::minutes(m)),
            refresh_token: refresh_days.map(|_| Sensitive::new("r".into())),
            refresh_expires_at: refresh_days.map(|d| now() + TimeDelta::days(d)),
            member_id: None,
            ali_id: None,
            obtained_at: None,
        }
    }

    #[test]
    fn authorize_url_for_the_official_gateway_and_for_any_other_host() {
        let p = builtin_profile("1688-open").expect("builtin");
        let url = authorize_url(&p, "123", "http://127.0.0.1:17688/callback", "s t").expect("url");
        assert!(url.starts_with("https://auth.1688.com/oauth/authorize?client_id=123&site=1688&redirect_uri=http%3A%2F%2F127.0.0.1%3A17688%2Fcallback&state=s+t"), "{url}");
        let local = p.with_base_url("http://127.0.0.1:9/");
        assert!(authorize_url(&local, "1", "x", "y").expect("url").starts_with("http://127.0.0.1:9/oauth/authorize?"));
    }

    #[test]
    fn token_requests_carry_the_grant() {
        let p = builtin_profile("1688-open").expect("builtin");
        let c = Credentials::new("123", "sec");
        let r = token_request(&p, &c, GrantRequest::Code { code: "C", redirect_uri: "R" });
        assert_eq!(r.url, "https://gw.open.1688.com/openapi/http/1/system.oauth2/getToken/123");
        assert_eq!(r.param("grant_type"), Some("authorization_code"));
        assert_eq!(r.param("need_refresh_token"), Some("true"));
        assert_eq!(r.param("client_secret"), Some("sec"));
        let r = token_request(&p, &c, GrantRequest::Refresh { refresh_token: "RT" });
        assert_eq!(r.url, "https://gw.open.1688.com/openapi/param2/1/system.oauth2/getToken/123");
        assert_eq!((r.param("grant_type"), r.param("refresh_token")), (Some("refresh_token"), Some("RT")));
        let r = token_request(&p, &c, GrantRequest::Postpone { refresh_token: "RT", access_token: "AT" });
        assert!(r.url.ends_with("system.oauth2/postponeToken/123"));
        assert_eq!(r.param("access_token"), Some("AT"));
    }

    #[test]
    fn plan_refreshes_under_thirty_minutes_and_never_with_a_dead_refresh_token() {
        assert_eq!(plan(&grant(Some(31), Some(100)), now()), TokenAction::Use);
        assert_eq!(plan(&grant(Some(29), Some(100)), now()), TokenAction::Refresh);
        assert_eq!(plan(&grant(Some(-5), Some(100)), now()), TokenAction::Refresh);
        assert_eq!(plan(&grant(Some(10), None), now()), TokenAction::Use, "no refresh token: use what is left");
        assert_eq!(plan(&grant(Some(-1), None), now()), TokenAction::SignInAgain);
        assert_eq!(plan(&grant(Some(-1), Some(-1)), now()), TokenAction::SignInAgain);
        assert_eq!(plan(&grant(None, None), now()), TokenAction::Use, "a pasted token has no known end");
        // A gateway that issues 20-minute tokens: renewed at half their life, not before every call.
        let mut short = grant(Some(20), Some(100));
        short.obtained_at = Some(now());
        assert_eq!(plan(&short, now()), TokenAction::Use);
        assert_eq!(plan(&short, now() + TimeDelta::minutes(11)), TokenAction::Refresh);
    }

    #[test]
    fn postpone_only_within_thirty_days_of_the_end() {
        assert!(!wants_postpone(&grant(Some(600), Some(31)), now()));
        assert!(wants_postpone(&grant(Some(600), Some(29)), now()));
        assert!(!wants_postpone(&grant(Some(600), Some(-1)), now()), "too late: sign in again");
        assert!(!wants_postpone(&grant(Some(600), None), now()));
    }

    #[test]
    fn timeouts_in_every_form_seen() {
        let at = Utc.with_ymd_and_hms(2027, 5, 30, 2, 0, 0).single();
        assert_eq!(parse_timeout(&Value::from("20270530100000000+0800")), at);
        assert_eq!(parse_timeout(&Value::from("20270530100000000")), at);
        assert_eq!(parse_timeout(&Value::from("20270530100000")), at);
        let ms = at.map(|a| a.timestamp_millis()).unwrap_or_default();
        assert_eq!(parse_timeout(&Value::from(ms)), at);
        assert_eq!(parse_timeout(&Value::from("soon")), None);
    }

    #[test]
    fn grants_parse_with_string_or_number_lifetimes_and_renew_keeping_what_is_left_out() {
        let p = builtin_profile("1688-open").expect("builtin");
        let body = r#"{"access_token":"AT1","refresh_token":"RT1","expires_in":"36000","refresh_token_timeout":"20270530100000000+0800","memberId":"b2b-42","aliId":"7","resource_owner":"buyer"}"#;
        let g = parse_grant(&p, &HttpReply::json(200, body), &Redactor::default(), now()).expect("grant");
        assert_eq!(g.access_token.expose(), "AT1");
        assert_eq!(g.access_expires_at, Some(now() + TimeDelta::hours(10)));
        assert_eq!(g.member_id.as_deref(), Some("b2b-42"));
        let fresh = parse_grant(
            &p,
            &HttpReply::json(200, r#"{"access_token":"AT2","expires_in":600}"#),
            &Redactor::default(),
            now(),
        )
        .expect("grant");
        let renewed = g.renewed_by(fresh);
        assert_eq!(renewed.access_token.expose(), "AT2");
        assert_eq!(renewed.refresh_token.as_ref().map(|t| t.expose().as_str()), Some("RT1"));
        assert_eq!(renewed.refresh_expires_at, g.refresh_expires_at);
        assert_eq!(renewed.member_id.as_deref(), Some("b2b-42"));
        assert!(!format!("{renewed:?}").contains("AT2"), "Debug never shows a token");
        let missing = parse_grant(&p, &HttpReply::json(200, r#"{"expires_in":1}"#), &Redactor::default(), now());
        assert!(matches!(missing, Err(ProviderError::MalformedResponse(_))));
    }
}
