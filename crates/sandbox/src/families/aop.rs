//! The 1688 Open Platform (AOP): `_aop_signature` over the path and sorted
//! parameters, the app key in the path, JSON parameters inside form fields,
//! an upload for an `imageId` before the search.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use zhaohuo_sign::{aop_signature, signatures_match};

use super::{
    decode_base64_image, money, page, pages, param, parse_page_size, parse_params, parse_price, parse_u64,
    resolve_image, respond, search_blocking, shrink_off_thread, ApiResult, Params, Selection,
};
use crate::failure::{json_response, Dialect, Failure, Family};
use crate::search::Mode;
use crate::server::Shared;

const MAX_PAGE_SIZE: u64 = 50;
/// `totalPage` reaches 100 at 20 a page (D-img's example: 2,000 records).
const MAX_PAGE: u64 = 100;
/// `alibaba.cross.similar.offer.search` answers 20 a page at most.
const LINKPLUS_PAGE_SIZE: u64 = 20;

fn admit(
    shared: &Shared,
    peer: SocketAddr,
    uri: &Uri,
    headers: &HeaderMap,
    app_key: &str,
    api: &'static str,
    body: &[u8],
) -> Result<Params, Failure> {
    shared.admit(peer.ip(), Some(app_key), api)?;
    let params = parse_params(uri, headers, body)?;
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
pub async fn upload(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(app_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    respond(upload_inner(&shared, peer, &uri, &headers, &app_key, &body).await, Dialect::Aop, &request_id)
}

async fn upload_inner(
    shared: &Shared,
    peer: SocketAddr,
    uri: &Uri,
    headers: &HeaderMap,
    app_key: &str,
    body: &[u8],
) -> ApiResult {
    let params = admit(shared, peer, uri, headers, app_key, "product.image.upload", body)?;
    let raw = param(&params, "uploadImageParam").ok_or(Failure::MissingParam("uploadImageParam"))?;
    let parsed: Value =
        serde_json::from_str(raw).map_err(|_| Failure::BadParam("uploadImageParam is not valid JSON".into()))?;
    let b64 = parsed.get("imageBase64").and_then(Value::as_str).ok_or(Failure::MissingParam("imageBase64"))?;
    let decoded = decode_base64_image(b64, shared.config.image_caps.aop_upload).await?;
    let id = shared.store_image(shrink_off_thread(decoded.picture).await?);
    // `success` is a string in the real reply (D-up).
    Ok(json_response(
        StatusCode::OK,
        &json!({"result": {"success": "true", "code": "200", "message": "", "result": id}}),
    ))
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
pub async fn image_query(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(app_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    respond(image_query_inner(&shared, peer, &uri, &headers, &app_key, &body).await, Dialect::Aop, &request_id)
}

async fn image_query_inner(
    shared: &Arc<Shared>,
    peer: SocketAddr,
    uri: &Uri,
    headers: &HeaderMap,
    app_key: &str,
    body: &[u8],
) -> ApiResult {
    let params = admit(shared, peer, uri, headers, app_key, "product.search.imageQuery", body)?;
    let raw = param(&params, "offerQueryParam").ok_or(Failure::MissingParam("offerQueryParam"))?;
    let q: Value =
        serde_json::from_str(raw).map_err(|_| Failure::BadParam("offerQueryParam is not valid JSON".into()))?;
    let image_id = json_text(&q, "imageId").ok_or(Failure::MissingParam("imageId"))?;
    let begin_page = parse_u64(json_text(&q, "beginPage").as_deref(), "beginPage", 1)?;
    let page_size = parse_page_size(json_text(&q, "pageSize").as_deref(), "pageSize", 20, MAX_PAGE_SIZE)?;
    if begin_page == 0 {
        return Err(Failure::BadParam("beginPage starts at 1".into()));
    }
    if begin_page > MAX_PAGE {
        return Err(Failure::PageOverCap { given: begin_page, cap: MAX_PAGE });
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
        // `success` is the string "true" in the real image search reply (D-img).
        &json!({"result": {"success": "true", "code": "200", "message": "", "result": {
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
pub async fn similar_offer_search(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(app_key): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    respond(similar_inner(&shared, peer, &uri, &headers, &app_key, &body).await, Dialect::Aop, &request_id)
}

async fn similar_inner(
    shared: &Arc<Shared>,
    peer: SocketAddr,
    uri: &Uri,
    headers: &HeaderMap,
    app_key: &str,
    body: &[u8],
) -> ApiResult {
    let params = admit(shared, peer, uri, headers, app_key, "alibaba.cross.similar.offer.search", body)?;
    let pic_url = param(&params, "picUrl").filter(|s| !s.trim().is_empty()).ok_or(Failure::MissingParam("picUrl"))?;
    let page_no = parse_u64(param(&params, "page"), "page", 1)?.max(1);
    let page_size = parse_page_size(param(&params, "pageSize"), "pageSize", LINKPLUS_PAGE_SIZE, LINKPLUS_PAGE_SIZE)?;
    let picture = resolve_image(shared, pic_url, shared.config.image_caps.aop_upload).await?;
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
pub async fn unsupported(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let request_id = shared.request_id();
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({"error_code": "gw.APIUnsupported", "error_message": format!("API {} is not supported", uri.path()), "request_id": request_id, "exception": "APIUnsupported"}),
    )
}
