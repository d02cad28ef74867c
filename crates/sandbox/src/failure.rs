//! Everything an API call can be refused for, and how each family says it.

use std::net::IpAddr;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// The API families, each with its own envelope and error vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// 1688 Open Platform (`_aop_signature`).
    Aop,
    /// TOP-style router (`sign`, `error_response`).
    Top,
    /// Third-party aggregator (`key` + `secret`).
    Gateway,
    /// OAuth-style (`Authorization: Bearer`).
    Bearer,
}

/// Which TOP method a TOP error belongs to (their codes differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopApi {
    OfferMatch,
    SearchItem,
}

/// Whose words a failure is said in: a family's, and for TOP a method's
/// (offer match and search item use different codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Aop,
    Top(TopApi),
    Gateway,
    Bearer,
}

/// Why a call was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    NotWhitelisted(IpAddr),
    UnknownKey,
    BadSignature,
    BadTimestamp,
    MissingToken,
    InvalidToken,
    ExpiredToken,
    NotGranted(&'static str),
    MissingParam(&'static str),
    BadParam(String),
    /// A body that is not what the endpoint reads (a JSON or text body where
    /// a form is expected): `content_type` is the media type it came as, if
    /// any; `accepted` names what the endpoint reads.
    UnsupportedBody {
        content_type: Option<String>,
        accepted: &'static str,
    },
    UnsupportedImage(String),
    ImageTooLarge {
        size: usize,
        cap: usize,
    },
    PageSizeOverCap {
        given: u64,
        cap: u64,
    },
    PageOverCap {
        given: u64,
        cap: u64,
    },
    ImageNotFound,
    Qps,
    DailyQuota,
    Internal,
}

impl Failure {
    pub(crate) fn message(&self) -> String {
        match self {
            Failure::NotWhitelisted(ip) => format!("caller IP {ip} is not in the app's whitelist"),
            Failure::UnknownKey => "app key does not exist".into(),
            Failure::BadSignature => "signature is invalid".into(),
            Failure::BadTimestamp => "timestamp is missing, malformed or outside the allowed skew".into(),
            Failure::MissingToken => "access_token is missing".into(),
            Failure::InvalidToken => "access_token is invalid".into(),
            Failure::ExpiredToken => "access_token has expired".into(),
            Failure::NotGranted(api) => format!("the app is not granted the API {api}"),
            Failure::MissingParam(p) => format!("missing required parameter: {p}"),
            Failure::BadParam(m) => m.clone(),
            Failure::UnsupportedBody { content_type: Some(given), accepted } => {
                format!("the request body must be {accepted}, not {given}")
            }
            Failure::UnsupportedBody { content_type: None, accepted } => {
                format!("the request body must be {accepted}; it came without a Content-Type")
            }
            Failure::UnsupportedImage(m) => m.clone(),
            Failure::ImageTooLarge { size, cap } => format!("image is {size} bytes, over the {cap}-byte limit"),
            Failure::PageSizeOverCap { given, cap } => format!("page size {given} is over the maximum {cap}"),
            Failure::PageOverCap { given, cap } => format!("page {given} is past the last page {cap}"),
            Failure::ImageNotFound => "imageId does not exist or has expired".into(),
            Failure::Qps => "call frequency over the limit".into(),
            Failure::DailyQuota => "daily call quota exhausted".into(),
            Failure::Internal => "internal server error".into(),
        }
    }

    /// Renders the failure in `dialect`'s own shape: the one place a refusal
    /// becomes a response, for the endpoints and for injected faults alike.
    pub fn render(&self, dialect: Dialect, request_id: &str) -> Response {
        match dialect {
            Dialect::Aop => self.render_aop(request_id),
            Dialect::Top(api) => self.render_top(api, request_id),
            Dialect::Gateway => self.render_gateway(request_id),
            Dialect::Bearer => self.render_bearer(request_id),
        }
    }

    fn render_aop(&self, request_id: &str) -> Response {
        let gateway = |status: StatusCode, code: &str, message: String| {
            json_response(
                status,
                &json!({"error_code": code, "error_message": message, "request_id": request_id, "exception": message}),
            )
        };
        let business = |code: &str, message: String| {
            json_response(StatusCode::OK, &json!({"result": {"success": "false", "code": code, "message": message}}))
        };
        let m = self.message();
        // The real gateway answers its refusals with HTTP 400 and an
        // `error_code` body (../shared/protocols-aop.md: ACL, QoS and
        // no-usage-left seen at 400; the status of the others is not known, 400
        // is assumed), a missing or bad token with `error_code` "401" (HTTP 401
        // inferred). The wording is the real gateway's where it is known.
        let bad = StatusCode::BAD_REQUEST;
        match self {
            Failure::NotWhitelisted(_) => gateway(bad, "gw.IpWhiteListDecline", m),
            Failure::UnknownKey => gateway(bad, "gw.AppKeyNotExist", m),
            Failure::BadSignature | Failure::BadTimestamp => gateway(bad, "gw.SignatureInvalid", m),
            Failure::MissingToken | Failure::InvalidToken | Failure::ExpiredToken => {
                gateway(StatusCode::UNAUTHORIZED, "401", format!("Request need user authorized: {m}"))
            }
            Failure::NotGranted(_) => gateway(bad, "gw.APIACLDecline", format!("AppKey is not allowed(acl): {m}")),
            Failure::MissingParam(_) => gateway(bad, "gw.ParamMissing", m),
            // A gateway refusal like a missing parameter: the gateway reads the
            // form before any API does. The code's name is assumed (the
            // write-ups list no code for a body of the wrong type).
            Failure::UnsupportedBody { .. } => gateway(bad, "gw.ParamTypeError", m),
            Failure::Qps => gateway(bad, "gw.QosAppFrequencyLimit", "App call exceeds limited frequency".into()),
            Failure::DailyQuota => gateway(bad, "gw.QosAppDailyLimit", m),
            Failure::Internal => gateway(StatusCode::INTERNAL_SERVER_ERROR, "gw.InternalError", m),
            Failure::BadParam(_) | Failure::PageSizeOverCap { .. } | Failure::PageOverCap { .. } => business("400", m),
            // Image problems get their HTTP meaning (415, 413) so clients can tell them from other bad parameters.
            Failure::UnsupportedImage(_) => business("415", m),
            Failure::ImageTooLarge { .. } => business("413", m),
            Failure::ImageNotFound => business("404", m),
        }
    }

    fn render_top(&self, api: TopApi, request_id: &str) -> Response {
        let m = self.message();
        let param_code = if api == TopApi::OfferMatch { 1001 } else { 41 };
        let (status, code, msg, sub_code): (StatusCode, i64, &str, &str) = match self {
            Failure::NotWhitelisted(_) => (StatusCode::FORBIDDEN, 403, "Forbidden", "isv.ip-not-in-whitelist"),
            Failure::UnknownKey => (StatusCode::OK, 29, "Invalid app Key", "isv.appkey-not-exists"),
            Failure::BadSignature => (StatusCode::OK, 25, "Invalid signature", "isv.invalid-signature"),
            Failure::BadTimestamp => (StatusCode::OK, 41, "Invalid arguments:timestamp", "isv.invalid-timestamp"),
            Failure::MissingToken => (StatusCode::OK, 26, "Missing session", "isv.missing-session"),
            Failure::InvalidToken => (StatusCode::OK, 27, "Invalid session", "invalid-sessionkey"),
            Failure::ExpiredToken => (StatusCode::OK, 27, "Invalid session", "session-expired"),
            Failure::NotGranted(_) => {
                (StatusCode::OK, 11, "Insufficient isv permissions", "isv.permission-api-package-empty")
            }
            Failure::MissingParam(_) => (
                StatusCode::OK,
                if api == TopApi::OfferMatch { 1001 } else { 40 },
                "Missing required arguments",
                "isv.missing-parameter",
            ),
            Failure::BadParam(_)
            | Failure::UnsupportedBody { .. }
            | Failure::PageSizeOverCap { .. }
            | Failure::PageOverCap { .. } => (StatusCode::OK, param_code, "Invalid arguments", "isv.invalid-parameter"),
            Failure::UnsupportedImage(_) => (StatusCode::OK, param_code, "Invalid arguments", "isv.invalid-image"),
            Failure::ImageTooLarge { .. } => (StatusCode::OK, param_code, "Invalid arguments", "isv.image-too-large"),
            Failure::ImageNotFound => (StatusCode::OK, param_code, "Invalid arguments", "isv.invalid-parameter"),
            Failure::Qps => match api {
                TopApi::OfferMatch => (StatusCode::OK, 429, "请求过于频繁", "isv.qps-limited"),
                TopApi::SearchItem => {
                    (StatusCode::OK, 7, "App Call Limited", "accesscontrol.limited-by-api-access-count")
                }
            },
            Failure::DailyQuota => (StatusCode::OK, 7, "App Call Limited", "accesscontrol.limited-by-app-access-count"),
            Failure::Internal => {
                (StatusCode::INTERNAL_SERVER_ERROR, 15, "Remote service error", "isp.remote-service-error")
            }
        };
        json_response(
            status,
            &json!({"error_response": {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": m, "request_id": request_id}}),
        )
    }

    fn render_gateway(&self, request_id: &str) -> Response {
        let m = self.message();
        let (status, error_code) = match self {
            Failure::NotWhitelisted(_) => (StatusCode::FORBIDDEN, "4005"),
            Failure::UnknownKey | Failure::BadSignature | Failure::BadTimestamp => (StatusCode::UNAUTHORIZED, "4013"),
            Failure::MissingToken | Failure::InvalidToken | Failure::ExpiredToken => (StatusCode::UNAUTHORIZED, "4013"),
            Failure::NotGranted(_) => (StatusCode::FORBIDDEN, "4006"),
            Failure::MissingParam(_)
            | Failure::BadParam(_)
            | Failure::PageSizeOverCap { .. }
            | Failure::ImageNotFound => (StatusCode::BAD_REQUEST, "4000"),
            // The aggregators' one bad-request code; the HTTP status says the image
            // (or the body's media type) was the problem.
            Failure::UnsupportedImage(_) | Failure::UnsupportedBody { .. } => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "4000")
            }
            Failure::ImageTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "4000"),
            Failure::PageOverCap { .. } => (StatusCode::OK, "2000"),
            Failure::Qps => (StatusCode::TOO_MANY_REQUESTS, "4008"),
            Failure::DailyQuota => (StatusCode::TOO_MANY_REQUESTS, "4016"),
            Failure::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "5000"),
        };
        let mut body = json!({
            "code": status.as_u16(),
            "msg": m,
            "error_code": error_code,
            "reason": m,
            "error": m,
            "request_id": request_id,
        });
        if let Failure::PageOverCap { given, .. } = self {
            // "No data" is a success envelope: nothing in `error`.
            body["code"] = json!(200);
            body["error"] = json!("");
            body["items"] = json!({"page": given.to_string(), "real_total_results": 0, "total_results": 0, "pagecount": 0, "page_size": "0", "item": []});
        }
        json_response(status, &body)
    }

    fn render_bearer(&self, request_id: &str) -> Response {
        let m = self.message();
        let (status, code) = match self {
            Failure::NotWhitelisted(_) => (StatusCode::FORBIDDEN, 40300),
            Failure::UnknownKey | Failure::BadSignature | Failure::BadTimestamp => (StatusCode::UNAUTHORIZED, 40001),
            Failure::MissingToken | Failure::InvalidToken | Failure::ExpiredToken => (StatusCode::UNAUTHORIZED, 40001),
            Failure::NotGranted(_) => (StatusCode::FORBIDDEN, 40302),
            Failure::MissingParam(_)
            | Failure::BadParam(_)
            | Failure::PageSizeOverCap { .. }
            | Failure::PageOverCap { .. } => (StatusCode::BAD_REQUEST, 40002),
            // The bad-parameter code, with the HTTP status that says what was wrong.
            Failure::UnsupportedBody { .. } => (StatusCode::UNSUPPORTED_MEDIA_TYPE, 40002),
            Failure::UnsupportedImage(_) | Failure::ImageNotFound => (StatusCode::BAD_REQUEST, 40003),
            Failure::ImageTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, 40004),
            Failure::Qps | Failure::DailyQuota => (StatusCode::TOO_MANY_REQUESTS, 429),
            Failure::Internal => (StatusCode::INTERNAL_SERVER_ERROR, 50000),
        };
        json_response(status, &json!({"code": code, "message": m, "request_id": request_id}))
    }
}

/// A JSON reply with `application/json;charset=UTF-8`.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8"));
    response
}
