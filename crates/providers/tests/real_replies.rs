//! Every real gateway reply `../shared/protocols-aop.md` lists, read as the
//! app reads it: gateway errors with their HTTP status and
//! `error_code`/`error_message`/`request_id` (and the JSDK's
//! `errorCode`/`errorMessage`), `success` as a string or a boolean, business
//! errors inside `result`, `picRegionInfo`; and over loopback, which of them
//! are retried, and the ~2,000-offer cap of the image search.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use zhaohuo_providers::parse::{parse_search, HttpReply, Redactor};
use zhaohuo_providers::{
    builtin_profile, ClientOptions, Credentials, ImageFormat, ImagePayload, ProviderClient, ProviderProfile,
    RetryPolicy, SearchQuery, UploadCache,
};
use zhaohuo_types::{CropBox, ErrorKind, Kind};

fn open_1688() -> ProviderProfile {
    builtin_profile("1688-open").expect("builtin")
}

/// (what protocols-aop.md lists, HTTP status, body, kind, words the hint must hold).
/// Where the fact sheet says a status is "not found", both 400 and 401 (or 404) are tried.
fn table() -> Vec<(&'static str, u16, String, Kind, &'static str)> {
    let gw = |code: &str, msg: &str| {
        format!(r#"{{"error_code":"{code}","error_message":"{msg}","exception":"{msg}","request_id":"0bb8a1e217"}}"#)
    };
    let jsdk = |code: &str, msg: &str| format!(r#"{{"errorCode":"{code}","errorMessage":"{msg}"}}"#);
    vec![
        (
            "gw.APIACLDecline",
            400,
            gw("gw.APIACLDecline", "AppKey is not allowed(acl)"),
            Kind::ProviderPermissionDenied,
            "Apply for this API",
        ),
        (
            "gw.APIACLDecline (JSDK)",
            400,
            jsdk("gw.APIACLDecline", "AppKey is not allowed(acl)"),
            Kind::ProviderPermissionDenied,
            "Apply for this API",
        ),
        (
            "gw.QosAppFrequencyLimit",
            400,
            gw("gw.QosAppFrequencyLimit", "App call exceeds limited frequency"),
            Kind::ProviderRateLimited,
            "Wait",
        ),
        (
            "gw.NoUsageLeftError",
            400,
            gw("gw.NoUsageLeftError", "SLA bill has no usage left"),
            Kind::ProviderUsageExhausted,
            "paid API package",
        ),
        (
            "gw.SignatureInvalid @400",
            400,
            gw("gw.SignatureInvalid", "Signature invalid"),
            Kind::ProviderSignatureInvalid,
            "zhaohuo sign",
        ),
        (
            "gw.SignatureInvalid @401",
            401,
            gw("gw.SignatureInvalid", "Signature invalid"),
            Kind::ProviderSignatureInvalid,
            "zhaohuo sign",
        ),
        (
            "gw.ParamMissing @400",
            400,
            gw("gw.ParamMissing", "Missing parameter offerQueryParam"),
            Kind::ProviderBadRequest,
            "filter",
        ),
        (
            "gw.ParamMissing @200",
            200,
            gw("gw.ParamMissing", "Missing parameter offerQueryParam"),
            Kind::ProviderBadRequest,
            "filter",
        ),
        (
            "gw.APIUnsupported @400",
            400,
            gw("gw.APIUnsupported", "API not found"),
            Kind::ProviderApiUnsupported,
            "base URL",
        ),
        (
            "gw.APIUnsupported @404",
            404,
            gw("gw.APIUnsupported", "API not found"),
            Kind::ProviderApiUnsupported,
            "base URL",
        ),
        (
            "error_code 401 @401",
            401,
            gw("401", "Request need user authorized"),
            Kind::ProviderTokenExpired,
            "Sign in with 1688",
        ),
        (
            "error_code 401 @400",
            400,
            gw("401", "Request need user authorized"),
            Kind::ProviderTokenExpired,
            "Sign in with 1688",
        ),
        ("401 with no body", 401, String::new(), Kind::ProviderTokenExpired, "Sign in with 1688"),
        // Business errors inside `result` (failure codes are not documented: the code's HTTP meaning, else bad request).
        (
            "result.success \"false\"",
            200,
            r#"{"result":{"success":"false","code":"400","message":"参数错误"}}"#.into(),
            Kind::ProviderBadRequest,
            "filter",
        ),
        (
            "result.success false (boolean)",
            200,
            r#"{"result":{"success":false,"code":"500","message":"系统异常"}}"#.into(),
            Kind::ProviderServerError,
            "try again",
        ),
        (
            "result.success false, undocumented code",
            200,
            r#"{"result":{"success":false,"code":"E_SOMETHING","message":"x"}}"#.into(),
            Kind::ProviderBadRequest,
            "filter",
        ),
    ]
}

#[test]
fn every_listed_reply_is_classified_with_its_hint() {
    let p = open_1688();
    for (what, status, body, kind, hint) in table() {
        let err = parse_search(&p, &HttpReply::json(status, &body), 0, &Redactor::default()).expect_err(what);
        assert_eq!(err.kind(), kind, "{what}: {err}");
        let h = err.hint().unwrap_or_default();
        assert!(h.contains(hint), "{what}: hint {h:?} should say {hint:?}");
        if body.contains("request_id") {
            assert!(err.to_string().contains("0bb8a1e217"), "{what}: the request id is named: {err}");
        }
    }
}

#[test]
fn success_as_a_string_or_a_boolean_and_the_region_used() {
    let p = open_1688();
    let item = r#"{"offerId":710891050473,"subjectTrans":"Cat litter box","imageUrl":"https://cbu01.alicdn.com/a.jpg","priceInfo":{"price":"12.50"},"monthSold":1234}"#;
    for success in [r#""true""#, "true"] {
        let body = format!(
            r#"{{"result":{{"success":{success},"code":"200","result":{{"totalRecords":2000,"totalPage":100,"currentPage":1,"data":[{item}],"picRegionInfo":{{"currentRegion":"266,799,48,581","yoloCropRegion":"266,799,48,581;10,90,20,80"}}}}}}}}"#
        );
        let page = parse_search(&p, &HttpReply::json(200, &body), 0, &Redactor::default()).expect(success);
        assert_eq!(page.offers.len(), 1, "success {success}");
        assert_eq!(page.total, Some(2000));
        let region = page.pic_region.expect("picRegionInfo");
        assert_eq!(region.current, Some(CropBox { x: 266, y: 48, width: 533, height: 533 }));
        assert_eq!(region.detected.len(), 2);
        assert_eq!(region.detected_raw[1], "10,90,20,80");
    }
    // The detected regions as a list; and the JSDK order (x0,y0,x1,y1) when the other gives no box.
    let body = r#"{"result":{"success":"true","result":{"data":[],"picRegionInfo":{"currentRegion":"10,20,300,400","yoloCropRegion":["1,2,3,4"]}}}}"#;
    let region = parse_search(&p, &HttpReply::json(200, body), 0, &Redactor::default()).unwrap().pic_region.unwrap();
    assert_eq!(region.current, Some(CropBox { x: 10, y: 300, width: 10, height: 100 }), "x0,x1,y0,y1 first");
    let body =
        r#"{"result":{"success":"true","result":{"data":[],"picRegionInfo":{"currentRegion":"100,50,300,400"}}}}"#;
    let region = parse_search(&p, &HttpReply::json(200, body), 0, &Redactor::default()).unwrap().pic_region.unwrap();
    assert_eq!(region.current, Some(CropBox { x: 100, y: 50, width: 200, height: 350 }), "then x0,y0,x1,y1");
}

// ------------------------------------------------------------ loopback ---

/// A gateway that answers uploads with an id and each query with `query(n)`,
/// `n` counting queries from 0; it records each query's `beginPage`.
struct Gateway {
    queries: AtomicUsize,
    pages: Mutex<Vec<u64>>,
    query: Box<dyn Fn(usize, u64) -> (u16, String) + Send + Sync>,
}

async fn upload() -> Response {
    (StatusCode::OK, r#"{"result":{"success":"true","code":"200","result":"1048608196202797156"}}"#).into_response()
}

async fn query(State(g): State<Arc<Gateway>>, Path(_key): Path<String>, body: String) -> Response {
    let n = g.queries.fetch_add(1, Ordering::SeqCst);
    let form: Vec<(String, String)> = serde_urlencoded_parse(&body);
    let param = form.iter().find(|(k, _)| k == "offerQueryParam").map(|(_, v)| v.clone()).unwrap_or_default();
    let q: serde_json::Value = serde_json::from_str(&param).unwrap_or_default();
    let page = q["beginPage"].as_u64().unwrap_or(0);
    g.pages.lock().unwrap().push(page);
    let (status, body) = (g.query)(n, page);
    let mut r = (StatusCode::from_u16(status).unwrap(), body).into_response();
    r.headers_mut().insert("content-type", "application/json;charset=UTF-8".parse().unwrap());
    r
}

/// A form body's pairs, decoded.
fn serde_urlencoded_parse(body: &str) -> Vec<(String, String)> {
    let url = reqwest::Url::parse(&format!("http://form/?{body}")).unwrap();
    url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

async fn serve(g: Arc<Gateway>) -> String {
    let app = Router::new()
        .route("/openapi/param2/1/com.alibaba.fenxiao.crossborder/product.image.upload/{key}", post(upload))
        .route("/openapi/param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery/{key}", post(query))
        .with_state(g);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    format!("http://{addr}")
}

fn client(base: &str) -> ProviderClient {
    let mut profile = open_1688().with_base_url(base);
    // Its own limiter (limiters are shared per id + URL + QPS), fast enough for 40 pages.
    profile.qps = 1000.0;
    let options = ClientOptions {
        retry: RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        },
        ..ClientOptions::default()
    };
    ProviderClient::with_options(
        profile,
        Credentials::new("8688168", "s3cret").with_access_token("tok"),
        options,
        Arc::new(UploadCache::default()),
    )
    .unwrap()
}

const IMAGE: ImagePayload<'static> =
    ImagePayload { bytes: b"\xff\xd8fake", base64: "/9hmYWtl", sha256_hex: "abcd", format: ImageFormat::Jpeg };

fn full_page(page: u64, size: u64, total: u64) -> String {
    let data: Vec<String> = (0..size).map(|i| format!(r#"{{"offerId":{},"subject":"x"}}"#, page * 1000 + i)).collect();
    format!(
        r#"{{"result":{{"success":"true","code":"200","result":{{"totalRecords":{total},"currentPage":{page},"data":[{}]}}}}}}"#,
        data.join(",")
    )
}

#[tokio::test]
async fn frequency_limit_is_retried_and_an_empty_package_is_not() {
    let throttled = r#"{"error_code":"gw.QosAppFrequencyLimit","error_message":"App call exceeds limited frequency","request_id":"r"}"#;
    let g = Arc::new(Gateway {
        queries: AtomicUsize::new(0),
        pages: Mutex::new(Vec::new()),
        query: Box::new(
            move |n, page| if n < 2 { (400, throttled.to_string()) } else { (200, full_page(page, 20, 40)) },
        ),
    });
    let page =
        client(&serve(Arc::clone(&g)).await).search(IMAGE, &SearchQuery::default()).await.expect("after 2 retries");
    assert_eq!(page.offers.len(), 20);
    assert_eq!(g.queries.load(Ordering::SeqCst), 3, "two throttled answers, then the page");

    let empty = r#"{"error_code":"gw.NoUsageLeftError","error_message":"SLA bill has no usage left","request_id":"r"}"#;
    let g = Arc::new(Gateway {
        queries: AtomicUsize::new(0),
        pages: Mutex::new(Vec::new()),
        query: Box::new(move |_, _| (400, empty.to_string())),
    });
    let err = client(&serve(Arc::clone(&g)).await).search(IMAGE, &SearchQuery::default()).await.expect_err("empty");
    assert_eq!(err.kind(), Kind::ProviderUsageExhausted);
    assert_eq!(g.queries.load(Ordering::SeqCst), 1, "a used-up package is not asked again");
}

#[tokio::test]
async fn no_page_past_about_two_thousand_offers_is_asked_for() {
    let g = Arc::new(Gateway {
        queries: AtomicUsize::new(0),
        pages: Mutex::new(Vec::new()),
        query: Box::new(|_, page| (200, full_page(page, 50, 5000))),
    });
    let c = client(&serve(Arc::clone(&g)).await);
    let q = SearchQuery { page_size: 50, ..SearchQuery::default() };
    let all = c.search_all(IMAGE, &q, 1000).await.expect("all pages");
    assert_eq!(all.offers.len(), 2000);
    assert!(!all.has_more, "2,000 is the end");
    let pages = g.pages.lock().unwrap().clone();
    assert_eq!(pages.len(), 40);
    assert_eq!(pages.iter().max(), Some(&40));
    // Asking for page 41 of 50 (offers 2,000–2,049) makes no call at all.
    let before = g.queries.load(Ordering::SeqCst);
    let past = c.search(IMAGE, &SearchQuery { page: 41, page_size: 50, ..SearchQuery::default() }).await.unwrap();
    assert!(past.offers.is_empty() && !past.has_more);
    assert_eq!(g.queries.load(Ordering::SeqCst), before);
    // The page size sent is capped at 50 whatever is asked.
    let g = Arc::new(Gateway {
        queries: AtomicUsize::new(0),
        pages: Mutex::new(Vec::new()),
        query: Box::new(|_, page| (200, full_page(page, 50, 5000))),
    });
    let c = client(&serve(Arc::clone(&g)).await);
    let big = c.search(IMAGE, &SearchQuery { page_size: 120, ..SearchQuery::default() }).await.unwrap();
    assert_eq!(big.offers.len(), 120);
    assert_eq!(g.pages.lock().unwrap().clone(), vec![1, 2, 3], "three pages of 50 for 120 offers");
}
