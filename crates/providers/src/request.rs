//! Building each family's requests as plain data (pure: the clock is an
//! argument), so what goes on the wire can be tested without a network.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use zhaohuo_sign::{aop_signature, top_is_sent, top_signature, TopSignMethod};

use crate::error::ProviderError;
use crate::profile::{AopApi, BearerApi, GatewayApi, ProviderProfile, TopApi};
use crate::query::{Credentials, FilterKey, ImagePayload, SearchMode, SearchQuery};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

/// A request body.
#[derive(Clone)]
pub enum Body {
    None,
    Form(Vec<(String, String)>),
    Multipart { fields: Vec<(String, String)>, file_field: String, file_name: String, mime: String, bytes: Vec<u8> },
}

/// One request, ready to send. `Debug` leaves out values (they hold secrets and images).
#[derive(Clone)]
pub struct PreparedRequest {
    pub method: HttpMethod,
    /// Base URL + path, without the query.
    pub url: String,
    pub query: Vec<(String, String)>,
    pub body: Body,
    /// `Authorization: Bearer …`.
    pub bearer: Option<String>,
}

impl std::fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("query_keys", &self.query.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl PreparedRequest {
    /// A form field or query value by name (for tests and diagnostics).
    pub fn param(&self, name: &str) -> Option<&str> {
        let in_body = match &self.body {
            Body::Form(f) | Body::Multipart { fields: f, .. } => {
                f.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
            }
            Body::None => None,
        };
        in_body.or_else(|| self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()))
    }
}

/// Which of the buyer's filters and sort the provider is asked to do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RemotePlan {
    pub filters: Vec<FilterKey>,
    pub sort_value: Option<String>,
}

/// Decides what is sent to the provider; the rest is applied locally.
pub fn remote_plan(profile: &ProviderProfile, query: &SearchQuery) -> RemotePlan {
    let mut plan = RemotePlan::default();
    for key in query.filters.active() {
        let remote = match key {
            FilterKey::PriceRange => profile.remote_price_filter,
            FilterKey::MinSimilarity => {
                matches!(&profile.api, crate::profile::Api::Top(t) if t.similarity_param.is_some())
            }
            FilterKey::MaxMoq if matches!(&profile.api, crate::profile::Api::Top(t) if t.max_moq_param.is_some()) => {
                true
            }
            other => profile.remote_filters.iter().any(|f| f.filter == other),
        };
        if remote {
            plan.filters.push(key);
        }
    }
    plan.sort_value = profile.remote_sorts.iter().find(|s| s.sort == query.sort).map(|s| s.value.clone());
    plan
}

/// Fen as a yuan string with two decimals: 1050 → "10.50".
pub fn fen_to_yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn join(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

fn invalid(profile: &ProviderProfile, reason: &str) -> ProviderError {
    ProviderError::InvalidProfile { profile: profile.id.clone(), reason: reason.to_string() }
}

fn missing_token(profile: &ProviderProfile) -> ProviderError {
    ProviderError::TokenExpired(crate::error::Fault {
        profile: profile.id.clone(),
        detail: "no access token is configured for this profile".into(),
        ..crate::error::Fault::default()
    })
}

// ---------------------------------------------------------------- AOP ---

/// `param2/{version}/{namespace}/{api}/{appKey}`: the signed path.
pub fn aop_url_path(api: &AopApi, api_name: &str, app_key: &str) -> String {
    format!("param2/{}/{}/{}/{}", api.version, api.namespace, api_name, app_key)
}

pub(crate) fn aop_request(
    profile: &ProviderProfile,
    api: &AopApi,
    api_name: &str,
    creds: &Credentials,
    mut params: Vec<(String, String)>,
    now: DateTime<Utc>,
) -> Result<PreparedRequest, ProviderError> {
    let token = creds.access_token.as_ref().ok_or_else(|| missing_token(profile))?;
    params.push(("access_token".into(), token.expose().clone()));
    params.push(("_aop_timestamp".into(), now.timestamp_millis().to_string()));
    let path = aop_url_path(api, api_name, &creds.app_key);
    let signature = aop_signature(&path, &params, creds.app_secret.expose().as_bytes());
    params.push(("_aop_signature".into(), signature));
    Ok(PreparedRequest {
        method: HttpMethod::Post,
        url: join(&profile.base_url, &format!("openapi/{path}")),
        query: Vec::new(),
        body: Body::Form(params),
        bearer: None,
    })
}

/// `product.image.upload`: base64 in `uploadImageParam` → `imageId`.
pub fn aop_upload(
    profile: &ProviderProfile,
    api: &AopApi,
    creds: &Credentials,
    image: &ImagePayload<'_>,
    now: DateTime<Utc>,
) -> Result<PreparedRequest, ProviderError> {
    let param = json!({ "imageBase64": image.base64 }).to_string();
    aop_request(profile, api, &api.upload_api, creds, vec![("uploadImageParam".into(), param)], now)
}

/// `product.search.imageQuery`: one page for an uploaded `imageId`.
#[allow(clippy::too_many_arguments)]
pub fn aop_query(
    profile: &ProviderProfile,
    api: &AopApi,
    creds: &Credentials,
    image_id: &str,
    query: &SearchQuery,
    page: u32,
    page_size: u32,
    now: DateTime<Utc>,
) -> Result<PreparedRequest, ProviderError> {
    let plan = remote_plan(profile, query);
    let mut q = Map::new();
    q.insert("imageId".into(), Value::from(image_id));
    q.insert("beginPage".into(), Value::from(page));
    q.insert("pageSize".into(), Value::from(page_size));
    q.insert("country".into(), Value::from(query.lang.clone().unwrap_or_else(|| api.default_country.clone())));
    if api.send_region {
        if let Some(r) = query.region {
            let (x2, y2) = (r.x.saturating_add(r.width), r.y.saturating_add(r.height));
            q.insert("region".into(), Value::from(format!("{},{},{},{}", r.x, x2, r.y, y2)));
        }
    }
    let filters: Vec<&str> =
        profile.remote_filters.iter().filter(|f| plan.filters.contains(&f.filter)).map(|f| f.value.as_str()).collect();
    if !filters.is_empty() {
        q.insert("filter".into(), Value::from(filters.join(",")));
    }
    if let Some(sort) = &plan.sort_value {
        q.insert("sort".into(), Value::from(sort.clone()));
    }
    if plan.filters.contains(&FilterKey::PriceRange) {
        if let Some(min) = query.filters.price_min_fen {
            q.insert("priceStart".into(), Value::from(fen_to_yuan(min)));
        }
        if let Some(max) = query.filters.price_max_fen {
            q.insert("priceEnd".into(), Value::from(fen_to_yuan(max)));
        }
    }
    let param = Value::Object(q).to_string();
    aop_request(profile, api, &api.query_api, creds, vec![("offerQueryParam".into(), param)], now)
}

// ---------------------------------------------------------------- TOP ---

/// The TOP `timestamp` in the profile's style.
pub fn top_timestamp(style: crate::profile::TimestampStyle, now: DateTime<Utc>) -> String {
    match style {
        crate::profile::TimestampStyle::Millis => now.timestamp_millis().to_string(),
        crate::profile::TimestampStyle::Gmt8 => crate::china::time(now).format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// One signed TOP router search call.
#[allow(clippy::too_many_arguments)]
pub fn top_search(
    profile: &ProviderProfile,
    api: &TopApi,
    creds: &Credentials,
    image: &ImagePayload<'_>,
    query: &SearchQuery,
    page: u32,
    page_size: u32,
    now: DateTime<Utc>,
) -> Result<PreparedRequest, ProviderError> {
    let method: TopSignMethod =
        api.sign_method.parse().map_err(|e: zhaohuo_sign::UnknownSignMethod| invalid(profile, &e.to_string()))?;
    let plan = remote_plan(profile, query);
    let mut params: Vec<(String, String)> = vec![
        ("method".into(), api.method.clone()),
        ("app_key".into(), creds.app_key.clone()),
        ("timestamp".into(), top_timestamp(api.timestamp, now)),
        ("format".into(), "json".into()),
        ("v".into(), "2.0".into()),
        ("sign_method".into(), method.as_param().into()),
    ];
    if let Some(name) = &api.token_param {
        let token = creds.access_token.as_ref().ok_or_else(|| missing_token(profile))?;
        params.push((name.clone(), token.expose().clone()));
    }
    params.push((api.image_param.clone(), image.base64.to_string()));
    if let Some(name) = &api.image_type_param {
        params.push((name.clone(), image.format.extension().into()));
    }
    if let Some(name) = &api.similarity_param {
        if let Some(sim) = query.filters.min_similarity.or(api.default_similarity) {
            params.push((name.clone(), format!("{:.2}", sim.clamp(0.0, 1.0))));
        }
    }
    params.push((api.page_param.clone(), page.to_string()));
    params.push((api.page_size_param.clone(), page_size.to_string()));
    if plan.filters.contains(&FilterKey::PriceRange) {
        if let (Some(name), Some(min)) = (&api.price_start_param, query.filters.price_min_fen) {
            params.push((name.clone(), fen_to_yuan(min)));
        }
        if let (Some(name), Some(max)) = (&api.price_end_param, query.filters.price_max_fen) {
            params.push((name.clone(), fen_to_yuan(max)));
        }
    }
    if let (Some(name), Some(moq)) =
        (&api.max_moq_param, query.filters.moq_max.filter(|_| plan.filters.contains(&FilterKey::MaxMoq)))
    {
        params.push((name.clone(), moq.to_string()));
    }
    for f in profile.remote_filters.iter().filter(|f| plan.filters.contains(&f.filter)) {
        params.push((f.param.clone(), f.value.clone()));
    }
    params.extend(api.extra_params.iter().cloned());
    // Blank values are neither signed nor sent, as the official SDK does.
    params.retain(|(k, v)| top_is_sent(k, v));
    let sign = top_signature(method, &params, creds.app_secret.expose().as_bytes());
    params.push(("sign".into(), sign));
    Ok(PreparedRequest {
        method: HttpMethod::Post,
        url: join(&profile.base_url, &api.path),
        query: Vec::new(),
        body: Body::Form(params),
        bearer: None,
    })
}

// ------------------------------------------------------------ Gateway ---

fn gateway_auth(api: &GatewayApi, creds: &Credentials) -> Vec<(String, String)> {
    vec![(api.key_param.clone(), creds.app_key.clone()), (api.secret_param.clone(), creds.app_secret.expose().clone())]
}

/// Upload step: base64 → an image URL the search can take.
pub fn gateway_upload(
    profile: &ProviderProfile,
    api: &GatewayApi,
    upload_path: &str,
    creds: &Credentials,
    image: &ImagePayload<'_>,
) -> PreparedRequest {
    PreparedRequest {
        method: HttpMethod::Post,
        url: join(&profile.base_url, upload_path),
        query: gateway_auth(api, creds),
        body: Body::Form(vec![(api.upload_field.clone(), image.base64.to_string())]),
        bearer: None,
    }
}

/// `item_search_img` for an image URL (or base64 when the gateway takes it).
pub fn gateway_search(
    profile: &ProviderProfile,
    api: &GatewayApi,
    creds: &Credentials,
    image_ref: &str,
    query: &SearchQuery,
    page: u32,
    page_size: u32,
) -> PreparedRequest {
    let plan = remote_plan(profile, query);
    let mut q = gateway_auth(api, creds);
    q.push((api.image_param.clone(), image_ref.to_string()));
    if let Some(name) = &api.mode_param {
        let mode = match query.mode {
            SearchMode::Same => "1",
            SearchMode::Similar => "2",
        };
        q.push((name.clone(), mode.into()));
    }
    q.push((api.page_param.clone(), page.to_string()));
    q.push((api.page_size_param.clone(), page_size.to_string()));
    if let (Some(name), Some(value)) = (&api.sort_param, &plan.sort_value) {
        q.push((name.clone(), value.clone()));
    }
    if let (Some(name), Some(lang)) = (&api.lang_param, &query.lang) {
        q.push((name.clone(), lang.clone()));
    }
    for f in profile.remote_filters.iter().filter(|f| plan.filters.contains(&f.filter)) {
        q.push((f.param.clone(), f.value.clone()));
    }
    PreparedRequest {
        method: HttpMethod::Get,
        url: join(&profile.base_url, &api.search_path),
        query: q,
        body: Body::None,
        bearer: None,
    }
}

// ------------------------------------------------------------- Bearer ---

/// `client_credentials` token request: a form POST, because a secret in the
/// URL ends up in proxy and server logs.
pub fn bearer_token(profile: &ProviderProfile, api: &BearerApi, creds: &Credentials) -> PreparedRequest {
    PreparedRequest {
        method: HttpMethod::Post,
        url: join(&profile.base_url, &api.token_path),
        query: Vec::new(),
        body: Body::Form(vec![
            ("client_id".into(), creds.app_key.clone()),
            ("client_secret".into(), creds.app_secret.expose().clone()),
            ("grant_type".into(), "client_credentials".into()),
        ]),
        bearer: None,
    }
}

/// Multipart image search with a bearer token.
pub fn bearer_search(
    profile: &ProviderProfile,
    api: &BearerApi,
    token: &str,
    image: &ImagePayload<'_>,
    query: &SearchQuery,
    page: u32,
    page_size: u32,
) -> PreparedRequest {
    let plan = remote_plan(profile, query);
    let mut fields =
        vec![(api.page_param.clone(), page.to_string()), (api.page_size_param.clone(), page_size.to_string())];
    if plan.filters.contains(&FilterKey::PriceRange) {
        if let (Some(name), Some(min)) = (&api.min_price_param, query.filters.price_min_fen) {
            fields.push((name.clone(), fen_to_yuan(min)));
        }
        if let (Some(name), Some(max)) = (&api.max_price_param, query.filters.price_max_fen) {
            fields.push((name.clone(), fen_to_yuan(max)));
        }
    }
    for f in profile.remote_filters.iter().filter(|f| plan.filters.contains(&f.filter)) {
        fields.push((f.param.clone(), f.value.clone()));
    }
    PreparedRequest {
        method: HttpMethod::Post,
        url: join(&profile.base_url, &api.search_path),
        query: Vec::new(),
        body: Body::Multipart {
            fields,
            file_field: api.image_field.clone(),
            file_name: format!("photo.{}", image.format.extension()),
            mime: image.format.mime().into(),
            bytes: image.bytes.to_vec(),
        },
        bearer: Some(token.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{builtin_profile, Api, ImageFormat};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 1, 19, 4, 5).single().unwrap_or_default()
    }

    fn creds() -> Credentials {
        Credentials::new("1234567", "testsecret").with_access_token("tok-123")
    }

    fn image() -> ImagePayload<'static> {
        ImagePayload { bytes: b"\xff\xd8fake", base64: "/9hmYWtl", sha256_hex: "ab", format: ImageFormat::Jpeg }
    }

    #[test]
    fn aop_query_is_signed_over_the_exact_json() {
        let p = builtin_profile("1688-open").expect("builtin");
        let Api::Aop(api) = &p.api else { panic!("aop") };
        let mut q = SearchQuery::default();
        q.filters.price_max_fen = Some(2050);
        q.filters.dropship_only = true;
        q.sort = crate::query::SortKey::PriceAsc;
        q.region = Some(zhaohuo_types::CropBox { x: 10, y: 20, width: 100, height: 200 });
        let r = aop_query(&p, api, &creds(), "IMG1", &q, 2, 20, now()).expect("builds");
        assert_eq!(r.url, "https://gw.open.1688.com/openapi/param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery/1234567");
        let json: Value = serde_json::from_str(r.param("offerQueryParam").expect("sent")).expect("json");
        assert_eq!(json["imageId"], "IMG1");
        assert_eq!(json["beginPage"], 2);
        assert_eq!(json["priceEnd"], "20.50");
        assert_eq!(json["filter"], "isOnePsale");
        assert_eq!(json["sort"], r#"{"price":"asc"}"#);
        assert_eq!(json["region"], "10,110,20,220");
        assert_eq!(r.param("_aop_timestamp"), Some("1704135845000"));
        let Body::Form(form) = &r.body else { panic!("form") };
        let unsigned: Vec<_> = form.iter().filter(|(k, _)| k != "_aop_signature").cloned().collect();
        let expected = aop_signature(
            "param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery/1234567",
            &unsigned,
            b"testsecret",
        );
        assert_eq!(r.param("_aop_signature"), Some(expected.as_str()));
    }

    #[test]
    fn top_drops_blank_values_and_signs_the_rest() {
        let p = builtin_profile("offer-match").expect("builtin");
        let Api::Top(api) = &p.api else { panic!("top") };
        let mut q = SearchQuery::default();
        q.filters.min_similarity = Some(0.75);
        let with_min = top_search(&p, api, &creds(), &image(), &q, 1, 20, now()).expect("builds");
        assert_eq!(with_min.param("similarity"), Some("0.75"));
        let r = top_search(&p, api, &creds(), &image(), &SearchQuery::default(), 3, 20, now()).expect("builds");
        assert_eq!(r.param("method"), Some("alibaba.image.search.offer.match"));
        assert_eq!(r.param("imageType"), Some("jpg"));
        assert_eq!(r.param("similarity"), None, "only sent when the buyer sets a minimum");
        assert_eq!(r.param("pageNum"), Some("3"));
        assert_eq!(r.param("needSupplyInfo"), Some("true"));
        assert_eq!(r.param("timestamp"), Some("1704135845000"));
        let Body::Form(form) = &r.body else { panic!("form") };
        let expected = top_signature(TopSignMethod::Md5, form, b"testsecret");
        assert_eq!(r.param("sign"), Some(expected.as_str()));

        let p = builtin_profile("image-search-item").expect("builtin");
        let Api::Top(api) = &p.api else { panic!("top") };
        let r = top_search(&p, api, &creds(), &image(), &SearchQuery::default(), 1, 20, now()).expect("builds");
        assert_eq!(r.param("timestamp"), Some("2024-01-02 03:04:05"));
        assert_eq!(r.param("access_token"), Some("tok-123"));
        assert_eq!(r.param("price_start"), None);
        assert_eq!(r.param("min_order_quantity"), None, "only sent when the buyer sets a maximum");
        let mut q = SearchQuery::default();
        q.filters.moq_max = Some(50);
        let r = top_search(&p, api, &creds(), &image(), &q, 1, 20, now()).expect("builds");
        assert_eq!(r.param("min_order_quantity"), Some("50"), "the buyer's maximum MOQ goes to the provider");
        assert_eq!(remote_plan(&p, &q).filters, [FilterKey::MaxMoq]);
        // offer.match has no MOQ parameter: filtered locally.
        let om = builtin_profile("offer-match").expect("builtin");
        assert!(remote_plan(&om, &q).filters.is_empty());
    }

    #[test]
    fn gateway_and_bearer_shapes() {
        let p = builtin_profile("item-search-img").expect("builtin");
        let Api::Gateway(api) = &p.api else { panic!("gateway") };
        let mut q = SearchQuery { mode: SearchMode::Similar, sort: crate::query::SortKey::Sales, ..Default::default() };
        q.lang = Some("en".into());
        let r = gateway_search(&p, api, &creds(), "https://img/x.jpg", &q, 1, 100);
        assert_eq!(r.method, HttpMethod::Get);
        assert_eq!(r.param("search_type"), Some("2"));
        assert_eq!(r.param("sort"), Some("sale_desc"));
        assert_eq!(r.param("key"), Some("1234567"));
        assert!(!format!("{r:?}").contains("testsecret"));

        let p = builtin_profile("product-image-search").expect("builtin");
        let Api::Bearer(api) = &p.api else { panic!("bearer") };
        let r = bearer_search(&p, api, "T", &image(), &SearchQuery::default(), 2, 10);
        assert_eq!(r.param("pageNo"), Some("2"));
        let t = bearer_token(&p, api, &creds());
        assert_eq!(t.method, HttpMethod::Post);
        assert!(t.query.is_empty(), "nothing in the URL");
        assert!(matches!(&t.body, Body::Form(f) if f.iter().any(|(k, v)| k == "client_secret" && v == "testsecret")));
        assert!(matches!(r.body, Body::Multipart { ref mime, .. } if mime == "image/jpeg"));
    }

    #[test]
    fn aop_without_token_is_a_token_error() {
        let p = builtin_profile("1688-open").expect("builtin");
        let Api::Aop(api) = &p.api else { panic!("aop") };
        let e = aop_upload(&p, api, &Credentials::new("k", "s"), &image(), now()).expect_err("fails");
        assert_eq!(zhaohuo_types::ErrorKind::kind(&e), "provider.token_expired");
    }
}
