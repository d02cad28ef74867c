//! The TOP-style router: `sign` (md5, HMAC-MD5, HMAC-SHA256) over the sorted
//! parameters, the method named in `method` (at the router or at each
//! method's own path), a timestamp within the allowed skew, the image as a
//! base64 form field.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use zhaohuo_sign::{signatures_match, top_signature, TopSignMethod};

use super::{
    decode_base64_image, filled, money, page, param, parse_page_size, parse_params, parse_price, parse_u64,
    price_range, respond, search_blocking, ApiResult, Selection,
};
use crate::failure::{json_response, Dialect, Failure, Family, TopApi};
use crate::search::Mode;
use crate::server::Shared;

const MAX_PAGE_SIZE: u64 = 20;
/// The write-ups report empty pages past page 20 for offer match.
const OFFER_MATCH_LAST_PAGE: u64 = 20;
const SEARCH_ITEM_MAX_SIDE: u32 = 800;

/// Parses a TOP timestamp (`yyyy-MM-dd HH:mm:ss` in GMT+8, or milliseconds
/// since the epoch) and checks it is within `skew` of `now`.
fn timestamp_ok(text: &str, now: chrono::DateTime<chrono::Utc>, skew: std::time::Duration) -> bool {
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

async fn dispatch(
    shared: Arc<Shared>,
    peer: SocketAddr,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
    route_api: Option<TopApi>,
) -> Response {
    let request_id = shared.request_id();
    let (api, params) =
        match parse_params(&uri, &headers, &body).and_then(|params| Ok((method_named(&params)?, params))) {
            Ok(found) => found,
            // Until a method is named, a failure is said in the words of the route's.
            Err(f) => return f.render(Dialect::Top(route_api.unwrap_or(TopApi::SearchItem)), &request_id),
        };
    let result = async {
        if route_api.is_some_and(|r| r != api) {
            return Err(Failure::BadParam("method does not match this endpoint".into()));
        }
        admit(&shared, peer, &params, api)?;
        match api {
            TopApi::OfferMatch => offer_match_inner(&shared, &params, &request_id).await,
            TopApi::SearchItem => search_item_inner(&shared, &params, &request_id).await,
        }
    }
    .await;
    respond(result, Dialect::Top(api), &request_id)
}

/// The TOP method a call names in `method`.
fn method_named(params: &[(String, String)]) -> Result<TopApi, Failure> {
    match param(params, "method") {
        Some("alibaba.image.search.offer.match") => Ok(TopApi::OfferMatch),
        Some("alibaba.image.search.item") => Ok(TopApi::SearchItem),
        Some(other) => Err(Failure::BadParam(format!("Invalid method: {other}"))),
        None => Err(Failure::MissingParam("method")),
    }
}

fn admit(shared: &Shared, peer: SocketAddr, params: &[(String, String)], api: TopApi) -> Result<(), Failure> {
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
    if !timestamp_ok(timestamp, shared.now(), shared.config.timestamp_skew) {
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
pub async fn offer_match(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    dispatch(shared, peer, uri, headers, body, Some(TopApi::OfferMatch)).await
}

/// TOP `alibaba.image.search.item` at its documented path.
pub async fn search_item(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    dispatch(shared, peer, uri, headers, body, Some(TopApi::SearchItem)).await
}

/// The generic TOP `router/rest`, dispatching on `method`.
pub async fn router(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    dispatch(shared, peer, uri, headers, body, None).await
}

async fn offer_match_inner(shared: &Arc<Shared>, params: &[(String, String)], request_id: &str) -> ApiResult {
    let image = param(params, "image").ok_or(Failure::MissingParam("image"))?;
    match param(params, "imageType").unwrap_or("jpg") {
        "jpg" | "png" => {}
        other => return Err(Failure::BadParam(format!("imageType must be jpg or png, not {other}"))),
    }
    let decoded = decode_base64_image(image, shared.config.image_caps.offer_match).await?;
    let threshold = match filled(params, "similarity") {
        None => 0.0,
        Some(s) => s
            .parse::<f32>()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(|| Failure::BadParam("similarity must be between 0 and 1".into()))?,
    };
    let page_num = parse_u64(param(params, "pageNum"), "pageNum", 1)?.max(1);
    let page_size = parse_page_size(param(params, "pageSize"), "pageSize", 20, MAX_PAGE_SIZE)?;
    let supply = param(params, "needSupplyInfo").is_some_and(|v| v == "true");
    let outcome = search_blocking(shared, Arc::new(decoded.picture), Mode::Similar).await;
    let catalog = &shared.index.catalog;
    let hits = Selection { min_similarity: threshold, ..Selection::default() }.apply(catalog, outcome.hits);
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

async fn search_item_inner(shared: &Arc<Shared>, params: &[(String, String)], request_id: &str) -> ApiResult {
    let image = param(params, "image").ok_or(Failure::MissingParam("image"))?;
    let decoded = decode_base64_image(image, shared.config.image_caps.search_item).await?;
    if decoded.has_alpha {
        return Err(Failure::UnsupportedImage("the image must not have an alpha channel".into()));
    }
    if decoded.picture.width().max(decoded.picture.height()) > SEARCH_ITEM_MAX_SIDE {
        return Err(Failure::UnsupportedImage(format!(
            "the image's longest side must be at most {SEARCH_ITEM_MAX_SIDE} px"
        )));
    }
    let page_no = parse_u64(param(params, "page_no"), "page_no", 1)?.max(1);
    let page_size = parse_page_size(param(params, "page_size"), "page_size", 20, MAX_PAGE_SIZE)?;
    let freight = match filled(params, "freight_type") {
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
            moq_max: match filled(params, "min_order_quantity") {
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
