//! Reading replies: telling data from every error shape the families use
//! (HTTP status, `error_response`, `error_code`, `result.success=false`,
//! `code != 200`, OAuth `error`, HTML pages, wrong content types), then
//! normalising the items.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use zhaohuo_types::CropBox;

use crate::error::{classify, Fault, ProviderError};
use crate::limits::{bound_offer, MAX_ITEMS_PER_PAGE};
use crate::normalize::{as_text, first, lookup, normalize_item};
use crate::profile::{Family, ProviderProfile};
use zhaohuo_types::Offer;

/// One HTTP reply as the parsers need it.
#[derive(Debug, Clone)]
pub struct HttpReply {
    pub status: u16,
    pub content_type: Option<String>,
    /// From a `Retry-After` header.
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

impl HttpReply {
    /// A JSON reply with status 200, for tests and fixtures.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            content_type: Some("application/json;charset=UTF-8".into()),
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }
}

/// Replaces known secrets (app secret, tokens, key-in-URL secrets) in any text
/// that may reach a message, so errors can be shown and logged safely.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    pub fn new<I: IntoIterator<Item = String>>(secrets: I) -> Self {
        // Very short strings would redact ordinary words; real secrets are long.
        let mut secrets: Vec<String> = secrets.into_iter().filter(|s| s.chars().count() >= 4).collect();
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Self { secrets }
    }

    pub fn add(&mut self, secret: &str) {
        if secret.chars().count() >= 4 && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), "<redacted>");
            }
        }
        out
    }

    fn scrub_in_place(&self, text: &mut String) {
        if self.secrets.iter().any(|s| text.contains(s.as_str())) {
            *text = self.scrub(text);
        }
    }

    /// Every string in `value` (keys too), scrubbed where it holds a secret.
    pub fn scrub_value(&self, value: &mut Value) {
        if self.secrets.is_empty() {
            return;
        }
        match value {
            Value::String(text) => self.scrub_in_place(text),
            Value::Array(list) => list.iter_mut().for_each(|v| self.scrub_value(v)),
            Value::Object(map) => {
                if map.keys().any(|k| self.secrets.iter().any(|s| k.contains(s.as_str()))) {
                    let entries = std::mem::take(map);
                    map.extend(entries.into_iter().map(|(k, v)| (self.scrub(&k), v)));
                }
                map.values_mut().for_each(|v| self.scrub_value(v));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// A successful reply's offer as it will be stored and shown: a gateway
    /// that echoes a credential (in a title, a URL, the raw item) loses it here,
    /// exactly as an error's text does.
    pub fn scrub_offer(&self, offer: &mut Offer) {
        if self.secrets.is_empty() {
            return;
        }
        for text in [&mut offer.offer_id, &mut offer.title, &mut offer.detail_url, &mut offer.supplier.name] {
            self.scrub_in_place(text);
        }
        for text in [
            &mut offer.title_translated,
            &mut offer.image_url,
            &mut offer.unit,
            &mut offer.supply_type,
            &mut offer.supplier.id,
            &mut offer.supplier.city,
            &mut offer.supplier.credit_level,
        ]
        .into_iter()
        .flatten()
        {
            self.scrub_in_place(text);
        }
        offer.supplier.badges.iter_mut().for_each(|b| self.scrub_in_place(b));
        self.scrub_value(&mut offer.raw);
    }
}

/// At most `max` characters of `text` on one line.
pub fn snippet(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}…")
    }
}

struct Ctx<'a> {
    profile: &'a str,
    family: Family,
    redactor: &'a Redactor,
}

impl Ctx<'_> {
    fn fault(&self, status: u16, code: Option<String>, detail: &str, request_id: Option<String>) -> Fault {
        Fault {
            profile: self.profile.to_string(),
            status: Some(status),
            code: code.map(|c| self.redactor.scrub(&c)),
            detail: self.redactor.scrub(&snippet(detail, 200)),
            request_id,
        }
    }

    fn classify(&self, fault: Fault, sub_code: Option<&str>, reply: &HttpReply) -> ProviderError {
        classify(fault, sub_code, reply.retry_after, self.family)
    }

    fn malformed(&self, status: u16, detail: &str) -> ProviderError {
        ProviderError::MalformedResponse(self.fault(status, None, detail, None))
    }
}

fn looks_like_html(body: &str, content_type: Option<&str>) -> bool {
    let head: String = body.trim_start().chars().take(64).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<head")
        || head.starts_with("<body")
        || content_type.is_some_and(|c| c.to_ascii_lowercase().contains("text/html")) && head.starts_with('<')
}

/// Text of the HTML `<title>`, the most useful part of an error page.
fn html_title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = lower[start..].find("</title>")? + start;
    body.get(start..end).map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// Whether a content type may hold JSON (no label counts: some gateways send none).
fn json_like(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("json") || c.contains("javascript") || c.starts_with("text/plain")
    })
}

/// The declared charset when it is not UTF-8 (`GBK`, `GB2312`, …).
fn foreign_charset(content_type: Option<&str>) -> Option<&str> {
    let charset = content_type?.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches('"'))
    })?;
    (!matches!(charset.to_ascii_lowercase().as_str(), "utf-8" | "utf8")).then_some(charset)
}

/// Statuses that say what went wrong whatever page came with them.
fn telling_status(status: u16) -> bool {
    matches!(status, 401 | 403 | 408 | 413 | 415 | 429) || status >= 500
}

/// Parses the body as JSON or explains why it is not data.
fn decode(ctx: &Ctx<'_>, reply: &HttpReply) -> Result<Value, ProviderError> {
    let text = String::from_utf8_lossy(&reply.body);
    let status = reply.status;
    let ct = reply.content_type.as_deref();
    let success = (200..300).contains(&status);
    let what_came = || {
        if looks_like_html(&text, ct) {
            format!("an HTML page instead of data: {}", html_title(&text).unwrap_or_else(|| snippet(&text, 120)))
        } else if text.trim().is_empty() {
            "an empty reply".to_string()
        } else {
            snippet(&text, 120)
        }
    };
    // Bytes in another charset would be read as the wrong text (GBK read as
    // UTF-8 garbles every title), so such a body is not taken as data.
    if let Some(charset) = foreign_charset(ct).filter(|_| success) {
        let detail = format!("content type {} ({charset}, not UTF-8): {}", ct.unwrap_or_default(), what_came());
        return Err(ctx.malformed(status, &detail));
    }
    match crate::limits::parse_json(text.trim_start_matches('\u{feff}')) {
        // Some gateways label their JSON text/html: the body decides.
        Ok(value) => Ok(value),
        Err(_) if !success && telling_status(status) => {
            Err(ctx.classify(ctx.fault(status, None, &what_came(), None), None, reply))
        }
        Err(_) if !success => Err(ctx.malformed(status, &format!("HTTP {status} with {}", what_came()))),
        Err(_) if !json_like(ct) => Err(
            ctx.malformed(status, &format!("content type {} instead of JSON: {}", ct.unwrap_or_default(), what_came()))
        ),
        Err(e) => Err(ctx.malformed(status, &format!("not valid JSON ({e}): {}", what_came()))),
    }
}

fn text_field(v: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| lookup(v, n).and_then(as_text))
}

fn is_ok_code(code: &str) -> bool {
    matches!(code.to_ascii_lowercase().as_str(), "0" | "00" | "0000" | "200" | "2000" | "success" | "ok" | "true")
}

/// Finds an error in any family's envelope; `None` when the reply is data.
fn find_error(ctx: &Ctx<'_>, reply: &HttpReply, v: &Value) -> Option<ProviderError> {
    let status = reply.status;
    let req_id = text_field(v, &["request_id", "requestId", "error_response.request_id"]);
    let make =
        |code: Option<String>, msg: String| ctx.classify(ctx.fault(status, code, &msg, req_id.clone()), None, reply);

    // TOP: {"error_response": {code, msg, sub_code, sub_msg}}; the message leads with the sub code.
    if let Some(er) = v.get("error_response").filter(|e| e.is_object()) {
        let sub = text_field(er, &["sub_code"]);
        let msg = [sub.clone(), text_field(er, &["msg"]), text_field(er, &["sub_msg"])]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
        return Some(ctx.classify(
            ctx.fault(status, text_field(er, &["code"]), &msg, req_id.clone()),
            sub.as_deref(),
            reply,
        ));
    }
    // AOP gateway and aggregator: {"error_code", "error_message" | "reason"}.
    if let Some(code) = text_field(v, &["error_code", "errorCode"]) {
        if !is_ok_code(&code) {
            let msg = text_field(v, &["error_message", "errorMessage", "reason", "msg", "message"]).unwrap_or_default();
            return Some(make(Some(code), msg));
        }
    }
    // AOP business failure: HTTP 200, {"result": {"success": "false", code, message}}.
    if let Some(result) = v.get("result").filter(|r| r.is_object()) {
        if result.get("success").and_then(crate::normalize::parse_flag) == Some(false) {
            let code = text_field(result, &["code", "errorCode"]);
            let msg = text_field(result, &["message", "msg", "errorMsg"]).unwrap_or_default();
            return Some(make(code, msg));
        }
    }
    // Top-level success flag.
    if v.get("success").and_then(crate::normalize::parse_flag) == Some(false) {
        let code = text_field(v, &["code", "errorCode"]);
        let msg = text_field(v, &["message", "msg", "errorMsg"]).unwrap_or_default();
        return Some(make(code, msg));
    }
    // Gateways and bearer APIs: {"code": 401, "msg"|"message"}.
    if let Some(code) = text_field(v, &["code"]) {
        if !is_ok_code(&code) {
            let msg = text_field(v, &["msg", "message", "reason", "error"]).unwrap_or_default();
            return Some(make(Some(code), msg));
        }
    }
    // OAuth: {"error": "invalid_client", "error_description"}.
    if let Some(err) = v.get("error").and_then(Value::as_str).map(str::trim).filter(|e| !e.is_empty() && !is_ok_code(e))
    {
        let msg = text_field(v, &["error_description"]).unwrap_or_default();
        return Some(make(Some(err.to_string()), msg));
    }
    if !(200..300).contains(&status) {
        let msg = text_field(v, &["message", "msg"]).unwrap_or_else(|| snippet(&v.to_string(), 120));
        return Some(make(None, msg));
    }
    None
}

/// A decoded, error-checked reply body.
pub(crate) fn checked(
    profile: &ProviderProfile,
    reply: &HttpReply,
    redactor: &Redactor,
) -> Result<Value, ProviderError> {
    let ctx = Ctx { profile: &profile.id, family: profile.family(), redactor };
    let v = decode(&ctx, reply)?;
    match find_error(&ctx, reply, &v) {
        Some(e) => Err(e),
        None => Ok(v),
    }
}

fn malformed(profile: &ProviderProfile, redactor: &Redactor, reply: &HttpReply, why: &str) -> ProviderError {
    let body = String::from_utf8_lossy(&reply.body);
    ProviderError::MalformedResponse(Fault {
        profile: profile.id.clone(),
        status: Some(reply.status),
        detail: redactor.scrub(&format!("{why}: {}", snippet(&body, 120))),
        ..Fault::default()
    })
}

/// One provider page, normalised.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub offers: Vec<Offer>,
    /// Items in the reply before dropping those without an id.
    pub item_count: usize,
    pub total: Option<u64>,
    pub request_id: Option<String>,
    pub pic_region: Option<PicRegion>,
}

/// What the AOP image search says about the photo (`result.result.picRegionInfo`):
/// the region it searched (`currentRegion`) and the ones it detected
/// (`yoloCropRegion`), in the uploaded image's pixels. The raw strings are
/// kept because the order of the four numbers is not settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PicRegion {
    pub current: Option<CropBox>,
    pub detected: Vec<CropBox>,
    pub current_raw: Option<String>,
    pub detected_raw: Vec<String>,
}

/// One region string, `"266,799,48,581"`. protocols-aop.md open question 6:
/// the JSDK documents `x0,y0,x1,y1`, the values read as `x0,x1,y0,y1`, which
/// is also the order Zhaohuo sends and the sandbox uses. So `x0,x1,y0,y1` is
/// tried first and `x0,y0,x1,y1` when the first gives no box.
pub fn parse_region(text: &str) -> Option<CropBox> {
    let n: Vec<u32> = text.split(',').map(|p| p.trim().parse::<u32>()).collect::<Result<_, _>>().ok()?;
    let [a, b, c, d] = n[..] else { return None };
    let boxed = |x0: u32, x1: u32, y0: u32, y1: u32| {
        (x1 > x0 && y1 > y0).then(|| CropBox { x: x0, y: y0, width: x1 - x0, height: y1 - y0 })
    };
    boxed(a, b, c, d).or_else(|| boxed(a, c, b, d))
}

/// `picRegionInfo` as a string per region, a list of strings, or several
/// regions in one string separated by `;` or `|` (the detected list's shape
/// is not documented; all are read).
fn parse_pic_region(v: &Value) -> Option<PicRegion> {
    let info = lookup(v, "result.result.picRegionInfo").or_else(|| lookup(v, "result.picRegionInfo"))?;
    let strings = |value: Option<&Value>| -> Vec<String> {
        match value {
            Some(Value::Array(list)) => list.iter().filter_map(as_text).collect(),
            Some(other) => as_text(other)
                .map(|s| s.split([';', '|']).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        }
    };
    let current_raw = strings(info.get("currentRegion")).into_iter().next();
    let detected_raw = strings(info.get("yoloCropRegion"));
    if current_raw.is_none() && detected_raw.is_empty() {
        return None;
    }
    Some(PicRegion {
        current: current_raw.as_deref().and_then(parse_region),
        detected: detected_raw.iter().filter_map(|r| parse_region(r)).collect(),
        current_raw,
        detected_raw,
    })
}

/// Parses a search reply; `rank_base` is the rank of the page's first item minus one.
pub fn parse_search(
    profile: &ProviderProfile,
    reply: &HttpReply,
    rank_base: u32,
    redactor: &Redactor,
) -> Result<ParsedPage, ProviderError> {
    let v = checked(profile, reply, redactor)?;
    let items: Vec<&Value> = match first(&v, &profile.response.items) {
        Some(Value::Array(list)) => {
            if list.len() > MAX_ITEMS_PER_PAGE {
                tracing::warn!(profile = %profile.id, items = list.len(), kept = MAX_ITEMS_PER_PAGE, "reply page truncated");
            }
            list.iter().take(MAX_ITEMS_PER_PAGE).collect()
        }
        Some(obj @ Value::Object(_)) => vec![obj],
        Some(Value::String(s)) if s.trim().is_empty() => Vec::new(),
        Some(_) => return Err(malformed(profile, redactor, reply, "the item list is not a list")),
        None => {
            // No list: an empty result if the envelope is the expected one ("2000 no data", past the last page).
            let envelope_present = profile.response.items.iter().any(|p| {
                let top = p.split('.').next().unwrap_or(p);
                v.get(top).is_some()
            }) || text_field(&v, &["error_code"]).is_some_and(|c| c == "2000");
            if !envelope_present {
                return Err(malformed(profile, redactor, reply, "no result list in the reply"));
            }
            Vec::new()
        }
    };
    let total = first(&v, &profile.response.total).and_then(|t| match t {
        Value::Number(n) => n.as_u64(),
        other => as_text(other).and_then(|s| s.parse().ok()),
    });
    let request_id = first(&v, &profile.response.request_id).and_then(as_text).map(|id| redactor.scrub(&id));
    let mut offers = Vec::with_capacity(items.len());
    let gateway = url::Url::parse(&profile.base_url).ok();
    let item_count = items.len();
    for (i, item) in items.into_iter().enumerate() {
        let rank = rank_base.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)).saturating_add(1);
        match normalize_item(item, &profile.id, &profile.fields, profile.similarity, rank) {
            Some(mut o) => {
                redactor.scrub_offer(&mut o);
                offers.push(bound_offer(o, gateway.as_ref()));
            }
            None => tracing::warn!(profile = %profile.id, rank, "skipping a result item without an offer id"),
        }
    }
    Ok(ParsedPage { item_count, offers, total, request_id, pic_region: parse_pic_region(&v) })
}

/// AOP upload: `result.result` is the `imageId`; missing, empty or `0` means
/// the image was not accepted (usually too large).
pub fn parse_aop_upload(
    profile: &ProviderProfile,
    reply: &HttpReply,
    redactor: &Redactor,
) -> Result<String, ProviderError> {
    let v = checked(profile, reply, redactor)?;
    let id = lookup(&v, "result.result").and_then(as_text);
    match id {
        Some(id) if id != "0" => Ok(id),
        _ if v.get("result").is_none() => Err(malformed(profile, redactor, reply, "no upload result")),
        _ => Err(ProviderError::ImageRejected(Fault {
            profile: profile.id.clone(),
            status: Some(reply.status),
            detail: "the upload returned no image id (keep the JPEG around 100 KB)".into(),
            request_id: text_field(&v, &["request_id"]),
            ..Fault::default()
        })),
    }
}

/// Gateway upload: the image URL at one of `paths`.
pub fn parse_url_upload(
    profile: &ProviderProfile,
    reply: &HttpReply,
    paths: &[String],
    redactor: &Redactor,
) -> Result<String, ProviderError> {
    let v = checked(profile, reply, redactor)?;
    match first(&v, paths).and_then(as_text) {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => Ok(url),
        Some(_) => Err(malformed(profile, redactor, reply, "the upload returned something that is not a URL")),
        None => Err(malformed(profile, redactor, reply, "no image URL in the upload reply")),
    }
}

/// Client-credentials token reply: the token and its lifetime in seconds.
pub fn parse_token(
    profile: &ProviderProfile,
    reply: &HttpReply,
    redactor: &Redactor,
) -> Result<(String, Option<u64>), ProviderError> {
    let v = checked(profile, reply, redactor)?;
    let token = text_field(&v, &["access_token", "accessToken", "data.access_token"])
        .ok_or_else(|| malformed(profile, redactor, reply, "no access_token in the token reply"))?;
    let expires = lookup(&v, "expires_in").and_then(|e| match e {
        Value::Number(n) => n.as_u64(),
        other => as_text(other).and_then(|s| s.parse().ok()),
    });
    Ok((token, expires))
}
