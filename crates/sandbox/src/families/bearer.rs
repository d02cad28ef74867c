//! The OAuth-style gateway: a bearer token from `auth/requestToken`
//! (`client_credentials`, by form POST), then a multipart `image` or an
//! `imageUrl`; similarity 0–100.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use zhaohuo_sign::signatures_match;

use super::{
    decode_image_bytes, filled, media_type, money, page, param, parse_form, parse_page_size, parse_price, parse_query,
    parse_u64, require_form_body, resolve_image, respond, search_blocking, ApiResult, Params, Selection, FORM,
};
use crate::failure::{json_response, Dialect, Failure, Family};
use crate::search::Mode;
use crate::server::Shared;

const MAX_PAGE_SIZE: u64 = 50;
/// What the image search reads: a multipart upload, or a form naming `imageUrl`.
const MULTIPART_OR_FORM: &str = "multipart/form-data or application/x-www-form-urlencoded";
/// The largest body read when it is not multipart.
const MAX_FORM_BODY: usize = 24 * 1024 * 1024;

/// `auth/requestToken` (`client_credentials`), every parameter in the form body.
pub async fn token(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = shared.request_id();
    let oauth_error = |status: StatusCode, error: &str, description: &str| {
        json_response(status, &json!({"error": error, "error_description": description, "request_id": request_id}))
    };
    if let Err(refused) = require_form_body(&headers, &body, FORM) {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", &refused.message());
    }
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
        Err(other) => return other.render(Dialect::Bearer, &request_id),
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
pub async fn image_search(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let request_id = shared.request_id();
    respond(image_search_inner(&shared, peer, request).await, Dialect::Bearer, &request_id)
}

fn bearer_token_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

async fn image_search_inner(shared: &Arc<Shared>, peer: SocketAddr, request: Request) -> ApiResult {
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
    let mut params = parse_query(&uri)?;
    let mut image_bytes: Option<Vec<u8>> = None;
    let is_multipart = media_type(request.headers()).is_some_and(|t| t == "multipart/form-data");
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
        let headers = request.headers().clone();
        let body = axum::body::to_bytes(request.into_body(), MAX_FORM_BODY)
            .await
            .map_err(|_| Failure::BadParam("the body cannot be read".into()))?;
        params.extend(parse_form(&headers, &body, MULTIPART_OR_FORM)?);
    }
    let cap = shared.config.image_caps.bearer;
    let picture = match (image_bytes, param(&params, "imageUrl").or_else(|| param(&params, "image_url"))) {
        (Some(bytes), _) => decode_image_bytes(bytes, cap).await?.picture,
        (None, Some(url)) => resolve_image(shared, url, cap).await.map_err(|f| match f {
            Failure::BadParam(m) => Failure::UnsupportedImage(m),
            other => other,
        })?,
        (None, None) => return Err(Failure::MissingParam("image")),
    };
    let page_no = parse_u64(param(&params, "pageNo"), "pageNo", 1)?.max(1);
    let page_size = parse_page_size(param(&params, "pageSize"), "pageSize", 20, MAX_PAGE_SIZE)?;
    let selection = Selection {
        price_min: parse_price(param(&params, "min_price"), "min_price")?,
        price_max: parse_price(param(&params, "max_price"), "max_price")?,
        category_id: match filled(&params, "categoryId") {
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
