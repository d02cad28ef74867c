//! The aggregator gateways (`/1688/...`): `key` plus `secret` (or a TOP-style
//! `sign`) in the parameters, a picture uploaded for a URL first, pages as
//! strings and "no data" as a success envelope.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use zhaohuo_sign::{signatures_match, top_signature, TopSignMethod};

use super::{
    decode_base64_image, money, page, pages, param, parse_page_size, parse_params, parse_u64, price_range,
    resolve_image, respond, search_blocking, shrink_off_thread, ApiResult, Selection,
};
use crate::failure::{json_response, Dialect, Failure, Family};
use crate::search::Mode;
use crate::server::Shared;

const MAX_PAGE_SIZE: u64 = 100;

fn admit(shared: &Shared, peer: SocketAddr, params: &[(String, String)], api: &'static str) -> Result<String, Failure> {
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

/// `upload_img`: stores a base64 picture and answers a URL-like reference for `imgid`.
pub async fn upload(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    let result = async {
        let params = parse_params(&uri, &headers, &body)?;
        admit(&shared, peer, &params, "upload_img")?;
        let code =
            param(&params, "imgcode").or_else(|| param(&params, "image")).ok_or(Failure::MissingParam("imgcode"))?;
        let decoded = decode_base64_image(code, shared.config.image_caps.gateway).await?;
        let ext = if decoded.is_png { "png" } else { "jpg" };
        let id = shared.store_image(shrink_off_thread(decoded.picture).await?);
        // A URL-like reference, as the real aggregators answer, for `imgid`:
        // resolved by id inside the sandbox, never served (a GET is 404), so
        // a buyer's photo does not leave the process that received it.
        let url = format!("{}/uploads/{id}.{ext}", shared.base_url);
        Ok(json_response(
            StatusCode::OK,
            &json!({"code": 200, "msg": "success", "error_code": "0000", "reason": "ok", "error": "",
                    "items": {"item": {"name": url, "url": url}}, "request_id": request_id}),
        ))
    }
    .await;
    respond(result, Dialect::Gateway, &request_id)
}

/// `item_search_img`: same-item (`search_type=1`) or similar (`2`) search.
pub async fn search(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    respond(search_inner(&shared, peer, &uri, &headers, &body, &request_id).await, Dialect::Gateway, &request_id)
}

async fn search_inner(
    shared: &Arc<Shared>,
    peer: SocketAddr,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    request_id: &str,
) -> ApiResult {
    let params = parse_params(uri, headers, body)?;
    admit(shared, peer, &params, "item_search_img")?;
    let imgid = param(&params, "imgid").filter(|s| !s.trim().is_empty()).ok_or(Failure::MissingParam("imgid"))?;
    let mode = match param(&params, "search_type").unwrap_or("1") {
        "1" => Mode::SameItem,
        "2" => Mode::Similar,
        _ => return Err(Failure::BadParam("search_type must be 1 (same item) or 2 (similar)".into())),
    };
    let page_no = parse_u64(param(&params, "page"), "page", 1)?.max(1);
    let page_size = parse_page_size(param(&params, "page_size"), "page_size", 20, MAX_PAGE_SIZE)?;
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
    let picture = resolve_image(shared, imgid, shared.config.image_caps.gateway).await?;
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
