//! Typed provider errors the UI can act on, and the table that maps each
//! family's error codes onto them.

use std::time::Duration;

use zhaohuo_types::ErrorKind;

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
    #[error("{}: the provider had an internal error{}", .0.profile, .0.suffix())]
    ServerError(Fault),
    #[error("{}: the request timed out", .profile)]
    Timeout { profile: String },
    #[error("{}: the provider could not be reached: {}", .profile, .detail)]
    Network { profile: String, detail: String },
    #[error("{}: the reply could not be understood{}", .0.profile, .0.suffix())]
    MalformedResponse(Fault),
    #[error("{}: the provider answered with an HTML page instead of data{}", .0.profile, .0.suffix())]
    HtmlErrorPage(Fault),
    /// The detail starts with the content type that came back.
    #[error("{}: the reply is not JSON{}", .0.profile, .0.suffix())]
    WrongContentType(Fault),
    #[error("profile `{profile}` is not usable: {reason}")]
    InvalidProfile { profile: String, reason: String },
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
            | ProviderError::PermissionDenied(f)
            | ProviderError::ApiUnsupported(f)
            | ProviderError::IpNotWhitelisted(f)
            | ProviderError::TokenExpired(f)
            | ProviderError::QuotaExhausted(f)
            | ProviderError::ImageRejected(f)
            | ProviderError::BadRequest(f)
            | ProviderError::ServerError(f)
            | ProviderError::MalformedResponse(f)
            | ProviderError::HtmlErrorPage(f)
            | ProviderError::WrongContentType(f) => Some(f),
            ProviderError::RateLimited { fault, .. } => Some(fault),
            ProviderError::Timeout { .. } | ProviderError::Network { .. } | ProviderError::InvalidProfile { .. } => None,
        }
    }
}

impl ErrorKind for ProviderError {
    fn kind(&self) -> &'static str {
        match self {
            ProviderError::BadCredentials(_) => "provider.bad_credentials",
            ProviderError::SignatureInvalid(_) => "provider.signature_invalid",
            ProviderError::PermissionDenied(_) => "provider.permission_denied",
            ProviderError::ApiUnsupported(_) => "provider.api_unsupported",
            ProviderError::IpNotWhitelisted(_) => "provider.ip_not_whitelisted",
            ProviderError::TokenExpired(_) => "provider.token_expired",
            ProviderError::RateLimited { .. } => "provider.rate_limited",
            ProviderError::QuotaExhausted(_) => "provider.quota_exhausted",
            ProviderError::ImageRejected(_) => "provider.image_rejected",
            ProviderError::BadRequest(_) => "provider.bad_request",
            ProviderError::ServerError(_) => "provider.server_error",
            ProviderError::Timeout { .. } => "provider.timeout",
            ProviderError::Network { .. } => "provider.network",
            ProviderError::MalformedResponse(_) => "provider.malformed_response",
            ProviderError::HtmlErrorPage(_) => "provider.html_error_page",
            ProviderError::WrongContentType(_) => "provider.wrong_content_type",
            ProviderError::InvalidProfile { .. } => "provider.invalid_profile",
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            ProviderError::BadCredentials(_) => {
                "Check the App Key and App Secret in Settings → Providers; copy them again from the developer console.".to_string()
            }
            ProviderError::SignatureInvalid(_) => "Re-enter the App Secret (no spaces around it) and check the computer clock. \
                 `zhaohuo sign --explain` shows exactly what was signed."
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
            ProviderError::TokenExpired(_) => {
                "Get a new access token (self-use tokens last about 30 days) and paste it in Settings → Providers.".to_string()
            }
            ProviderError::RateLimited { retry_after, .. } => match retry_after {
                Some(d) => format!("Wait about {} s and search again; lower the profile's QPS if this repeats.", d.as_secs().max(1)),
                None => "Wait a moment and search again; lower the profile's QPS if this repeats.".to_string(),
            },
            ProviderError::QuotaExhausted(_) => {
                "Today's calls are used up; try again tomorrow, raise the quota, or use another profile.".to_string()
            }
            ProviderError::ImageRejected(_) => {
                "Use a clear JPEG or PNG of at least 300×300 px; crop to the product and try again.".to_string()
            }
            ProviderError::BadRequest(_) => "A filter value was not accepted; clear unusual filters and try again.".to_string(),
            ProviderError::ServerError(_) => "The provider is having trouble; try again in a few minutes.".to_string(),
            ProviderError::Timeout { .. } => "The provider was slow; check the connection and try again.".to_string(),
            ProviderError::Network { .. } => {
                "Check the internet connection, proxy and the profile's base URL.".to_string()
            }
            ProviderError::MalformedResponse(_) | ProviderError::WrongContentType(_) => {
                "The base URL may point at the wrong service; check the profile, or try again later.".to_string()
            }
            ProviderError::HtmlErrorPage(_) => {
                "A proxy, captive portal or wrong base URL answered instead of the API; check the network and profile.".to_string()
            }
            ProviderError::InvalidProfile { .. } => "Fix the profile settings (base URL, rate limit, page sizes).".to_string(),
        };
        Some(hint)
    }
}

/// Whether a code alone says what went wrong (TOP's 15/40/41 need the sub code).
pub(crate) fn is_specific_code(code: &str) -> bool {
    matches!(
        code.to_ascii_lowercase().as_str(),
        "25" | "429" | "11" | "21" | "22" | "1001" | "26" | "27" | "28" | "29" | "40001" | "40003"
    ) && !code.is_empty()
}

/// Maps a provider error code (any family) plus HTTP status to an error.
/// Codes come from ../shared/protocols.md and the TOP router's documented
/// codes; unknown codes fall back on the HTTP status, then on `BadRequest`.
pub(crate) fn classify(fault: Fault, retry_after: Option<Duration>) -> ProviderError {
    let code = fault.code.clone().unwrap_or_default();
    let lower = code.to_ascii_lowercase();
    let detail = fault.detail.to_ascii_lowercase();
    let status = fault.status.unwrap_or(0);

    let rate_limited = |fault| ProviderError::RateLimited { fault, retry_after };

    // Whitelist and daily-quota wording first: some gateways reuse generic
    // "denied"/"throttled" codes for both (e.g. aggregator 4005, bearer 429).
    if lower.contains("ipwhite") || lower.contains("ip-white") || lower.contains("ip_white") || lower.contains("whitelist")
        || detail.contains("whitelist") || fault.detail.contains("白名单")
    {
        return ProviderError::IpNotWhitelisted(fault);
    }
    if lower.contains("dailylimit") || lower.contains("app-access-count") || detail.contains("daily call quota")
        || detail.contains("quota exhausted") || detail.contains("daily quota")
    {
        return ProviderError::QuotaExhausted(fault);
    }
    // Named codes: they are the most precise.
    match lower.as_str() {
        "gw.signatureinvalid" | "25" | "isv.invalid-signature" => return ProviderError::SignatureInvalid(fault),
        "gw.qosappfrequencylimit" | "7" | "429" | "4008" | "isv.qps-limited" => return rate_limited(fault),
        "gw.apiacldecline" | "11" | "4006" | "40302" | "4005" => return ProviderError::PermissionDenied(fault),
        "gw.apiunsupported" | "21" | "22" => return ProviderError::ApiUnsupported(fault),
        "gw.parammissing" | "gw.paramerror" | "40" | "41" | "1001" | "400" | "4000" | "40002" => {
            return ProviderError::BadRequest(fault)
        }
        "26" | "27" | "28" | "401" | "40001" | "gw.authenticationfailed" | "invalid_token" | "invalid-sessionkey"
        | "session-expired" | "isv.missing-session" => return ProviderError::TokenExpired(fault),
        "29" | "4013" | "invalid_client" | "gw.appkeynotexist" | "isv.appkey-not-exists" => {
            return ProviderError::BadCredentials(fault)
        }
        "4016" => return ProviderError::QuotaExhausted(fault),
        "40003" | "40004" | "413" => return ProviderError::ImageRejected(fault),
        "15" | "500" | "502" | "503" | "504" | "5000" | "50000" | "gw.internalerror" => return ProviderError::ServerError(fault),
        _ => {}
    }
    // Code families and wording.
    if lower.contains("frequency") || lower.contains("flowlimit") || lower.starts_with("accesscontrol.") {
        return rate_limited(fault);
    }
    if lower.contains("quota") || detail.contains("quota") || detail.contains("balance") {
        return ProviderError::QuotaExhausted(fault);
    }
    if lower.contains("signature") {
        return ProviderError::SignatureInvalid(fault);
    }
    if lower.contains("token") || lower.contains("session") {
        return ProviderError::TokenExpired(fault);
    }
    if lower.contains("permission") || lower.contains("acl") {
        return ProviderError::PermissionDenied(fault);
    }
    if lower.contains("parameter") || lower.contains("param") || lower.contains("argument") {
        return ProviderError::BadRequest(fault);
    }
    if lower.contains("image") || lower.contains("picture") {
        return ProviderError::ImageRejected(fault);
    }
    if lower.starts_with("isp.") {
        return ProviderError::ServerError(fault);
    }
    match status {
        401 => ProviderError::TokenExpired(fault),
        403 => ProviderError::IpNotWhitelisted(fault),
        408 | 504 => ProviderError::ServerError(fault),
        429 => rate_limited(fault),
        s if s >= 500 => ProviderError::ServerError(fault),
        _ => ProviderError::BadRequest(fault),
    }
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

    #[test]
    fn maps_every_documented_code() {
        let cases = [
            ("gw.SignatureInvalid", 400, "provider.signature_invalid"),
            ("gw.QosAppFrequencyLimit", 429, "provider.rate_limited"),
            ("gw.APIACLDecline", 403, "provider.permission_denied"),
            ("gw.APIUnsupported", 400, "provider.api_unsupported"),
            ("gw.ParamMissing", 400, "provider.bad_request"),
            ("401", 401, "provider.token_expired"),
            ("1001", 200, "provider.bad_request"),
            ("429", 200, "provider.rate_limited"),
            ("", 403, "provider.ip_not_whitelisted"),
            ("400", 200, "provider.bad_request"),
            ("500", 200, "provider.server_error"),
            ("4005", 200, "provider.permission_denied"),
            ("gw.IpWhiteListDecline", 403, "provider.ip_not_whitelisted"),
            ("gw.AppKeyNotExist", 401, "provider.bad_credentials"),
            ("gw.QosAppDailyLimit", 429, "provider.quota_exhausted"),
            ("gw.InternalError", 500, "provider.server_error"),
            ("accesscontrol.limited-by-api-access-count", 200, "provider.rate_limited"),
            ("accesscontrol.limited-by-app-access-count", 200, "provider.quota_exhausted"),
            ("40302", 403, "provider.permission_denied"),
            ("40004", 413, "provider.image_rejected"),
            ("4006", 200, "provider.permission_denied"),
            ("4008", 200, "provider.rate_limited"),
            ("4013", 200, "provider.bad_credentials"),
            ("4016", 200, "provider.quota_exhausted"),
            ("40001", 401, "provider.token_expired"),
            ("40003", 400, "provider.image_rejected"),
            ("", 503, "provider.server_error"),
            ("", 429, "provider.rate_limited"),
        ];
        for (code, status, kind) in cases {
            assert_eq!(classify(fault(code, status), None).kind(), kind, "code {code:?} status {status}");
        }
    }

    #[test]
    fn only_transient_errors_retry() {
        assert!(classify(fault("gw.QosAppFrequencyLimit", 429), None).is_retryable());
        assert!(classify(fault("", 502), None).is_retryable());
        assert!(!classify(fault("gw.SignatureInvalid", 400), None).is_retryable());
        assert!(!classify(fault("gw.APIACLDecline", 403), None).is_retryable());
        assert!(!classify(fault("1001", 200), None).is_retryable());
    }

    #[test]
    fn every_error_has_a_hint() {
        let e = classify(fault("gw.SignatureInvalid", 400), None);
        assert!(e.hint().is_some_and(|h| h.contains("zhaohuo sign")));
        assert!(e.to_string().contains("code gw.SignatureInvalid"));
    }
}
