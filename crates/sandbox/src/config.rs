//! How a sandbox is set up: whose credentials it accepts, what it limits, which
//! faults it injects.

use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use zhaohuo_types::{ErrorKind, Kind, Sensitive};

/// The key, secret and token the sandbox accepts (every family uses the same set:
/// AOP app key + secret + `access_token`; TOP `app_key` + secret; gateway
/// `key` + `secret`; bearer `client_id` + `client_secret`).
#[derive(Debug, Clone)]
pub struct DemoCredentials {
    pub app_key: String,
    pub app_secret: Sensitive<String>,
    pub access_token: Sensitive<String>,
}

/// The demo app key every build of Zhaohuo knows (not a secret: the sandbox is local).
pub const DEMO_APP_KEY: &str = "8688168";
const DEMO_APP_SECRET: &str = "zhaohuo-demo-secret-1688";
const DEMO_ACCESS_TOKEN: &str = "d3m0a1b2-5a4d-4c88-9f16-zhaohuo0demo";
/// A token the sandbox always treats as expired, to test the expired-token path.
pub const EXPIRED_ACCESS_TOKEN: &str = "e0e0e0e0-dead-4bad-8bad-expiredtoken";

/// The credentials of the built-in demo profile.
pub fn demo_credentials() -> DemoCredentials {
    DemoCredentials {
        app_key: DEMO_APP_KEY.to_owned(),
        app_secret: Sensitive::new(DEMO_APP_SECRET.to_owned()),
        access_token: Sensitive::new(DEMO_ACCESS_TOKEN.to_owned()),
    }
}

#[derive(Deserialize)]
struct CredentialsFile {
    app_key: String,
    app_secret: String,
    access_token: String,
}

impl DemoCredentials {
    /// Reads `{"app_key": …, "app_secret": …, "access_token": …}` from a JSON file.
    pub fn from_json_file(path: &Path) -> Result<DemoCredentials, SandboxError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| SandboxError::CredentialsUnreadable { path: path.display().to_string(), source })?;
        Self::from_json(&text).map_err(|err| match err {
            SandboxError::CredentialsInvalid { reason, .. } => {
                SandboxError::CredentialsInvalid { path: path.display().to_string(), reason }
            }
            other => other,
        })
    }

    /// Parses the credentials JSON text.
    pub fn from_json(text: &str) -> Result<DemoCredentials, SandboxError> {
        let parsed: CredentialsFile = serde_json::from_str(text)
            .map_err(|e| SandboxError::CredentialsInvalid { path: String::new(), reason: e.to_string() })?;
        if parsed.app_key.trim().is_empty() || parsed.app_secret.is_empty() || parsed.access_token.is_empty() {
            return Err(SandboxError::CredentialsInvalid {
                path: String::new(),
                reason: "app_key, app_secret and access_token must all be non-empty".into(),
            });
        }
        Ok(DemoCredentials {
            app_key: parsed.app_key,
            app_secret: Sensitive::new(parsed.app_secret),
            access_token: Sensitive::new(parsed.access_token),
        })
    }
}

/// Faults injected into API replies (not into `/img` or `/__admin`).
/// Rates are probabilities in `[0, 1]`; at most one fault hits a request,
/// checked in field order after the added latency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultConfig {
    /// Added to every API reply.
    pub latency_ms: u64,
    /// The family's throttle error with HTTP 429.
    pub rate_429: f64,
    /// The family's internal error with HTTP 500.
    pub rate_500: f64,
    /// An nginx-style HTML "502 Bad Gateway" page.
    pub rate_502: f64,
    /// Never answer (until the sandbox shuts down): past any client timeout.
    pub hang_rate: f64,
    /// HTTP 200 with a body that is not valid JSON.
    pub malformed_json_rate: f64,
    /// HTTP 200 with an HTML page (a WAF / captive-portal page), `text/html`.
    pub html_error_rate: f64,
    /// The real body announced with its full length but cut off half way.
    pub truncated_body_rate: f64,
    /// The real JSON body labelled `text/html;charset=GBK`.
    pub wrong_content_type_rate: f64,
}

/// Which callers may call (by IP). `None` in the config means everyone.
pub type Whitelist = Option<Vec<IpAddr>>;

/// Per-API image size caps in bytes (of the decoded image file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageCaps {
    pub aop_upload: usize,
    pub offer_match: usize,
    pub search_item: usize,
    pub gateway: usize,
    pub bearer: usize,
}

impl Default for ImageCaps {
    fn default() -> Self {
        ImageCaps {
            aop_upload: 500 * 1024,
            offer_match: 500 * 1024,
            search_item: 2 * 1024 * 1024,
            gateway: 5 * 1024 * 1024,
            bearer: 5 * 1024 * 1024,
        }
    }
}

/// Everything a sandbox instance needs.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub credentials: DemoCredentials,
    /// 0 picks a free port.
    pub port: u16,
    pub host: IpAddr,
    pub faults: FaultConfig,
    /// Callers allowed by IP; `None` allows all.
    pub whitelist: Whitelist,
    /// Calls per second allowed per app key and API family.
    pub qps: u32,
    /// Calls per day (GMT+8) allowed per app key and API family.
    pub daily_quota: u32,
    /// API names the key was granted (e.g. `product.search.imageQuery`,
    /// `alibaba.image.search.offer.match`, `item_search_img`,
    /// `alibaba.product.imageSearch`); `None` grants all.
    pub granted_apis: Option<Vec<String>>,
    /// Lifetime of bearer tokens from `auth/requestToken`.
    pub token_ttl: Duration,
    /// Lifetime of access tokens from `system.oauth2/getToken` (1688: 10 hours).
    pub oauth_access_ttl: Duration,
    /// Lifetime of refresh tokens from `system.oauth2/getToken` (1688: about 6 months).
    pub oauth_refresh_ttl: Duration,
    /// Tokens answered as expired (the default holds [`EXPIRED_ACCESS_TOKEN`]).
    pub expired_tokens: Vec<String>,
    pub image_caps: ImageCaps,
    /// Allowed clock skew of TOP `timestamp`.
    pub timestamp_skew: Duration,
    /// How far the sandbox's clock runs ahead of the caller's (negative:
    /// behind), so the TOP timestamp check can be shown a skewed clock.
    pub clock_offset: chrono::TimeDelta,
    /// Items each page after the first repeats from the end of the previous
    /// page, as gateways do when their ranking shifts between calls; clients
    /// must deduplicate across pages.
    pub page_overlap: u32,
    /// The token the admin routes (`/__admin/faults`, `/__admin/reset`,
    /// `/__admin/expire_tokens`) require as `Authorization: Bearer <token>`;
    /// `None` draws a fresh one from the OS for this run (see
    /// `RunningSandbox::admin_token`). A fixed one is for scripts that start
    /// the sandbox and drive it (`zhaohuo sandbox --admin-token`).
    pub admin_token: Option<Sensitive<String>>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            credentials: demo_credentials(),
            port: 0,
            host: IpAddr::from([127, 0, 0, 1]),
            faults: FaultConfig::default(),
            whitelist: None,
            qps: 20,
            daily_quota: 10_000,
            granted_apis: None,
            token_ttl: Duration::from_secs(3600),
            oauth_access_ttl: Duration::from_secs(10 * 3600),
            oauth_refresh_ttl: Duration::from_secs(180 * 24 * 3600),
            expired_tokens: vec![EXPIRED_ACCESS_TOKEN.to_owned()],
            image_caps: ImageCaps::default(),
            timestamp_skew: Duration::from_secs(600),
            clock_offset: chrono::TimeDelta::zero(),
            page_overlap: 0,
            admin_token: None,
        }
    }
}

/// Shortest fixed admin token accepted: 16 characters of a script's choosing.
pub(crate) const MIN_ADMIN_TOKEN_LEN: usize = 16;
/// Longest fixed admin token accepted.
pub(crate) const MAX_ADMIN_TOKEN_LEN: usize = 256;

/// Checks a fixed admin token: long enough to be unguessable by a page that
/// tries a few, and only characters an `Authorization` header carries as is.
pub(crate) fn check_admin_token(token: &str) -> Result<(), SandboxError> {
    if token.len() < MIN_ADMIN_TOKEN_LEN {
        return Err(SandboxError::AdminTokenInvalid { reason: "it is shorter than 16 characters" });
    }
    if token.len() > MAX_ADMIN_TOKEN_LEN {
        return Err(SandboxError::AdminTokenInvalid { reason: "it is longer than 256 characters" });
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(SandboxError::AdminTokenInvalid { reason: "it may hold only visible ASCII characters, no spaces" });
    }
    Ok(())
}

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}")]
    Bind { addr: String, source: std::io::Error },
    #[error("cannot read the credentials file {path}")]
    CredentialsUnreadable { path: String, source: std::io::Error },
    #[error("the credentials file {path} is not valid: {reason}")]
    CredentialsInvalid { path: String, reason: String },
    #[error("the admin token is not valid: {reason}")]
    AdminTokenInvalid { reason: &'static str },
    #[error("cannot draw the admin token from the operating system's random source")]
    NoRandomness { source: rand::Error },
}

impl ErrorKind for SandboxError {
    fn kind(&self) -> Kind {
        match self {
            SandboxError::Bind { .. } => Kind::SandboxBindFailed,
            SandboxError::CredentialsUnreadable { .. } => Kind::SandboxCredentialsUnreadable,
            SandboxError::CredentialsInvalid { .. } | SandboxError::AdminTokenInvalid { .. } => {
                Kind::SandboxCredentialsInvalid
            }
            SandboxError::NoRandomness { .. } => Kind::SandboxStart,
        }
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            SandboxError::Bind { .. } => "Another program uses this port; pick another one or use port 0.".into(),
            SandboxError::CredentialsUnreadable { .. } => "Check the path and the file's permissions.".into(),
            SandboxError::CredentialsInvalid { .. } => {
                r#"Write JSON like {"app_key": "…", "app_secret": "…", "access_token": "…"}."#.into()
            }
            SandboxError::AdminTokenInvalid { .. } => format!(
                "Give {MIN_ADMIN_TOKEN_LEN} to {MAX_ADMIN_TOKEN_LEN} visible ASCII characters without spaces, \
                 or leave the token out and a random one is made."
            ),
            SandboxError::NoRandomness { .. } => "The system's random number source failed; try again.".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_json_is_read_and_checked() {
        let ok = DemoCredentials::from_json(r#"{"app_key":"k","app_secret":"s","access_token":"t"}"#).expect("valid");
        assert_eq!(ok.app_key, "k");
        assert_eq!(ok.app_secret.expose(), "s");
        assert!(!format!("{ok:?}").contains("\"s\""), "the secret never shows in Debug");

        let empty = DemoCredentials::from_json(r#"{"app_key":"k","app_secret":"","access_token":"t"}"#);
        assert_eq!(empty.map(|_| ()).map_err(|e| e.kind()), Err(Kind::SandboxCredentialsInvalid));
        let missing = DemoCredentials::from_json(r#"{"app_key":"k"}"#);
        assert!(missing.is_err());

        let err =
            DemoCredentials::from_json_file(Path::new("/nonexistent/creds.json")).map(|_| ()).expect_err("no file");
        assert_eq!(err.kind(), Kind::SandboxCredentialsUnreadable);
        assert!(err.hint().is_some());
    }

    #[test]
    fn fault_config_accepts_partial_json() {
        let f: FaultConfig = serde_json::from_str(r#"{"rate_429": 0.5}"#).expect("partial");
        assert_eq!(f, FaultConfig { rate_429: 0.5, ..FaultConfig::default() });
    }
}
