//! Every reply shape in ../shared/protocols.md through the real parsers:
//! successes normalise to offers, each error shape to its typed error.

use std::path::PathBuf;
use std::time::Duration;

use zhaohuo_providers::parse::{parse_aop_upload, parse_search, parse_token, parse_url_upload, HttpReply, Redactor};
use zhaohuo_providers::profile::Api;
use zhaohuo_providers::{builtin_profile, ProviderProfile};
use zhaohuo_types::{ErrorKind, PriceRange, Shipping};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn reply(name: &str, status: u16, content_type: &str) -> HttpReply {
    HttpReply {
        status,
        content_type: (!content_type.is_empty()).then(|| content_type.to_string()),
        retry_after: None,
        body: fixture(name),
    }
}

const JSON: &str = "application/json;charset=UTF-8";

fn profile(id: &str) -> ProviderProfile {
    builtin_profile(id).expect("built-in profile")
}

fn price(a: u64, b: u64) -> Option<PriceRange> {
    Some(PriceRange { min_fen: a, max_fen: b })
}

#[test]
fn aop_query_normalises_items() {
    let p = profile("1688-open");
    let page = parse_search(&p, &reply("aop_query_ok.json", 200, JSON), 20, &Redactor::default()).expect("parses");
    assert_eq!(page.total, Some(1234));
    assert_eq!(page.item_count, 3);
    let [a, b, c] = &page.offers[..] else { panic!("three offers") };
    assert_eq!(a.offer_id, "610947572360");
    assert_eq!(a.title_translated.as_deref(), Some("Summer cotton T-shirt"));
    assert_eq!(a.price, price(2990, 2990));
    assert_eq!(a.moq, Some(2));
    assert_eq!(a.month_sold, Some(15600));
    assert_eq!(a.similarity, None, "AOP is rank-only");
    assert_eq!(a.rank, 21);
    assert_eq!(a.supplier.badges, ["super_factory", "tp_member"]);
    assert_eq!(a.supplier.city.as_deref(), Some("浙江杭州"));
    assert_eq!(a.detail_url, "https://detail.1688.com/offer/610947572360.html");
    assert_eq!(a.dropship, Some(true));
    assert_eq!(a.repurchase_rate, Some(0.35));
    assert_eq!(a.raw["someFutureField"]["nested"][2], 3);
    assert_eq!(b.price, price(2750, 2750), "falls back to consignPrice");
    assert_eq!(b.moq, Some(3));
    assert_eq!(b.month_sold, Some(0), "zero is a value, not missing");
    assert_eq!(b.dropship, Some(false));
    assert_eq!(c.price, None);
    assert_eq!(c.moq, None);
    assert_eq!(c.month_sold, None);
    assert_eq!(c.image_url, None);
}

#[test]
fn aop_empty_page_and_uploads() {
    let p = profile("1688-open");
    let r = Redactor::default();
    let page = parse_search(&p, &reply("aop_query_empty.json", 200, JSON), 40, &r).expect("empty is fine");
    assert!(page.offers.is_empty());
    assert_eq!(page.total, Some(0));
    assert_eq!(parse_aop_upload(&p, &reply("aop_upload_ok.json", 200, JSON), &r).expect("id"), "1234567890123");
    let e = parse_aop_upload(&p, &reply("aop_upload_zero.json", 200, JSON), &r).expect_err("0 is no id");
    assert_eq!(e.kind(), "provider.image_rejected");
}

#[test]
fn top_offer_match_normalises_items() {
    let p = profile("offer-match");
    let page = parse_search(&p, &reply("offer_match_ok.json", 200, JSON), 0, &Redactor::default()).expect("parses");
    assert_eq!(page.total, Some(57));
    assert_eq!(page.request_id.as_deref(), Some("top-req-1"));
    let [a, b, c] = &page.offers[..] else { panic!("three offers") };
    assert_eq!(a.similarity, Some(0.92));
    assert_eq!(a.price, price(1000, 1500));
    assert_eq!(a.moq, Some(10));
    assert_eq!(a.supply_type.as_deref(), Some("现货"));
    assert_eq!(a.supplier.name, "义乌市某某工厂");
    assert_eq!(a.rank, 1);
    assert_eq!(b.similarity, Some(0.81));
    assert_eq!(b.price, price(1250, 1250));
    assert_eq!(c.similarity, None);
    assert_eq!(c.price, None);
    assert_eq!(c.moq, None);
    let past = parse_search(&p, &reply("offer_match_past_last_page.json", 200, JSON), 400, &Redactor::default())
        .expect("empty");
    assert!(past.offers.is_empty());
}

#[test]
fn top_image_search_item_normalises_items() {
    let p = profile("image-search-item");
    let page =
        parse_search(&p, &reply("image_search_item_ok.json", 200, JSON), 0, &Redactor::default()).expect("parses");
    let [a, b] = &page.offers[..] else { panic!("two offers") };
    assert_eq!(a.price, price(1880, 1880));
    assert_eq!(a.moq, Some(5));
    assert_eq!(a.similarity, Some(0.88));
    assert_eq!(a.supplier.city.as_deref(), Some("永康"));
    assert_eq!(a.shipping, Some(Shipping::Free));
    assert_eq!(b.price, price(2200, 2200));
    assert_eq!(b.similarity, Some(0.76), "76 on an auto scale is a percentage");
    assert_eq!(b.shipping, Some(Shipping::Paid));
}

#[test]
fn gateway_normalises_items() {
    let p = profile("item-search-img");
    let page = parse_search(&p, &reply("gateway_ok.json", 200, JSON), 0, &Redactor::default()).expect("parses");
    assert_eq!(page.total, Some(892));
    assert_eq!(page.request_id.as_deref(), Some("abc123def456"));
    let [a, b] = &page.offers[..] else { panic!("two offers") };
    assert_eq!(a.price, price(2590, 2590), "promotion price first");
    assert_eq!(a.moq, Some(2));
    assert_eq!(a.unit.as_deref(), Some("件"));
    assert_eq!(a.shipping, Some(Shipping::Fee { fen: 600 }));
    assert_eq!(a.supplier.badges, ["实力商家"]);
    assert_eq!(a.supplier.id.as_deref(), Some("12345678"));
    assert_eq!(a.dropship, Some(true));
    assert_eq!(b.offer_id, "741422477525");
    assert_eq!(b.shipping, Some(Shipping::Free), "a zero post fee is free shipping");
    assert_eq!(b.month_sold, Some(12300));
    assert_eq!(b.dropship, Some(false));

    let mislabelled =
        parse_search(&p, &reply("gateway_ok.json", 200, "text/html; charset=UTF-8"), 0, &Redactor::default());
    assert_eq!(mislabelled.expect("JSON labelled as UTF-8 HTML is still read").offers.len(), 2);
    let ok =
        parse_search(&p, &reply("gateway_error_code_ok.json", 200, JSON), 0, &Redactor::default()).expect("0000 is ok");
    assert_eq!(ok.offers.len(), 1);
    let none = parse_search(&p, &reply("gateway_no_data_2000.json", 200, JSON), 0, &Redactor::default())
        .expect("2000 is empty");
    assert!(none.offers.is_empty());
    let url = parse_url_upload(
        &p,
        &reply("gateway_upload_ok.json", 200, JSON),
        &["items.item.name".to_string()],
        &Redactor::default(),
    );
    assert_eq!(url.expect("url"), "https://img.alicdn.com/imgextra/i4/upload.jpg");
}

#[test]
fn bearer_normalises_items_and_tokens() {
    let p = profile("product-image-search");
    let page = parse_search(&p, &reply("bearer_ok.json", 200, JSON), 0, &Redactor::default()).expect("parses");
    assert_eq!(page.total, Some(37));
    let [a, b] = &page.offers[..] else { panic!("two offers") };
    assert_eq!(a.similarity, Some(0.92));
    assert_eq!(a.supplier.credit_level.as_deref(), Some("5A"));
    assert_eq!(b.similarity, Some(0.7));
    assert_eq!(b.price, price(4500, 5200));
    let (token, expires) = parse_token(&p, &reply("token_ok.json", 200, JSON), &Redactor::default()).expect("token");
    assert_eq!(token, "tok-abcdef-123456");
    assert_eq!(expires, Some(3600));
    let e = parse_token(&p, &reply("token_invalid_client.json", 401, JSON), &Redactor::default()).expect_err("error");
    assert_eq!(e.kind(), "provider.bad_credentials");
}

/// (profile, fixture, HTTP status, content type, expected kind)
const ERROR_SHAPES: &[(&str, &str, u16, &str, &str)] = &[
    ("1688-open", "aop_signature_invalid.json", 400, JSON, "provider.signature_invalid"),
    ("1688-open", "aop_throttled.json", 400, JSON, "provider.rate_limited"),
    ("1688-open", "aop_acl.json", 400, JSON, "provider.permission_denied"),
    ("1688-open", "aop_unsupported.json", 400, JSON, "provider.api_unsupported"),
    ("1688-open", "aop_param_missing.json", 400, JSON, "provider.bad_request"),
    ("1688-open", "aop_unauthorized.json", 401, JSON, "provider.token_expired"),
    ("1688-open", "aop_business_fail.json", 200, JSON, "provider.bad_request"),
    ("offer-match", "top_bad_param_1001.json", 200, JSON, "provider.bad_request"),
    ("offer-match", "top_image_type_1001.json", 200, JSON, "provider.image_rejected"),
    ("offer-match", "top_image_too_large_1001.json", 200, JSON, "provider.image_rejected"),
    ("offer-match", "top_timestamp_41.json", 200, JSON, "provider.clock_skew"),
    ("offer-match", "top_throttled_429.json", 200, JSON, "provider.rate_limited"),
    ("offer-match", "top_signature_25.json", 200, JSON, "provider.signature_invalid"),
    ("image-search-item", "top_session_27.json", 200, JSON, "provider.token_expired"),
    ("image-search-item", "top_permission_11.json", 200, JSON, "provider.permission_denied"),
    ("image-search-item", "top_call_limited_7.json", 200, JSON, "provider.rate_limited"),
    ("image-search-item", "top_daily_quota.json", 200, JSON, "provider.quota_exhausted"),
    ("image-search-item", "top_remote_error_15.json", 200, JSON, "provider.server_error"),
    ("image-search-item", "top_ip_whitelist.json", 200, JSON, "provider.ip_not_whitelisted"),
    ("image-search-item", "forbidden.txt", 403, "text/plain", "provider.ip_not_whitelisted"),
    ("image-search-item", "top_forbidden_403_body.json", 200, JSON, "provider.ip_not_whitelisted"),
    ("image-search-item", "top_forbidden_403_body.json", 403, JSON, "provider.ip_not_whitelisted"),
    ("item-search-img", "gateway_401.json", 200, JSON, "provider.bad_credentials"),
    ("item-search-img", "gateway_401.json", 401, JSON, "provider.bad_credentials"),
    ("item-search-img", "gateway_image_4000.json", 415, JSON, "provider.image_rejected"),
    ("item-search-img", "gateway_429.json", 200, JSON, "provider.rate_limited"),
    ("item-search-img", "gateway_400.json", 200, JSON, "provider.bad_request"),
    ("item-search-img", "gateway_500.json", 200, JSON, "provider.server_error"),
    ("item-search-img", "gateway_4005.json", 403, JSON, "provider.ip_not_whitelisted"),
    ("item-search-img", "gateway_4005_denied.json", 200, JSON, "provider.permission_denied"),
    ("item-search-img", "gateway_4006.json", 200, JSON, "provider.permission_denied"),
    ("item-search-img", "gateway_4008.json", 200, JSON, "provider.rate_limited"),
    ("item-search-img", "gateway_4013.json", 200, JSON, "provider.bad_credentials"),
    ("item-search-img", "gateway_4016.json", 200, JSON, "provider.quota_exhausted"),
    ("product-image-search", "bearer_40001.json", 401, JSON, "provider.token_expired"),
    ("product-image-search", "bearer_40003.json", 400, JSON, "provider.image_rejected"),
    ("product-image-search", "bearer_429.json", 429, JSON, "provider.rate_limited"),
    ("product-image-search", "bearer_429_daily.json", 429, JSON, "provider.quota_exhausted"),
    ("1688-open", "html_502.html", 502, "text/html", "provider.server_error"),
    ("1688-open", "html_login.html", 200, "text/html; charset=utf-8", "provider.malformed_response"),
    ("1688-open", "html_login.html", 404, "text/html; charset=utf-8", "provider.malformed_response"),
    ("1688-open", "not_json.xml", 200, "application/xml", "provider.malformed_response"),
    ("1688-open", "truncated.json", 200, JSON, "provider.malformed_response"),
    ("item-search-img", "gateway_ok.json", 200, "text/html;charset=GBK", "provider.malformed_response"),
    ("offer-match", "gateway_ok.json", 200, JSON, "provider.malformed_response"),
];

/// A phrase only the right kind's hint contains, so a shape mapped to the
/// wrong kind (or a hint copied to another kind) shows up.
fn hint_phrase(kind: &str) -> &'static str {
    match kind {
        "provider.signature_invalid" => "zhaohuo sign --explain",
        "provider.bad_credentials" => "App Key and App Secret",
        "provider.clock_skew" => "date, time and time zone",
        "provider.permission_denied" => "Apply for this API",
        "provider.api_unsupported" => "API name in this profile",
        "provider.ip_not_whitelisted" => "IP whitelist",
        "provider.token_expired" => "new access token",
        "provider.rate_limited" => "lower the profile's QPS",
        "provider.quota_exhausted" => "try again tomorrow",
        "provider.image_rejected" => "JPEG or PNG",
        "provider.bad_request" => "filter value",
        "provider.server_error" => "try again in a few minutes",
        "provider.malformed_response" => "captive portal",
        other => panic!("no phrase for {other}"),
    }
}

#[test]
fn every_error_shape_maps_to_its_kind() {
    let mut hints: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (id, file, status, ct, kind) in ERROR_SHAPES {
        let p = profile(id);
        let err = parse_search(&p, &reply(file, *status, ct), 0, &Redactor::default()).expect_err(file);
        assert_eq!(err.kind(), *kind, "{file}: {err}");
        let hint = err.hint().unwrap_or_default();
        assert!(hint.contains(hint_phrase(kind)), "{file}: the {kind} hint: {hint}");
        if !matches!(err, zhaohuo_providers::ProviderError::RateLimited { .. }) {
            let first = hints.entry(kind).or_insert_with(|| hint.clone());
            assert_eq!(*first, hint, "{kind}: one hint per kind");
        }
        assert!(err.to_string().starts_with(id), "{file}: message names the profile: {err}");
        if *kind == "provider.malformed_response" {
            assert!(
                err.fault().is_some_and(|f| f.detail.chars().count() >= 10),
                "{file}: a snippet of what came: {err}"
            );
        }
    }
    let distinct: std::collections::HashSet<&String> = hints.values().collect();
    assert_eq!(distinct.len(), hints.len(), "different kinds, different hints");
}

#[test]
fn retryable_only_for_transient_shapes() {
    let transient = [
        "aop_throttled.json",
        "top_throttled_429.json",
        "gateway_429.json",
        "gateway_500.json",
        "html_502.html",
        "top_remote_error_15.json",
    ];
    assert!(transient.iter().all(|t| ERROR_SHAPES.iter().any(|s| s.1 == *t)), "every transient shape is in the table");
    for (id, file, status, ct, _) in ERROR_SHAPES {
        let err = parse_search(&profile(id), &reply(file, *status, ct), 0, &Redactor::default()).expect_err(file);
        let expect = transient.contains(file)
            || *file == "gateway_4008.json"
            || *file == "top_call_limited_7.json"
            || *file == "bearer_429.json";
        assert_eq!(err.is_retryable(), expect, "{file}");
    }
}

#[test]
fn retry_after_is_kept() {
    let mut r = reply("bearer_429.json", 429, JSON);
    r.retry_after = Some(Duration::from_secs(7));
    let err = parse_search(&profile("product-image-search"), &r, 0, &Redactor::default()).expect_err("429");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.hint().is_some_and(|h| h.contains("7 s")));
}

#[test]
fn error_messages_never_carry_secrets() {
    let redactor = Redactor::new(["SuperSecret-XYZ-999".to_string()]);
    let err = parse_search(&profile("item-search-img"), &reply("echo_secret.json", 200, JSON), 0, &redactor)
        .expect_err("400");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("SuperSecret-XYZ-999"), "{text}");
    assert!(text.contains("<redacted>"));
}

#[test]
fn profile_api_families_match_fixtures() {
    // Guards the table above against a profile changing family silently.
    assert!(matches!(profile("1688-open").api, Api::Aop(_)));
    assert!(matches!(profile("offer-match").api, Api::Top(_)));
    assert!(matches!(profile("image-search-item").api, Api::Top(_)));
    assert!(matches!(profile("item-search-img").api, Api::Gateway(_)));
    assert!(matches!(profile("product-image-search").api, Api::Bearer(_)));
}
