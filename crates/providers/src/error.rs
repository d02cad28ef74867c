//! Typed provider errors the UI can act on, and the table that maps each
//! family's error codes onto them.

use std::time::Duration;

use zhaohuo_types::{ErrorKind, Kind};

use crate::profile::Family;

/// What the provider said about a failure, already scrubbed of secrets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fault {
    /// Profile id (`1688-open`, `demo`, …).
    pub profile: String,
    /// HTTP status, when the failure came with one.
    pub status: Option<u16>,
    /// The provider's own error code (`gw.SignatureInvalid`, `1001`, `40001`, …).
    pub code: Option<String>,
    /// The provider's message (or a short snippet of the body).
    pub detail: String,
    pub request_id: Option<String>,
}

impl Fault {
    /// ` (code X: detail; request id R)` for messages; empty parts left out.
    fn suffix(&self) -> String {
        let mut parts = Vec::new();
        if let Some(code) = &self.code {
            parts.push(format!("code {code}"));
        } else if let Some(status) = self.status {
            parts.push(format!("HTTP {status}"));
        }
        if !self.detail.is_empty() {
            parts.push(self.detail.clone());
        }
        if let Some(id) = &self.request_id {
            parts.push(format!("request id {id}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join("; "))
        }
    }
}

/// Why a provider call failed. Messages never contain secrets or tokens:
/// every provider-supplied text passes through the client's redactor first.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("{}: the app key or secret was not accepted{}", .0.profile, .0.suffix())]
    BadCredentials(Fault),
    #[error("{}: the gateway rejected the request signature{}", .0.profile, .0.suffix())]
    SignatureInvalid(Fault),
    /// The request's timestamp was too far from the gateway's clock.
    #[error("{}: the gateway says this computer's clock is wrong{}", .0.profile, .0.suffix())]
    ClockSkew(Fault),
    #[error("{}: this app key has no permission for the API{}", .0.profile, .0.suffix())]
    PermissionDenied(Fault),
    #[error("{}: the gateway does not offer this API here{}", .0.profile, .0.suffix())]
    ApiUnsupported(Fault),
    #[error("{}: this computer's IP address is not on the app's whitelist{}", .0.profile, .0.suffix())]
    IpNotWhitelisted(Fault),
    #[error("{}: the access token is missing, invalid or expired{}", .0.profile, .0.suffix())]
    TokenExpired(Fault),
    #[error("{}: too many requests, the provider is throttling{}", .fault.profile, .fault.suffix())]
    RateLimited { fault: Fault, retry_after: Option<Duration> },
    #[error("{}: the daily call quota is used up{}", .0.profile, .0.suffix())]
    QuotaExhausted(Fault),
    #[error("{}: the provider could not use the image{}", .0.profile, .0.suffix())]
    ImageRejected(Fault),
    #[error("{}: the provider rejected a request parameter{}", .0.profile, .0.suffix())]
    BadRequest(Fault),
    #[error("{}: the provider is down or failing{}", .0.profile, .0.suffix())]
    ServerError(Fault),
    #[error("{}: the request timed out", .profile)]
    Timeout { profile: String },
    #[error("{}: the provider could not be reached: {}", .profile, .detail)]
    Network { profile: String, detail: String },
    /// Not the provider's data: bad JSON, an HTML page, a cut-off body or a
    /// body labelled with another content type; the detail holds a snippet.
    #[error("{}: the reply could not be understood{}", .0.profile, .0.suffix())]
    MalformedResponse(Fault),
    #[error("profile `{profile}` is not usable: {reason}")]
    InvalidProfile { profile: String, reason: String },
    /// Past the profile's `max_reply_bytes`: reading stopped there.
    #[error("{profile}: the reply was larger than the limit of {limit} bytes and was not read")]
    ReplyTooLarge { profile: String, limit: u64 },
    /// A base URL that would send credentials in clear.
    #[error("{profile}: credentials are not sent to {url}: {why}")]
    InsecureUrl { profile: String, url: String, why: String },
    /// A signed request was redirected to another host or scheme.
    #[error("{profile}: the gateway redirected a signed request to {to}; it was not followed")]
    Redirected { profile: String, to: String },
    /// A search parameter outside what the app can use (a NaN sort weight, …).
    #[error("the search cannot run: {reason}")]
    InvalidQuery { reason: String },
    /// The sign-in with 1688 has ended: its refresh token expired or the
    /// token endpoint refused it, so no new access token can be had.
    #[error("{}: the sign-in with 1688 has ended and could not be renewed{}", .0.profile, .0.suffix())]
    SignInExpired(Fault),
    /// `gw.NoUsageLeftError` ("SLA bill has no usage left"): the app's paid
    /// API package is used up. Not retried: it does not come back by waiting.
    #[error("{}: the paid API package has no calls left{}", .0.profile, .0.suffix())]
    UsageExhausted(Fault),
}

impl ProviderError {
    /// Whether a retry with backoff may succeed. Only throttling, 5xx and
    /// timeouts qualify; signature, permission, credential and parameter
    /// errors would fail the same way again (and burn quota).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ProviderError::RateLimited { .. } | ProviderError::ServerError(_) | ProviderError::Timeout { .. }
        )
    }

    /// The provider's wait hint, when it gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ProviderError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The details the provider gave, when the error came from a reply.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            ProviderError::BadCredentials(f)
            | ProviderError::SignatureInvalid(f)
            | ProviderError::ClockSkew(f)
            | ProviderError::PermissionDenied(f)
            | ProviderError::ApiUnsupported(f)
            | ProviderError::IpNotWhitelisted(f)
            | ProviderError::TokenExpired(f)
            | ProviderError::QuotaExhausted(f)
            | ProviderError::ImageRejected(f)
            | ProviderError::BadRequest(f)
            | ProviderError::ServerError(f)
            | ProviderError::MalformedResponse(f)
            | ProviderError::SignInExpired(f)
            | ProviderError::UsageExhausted(f) => Some(f),
            ProviderError::RateLimited { fault, .. } => Some(fault),
            ProviderError::Timeout { .. }
            | ProviderError::Network { .. }
            | ProviderError::InvalidProfile { .. }
            | ProviderError::ReplyTooLarge { .. }
            | ProviderError::InsecureUrl { .. }
            | ProviderError::Redirected { .. }
            | ProviderError::InvalidQuery { .. } => None,
        }
    }
}

impl ErrorKind for ProviderError {
    fn kind(&self) -> Kind {
        match self {
            ProviderError::BadCredentials(_) => Kind::ProviderBadCredentials,
            ProviderError::SignatureInvalid(_) => Kind::ProviderSignatureInvalid,
            ProviderError::ClockSkew(_) => Kind::ProviderClockSkew,
            ProviderError::PermissionDenied(_) => Kind::ProviderPermissionDenied,
            ProviderError::ApiUnsupported(_) => Kind::ProviderApiUnsupported,
            ProviderError::IpNotWhitelisted(_) => Kind::ProviderIpNotWhitelisted,
            ProviderError::TokenExpired(_) => Kind::ProviderTokenExpired,
            ProviderError::RateLimited { .. } => Kind::ProviderRateLimited,
            ProviderError::QuotaExhausted(_) => Kind::ProviderQuotaExhausted,
            ProviderError::ImageRejected(_) => Kind::ProviderImageRejected,
            ProviderError::BadRequest(_) => Kind::ProviderBadRequest,
            ProviderError::ServerError(_) => Kind::ProviderServerError,
            ProviderError::Timeout { .. } => Kind::ProviderTimeout,
            ProviderError::Network { .. } => Kind::ProviderNetwork,
            ProviderError::MalformedResponse(_) => Kind::ProviderMalformedResponse,
            ProviderError::InvalidProfile { .. } => Kind::ProviderInvalidProfile,
            ProviderError::ReplyTooLarge { .. } => Kind::ProviderReplyTooLarge,
            ProviderError::InsecureUrl { .. } => Kind::ProviderInsecureUrl,
            ProviderError::Redirected { .. } => Kind::ProviderRedirected,
            ProviderError::InvalidQuery { .. } => Kind::ProviderInvalidQuery,
            ProviderError::SignInExpired(_) => Kind::ProviderSignInExpired,
            ProviderError::UsageExhausted(_) => Kind::ProviderUsageExhausted,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            ProviderError::BadCredentials(_) => {
                "Check the App Key and App Secret in Settings → Providers; copy them again from the developer console.".to_string()
            }
            ProviderError::SignatureInvalid(_) => "Re-enter the App Secret (no spaces around it). \
                 `zhaohuo sign --explain` shows exactly what was signed."
                .to_string(),
            ProviderError::ClockSkew(_) => "Set this computer's date, time and time zone to update automatically: \
                 the gateway only accepts requests stamped within about 10 minutes of its own clock."
                .to_string(),
            ProviderError::PermissionDenied(_) => {
                "Apply for this API in the 1688 developer console for this app key, or choose another provider profile.".to_string()
            }
            ProviderError::ApiUnsupported(_) => {
                "The endpoint or API name in this profile is wrong for this gateway; check the profile's base URL.".to_string()
            }
            ProviderError::IpNotWhitelisted(_) => {
                "Add this computer's public IP address to the app's IP whitelist in the developer console.".to_string()
            }
            ProviderError::TokenExpired(_) => "Sign in with 1688 again in Settings → Providers, or paste a new \
                 access token there (a self-use app's token from the developer console)."
                .to_string(),
            ProviderError::RateLimited { retry_after, .. } => match retry_after {
                Some(d) => format!("Wait about {} s and search again; lower the profile's QPS if this repeats.", d.as_secs().max(1)),
                None => "Wait a moment and search again; lower the profile's QPS if this repeats.".to_string(),
            },
            ProviderError::QuotaExhausted(_) => {
                "Today's calls are used up; try again tomorrow, raise the quota, or use another profile.".to_string()
            }
            ProviderError::ImageRejected(_) => {
                "Use a clear JPEG or PNG of at least 300×300 px within the API's size limit; crop to the product and try again.".to_string()
            }
            ProviderError::BadRequest(_) => "A filter value was not accepted; clear unusual filters and try again.".to_string(),
            ProviderError::ServerError(_) => "The provider is having trouble; try again in a few minutes.".to_string(),
            ProviderError::Timeout { .. } => "The provider was slow; check the connection and try again.".to_string(),
            ProviderError::Network { .. } => {
                "Check the internet connection, proxy and the profile's base URL.".to_string()
            }
            ProviderError::MalformedResponse(_) => "Something other than the API answered (a proxy, captive portal or wrong \
                 base URL) or the reply was cut off; check the network and the profile's base URL, then try again."
                .to_string(),
            ProviderError::InvalidProfile { .. } => "Fix the profile settings (base URL, rate limit, page sizes).".to_string(),
            ProviderError::ReplyTooLarge { limit, .. } => format!(
                "No real search reply is that big: check the profile's base URL (a proxy or another service may be \
                 answering). If this gateway really sends more, raise `maxReplyBytes` (now {} MB) in its profile file.",
                limit / (1024 * 1024)
            ),
            ProviderError::InsecureUrl { .. } => "Use the gateway's https:// address in Settings → Providers; plain \
                 http:// is only for a gateway on this computer (127.0.0.1 or localhost)."
                .to_string(),
            ProviderError::Redirected { .. } => "The base URL is out of date or a proxy is diverting requests. If you \
                 trust the new address, enter it as the profile's base URL (https)."
                .to_string(),
            ProviderError::InvalidQuery { .. } => {
                "Reset the sort to its defaults and search again.".to_string()
            }
        ProviderError::SignInExpired(_) => "Sign in with 1688 again in Settings → Providers (a sign-in lasts about six \
                 months and is renewed while Zhaohuo is used)."
                .to_string(),
            ProviderError::UsageExhausted(_) => "The app's paid API package on 1688 has no calls left; it does not \
                 reset tomorrow. Buy or renew the package in the 1688 developer console, or use another profile."
                .to_string(),
        };
        Some(hint)
    }
}

/// What a failure means, before it is wrapped with its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    BadCredentials,
    Signature,
    ClockSkew,
    Permission,
    Unsupported,
    Whitelist,
    Token,
    Throttled,
    Quota,
    NoUsage,
    Image,
    BadRequest,
    Server,
}

impl Meaning {
    fn into_error(self, fault: Fault, retry_after: Option<Duration>) -> ProviderError {
        match self {
            Meaning::BadCredentials => ProviderError::BadCredentials(fault),
            Meaning::Signature => ProviderError::SignatureInvalid(fault),
            Meaning::ClockSkew => ProviderError::ClockSkew(fault),
            Meaning::Permission => ProviderError::PermissionDenied(fault),
            Meaning::Unsupported => ProviderError::ApiUnsupported(fault),
            Meaning::Whitelist => ProviderError::IpNotWhitelisted(fault),
            Meaning::Token => ProviderError::TokenExpired(fault),
            Meaning::Throttled => ProviderError::RateLimited { fault, retry_after },
            Meaning::Quota => ProviderError::QuotaExhausted(fault),
            Meaning::NoUsage => ProviderError::UsageExhausted(fault),
            Meaning::Image => ProviderError::ImageRejected(fault),
            Meaning::BadRequest => ProviderError::BadRequest(fault),
            Meaning::Server => ProviderError::ServerError(fault),
        }
    }
}

/// The meaning of a documented code (lowercase), from ../shared/protocols.md,
/// the TOP router's codes and sub codes, and the sandbox's renderings of them.
fn code_meaning(code: &str, family: Family) -> Option<Meaning> {
    use Meaning::*;
    Some(match code {
        "gw.signatureinvalid" | "25" | "isv.invalid-signature" => Signature,
        "isv.invalid-timestamp" => ClockSkew,
        "gw.qosappfrequencylimit"
        | "7"
        | "429"
        | "4008"
        | "isv.qps-limited"
        | "accesscontrol.limited-by-api-access-count" => Throttled,
        "gw.qosappdailylimit" | "4016" | "accesscontrol.limited-by-app-access-count" => Quota,
        "gw.nousagelefterror" => NoUsage,
        "gw.apiacldecline" | "11" | "4005" | "4006" | "40302" | "isv.permission-api-package-empty" => Permission,
        "gw.apiunsupported" | "21" | "22" => Unsupported,
        // The write-ups' 403 is the IP whitelist, whatever HTTP status carries it.
        "gw.ipwhitelistdecline" | "403" | "40300" | "isv.ip-not-in-whitelist" => Whitelist,
        "gw.parammissing"
        | "gw.paramerror"
        | "40"
        | "41"
        | "1001"
        | "400"
        | "4000"
        | "40002"
        | "isv.missing-parameter"
        | "isv.invalid-parameter" => BadRequest,
        // Gateways take a key and secret, no token: their 401 is about those.
        "401" if family == Family::Gateway => BadCredentials,
        "26"
        | "27"
        | "28"
        | "401"
        | "40001"
        | "gw.authenticationfailed"
        | "invalid_token"
        | "invalid-sessionkey"
        | "session-expired"
        | "isv.missing-session" => Token,
        "29" | "4013" | "invalid_client" | "gw.appkeynotexist" | "isv.appkey-not-exists" => BadCredentials,
        "40003" | "40004" | "413" | "415" | "isv.invalid-image" | "isv.image-too-large" => Image,
        "15" | "500" | "502" | "503" | "504" | "5000" | "50000" | "gw.internalerror" => Server,
        _ => return None,
    })
}

/// The meaning of an undocumented code from its wording (`isv.xxx-timestamp`).
fn code_wording(code: &str) -> Option<Meaning> {
    let has = |words: &[&str]| words.iter().any(|w| code.contains(w));
    Some(if has(&["frequency", "flowlimit", "accesscontrol."]) {
        Meaning::Throttled
    } else if has(&["quota", "balance"]) {
        Meaning::Quota
    } else if has(&["signature"]) {
        Meaning::Signature
    } else if has(&["timestamp"]) {
        Meaning::ClockSkew
    } else if has(&["token", "session"]) {
        Meaning::Token
    } else if has(&["permission", "acl"]) {
        Meaning::Permission
    } else if has(&["param", "argument"]) {
        Meaning::BadRequest
    } else if has(&["image", "picture"]) {
        Meaning::Image
    } else if code.starts_with("isp.") {
        Meaning::Server
    } else {
        return None;
    })
}

fn status_meaning(status: u16, family: Family) -> Meaning {
    match status {
        401 if family == Family::Gateway => Meaning::BadCredentials,
        401 => Meaning::Token,
        403 => Meaning::Whitelist,
        413 | 415 => Meaning::Image,
        429 => Meaning::Throttled,
        408 => Meaning::Server,
        s if s >= 500 => Meaning::Server,
        _ => Meaning::BadRequest,
    }
}

/// Maps a failure reply of `family` (code, TOP sub code, HTTP status) to an
/// error. The sub code says more than the code (TOP's 15/40/41/1001 are
/// generic, so even its wording beats them), and the HTTP status decides only
/// when neither code means anything known.
pub(crate) fn classify(
    fault: Fault,
    sub_code: Option<&str>,
    retry_after: Option<Duration>,
    family: Family,
) -> ProviderError {
    meaning(&fault, sub_code, family).into_error(fault, retry_after)
}

fn meaning(fault: &Fault, sub_code: Option<&str>, family: Family) -> Meaning {
    // TOP sub codes may name the parameter after a colon (`isv.invalid-parameter:image`).
    let codes: Vec<String> = [sub_code, fault.code.as_deref()]
        .into_iter()
        .flatten()
        .map(|c| c.split(':').next().unwrap_or(c).trim().to_ascii_lowercase())
        .collect();
    let detail = fault.detail.to_ascii_lowercase();
    let status = fault.status.unwrap_or(0);

    // Whitelist and daily-quota wording first: gateways reuse generic
    // "denied"/"throttled" codes for both (aggregator 4005, bearer 429).
    if codes.iter().any(|c| c.contains("whitelist") || c.contains("ipwhite"))
        || detail.contains("whitelist")
        || fault.detail.contains("白名单")
    {
        return Meaning::Whitelist;
    }
    if codes.iter().any(|c| c.contains("nousageleft")) || detail.contains("no usage left") {
        return Meaning::NoUsage;
    }
    if codes.iter().any(|c| c.contains("dailylimit") || c.contains("app-access-count"))
        || ["daily call quota", "quota exhausted", "daily quota"].iter().any(|w| detail.contains(w))
    {
        return Meaning::Quota;
    }
    let found = codes
        .iter()
        .find_map(|c| code_meaning(c, family).or_else(|| code_wording(c)))
        .unwrap_or_else(|| status_meaning(status, family));
    // A generic bad-request code sent with 413 or 415: the image was the problem.
    if found == Meaning::BadRequest && matches!(status, 413 | 415) {
        return Meaning::Image;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(code: &str, status: u16) -> Fault {
        Fault {
            profile: "p".into(),
            status: Some(status),
            code: (!code.is_empty()).then(|| code.to_string()),
            detail: String::new(),
            request_id: None,
        }
    }

    fn kind_of(family: Family, code: &str, sub_code: &str, status: u16) -> Kind {
        classify(fault(code, status), (!sub_code.is_empty()).then_some(sub_code), None, family).kind()
    }

    /// (family, code, sub code, HTTP status, kind): every code
    /// ../shared/protocols.md lists, and each code the sandbox answers with.
    const CODES: &[(Family, &str, &str, u16, Kind)] = &[
        // AOP gateway errors and business failures.
        (Family::Aop, "gw.SignatureInvalid", "", 400, Kind::ProviderSignatureInvalid),
        // The real gateway's statuses (protocols-aop.md): 400 for ACL, QoS and an empty paid package.
        (Family::Aop, "gw.APIACLDecline", "", 400, Kind::ProviderPermissionDenied),
        (Family::Aop, "gw.QosAppFrequencyLimit", "", 400, Kind::ProviderRateLimited),
        (Family::Aop, "gw.NoUsageLeftError", "", 400, Kind::ProviderUsageExhausted),
        (Family::Aop, "401", "", 400, Kind::ProviderTokenExpired),
        (Family::Aop, "gw.QosAppFrequencyLimit", "", 429, Kind::ProviderRateLimited),
        (Family::Aop, "gw.QosAppDailyLimit", "", 429, Kind::ProviderQuotaExhausted),
        (Family::Aop, "gw.APIACLDecline", "", 403, Kind::ProviderPermissionDenied),
        (Family::Aop, "gw.APIUnsupported", "", 400, Kind::ProviderApiUnsupported),
        (Family::Aop, "gw.ParamMissing", "", 400, Kind::ProviderBadRequest),
        (Family::Aop, "401", "", 401, Kind::ProviderTokenExpired),
        (Family::Aop, "gw.IpWhiteListDecline", "", 403, Kind::ProviderIpNotWhitelisted),
        (Family::Aop, "gw.AppKeyNotExist", "", 401, Kind::ProviderBadCredentials),
        (Family::Aop, "gw.InternalError", "", 500, Kind::ProviderServerError),
        (Family::Aop, "400", "", 200, Kind::ProviderBadRequest),
        (Family::Aop, "413", "", 200, Kind::ProviderImageRejected),
        (Family::Aop, "415", "", 200, Kind::ProviderImageRejected),
        // TOP router: offer.match (1001, 429) and image.search.item (403), plus the router's own codes.
        (Family::Top, "1001", "", 200, Kind::ProviderBadRequest),
        (Family::Top, "1001", "isv.invalid-parameter", 200, Kind::ProviderBadRequest),
        (Family::Top, "1001", "isv.invalid-image", 200, Kind::ProviderImageRejected),
        (Family::Top, "1001", "isv.image-too-large", 200, Kind::ProviderImageRejected),
        (Family::Top, "429", "isv.qps-limited", 200, Kind::ProviderRateLimited),
        (Family::Top, "403", "", 200, Kind::ProviderIpNotWhitelisted),
        (Family::Top, "403", "isv.ip-not-in-whitelist", 403, Kind::ProviderIpNotWhitelisted),
        (Family::Top, "41", "isv.invalid-timestamp", 200, Kind::ProviderClockSkew),
        (Family::Top, "41", "isv.invalid-parameter", 200, Kind::ProviderBadRequest),
        (Family::Top, "41", "isv.invalid-image", 200, Kind::ProviderImageRejected),
        (Family::Top, "40", "isv.missing-parameter", 200, Kind::ProviderBadRequest),
        (Family::Top, "25", "isv.invalid-signature", 200, Kind::ProviderSignatureInvalid),
        (Family::Top, "29", "isv.appkey-not-exists", 200, Kind::ProviderBadCredentials),
        (Family::Top, "26", "isv.missing-session", 200, Kind::ProviderTokenExpired),
        (Family::Top, "27", "session-expired", 200, Kind::ProviderTokenExpired),
        (Family::Top, "11", "isv.permission-api-package-empty", 200, Kind::ProviderPermissionDenied),
        (Family::Top, "7", "accesscontrol.limited-by-api-access-count", 200, Kind::ProviderRateLimited),
        (Family::Top, "7", "accesscontrol.limited-by-app-access-count", 200, Kind::ProviderQuotaExhausted),
        (Family::Top, "15", "isp.remote-service-error", 500, Kind::ProviderServerError),
        (Family::Top, "15", "isv.invalid-parameter", 200, Kind::ProviderBadRequest),
        (Family::Top, "1001", "isv.invalid-parameter:image", 200, Kind::ProviderBadRequest),
        // Gateways: HTTP-like codes and the aggregator's error_code values.
        (Family::Gateway, "400", "", 200, Kind::ProviderBadRequest),
        (Family::Gateway, "401", "", 200, Kind::ProviderBadCredentials),
        (Family::Gateway, "", "", 401, Kind::ProviderBadCredentials),
        (Family::Gateway, "429", "", 200, Kind::ProviderRateLimited),
        (Family::Gateway, "500", "", 200, Kind::ProviderServerError),
        (Family::Gateway, "4005", "", 200, Kind::ProviderPermissionDenied),
        (Family::Gateway, "4006", "", 403, Kind::ProviderPermissionDenied),
        (Family::Gateway, "4008", "", 429, Kind::ProviderRateLimited),
        (Family::Gateway, "4013", "", 401, Kind::ProviderBadCredentials),
        (Family::Gateway, "4016", "", 429, Kind::ProviderQuotaExhausted),
        (Family::Gateway, "4000", "", 400, Kind::ProviderBadRequest),
        (Family::Gateway, "4000", "", 413, Kind::ProviderImageRejected),
        (Family::Gateway, "4000", "", 415, Kind::ProviderImageRejected),
        (Family::Gateway, "5000", "", 500, Kind::ProviderServerError),
        // Bearer.
        (Family::Bearer, "40001", "", 401, Kind::ProviderTokenExpired),
        (Family::Bearer, "", "", 401, Kind::ProviderTokenExpired),
        (Family::Bearer, "40003", "", 400, Kind::ProviderImageRejected),
        (Family::Bearer, "40004", "", 413, Kind::ProviderImageRejected),
        (Family::Bearer, "40002", "", 400, Kind::ProviderBadRequest),
        (Family::Bearer, "40300", "", 403, Kind::ProviderIpNotWhitelisted),
        (Family::Bearer, "40302", "", 403, Kind::ProviderPermissionDenied),
        (Family::Bearer, "429", "", 429, Kind::ProviderRateLimited),
        (Family::Bearer, "invalid_client", "", 401, Kind::ProviderBadCredentials),
        (Family::Bearer, "50000", "", 500, Kind::ProviderServerError),
        // No code at all: the HTTP status decides.
        (Family::Aop, "", "", 403, Kind::ProviderIpNotWhitelisted),
        (Family::Aop, "", "", 429, Kind::ProviderRateLimited),
        (Family::Aop, "", "", 503, Kind::ProviderServerError),
        (Family::Aop, "", "", 400, Kind::ProviderBadRequest),
    ];

    #[test]
    fn maps_every_documented_code() {
        for (family, code, sub, status, kind) in CODES {
            assert_eq!(
                kind_of(*family, code, sub, *status),
                *kind,
                "{family:?} code {code:?}/{sub:?} at HTTP {status}"
            );
        }
    }

    #[test]
    fn wording_decides_whitelist_and_daily_quota_on_shared_codes() {
        let mut whitelist = fault("4005", 200);
        whitelist.detail = "caller IP 10.0.0.8 is not in the app's whitelist".into();
        assert_eq!(classify(whitelist, None, None, Family::Gateway).kind(), Kind::ProviderIpNotWhitelisted);
        let mut daily = fault("429", 429);
        daily.detail = "daily call quota exhausted".into();
        assert_eq!(classify(daily, None, None, Family::Bearer).kind(), Kind::ProviderQuotaExhausted);
        // Undocumented codes fall back on their wording.
        assert_eq!(kind_of(Family::Top, "15", "isv.bad-timestamp", 200), Kind::ProviderClockSkew);
        assert_eq!(kind_of(Family::Top, "isv.picture-broken", "", 200), Kind::ProviderImageRejected);
    }

    #[test]
    fn only_transient_errors_retry() {
        let retryable = |code: &str, status: u16| classify(fault(code, status), None, None, Family::Aop).is_retryable();
        assert!(retryable("gw.QosAppFrequencyLimit", 429));
        assert!(retryable("", 502));
        assert!(!retryable("gw.SignatureInvalid", 400));
        assert!(!retryable("gw.APIACLDecline", 403));
        assert!(!retryable("1001", 200));
        assert!(!retryable("gw.QosAppDailyLimit", 429), "a used-up day does not come back in seconds");
    }

    /// One of each variant; the exhaustive match below stops compiling when
    /// a variant is added without a sample here.
    fn one_of_each() -> Vec<ProviderError> {
        let f = || fault("X", 400);
        vec![
            ProviderError::BadCredentials(f()),
            ProviderError::SignatureInvalid(f()),
            ProviderError::ClockSkew(f()),
            ProviderError::PermissionDenied(f()),
            ProviderError::ApiUnsupported(f()),
            ProviderError::IpNotWhitelisted(f()),
            ProviderError::TokenExpired(f()),
            ProviderError::RateLimited { fault: f(), retry_after: None },
            ProviderError::QuotaExhausted(f()),
            ProviderError::ImageRejected(f()),
            ProviderError::BadRequest(f()),
            ProviderError::ServerError(f()),
            ProviderError::Timeout { profile: "p".into() },
            ProviderError::Network { profile: "p".into(), detail: "refused".into() },
            ProviderError::MalformedResponse(f()),
            ProviderError::InvalidProfile { profile: "p".into(), reason: "bad".into() },
            ProviderError::ReplyTooLarge { profile: "p".into(), limit: 8 << 20 },
            ProviderError::InsecureUrl { profile: "p".into(), url: "http://x".into(), why: "http".into() },
            ProviderError::Redirected { profile: "p".into(), to: "https://elsewhere/".into() },
            ProviderError::InvalidQuery { reason: "NaN".into() },
            ProviderError::SignInExpired(f()),
            ProviderError::UsageExhausted(f()),
        ]
    }

    fn variant_index(e: &ProviderError) -> usize {
        match e {
            ProviderError::BadCredentials(_) => 0,
            ProviderError::SignatureInvalid(_) => 1,
            ProviderError::ClockSkew(_) => 2,
            ProviderError::PermissionDenied(_) => 3,
            ProviderError::ApiUnsupported(_) => 4,
            ProviderError::IpNotWhitelisted(_) => 5,
            ProviderError::TokenExpired(_) => 6,
            ProviderError::RateLimited { .. } => 7,
            ProviderError::QuotaExhausted(_) => 8,
            ProviderError::ImageRejected(_) => 9,
            ProviderError::BadRequest(_) => 10,
            ProviderError::ServerError(_) => 11,
            ProviderError::Timeout { .. } => 12,
            ProviderError::Network { .. } => 13,
            ProviderError::MalformedResponse(_) => 14,
            ProviderError::InvalidProfile { .. } => 15,
            ProviderError::ReplyTooLarge { .. } => 16,
            ProviderError::InsecureUrl { .. } => 17,
            ProviderError::Redirected { .. } => 18,
            ProviderError::InvalidQuery { .. } => 19,
            ProviderError::SignInExpired(_) => 20,
            ProviderError::UsageExhausted(_) => 21,
        }
    }

    #[test]
    fn every_variant_has_its_own_kind_and_hint() {
        let all = one_of_each();
        let indices: std::collections::BTreeSet<usize> = all.iter().map(variant_index).collect();
        assert_eq!(indices, (0..22).collect(), "one sample per variant");
        let mut kinds = std::collections::HashSet::new();
        let mut hints = std::collections::HashSet::new();
        for e in &all {
            let hint = e.hint().unwrap_or_default();
            assert!(hint.len() > 20, "{}: a hint that says what to do: {hint:?}", e.kind());
            assert!(kinds.insert(e.kind()), "{}: kind used twice", e.kind());
            assert!(hints.insert(hint.clone()), "{}: hint shared with another kind: {hint}", e.kind());
        }
        // What each hint is about, so a hint cannot drift to another kind's advice.
        let about = [
            (Kind::ProviderBadCredentials, "App Secret"),
            (Kind::ProviderSignatureInvalid, "zhaohuo sign"),
            (Kind::ProviderClockSkew, "time zone"),
            (Kind::ProviderIpNotWhitelisted, "whitelist"),
            (Kind::ProviderTokenExpired, "access token"),
            (Kind::ProviderImageRejected, "JPEG or PNG"),
            (Kind::ProviderQuotaExhausted, "tomorrow"),
            (Kind::ProviderMalformedResponse, "captive portal"),
        ];
        for (kind, words) in about {
            let e = all.iter().find(|e| e.kind() == kind).expect("sampled");
            assert!(e.hint().is_some_and(|h| h.contains(words)), "{kind}: {:?}", e.hint());
        }
    }

    #[test]
    fn messages_name_code_detail_and_request_id() {
        let mut f = fault("1001", 200);
        f.detail = "isv.invalid-image: unsupported image type".into();
        f.request_id = Some("r-1".into());
        let e = classify(f, Some("isv.invalid-image"), None, Family::Top);
        assert_eq!(e.to_string(), "p: the provider could not use the image (code 1001; isv.invalid-image: unsupported image type; request id r-1)");
        let hinted = ProviderError::RateLimited { fault: fault("429", 429), retry_after: Some(Duration::from_secs(7)) };
        assert!(hinted.hint().is_some_and(|h| h.contains("7 s")));
    }
}
