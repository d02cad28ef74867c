//! The API families' endpoints, one module each: parameter parsing, the real
//! checks in the real order (caller, key, grant, signature, token, limits,
//! parameters), the search, and each family's reply shape. What they share
//! lives here: parameter and image parsing, filtering and paging the hits,
//! and [`respond`], the one way an endpoint's outcome becomes a response (a
//! [`Failure`] rendered in the family's own words, see `crate::failure`).

pub mod aop;
pub mod bearer;
pub mod gateway;
pub mod top;

use std::sync::Arc;

use axum::http::{header, HeaderMap, Uri};
use axum::response::Response;
use base64::Engine as _;
use image::RgbImage;

use crate::catalog::{Catalog, Offer};
use crate::failure::{Dialect, Failure};
use crate::search::{Hit, Mode, Outcome};
use crate::server::Shared;

type Params = Vec<(String, String)>;
type ApiResult = Result<Response, Failure>;

/// The one way an endpoint's outcome becomes a response: its reply, or the
/// failure in `dialect`'s shape, tagged with the call's `request_id`.
fn respond(result: ApiResult, dialect: Dialect, request_id: &str) -> Response {
    result.unwrap_or_else(|failure| failure.render(dialect, request_id))
}

/// Pictures kept for later calls are reduced to this longest side.
const STORED_SIDE: u32 = 1024;
/// The widest and tallest picture decoded. A file's header may declare any
/// size (a 1 KB PNG can claim 60000×60000); a search needs far less.
const MAX_DECODE_SIDE: u32 = 8192;
/// The most memory a decoder may take for one picture.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// The media type of a form, the body every family reads (the bearer family's
/// image search also takes `multipart/form-data`).
pub(crate) const FORM: &str = "application/x-www-form-urlencoded";
/// The longest media type repeated back in an error.
const MAX_MEDIA_TYPE_SHOWN: usize = 100;

/// The query string's parameters, then the form body's.
fn parse_params(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Params, Failure> {
    let mut params = parse_query(uri)?;
    params.extend(parse_form(headers, body, FORM)?);
    Ok(params)
}

fn parse_query(uri: &Uri) -> Result<Params, Failure> {
    match uri.query() {
        Some(q) => serde_urlencoded::from_str(q).map_err(|_| Failure::BadParam("query string is not valid".into())),
        None => Ok(Vec::new()),
    }
}

/// The form body's parameters; a non-empty body that is not a form is
/// refused ([`require_form_body`]), `accepted` naming what the endpoint reads.
fn parse_form(headers: &HeaderMap, body: &[u8], accepted: &'static str) -> Result<Params, Failure> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    require_form_body(headers, body, accepted)?;
    serde_urlencoded::from_bytes(body).map_err(|_| Failure::BadParam("form body is not valid".into()))
}

/// A request's media type: its `Content-Type` without parameters, lower
/// case (cut short if long), or `None` when it names none.
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    (!essence.is_empty()).then(|| essence.chars().take(MAX_MEDIA_TYPE_SHOWN).collect())
}

/// Refuses a non-empty body that is not a form. Read as a form, a JSON or
/// text body becomes one junk parameter and the call fails later for a
/// reason that hides the real one (a missing signature, say).
pub(crate) fn require_form_body(headers: &HeaderMap, body: &[u8], accepted: &'static str) -> Result<(), Failure> {
    let content_type = media_type(headers);
    if body.is_empty() || content_type.as_deref() == Some(FORM) {
        return Ok(());
    }
    Err(Failure::UnsupportedBody { content_type, accepted })
}

fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// A parameter that is present and not blank, trimmed.
fn filled<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    param(params, key).map(str::trim).filter(|v| !v.is_empty())
}

fn parse_u64(value: Option<&str>, name: &'static str, default: u64) -> Result<u64, Failure> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse::<u64>().map_err(|_| Failure::BadParam(format!("{name} must be a whole number"))),
    }
}

/// A page size from `value` (else `default`), from 1 to `cap`.
fn parse_page_size(value: Option<&str>, name: &'static str, default: u64, cap: u64) -> Result<u64, Failure> {
    let size = parse_u64(value, name, default)?;
    if size == 0 || size > cap {
        return Err(Failure::PageSizeOverCap { given: size, cap });
    }
    Ok(size)
}

fn parse_price(value: Option<&str>, name: &'static str) -> Result<Option<f64>, Failure> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|p| p.is_finite() && *p >= 0.0)
            .map(Some)
            .ok_or_else(|| Failure::BadParam(format!("{name} must be a price in yuan"))),
    }
}

/// A decoded upload.
struct Decoded {
    picture: RgbImage,
    is_png: bool,
    has_alpha: bool,
}

/// Checks and decodes a base64 upload; the picture is decoded off the async
/// threads (see [`decode_image_bytes`]).
async fn decode_base64_image(text: &str, cap: usize) -> Result<Decoded, Failure> {
    if text.contains('\n') || text.contains('\r') {
        return Err(Failure::BadParam("image base64 must not contain line breaks".into()));
    }
    if text.starts_with("data:") {
        return Err(Failure::BadParam("image base64 must not carry a data: prefix".into()));
    }
    if text.trim().is_empty() {
        return Err(Failure::MissingParam("image"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| Failure::BadParam("image is not valid base64".into()))?;
    decode_image_bytes(bytes, cap).await
}

/// Decodes an upload on a blocking thread: decoding is CPU work (seconds for
/// a big picture) that would stall every other request on the async threads.
async fn decode_image_bytes(bytes: Vec<u8>, cap: usize) -> Result<Decoded, Failure> {
    if bytes.len() > cap {
        return Err(Failure::ImageTooLarge { size: bytes.len(), cap });
    }
    tokio::task::spawn_blocking(move || decode_image_now(bytes, cap)).await.map_err(|_| Failure::Internal)?
}

/// The decoder's limits: the size a file declares is checked before any
/// pixel memory is taken.
fn decode_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    limits
}

/// Decodes a JPEG or PNG within [`decode_limits`]; blocking work.
fn decode_image_now(bytes: Vec<u8>, cap: usize) -> Result<Decoded, Failure> {
    if bytes.len() > cap {
        return Err(Failure::ImageTooLarge { size: bytes.len(), cap });
    }
    let format = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        image::ImageFormat::Jpeg
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G']) {
        image::ImageFormat::Png
    } else {
        return Err(Failure::UnsupportedImage("unsupported image type: only jpg and png are accepted".into()));
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format);
    reader.limits(decode_limits());
    let decoded = reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => Failure::UnsupportedImage(format!(
            "the image is too large to decode: at most {MAX_DECODE_SIDE}×{MAX_DECODE_SIDE} pixels are accepted"
        )),
        _ => Failure::UnsupportedImage("the image cannot be read".into()),
    })?;
    if decoded.width() < 16 || decoded.height() < 16 {
        return Err(Failure::UnsupportedImage("the image is too small to search".into()));
    }
    let has_alpha = decoded.color().has_alpha();
    Ok(Decoded { picture: decoded.to_rgb8(), is_png: format == image::ImageFormat::Png, has_alpha })
}

/// [`shrink_for_storage`] on a blocking thread (resampling a big picture is CPU work).
async fn shrink_off_thread(picture: RgbImage) -> Result<RgbImage, Failure> {
    tokio::task::spawn_blocking(move || shrink_for_storage(picture)).await.map_err(|_| Failure::Internal)
}

fn shrink_for_storage(picture: RgbImage) -> RgbImage {
    let (w, h) = picture.dimensions();
    if w.max(h) <= STORED_SIDE {
        return picture;
    }
    let scale = STORED_SIDE as f32 / w.max(h) as f32;
    image::imageops::thumbnail(&picture, ((w as f32 * scale) as u32).max(1), ((h as f32 * scale) as u32).max(1))
}

/// How results are narrowed and ordered before paging.
#[derive(Default)]
struct Selection {
    price_min: Option<f64>,
    price_max: Option<f64>,
    moq_max: Option<u32>,
    free_shipping: Option<bool>,
    category_id: Option<u64>,
    min_similarity: f32,
    flags: Vec<String>,
    sort: Option<(String, bool)>,
}

impl Selection {
    fn apply(&self, catalog: &Catalog, hits: Vec<Hit>) -> Vec<Hit> {
        let mut kept: Vec<Hit> = hits
            .into_iter()
            .filter(|h| {
                let o = &catalog.offers[h.offer];
                let s = &catalog.suppliers[o.supplier];
                let category = catalog.designs[o.design].category.category_id();
                h.similarity >= self.min_similarity
                    && self.price_min.is_none_or(|p| o.min_price() >= p)
                    && self.price_max.is_none_or(|p| o.min_price() <= p)
                    && self.moq_max.is_none_or(|m| o.moq() <= m)
                    && self.free_shipping.is_none_or(|f| o.free_shipping == f)
                    && self.category_id.is_none_or(|c| c == category)
                    && self.flags.iter().all(|flag| match flag.as_str() {
                        "certifiedFactory" => s.identities.contains(&"certified_factory") || s.is_factory,
                        "shipIn48Hours" => o.ship_in_48h,
                        "isOnePsale" => o.dropship,
                        "isOnePsaleFreePost" => o.dropship && o.free_shipping,
                        "noReason7DReturn" => o.no_reason_7d_return,
                        "new30" => o.new_30d,
                        _ => true,
                    })
            })
            .collect();
        if let Some((key, ascending)) = &self.sort {
            let metric = |h: &Hit| -> f64 {
                let o = &catalog.offers[h.offer];
                match key.as_str() {
                    "price" => o.min_price(),
                    "monthSold" | "sale" => f64::from(o.month_sold),
                    "rePurchaseRate" => o.repurchase_rate,
                    "credit" => catalog.suppliers[o.supplier].trade_score,
                    _ => f64::from(h.similarity),
                }
            };
            kept.sort_by(|a, b| {
                let ord = metric(a).total_cmp(&metric(b));
                if *ascending {
                    ord
                } else {
                    ord.reverse()
                }
            });
        }
        kept
    }
}

/// One page of `items`. Each page after the first repeats the last
/// `page_overlap` items of the one before (at most a page less one, so paging
/// still moves forward).
fn page<T: Clone>(shared: &Shared, items: &[T], page: u64, size: u64) -> Vec<T> {
    let overlap = u64::from(shared.config.page_overlap).min(size.saturating_sub(1));
    let start = page.saturating_sub(1).saturating_mul(size - overlap);
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    items.iter().skip(start).take(usize::try_from(size).unwrap_or(usize::MAX)).cloned().collect()
}

fn pages(total: usize, size: u64) -> u64 {
    if size == 0 {
        0
    } else {
        (total as u64).div_ceil(size)
    }
}

fn money(p: f64) -> String {
    format!("{p:.2}")
}

fn price_range(o: &Offer) -> String {
    let (lo, hi) = (o.min_price(), o.max_price());
    if (hi - lo).abs() < 0.005 {
        money(lo)
    } else {
        format!("{}-{}", money(lo), money(hi))
    }
}

async fn search_blocking(shared: &Arc<Shared>, picture: Arc<RgbImage>, mode: Mode) -> Outcome {
    let index = shared.index.clone();
    let for_fallback = index.clone();
    let fallback = picture.clone();
    match tokio::task::spawn_blocking(move || index.search(&picture, mode)).await {
        Ok(outcome) => outcome,
        Err(_) => for_fallback.search(&fallback, mode),
    }
}

/// Resolves an image reference: a URL served by this sandbox, or base64.
/// Rendering and decoding run off the async threads.
async fn resolve_image(shared: &Arc<Shared>, reference: &str, cap: usize) -> Result<RgbImage, Failure> {
    let reference = reference.trim();
    if reference.starts_with("http://") || reference.starts_with("https://") {
        let path = reference.splitn(4, '/').nth(3).unwrap_or_default();
        let path = path.split(['?', '#']).next().unwrap_or_default();
        if let Some(file) = path.strip_prefix("uploads/") {
            let id = file.split('.').next().unwrap_or_default();
            return shared
                .stored_image(id)
                .map(|s| s.picture.as_ref().clone())
                .ok_or_else(|| Failure::BadParam("imgid refers to an unknown upload".into()));
        }
        if let Some(file) = path.strip_prefix("img/") {
            let unknown = || Failure::BadParam("imgid refers to an unknown offer picture".into());
            let id = file.strip_suffix(".jpg").and_then(|id| id.parse::<u64>().ok()).ok_or_else(unknown)?;
            let shared = shared.clone();
            let rendered =
                tokio::task::spawn_blocking(move || shared.offer_jpeg(id)).await.map_err(|_| Failure::Internal)?;
            let bytes = rendered.ok_or_else(unknown)?;
            return Ok(decode_image_bytes(bytes.to_vec(), cap).await?.picture);
        }
        return Err(Failure::BadParam("imgid URL cannot be fetched: upload the picture with upload_img first".into()));
    }
    Ok(decode_base64_image(reference, cap).await?.picture)
}
