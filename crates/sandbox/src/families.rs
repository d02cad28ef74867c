//! The API families' endpoints: parameter parsing, the real checks in the real
//! order (caller, key, grant, signature, token, limits, parameters), the search,
//! and each family's reply shape.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::Response;
use base64::Engine as _;
use image::RgbImage;
use serde_json::{json, Value};
use zhaohuo_sign::{aop_signature, signatures_match, top_signature, TopSignMethod};

use crate::catalog::{Catalog, Offer};
use crate::failure::{json_response, Failure, Family, TopApi};
use crate::search::{Hit, Mode, Outcome};
use crate::server::Shared;

type Params = Vec<(String, String)>;
type ApiResult = Result<Response, Failure>;

/// Pictures kept for later calls are reduced to this longest side.
const STORED_SIDE: u32 = 1024;
const AOP_MAX_PAGE_SIZE: u64 = 50;
const AOP_MAX_PAGE: u64 = 50;
const TOP_MAX_PAGE_SIZE: u64 = 20;
const OFFER_MATCH_LAST_PAGE: u64 = 20;
const SEARCH_ITEM_MAX_SIDE: u32 = 800;
const GATEWAY_MAX_PAGE_SIZE: u64 = 100;
const BEARER_MAX_PAGE_SIZE: u64 = 50;

fn parse_params(uri: &Uri, body: &[u8]) -> Result<Params, Failure> {
    let mut params: Params = match uri.query() {
        Some(q) => serde_urlencoded::from_str(q).map_err(|_| Failure::BadParam("query string is not valid".into()))?,
        None => Vec::new(),
    };
    if !body.is_empty() {
        let form: Params =
            serde_urlencoded::from_bytes(body).map_err(|_| Failure::BadParam("form body is not valid".into()))?;
        params.extend(form);
    }
    Ok(params)
}

fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn parse_u64(value: Option<&str>, name: &'static str, default: u64) -> Result<u64, Failure> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => v.parse::<u64>().map_err(|_| Failure::BadParam(format!("{name} must be a whole number"))),
    }
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
    bytes: Vec<u8>,
    is_png: bool,
    has_alpha: bool,
}

fn decode_base64_image(text: &str, cap: usize) -> Result<Decoded, Failure> {
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
    decode_image_bytes(bytes, cap)
}

fn decode_image_bytes(bytes: Vec<u8>, cap: usize) -> Result<Decoded, Failure> {
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
    let decoded = image::load_from_memory_with_format(&bytes, format)
        .map_err(|_| Failure::UnsupportedImage("the image cannot be read".into()))?;
    if decoded.width() < 16 || decoded.height() < 16 {
        return Err(Failure::UnsupportedImage("the image is too small to search".into()));
    }
    let has_alpha = decoded.color().has_alpha();
    Ok(Decoded { picture: decoded.to_rgb8(), bytes, is_png: format == image::ImageFormat::Png, has_alpha })
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

// ---------------------------------------------------------------- AOP

fn aop_admit(
    shared: &Shared,
    peer: SocketAddr,
    uri: &Uri,
    app_key: &str,
    api: &'static str,
    body: &[u8],
) -> Result<Params, Failure> {
    shared.admit(peer.ip(), Some(app_key), api)?;
    let params = parse_params(uri, body)?;
    let Some(given) = param(&params, "_aop_signature") else {
        return Err(Failure::MissingParam("_aop_signature"));
    };
    let signed_path = uri.path().trim_start_matches('/').trim_start_matches("openapi/");
    let expected = aop_signature(signed_path, &params, shared.config.credentials.app_secret.expose().as_bytes());
    if !signatures_match(&expected, given) {
        return Err(Failure::BadSignature);
    }
    shared.check_access_token(param(&params, "access_token"))?;
    shared.throttle(Family::Aop, app_key)?;
    Ok(params)
}

/// `product.image.upload`: stores the picture and answers its `imageId`.
pub async fn aop_upload(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(app_key): Path<String>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    aop_upload_inner(&shared, peer, &uri, &app_key, &body)
        .unwrap_or_else(|f| f.render(Family::Aop, TopApi::SearchItem, &request_id))
}

fn aop_upload_inner(shared: &Shared, peer: SocketAddr, uri: &Uri, app_key: &str, body: &[u8]) -> ApiResult {
    let params = aop_admit(shared, peer, uri, app_key, "product.image.upload", body)?;
    let raw = param(&params, "uploadImageParam").ok_or(Failure::MissingParam("uploadImageParam"))?;
    let parsed: Value =
        serde_json::from_str(raw).map_err(|_| Failure::BadParam("uploadImageParam is not valid JSON".into()))?;
    let b64 = parsed.get("imageBase64").and_then(Value::as_str).ok_or(Failure::MissingParam("imageBase64"))?;
    let decoded = decode_base64_image(b64, shared.config.image_caps.aop_upload)?;
    let id = shared.store_image(shrink_for_storage(decoded.picture), Bytes::from(decoded.bytes), decoded.is_png);
    Ok(json_response(StatusCode::OK, &json!({"result": {"success": true, "code": "200", "message": "", "result": id}})))
}

/// Reads a JSON field that clients send as a number or as a string.
fn json_text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(_) | Value::Array(_) => Some(v.get(key)?.to_string()),
        Value::Null => None,
    }
}

/// Parses `"x1,x2,y1,y2"` into a crop box within `w`×`h`.
fn parse_region(text: &str, w: u32, h: u32) -> Result<(u32, u32, u32, u32), Failure> {
    let bad = || Failure::BadParam("region must be four integers x1,x2,y1,y2".into());
    let v: Vec<u32> = text.split(',').map(|s| s.trim().parse::<u32>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    let [x1, x2, y1, y2] = v[..] else { return Err(bad()) };
    let (x1, x2, y1, y2) = (x1.min(w), x2.min(w), y1.min(h), y2.min(h));
    if x2 <= x1 + 8 || y2 <= y1 + 8 {
        return Err(bad());
    }
    Ok((x1, y1, x2 - x1, y2 - y1))
}

/// `product.search.imageQuery`: searches an uploaded picture, ranked, no similarity.
pub async fn aop_image_query(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(app_key): Path<String>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    match aop_image_query_inner(&shared, peer, &uri, &app_key, &body).await {
        Ok(r) => r,
        Err(f) => f.render(Family::Aop, TopApi::SearchItem, &request_id),
    }
}

async fn aop_image_query_inner(
    shared: &Arc<Shared>,
    peer: SocketAddr,
    uri: &Uri,
    app_key: &str,
    body: &[u8],
) -> ApiResult {
    let params = aop_admit(shared, peer, uri, app_key, "product.search.imageQuery", body)?;
    let raw = param(&params, "offerQueryParam").ok_or(Failure::MissingParam("offerQueryParam"))?;
    let q: Value =
        serde_json::from_str(raw).map_err(|_| Failure::BadParam("offerQueryParam is not valid JSON".into()))?;
    let image_id = json_text(&q, "imageId").ok_or(Failure::MissingParam("imageId"))?;
    let begin_page = parse_u64(json_text(&q, "beginPage").as_deref(), "beginPage", 1)?;
    let page_size = parse_u64(json_text(&q, "pageSize").as_deref(), "pageSize", 20)?;
    if page_size > AOP_MAX_PAGE_SIZE || page_size == 0 {
        return Err(Failure::PageSizeOverCap { given: page_size, cap: AOP_MAX_PAGE_SIZE });
    }
    if begin_page == 0 {
        return Err(Failure::BadParam("beginPage starts at 1".into()));
    }
    if begin_page > AOP_MAX_PAGE {
        return Err(Failure::PageOverCap { given: begin_page, cap: AOP_MAX_PAGE });
    }
    let country = json_text(&q, "country").unwrap_or_else(|| "en".into());
    let stored = shared.stored_image(&image_id).ok_or(Failure::ImageNotFound)?;
    let (w, h) = stored.picture.dimensions();
    let region = json_text(&q, "region").filter(|r| !r.trim().is_empty());
    let (picture, offset) = match &region {
        Some(text) => {
            let (x, y, cw, ch) = parse_region(text, w, h)?;
            (Arc::new(image::imageops::crop_imm(stored.picture.as_ref(), x, y, cw, ch).to_image()), (x, y))
        }
        None => (stored.picture.clone(), (0, 0)),
    };
    let outcome = search_blocking(shared, picture, Mode::Similar).await;

    let mut selection = Selection {
        price_min: parse_price(json_text(&q, "priceStart").as_deref(), "priceStart")?,
        price_max: parse_price(json_text(&q, "priceEnd").as_deref(), "priceEnd")?,
        category_id: json_text(&q, "categoryId").and_then(|c| c.parse().ok()),
        flags: json_text(&q, "filter")
            .map(|f| f.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default(),
        ..Selection::default()
    };
    if let Some(sort) = json_text(&q, "sort").filter(|s| !s.trim().is_empty()) {
        let parsed: Value = serde_json::from_str(&sort)
            .map_err(|_| Failure::BadParam("sort must be JSON such as {\"price\":\"asc\"}".into()))?;
        let (key, dir) = parsed
            .as_object()
            .and_then(|o| o.iter().next())
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("asc").to_owned()))
            .ok_or_else(|| Failure::BadParam("sort must name one field".into()))?;
        if !["price", "monthSold", "rePurchaseRate"].contains(&key.as_str()) {
            return Err(Failure::BadParam(format!("cannot sort by {key}")));
        }
        selection.sort = Some((key, dir.eq_ignore_ascii_case("asc")));
    }
    let catalog = &shared.index.catalog;
    let hits = selection.apply(catalog, outcome.hits.clone());
    let english = !matches!(country.as_str(), "zh" | "cn" | "zh-CN");
    let data: Vec<Value> = page(shared, &hits, begin_page, page_size)
        .iter()
        .map(|h| {
            let o = &catalog.offers[h.offer];
            let s = &catalog.suppliers[o.supplier];
            let category = catalog.designs[o.design].category;
            json!({
                "offerId": o.offer_id,
                "subject": o.title_zh,
                "subjectTrans": if english { &o.title_en } else { &o.title_zh },
                "imageUrl": shared.offer_image_url(o.offer_id),
                "priceInfo": {
                    "price": money(o.tiers[0].price),
                    "consignPrice": money(o.consign_price),
                    "promotionPrice": if o.new_30d { Value::String(money(o.min_price())) } else { Value::Null },
                },
                "minOrderQuantity": o.moq(),
                "monthSold": o.month_sold,
                "repurchaseRate": format!("{:.1}%", o.repurchase_rate),
                "tradeScore": format!("{:.1}", s.trade_score),
                "isOnePsale": o.dropship,
                "isJxhy": false,
                "sellerIdentities": s.identities,
                "companyName": s.company_zh,
                "companyAddress": format!("{}省{}市", s.province_zh, s.city_zh),
                "topCategoryId": category.category_id() / 1000,
                "secondCategoryId": category.category_id() / 10,
                "thirdCategoryId": category.category_id(),
            })
        })
        .collect();
    let subject = outcome.subject;
    let yolo = format!(
        "{},{},{},{}",
        subject.x + offset.0,
        subject.x + subject.width + offset.0,
        subject.y + offset.1,
        subject.y + subject.height + offset.1
    );
    let current = region.clone().unwrap_or_else(|| yolo.clone());
    Ok(json_response(
        StatusCode::OK,
        &json!({"result": {"success": true, "code": "200", "message": "", "result": {
            "totalRecords": hits.len(),
            "totalPage": pages(hits.len(), page_size),
            "pageSize": page_size,
            "currentPage": begin_page,
            "data": data,
            "picRegionInfo": {"currentRegion": current, "yoloCropRegion": yolo},
        }}}),
    ))
}

/// The older permission package `alibaba.cross.similar.offer.search`: `picUrl`
/// + `page`, 20 a page, prices as integer fen (`oldPrice`).
pub async fn aop_similar_offer_search(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(app_key): Path<String>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    match aop_similar_inner(&shared, peer, &uri, &app_key, &body).await {
        Ok(r) => r,
        Err(f) => f.render(Family::Aop, TopApi::SearchItem, &request_id),
    }
}

const LINKPLUS_PAGE_SIZE: u64 = 20;

async fn aop_similar_inner(shared: &Arc<Shared>, peer: SocketAddr, uri: &Uri, app_key: &str, body: &[u8]) -> ApiResult {
    let params = aop_admit(shared, peer, uri, app_key, "alibaba.cross.similar.offer.search", body)?;
    let pic_url = param(&params, "picUrl").filter(|s| !s.trim().is_empty()).ok_or(Failure::MissingParam("picUrl"))?;
    let page_no = parse_u64(param(&params, "page"), "page", 1)?.max(1);
    let page_size = parse_u64(param(&params, "pageSize"), "pageSize", LINKPLUS_PAGE_SIZE)?;
    if page_size > LINKPLUS_PAGE_SIZE || page_size == 0 {
        return Err(Failure::PageSizeOverCap { given: page_size, cap: LINKPLUS_PAGE_SIZE });
    }
    let picture = resolve_image(shared, pic_url, shared.config.image_caps.aop_upload)?;
    let outcome = search_blocking(shared, Arc::new(picture), Mode::Similar).await;
    let catalog = &shared.index.catalog;
    let offers: Vec<Value> = page(shared, &outcome.hits, page_no, page_size)
        .iter()
        .map(|h| {
            let o = &catalog.offers[h.offer];
            let design = &catalog.designs[o.design];
            json!({
                "offerId": o.offer_id,
                "subject": o.title_zh,
                "oldPrice": (o.tiers[0].price * 100.0).round() as u64,
                "quantityBegin": o.moq(),
                "unit": design.category.unit_zh(),
                "detailUrl": o.detail_url(),
                "imageUrl": shared.offer_image_url(o.offer_id),
                "supplierName": catalog.suppliers[o.supplier].company_zh,
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"result": {"success": true, "code": "200", "message": "", "totalCount": outcome.hits.len(), "page": page_no, "result": offers}}),
    ))
}

/// Any other `/openapi/...` path: an API this gateway does not serve.
pub async fn aop_unsupported(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let request_id = shared.request_id();
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({"error_code": "gw.APIUnsupported", "error_message": format!("API {} is not supported", uri.path()), "request_id": request_id, "exception": "APIUnsupported"}),
    )
}

// ---------------------------------------------------------------- TOP

/// Parses a TOP timestamp (`yyyy-MM-dd HH:mm:ss` in GMT+8, or milliseconds
/// since the epoch) and checks it is within `skew` of `now`.
fn top_timestamp_ok(text: &str, now: chrono::DateTime<chrono::Utc>, skew: std::time::Duration) -> bool {
    let now_ms = now.timestamp_millis();
    let given_ms = if let Ok(ms) = text.trim().parse::<i64>() {
        if text.trim().len() <= 10 {
            ms * 1000
        } else {
            ms
        }
    } else if let Ok(local) = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S") {
        local.and_utc().timestamp_millis() - 8 * 3600 * 1000
    } else {
        return false;
    };
    (now_ms - given_ms).unsigned_abs() <= skew.as_millis() as u64
}

async fn top_dispatch(
    shared: Arc<Shared>,
    peer: SocketAddr,
    uri: Uri,
    body: Bytes,
    route_api: Option<TopApi>,
) -> Response {
    let request_id = shared.request_id();
    let params = match parse_params(&uri, &body) {
        Ok(p) => p,
        Err(f) => return f.render(Family::Top, route_api.unwrap_or(TopApi::SearchItem), &request_id),
    };
    let api = match param(&params, "method") {
        Some("alibaba.image.search.offer.match") => TopApi::OfferMatch,
        Some("alibaba.image.search.item") => TopApi::SearchItem,
        Some(other) => {
            return Failure::BadParam(format!("Invalid method: {other}")).render(
                Family::Top,
                route_api.unwrap_or(TopApi::SearchItem),
                &request_id,
            )
        }
        None => {
            return Failure::MissingParam("method").render(
                Family::Top,
                route_api.unwrap_or(TopApi::SearchItem),
                &request_id,
            )
        }
    };
    if route_api.is_some_and(|r| r != api) {
        return Failure::BadParam("method does not match this endpoint".into()).render(Family::Top, api, &request_id);
    }
    let result = match top_admit(&shared, peer, &params, api) {
        Ok(()) => match api {
            TopApi::OfferMatch => top_offer_match_inner(&shared, &params, &request_id).await,
            TopApi::SearchItem => top_search_item_inner(&shared, &params, &request_id).await,
        },
        Err(f) => Err(f),
    };
    result.unwrap_or_else(|f| f.render(Family::Top, api, &request_id))
}

fn top_admit(shared: &Shared, peer: SocketAddr, params: &[(String, String)], api: TopApi) -> Result<(), Failure> {
    let api_name = match api {
        TopApi::OfferMatch => "alibaba.image.search.offer.match",
        TopApi::SearchItem => "alibaba.image.search.item",
    };
    let app_key = param(params, "app_key").ok_or(Failure::MissingParam("app_key"))?;
    shared.admit(peer.ip(), Some(app_key), api_name)?;
    let method: TopSignMethod = param(params, "sign_method")
        .unwrap_or("md5")
        .parse()
        .map_err(|_| Failure::BadParam("sign_method must be md5, hmac or hmac-sha256".into()))?;
    let given = param(params, "sign").ok_or(Failure::MissingParam("sign"))?;
    let expected = top_signature(method, params, shared.config.credentials.app_secret.expose().as_bytes());
    if !signatures_match(&expected, given) {
        return Err(Failure::BadSignature);
    }
    let timestamp = param(params, "timestamp").ok_or(Failure::MissingParam("timestamp"))?;
    if !top_timestamp_ok(timestamp, shared.now(), shared.config.timestamp_skew) {
        return Err(Failure::BadTimestamp);
    }
    let token = param(params, "access_token").or_else(|| param(params, "session")).filter(|t| !t.trim().is_empty());
    match (api, token) {
        (TopApi::SearchItem, _) | (TopApi::OfferMatch, Some(_)) => shared.check_access_token(token)?,
        (TopApi::OfferMatch, None) => {}
    }
    shared.throttle(Family::Top, app_key)
}

/// TOP `alibaba.image.search.offer.match` at its documented path.
pub async fn top_offer_match(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    body: Bytes,
) -> Response {
    top_dispatch(shared, peer, uri, body, Some(TopApi::OfferMatch)).await
}

/// TOP `alibaba.image.search.item` at its documented path.
pub async fn top_search_item(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    body: Bytes,
) -> Response {
    top_dispatch(shared, peer, uri, body, Some(TopApi::SearchItem)).await
}

/// The generic TOP `router/rest`, dispatching on `method`.
pub async fn top_router(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    body: Bytes,
) -> Response {
    top_dispatch(shared, peer, uri, body, None).await
}

async fn top_offer_match_inner(shared: &Arc<Shared>, params: &[(String, String)], request_id: &str) -> ApiResult {
    let image = param(params, "image").ok_or(Failure::MissingParam("image"))?;
    match param(params, "imageType").unwrap_or("jpg") {
        "jpg" | "png" => {}
        other => return Err(Failure::BadParam(format!("imageType must be jpg or png, not {other}"))),
    }
    let decoded = decode_base64_image(image, shared.config.image_caps.offer_match)?;
    let threshold = match param(params, "similarity").map(str::trim).filter(|s| !s.is_empty()) {
        None => 0.0,
        Some(s) => s
            .parse::<f32>()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(|| Failure::BadParam("similarity must be between 0 and 1".into()))?,
    };
    let page_num = parse_u64(param(params, "pageNum"), "pageNum", 1)?.max(1);
    let page_size = parse_u64(param(params, "pageSize"), "pageSize", 20)?;
    if page_size > TOP_MAX_PAGE_SIZE || page_size == 0 {
        return Err(Failure::PageSizeOverCap { given: page_size, cap: TOP_MAX_PAGE_SIZE });
    }
    let supply = param(params, "needSupplyInfo").is_some_and(|v| v == "true");
    let outcome = search_blocking(shared, Arc::new(decoded.picture), Mode::Similar).await;
    let catalog = &shared.index.catalog;
    let hits = Selection { min_similarity: threshold, ..Selection::default() }.apply(catalog, outcome.hits);
    // The write-ups report empty pages past page 20.
    let shown = if page_num > OFFER_MATCH_LAST_PAGE { Vec::new() } else { page(shared, &hits, page_num, page_size) };
    let list: Vec<Value> = shown
        .iter()
        .map(|h| {
            let o = &catalog.offers[h.offer];
            let mut item = json!({
                "offerId": o.offer_id.to_string(),
                "title": o.title_zh,
                "similarity": (f64::from(h.similarity) * 100.0).round() / 100.0,
                "supplierName": catalog.suppliers[o.supplier].company_zh,
                "imageUrl": shared.offer_image_url(o.offer_id),
            });
            if supply {
                item["priceRange"] = json!(price_range(o));
                item["moq"] = json!(format!("{}+", o.moq()));
                item["supplyType"] = json!(o.supply_type_zh());
            }
            item
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"alibaba_image_search_offer_match_response": {
            "result": {"totalCount": hits.len(), "pageNum": page_num, "pageSize": page_size, "offerList": list},
            "request_id": request_id,
        }}),
    ))
}

async fn top_search_item_inner(shared: &Arc<Shared>, params: &[(String, String)], request_id: &str) -> ApiResult {
    let image = param(params, "image").ok_or(Failure::MissingParam("image"))?;
    let decoded = decode_base64_image(image, shared.config.image_caps.search_item)?;
    if decoded.has_alpha {
        return Err(Failure::UnsupportedImage("the image must not have an alpha channel".into()));
    }
    if decoded.picture.width().max(decoded.picture.height()) > SEARCH_ITEM_MAX_SIDE {
        return Err(Failure::UnsupportedImage(format!(
            "the image's longest side must be at most {SEARCH_ITEM_MAX_SIDE} px"
        )));
    }
    let page_no = parse_u64(param(params, "page_no"), "page_no", 1)?.max(1);
    let page_size = parse_u64(param(params, "page_size"), "page_size", 20)?;
    if page_size > TOP_MAX_PAGE_SIZE || page_size == 0 {
        return Err(Failure::PageSizeOverCap { given: page_size, cap: TOP_MAX_PAGE_SIZE });
    }
    let freight = match param(params, "freight_type").map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some("free") => Some(true),
        Some("paid") => Some(false),
        Some(_) => return Err(Failure::BadParam("freight_type must be free or paid".into())),
    };
    let selection =
        Selection {
            price_min: parse_price(param(params, "price_start"), "price_start")?,
            price_max: parse_price(param(params, "price_end"), "price_end")?,
            // The quantity the buyer means to order: only offers whose minimum
            // order (起批量) it meets come back, i.e. the offer's MOQ ≤ it.
            moq_max: match param(params, "min_order_quantity").map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(v) => Some(v.parse::<u32>().ok().filter(|q| *q >= 1).ok_or_else(|| {
                    Failure::BadParam("min_order_quantity must be a whole number of at least 1".into())
                })?),
            },
            free_shipping: freight,
            ..Selection::default()
        };
    let outcome = search_blocking(shared, Arc::new(decoded.picture), Mode::Similar).await;
    let catalog = &shared.index.catalog;
    let hits = selection.apply(catalog, outcome.hits);
    let items: Vec<Value> = page(shared, &hits, page_no, page_size)
        .iter()
        .map(|h| {
            let o = &catalog.offers[h.offer];
            let s = &catalog.suppliers[o.supplier];
            json!({
                "item_id": o.offer_id,
                "title": o.title_zh,
                "price": money(o.tiers[0].price),
                "min_order_quantity": o.moq(),
                "similarity": (f64::from(h.similarity) * 1000.0).round() / 1000.0,
                "pic_url": shared.offer_image_url(o.offer_id),
                "detail_url": o.detail_url(),
                "address": {"province": s.province_zh, "city": s.city_zh},
                "freight_type": if o.free_shipping { "free" } else { "paid" },
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"image_search_item_response": {
            "total_results": hits.len(),
            "page_no": page_no,
            "items": {"item": items},
            "request_id": request_id,
        }}),
    ))
}

// ---------------------------------------------------------------- Gateway

fn gateway_admit(
    shared: &Shared,
    peer: SocketAddr,
    params: &[(String, String)],
    api: &'static str,
) -> Result<String, Failure> {
    let key = param(params, "key").or_else(|| param(params, "app_key")).ok_or(Failure::MissingParam("key"))?;
    shared.admit(peer.ip(), Some(key), api)?;
    if let Some(given) = param(params, "sign") {
        let method: TopSignMethod =
            param(params, "sign_method").unwrap_or("md5").parse().map_err(|_| Failure::BadSignature)?;
        let expected = top_signature(method, params, shared.config.credentials.app_secret.expose().as_bytes());
        if !signatures_match(&expected, given) {
            return Err(Failure::BadSignature);
        }
    } else {
        let secret = param(params, "secret").ok_or(Failure::MissingParam("secret"))?;
        if !signatures_match(shared.config.credentials.app_secret.expose(), secret) {
            return Err(Failure::BadSignature);
        }
    }
    shared.throttle(Family::Gateway, key)?;
    Ok(key.to_owned())
}

/// `upload_img`: stores a base64 picture and answers its URL for `imgid`.
pub async fn gateway_upload(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    let result = (|| -> ApiResult {
        let params = parse_params(&uri, &body)?;
        gateway_admit(&shared, peer, &params, "upload_img")?;
        let code =
            param(&params, "imgcode").or_else(|| param(&params, "image")).ok_or(Failure::MissingParam("imgcode"))?;
        let decoded = decode_base64_image(code, shared.config.image_caps.gateway)?;
        let ext = if decoded.is_png { "png" } else { "jpg" };
        let id = shared.store_image(shrink_for_storage(decoded.picture), Bytes::from(decoded.bytes), decoded.is_png);
        let url = format!("{}/uploads/{id}.{ext}", shared.base_url);
        Ok(json_response(
            StatusCode::OK,
            &json!({"code": 200, "msg": "success", "error_code": "0000", "reason": "ok", "error": "",
                    "items": {"item": {"name": url, "url": url}}, "request_id": request_id}),
        ))
    })();
    result.unwrap_or_else(|f| f.render(Family::Gateway, TopApi::SearchItem, &request_id))
}

/// Resolves an image reference: a URL served by this sandbox, or base64.
fn resolve_image(shared: &Shared, reference: &str, cap: usize) -> Result<RgbImage, Failure> {
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
            let bytes = file
                .strip_suffix(".jpg")
                .and_then(|id| id.parse::<u64>().ok())
                .and_then(|id| shared.offer_jpeg(id))
                .ok_or_else(|| Failure::BadParam("imgid refers to an unknown offer picture".into()))?;
            return Ok(decode_image_bytes(bytes.to_vec(), cap)?.picture);
        }
        return Err(Failure::BadParam("imgid URL cannot be fetched: upload the picture with upload_img first".into()));
    }
    Ok(decode_base64_image(reference, cap)?.picture)
}

/// `item_search_img`: same-item (`search_type=1`) or similar (`2`) search.
pub async fn gateway_search(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    match gateway_search_inner(&shared, peer, &uri, &body, &request_id).await {
        Ok(r) => r,
        Err(f) => f.render(Family::Gateway, TopApi::SearchItem, &request_id),
    }
}

async fn gateway_search_inner(
    shared: &Arc<Shared>,
    peer: SocketAddr,
    uri: &Uri,
    body: &[u8],
    request_id: &str,
) -> ApiResult {
    let params = parse_params(uri, body)?;
    gateway_admit(shared, peer, &params, "item_search_img")?;
    let imgid = param(&params, "imgid").filter(|s| !s.trim().is_empty()).ok_or(Failure::MissingParam("imgid"))?;
    let mode = match param(&params, "search_type").unwrap_or("1") {
        "1" => Mode::SameItem,
        "2" => Mode::Similar,
        _ => return Err(Failure::BadParam("search_type must be 1 (same item) or 2 (similar)".into())),
    };
    let page_no = parse_u64(param(&params, "page"), "page", 1)?.max(1);
    let page_size = parse_u64(param(&params, "page_size"), "page_size", 20)?;
    if page_size > GATEWAY_MAX_PAGE_SIZE || page_size == 0 {
        return Err(Failure::PageSizeOverCap { given: page_size, cap: GATEWAY_MAX_PAGE_SIZE });
    }
    let sort = match param(&params, "sort").unwrap_or("").trim() {
        "" | "default" => None,
        "sale_desc" => Some(("sale".to_owned(), false)),
        "sale_asc" => Some(("sale".to_owned(), true)),
        "price_asc" => Some(("price".to_owned(), true)),
        "price_desc" => Some(("price".to_owned(), false)),
        "credit_desc" => Some(("credit".to_owned(), false)),
        other => return Err(Failure::BadParam(format!("unknown sort {other}"))),
    };
    let english = !matches!(param(&params, "lang").unwrap_or("cn"), "cn" | "zh");
    let picture = resolve_image(shared, imgid, shared.config.image_caps.gateway)?;
    let outcome = search_blocking(shared, Arc::new(picture), mode).await;
    let catalog = &shared.index.catalog;
    let hits = Selection { sort, ..Selection::default() }.apply(catalog, outcome.hits);
    let page_count = pages(hits.len(), page_size);
    if page_no > page_count {
        return Err(Failure::PageOverCap { given: page_no, cap: page_count });
    }
    let items: Vec<Value> = page(shared, &hits, page_no, page_size)
        .iter()
        .map(|h| {
            let o = &catalog.offers[h.offer];
            let s = &catalog.suppliers[o.supplier];
            let design = &catalog.designs[o.design];
            json!({
                "num_iid": o.offer_id.to_string(),
                "title": if english { &o.title_en } else { &o.title_zh },
                "pic_url": shared.offer_image_url(o.offer_id),
                "price": money(o.tiers[0].price),
                "promotion_price": money(o.min_price()),
                "price_range": price_range(o),
                "sales": o.total_sold,
                "min_order": o.moq().to_string(),
                "unit": if english { design.category.unit_en() } else { design.category.unit_zh() },
                "similarity": (f64::from(h.similarity) * 100.0).round() / 100.0,
                "seller_nick": s.company_zh,
                "seller_id": s.seller_id.to_string(),
                "area": format!("{} {}", s.province_zh, s.city_zh),
                "detail_url": o.detail_url(),
                "shop_type": if s.badges_zh.contains(&"实力商家") { "实力商家" } else { "普通店铺" },
                "post_fee": if o.free_shipping { "0.00".to_owned() } else { money(o.post_fee) },
                "freight_template": if o.free_shipping { "包邮" } else { "运费模板" },
                "one_stop_service": if o.dropship { "true" } else { "false" },
                "score": format!("{:.1}", s.trade_score),
                "trade_num": o.month_sold,
                "feedback_rate": format!("{:.1}%", 95.0 + s.trade_score),
                "category_name": design.category.path_zh(),
                "property": format!("颜色:{}", design.primary.zh),
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"code": 200, "msg": "success", "error_code": "0000", "reason": "ok", "error": "", "request_id": request_id,
                "items": {"page": page_no.to_string(), "real_total_results": hits.len(), "total_results": hits.len(),
                          "pagecount": page_count, "page_size": page_size.to_string(), "item": items}}),
    ))
}

// ---------------------------------------------------------------- Bearer

/// `auth/requestToken` (`client_credentials`), every parameter in the form body.
pub async fn bearer_token(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    let oauth_error = |status: StatusCode, error: &str, description: &str| {
        json_response(status, &json!({"error": error, "error_description": description, "request_id": request_id}))
    };
    // Token requests are form posts (RFC 6749): a secret in the URL ends up in
    // proxy and server logs, so it is refused rather than quietly accepted.
    let in_query: Params = uri.query().and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    if param(&in_query, "client_secret").is_some() {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "send client_secret in the POST form body, not in the URL",
        );
    }
    let params: Params = match serde_urlencoded::from_bytes(&body) {
        Ok(p) => p,
        Err(_) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "the form body cannot be read"),
    };
    match shared.admit(peer.ip(), param(&params, "client_id"), "auth/requestToken") {
        Ok(()) => {}
        Err(Failure::UnknownKey) | Err(Failure::MissingParam(_)) => {
            return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "unknown client_id")
        }
        Err(Failure::NotGranted(_)) => {}
        Err(other) => return other.render(Family::Bearer, TopApi::SearchItem, &request_id),
    }
    if param(&params, "grant_type") != Some("client_credentials") {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "grant_type must be client_credentials");
    }
    let secret_ok = param(&params, "client_secret")
        .is_some_and(|s| signatures_match(shared.config.credentials.app_secret.expose(), s));
    if !secret_ok {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "client_secret does not match");
    }
    let token = shared.issue_token();
    json_response(
        StatusCode::OK,
        &json!({"access_token": token, "token_type": "Bearer", "expires_in": shared.config.token_ttl.as_secs()}),
    )
}

/// `alibaba.product.imageSearch`: multipart `image` or `imageUrl`, similarity 0–100.
pub async fn bearer_image_search(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let request_id = shared.request_id();
    match bearer_search_inner(&shared, peer, request).await {
        Ok(r) => r,
        Err(f) => f.render(Family::Bearer, TopApi::SearchItem, &request_id),
    }
}

fn bearer_token_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

async fn bearer_search_inner(shared: &Arc<Shared>, peer: SocketAddr, request: Request) -> ApiResult {
    let app_key = shared.config.credentials.app_key.clone();
    if let Some(list) = shared.whitelist() {
        if !list.contains(&peer.ip()) {
            return Err(Failure::NotWhitelisted(peer.ip()));
        }
    }
    let token = bearer_token_of(request.headers());
    shared.check_access_token(token.as_deref())?;
    shared.admit(peer.ip(), Some(&app_key), "alibaba.product.imageSearch")?;
    shared.throttle(Family::Bearer, &app_key)?;

    let uri = request.uri().clone();
    let mut params: Params = match uri.query() {
        Some(q) => serde_urlencoded::from_str(q).map_err(|_| Failure::BadParam("query string is not valid".into()))?,
        None => Vec::new(),
    };
    let mut image_bytes: Option<Vec<u8>> = None;
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|_| Failure::BadParam("the multipart body cannot be read".into()))?;
        while let Some(field) =
            multipart.next_field().await.map_err(|_| Failure::BadParam("the multipart body cannot be read".into()))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let data =
                field.bytes().await.map_err(|_| Failure::BadParam("the multipart body cannot be read".into()))?;
            if name == "image" {
                image_bytes = Some(data.to_vec());
            } else {
                params.push((name, String::from_utf8_lossy(&data).into_owned()));
            }
        }
    } else {
        let body = axum::body::to_bytes(request.into_body(), 24 * 1024 * 1024)
            .await
            .map_err(|_| Failure::BadParam("the body cannot be read".into()))?;
        if !body.is_empty() {
            let form: Params =
                serde_urlencoded::from_bytes(&body).map_err(|_| Failure::BadParam("form body is not valid".into()))?;
            params.extend(form);
        }
    }
    let cap = shared.config.image_caps.bearer;
    let picture = match (image_bytes, param(&params, "imageUrl").or_else(|| param(&params, "image_url"))) {
        (Some(bytes), _) => decode_image_bytes(bytes, cap)?.picture,
        (None, Some(url)) => resolve_image(shared, url, cap).map_err(|f| match f {
            Failure::BadParam(m) => Failure::UnsupportedImage(m),
            other => other,
        })?,
        (None, None) => return Err(Failure::MissingParam("image")),
    };
    let page_no = parse_u64(param(&params, "pageNo"), "pageNo", 1)?.max(1);
    let page_size = parse_u64(param(&params, "pageSize"), "pageSize", 20)?;
    if page_size > BEARER_MAX_PAGE_SIZE || page_size == 0 {
        return Err(Failure::PageSizeOverCap { given: page_size, cap: BEARER_MAX_PAGE_SIZE });
    }
    let selection = Selection {
        price_min: parse_price(param(&params, "min_price"), "min_price")?,
        price_max: parse_price(param(&params, "max_price"), "max_price")?,
        category_id: match param(&params, "categoryId").map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) => Some(c.parse().map_err(|_| Failure::BadParam("categoryId must be a number".into()))?),
        },
        ..Selection::default()
    };
    let outcome = search_blocking(shared, Arc::new(picture), Mode::Similar).await;
    let catalog = &shared.index.catalog;
    let hits = selection.apply(catalog, outcome.hits);
    let products: Vec<Value> = page(shared, &hits, page_no, page_size)
        .iter()
        .map(|h| {
            let o = &catalog.offers[h.offer];
            let s = &catalog.suppliers[o.supplier];
            json!({
                "productId": o.offer_id.to_string(),
                "title": o.title_zh,
                "price": money(o.tiers[0].price),
                "minOrderQuantity": o.moq(),
                "similarity": (h.similarity * 100.0).round() as u32,
                "imageUrl": shared.offer_image_url(o.offer_id),
                "supplierInfo": {"companyName": s.company_zh, "creditLevel": s.credit_level},
            })
        })
        .collect();
    Ok(json_response(
        StatusCode::OK,
        &json!({"total": hits.len(), "pageNo": page_no, "pageSize": page_size, "products": products}),
    ))
}
