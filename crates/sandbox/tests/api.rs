//! Every family's endpoints over real HTTP on loopback: success shapes, each
//! family's own errors, limits and injected faults.

use std::time::Duration;

use base64::Engine as _;
use serde_json::Value;
use zhaohuo_sandbox::catalog::Catalog;
use zhaohuo_sandbox::perturb::{encode_jpeg, Perturbation};
use zhaohuo_sandbox::render::{render, Background, Scene};
use zhaohuo_sandbox::{
    demo_credentials, start, FaultConfig, RunningSandbox, SandboxConfig, SplitMix, EXPIRED_ACCESS_TOKEN,
};
use zhaohuo_sign::{aop_signature, top_signature, TopSignMethod};

const UPLOAD: &str = "param2/1/com.alibaba.fenxiao.crossborder/product.image.upload";
const QUERY: &str = "param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery";
const OFFER_MATCH: &str = "/openapi/param2/2/portals.open/api/alibaba.image.search.offer.match";
const SEARCH_ITEM: &str = "/openapi/param2/1/alibaba.image.search.item/2.0";

fn secret() -> String {
    demo_credentials().app_secret.expose().clone()
}

fn token() -> String {
    demo_credentials().access_token.expose().clone()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A buyer-style photo of design `design` (tilted, cropped, another background).
fn photo_of(design: usize, seed: u64) -> Vec<u8> {
    let catalog = Catalog::generate();
    let mut rng = SplitMix::new(seed);
    let mut p = Perturbation::random(&mut rng);
    p.rescale = 1.0;
    p.jpeg_quality = 80;
    p.crop = (0.05, 0.05, 0.9, 0.9);
    p.apply(&catalog.designs[design], 400)
}

async fn sandbox(config: SandboxConfig) -> RunningSandbox {
    start(config).await.expect("sandbox starts")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("client")
}

async fn aop_post(
    sb: &RunningSandbox,
    api: &str,
    app_key: &str,
    params: Vec<(&str, String)>,
    secret: &str,
) -> (u16, Value) {
    let path = format!("{api}/{app_key}");
    let mut params: Vec<(String, String)> = params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let sig = aop_signature(&path, &params, secret.as_bytes());
    params.push(("_aop_signature".into(), sig));
    let resp = http().post(format!("{}/openapi/{path}", sb.base_url())).form(&params).send().await.expect("send");
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("json body"))
}

async fn aop_upload(sb: &RunningSandbox, jpeg: &[u8]) -> String {
    let (status, body) = aop_post(
        sb,
        UPLOAD,
        &sb.credentials().app_key,
        vec![
            ("access_token", token()),
            ("_aop_timestamp", chrono::Utc::now().timestamp_millis().to_string()),
            ("uploadImageParam", serde_json::json!({"imageBase64": b64(jpeg)}).to_string()),
        ],
        &secret(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"]["success"], "true", "a string, as the real reply has it: {body}");
    body["result"]["result"].as_str().expect("imageId").to_owned()
}

async fn aop_query(sb: &RunningSandbox, query: Value) -> (u16, Value) {
    aop_post(
        sb,
        QUERY,
        &sb.credentials().app_key,
        vec![("access_token", token()), ("offerQueryParam", query.to_string())],
        &secret(),
    )
    .await
}

fn design_of_offer(catalog: &Catalog, offer_id: &str) -> Option<usize> {
    let id: u64 = offer_id.parse().ok()?;
    catalog.offer_by_id(id).map(|o| o.design)
}

#[tokio::test]
async fn aop_upload_and_image_query_find_the_design_in_rank_order() {
    let sb = sandbox(SandboxConfig::default()).await;
    let catalog = Catalog::generate();
    let design = 37;
    let image_id = aop_upload(&sb, &photo_of(design, 7)).await;
    let (status, body) =
        aop_query(&sb, serde_json::json!({"imageId": image_id, "beginPage": 1, "pageSize": 20, "country": "en"})).await;
    assert_eq!(status, 200, "{body}");
    let result = &body["result"]["result"];
    let data = result["data"].as_array().expect("data");
    assert_eq!(data.len(), 20);
    assert!(result["totalRecords"].as_u64().unwrap_or(0) > 20);
    let first = &data[0];
    assert_eq!(design_of_offer(&catalog, &first["offerId"].to_string()), Some(design), "{first}");
    assert!(first.get("similarity").is_none(), "AOP answers in rank order, without similarity");
    assert!(first["priceInfo"]["price"].as_str().is_some());
    assert!(first["subjectTrans"].as_str().is_some_and(|s| s.is_ascii()));
    let yolo = result["picRegionInfo"]["yoloCropRegion"].as_str().expect("yolo box");
    assert_eq!(yolo.split(',').count(), 4);

    // The offer picture is served by the sandbox itself.
    let url = first["imageUrl"].as_str().expect("imageUrl");
    let img = http().get(url).send().await.expect("image");
    assert_eq!(img.headers()["content-type"], "image/jpeg");
    let bytes = img.bytes().await.expect("bytes");
    assert!(image::load_from_memory(&bytes).is_ok());

    // Page 2 continues; a price filter and sort apply.
    let (_, page2) = aop_query(&sb, serde_json::json!({"imageId": image_id, "beginPage": 2, "pageSize": 20})).await;
    assert_eq!(page2["result"]["result"]["currentPage"], 2);
    let (_, sorted) = aop_query(
        &sb,
        serde_json::json!({"imageId": image_id, "beginPage": 1, "pageSize": 10, "sort": "{\"price\":\"asc\"}"}),
    )
    .await;
    let prices: Vec<f64> = sorted["result"]["result"]["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|d| d["priceInfo"]["price"].as_str()?.parse().ok())
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1] + 0.01), "{prices:?}");
}

#[tokio::test]
async fn aop_refuses_with_its_own_errors() {
    let sb = sandbox(SandboxConfig::default()).await;
    let key = sb.credentials().app_key.clone();
    let jpeg = photo_of(3, 1);
    let upload = |b: String| {
        vec![("access_token", token()), ("uploadImageParam", serde_json::json!({"imageBase64": b}).to_string())]
    };

    let (status, body) = aop_post(&sb, UPLOAD, &key, upload(b64(&jpeg)), "wrong-secret").await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.SignatureInvalid")), "{body}");

    let (status, body) = aop_post(&sb, UPLOAD, "999999", upload(b64(&jpeg)), &secret()).await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.AppKeyNotExist")), "{body}");

    let (status, body) = aop_post(&sb, UPLOAD, &key, vec![("uploadImageParam", "{}".into())], &secret()).await;
    assert_eq!((status, body["error_code"].as_str()), (401, Some("401")), "missing token: {body}");

    let (status, body) = aop_post(
        &sb,
        UPLOAD,
        &key,
        vec![("access_token", EXPIRED_ACCESS_TOKEN.into()), ("uploadImageParam", "{}".into())],
        &secret(),
    )
    .await;
    assert_eq!(status, 401, "expired token: {body}");
    assert!(body["error_message"].as_str().unwrap_or("").contains("expired"));

    let (status, body) = aop_post(&sb, UPLOAD, &key, vec![("access_token", token())], &secret()).await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.ParamMissing")), "{body}");

    // Business failures: HTTP 200, success "false".
    let mut wrapped = b64(&jpeg);
    wrapped.insert(76, '\n');
    let (status, body) = aop_post(&sb, UPLOAD, &key, upload(wrapped), &secret()).await;
    assert_eq!((status, body["result"]["success"].as_str()), (200, Some("false")), "line breaks: {body}");

    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let (_, body) = aop_post(&sb, UPLOAD, &key, upload(b64(&gif)), &secret()).await;
    assert_eq!(
        (body["result"]["success"].as_str(), body["result"]["code"].as_str()),
        (Some("false"), Some("415")),
        "gif: {body}"
    );
    assert!(body["result"]["message"].as_str().unwrap_or("").contains("jpg"));

    let image_id = aop_upload(&sb, &jpeg).await;
    let (_, body) = aop_query(&sb, serde_json::json!({"imageId": image_id, "beginPage": 1, "pageSize": 51})).await;
    assert_eq!(body["result"]["success"], "false", "page size: {body}");
    let (_, body) = aop_query(&sb, serde_json::json!({"imageId": image_id, "beginPage": 101, "pageSize": 20})).await;
    assert_eq!(body["result"]["success"], "false", "page past cap: {body}");
    let (_, body) = aop_query(&sb, serde_json::json!({"imageId": "123", "beginPage": 1, "pageSize": 20})).await;
    assert_eq!(body["result"]["code"], "404", "unknown image: {body}");

    let (status, body) = aop_post(
        &sb,
        "param2/1/com.alibaba.product/alibaba.product.unknown",
        &key,
        vec![("access_token", token())],
        &secret(),
    )
    .await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.APIUnsupported")), "{body}");
}

#[tokio::test]
async fn aop_grants_whitelist_size_cap_and_limits() {
    let config = SandboxConfig {
        granted_apis: Some(vec!["product.image.upload".into()]),
        whitelist: Some(vec!["10.1.2.3".parse().expect("ip")]),
        qps: 2,
        daily_quota: 3,
        image_caps: zhaohuo_sandbox::ImageCaps { aop_upload: 4 * 1024, ..Default::default() },
        ..SandboxConfig::default()
    };
    let sb = sandbox(config).await;
    sb.stop_clock(); // the calls below fall in one QPS window however slow the machine
    let key = sb.credentials().app_key.clone();
    let jpeg = photo_of(5, 2);
    let upload = vec![
        ("access_token", token()),
        ("uploadImageParam", serde_json::json!({"imageBase64": b64(&jpeg)}).to_string()),
    ];

    let (status, body) = aop_post(&sb, UPLOAD, &key, upload.clone(), &secret()).await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.IpWhiteListDecline")), "{body}");
    sb.set_whitelist(None);

    let (status, body) = aop_query(&sb, serde_json::json!({"imageId": "1"})).await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.APIACLDecline")), "{body}");

    let (status, body) = aop_post(&sb, UPLOAD, &key, upload.clone(), &secret()).await;
    assert_eq!((status, body["result"]["code"].as_str()), (200, Some("413")), "over the size cap: {body}");

    let (status, _) = aop_post(&sb, UPLOAD, &key, upload.clone(), &secret()).await;
    assert_eq!(status, 200);
    let (status, body) = aop_post(&sb, UPLOAD, &key, upload.clone(), &secret()).await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.QosAppFrequencyLimit")), "{body}");
    sb.advance_clock(Duration::from_secs(1)); // the next QPS window, without waiting for it
    let (_, _) = aop_post(&sb, UPLOAD, &key, upload.clone(), &secret()).await;
    let (status, body) = aop_post(&sb, UPLOAD, &key, upload.clone(), &secret()).await;
    assert_eq!((status, body["error_code"].as_str()), (400, Some("gw.QosAppDailyLimit")), "{body}");
}

fn top_params(method: &str, sign: TopSignMethod, extra: Vec<(&str, String)>, secret: &str) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = vec![
        ("method".into(), method.into()),
        ("app_key".into(), demo_credentials().app_key),
        ("timestamp".into(), chrono::Utc::now().timestamp_millis().to_string()),
        ("format".into(), "json".into()),
        ("v".into(), "2.0".into()),
        ("sign_method".into(), sign.as_param().into()),
    ];
    params.extend(extra.into_iter().map(|(k, v)| (k.to_owned(), v)));
    let sig = top_signature(sign, &params, secret.as_bytes());
    params.push(("sign".into(), sig));
    params
}

async fn post_form(sb: &RunningSandbox, path: &str, params: &[(String, String)]) -> (u16, Value) {
    let resp = http().post(format!("{}{path}", sb.base_url())).form(params).send().await.expect("send");
    (resp.status().as_u16(), resp.json().await.expect("json"))
}

#[tokio::test]
async fn top_offer_match_answers_supply_fields_and_its_errors() {
    let sb = sandbox(SandboxConfig { qps: 3, ..SandboxConfig::default() }).await;
    sb.stop_clock(); // the calls below fall in one QPS window however slow the machine
    let catalog = Catalog::generate();
    let jpeg = photo_of(80, 3);
    let call = |sign: TopSignMethod, extra: Vec<(&str, String)>, secret: String| {
        top_params("alibaba.image.search.offer.match", sign, extra, &secret)
    };
    let base = |img: String| {
        vec![
            ("image", img),
            ("imageType", "jpg".to_owned()),
            ("similarity", "0.5".to_owned()),
            ("pageNum", "1".to_owned()),
            ("pageSize", "20".to_owned()),
            ("needSupplyInfo", "true".to_owned()),
        ]
    };

    let (status, body) = post_form(&sb, OFFER_MATCH, &call(TopSignMethod::Md5, base(b64(&jpeg)), secret())).await;
    assert_eq!(status, 200, "{body}");
    let result = &body["alibaba_image_search_offer_match_response"]["result"];
    let first = &result["offerList"][0];
    assert_eq!(design_of_offer(&catalog, first["offerId"].as_str().unwrap_or("")), Some(80), "{first}");
    let sim = first["similarity"].as_f64().expect("similarity");
    assert!((0.5..=1.0).contains(&sim), "{sim}");
    assert!(first["moq"].as_str().is_some_and(|m| m.ends_with('+')));
    assert!(first["priceRange"].as_str().is_some());
    assert!(["现货", "定制"].contains(&first["supplyType"].as_str().unwrap_or("")));

    // HMAC-SHA256 through the generic router.
    let (status, body) =
        post_form(&sb, "/router/rest", &call(TopSignMethod::HmacSha256, base(b64(&jpeg)), secret())).await;
    assert_eq!(status, 200);
    assert!(body["alibaba_image_search_offer_match_response"].is_object(), "{body}");

    let (_, body) = post_form(&sb, OFFER_MATCH, &call(TopSignMethod::Md5, base(b64(&jpeg)), "nope".into())).await;
    assert_eq!(body["error_response"]["code"], 25, "{body}");

    let mut wrapped = b64(&jpeg);
    wrapped.insert(60, '\n');
    let (_, body) = post_form(&sb, OFFER_MATCH, &call(TopSignMethod::Md5, base(wrapped), secret())).await;
    assert_eq!(body["error_response"]["code"], 1001, "line breaks: {body}");

    sb.advance_clock(Duration::from_secs(1)); // the next QPS window, without waiting for it
    let mut jpeg_type = base(b64(&jpeg));
    jpeg_type[1].1 = "jpeg".into();
    let (_, body) = post_form(&sb, OFFER_MATCH, &call(TopSignMethod::Md5, jpeg_type, secret())).await;
    assert_eq!(body["error_response"]["code"], 1001, "imageType jpeg: {body}");

    let mut big_page = base(b64(&jpeg));
    big_page[4].1 = "21".into();
    let (_, body) = post_form(&sb, OFFER_MATCH, &call(TopSignMethod::Md5, big_page, secret())).await;
    assert_eq!(body["error_response"]["code"], 1001, "page size 21: {body}");

    let mut far_page = base(b64(&jpeg));
    far_page[3].1 = "21".into();
    let (_, body) = post_form(&sb, OFFER_MATCH, &call(TopSignMethod::Md5, far_page, secret())).await;
    assert_eq!(
        body["alibaba_image_search_offer_match_response"]["result"]["offerList"].as_array().map(Vec::len),
        Some(0),
        "{body}"
    );

    // Over QPS: the write-ups' code 429.
    let (_, body) = post_form(&sb, OFFER_MATCH, &call(TopSignMethod::Md5, base(b64(&jpeg)), secret())).await;
    assert_eq!(body["error_response"]["code"], 429, "{body}");

    sb.reset_limits();
    let mut stale = call(TopSignMethod::Md5, base(b64(&jpeg)), secret());
    stale[2].1 = "2020-01-01 00:00:00".into();
    let sig = top_signature(TopSignMethod::Md5, &stale[..stale.len() - 1], secret().as_bytes());
    if let Some(last) = stale.last_mut() {
        last.1 = sig;
    }
    let (_, body) = post_form(&sb, OFFER_MATCH, &stale).await;
    assert_eq!(body["error_response"]["sub_code"], "isv.invalid-timestamp", "{body}");
}

#[tokio::test]
async fn top_search_item_needs_a_token_and_a_plain_small_picture() {
    let sb = sandbox(SandboxConfig::default()).await;
    let jpeg = photo_of(120, 4);
    let call =
        |extra: Vec<(&str, String)>| top_params("alibaba.image.search.item", TopSignMethod::Md5, extra, &secret());

    let (status, body) = post_form(
        &sb,
        SEARCH_ITEM,
        &call(vec![("access_token", token()), ("image", b64(&jpeg)), ("page_size", "20".into())]),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let items = &body["image_search_item_response"]["items"]["item"];
    assert_eq!(items.as_array().map(Vec::len), Some(20));
    assert!(items[0]["address"]["city"].is_string());
    assert!(items[0]["similarity"].as_f64().is_some_and(|s| s <= 1.0));

    let (_, body) = post_form(&sb, SEARCH_ITEM, &call(vec![("image", b64(&jpeg))])).await;
    assert_eq!(body["error_response"]["code"], 26, "missing token: {body}");
    let (_, body) =
        post_form(&sb, SEARCH_ITEM, &call(vec![("access_token", EXPIRED_ACCESS_TOKEN.into()), ("image", b64(&jpeg))]))
            .await;
    assert_eq!(
        (body["error_response"]["code"].as_i64(), body["error_response"]["sub_code"].as_str()),
        (Some(27), Some("session-expired")),
        "{body}"
    );

    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(64, 64, image::Rgba([10, 20, 30, 128])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let (_, body) = post_form(&sb, SEARCH_ITEM, &call(vec![("access_token", token()), ("image", b64(&png))])).await;
    assert_eq!(
        (body["error_response"]["code"].as_i64(), body["error_response"]["sub_code"].as_str()),
        (Some(41), Some("isv.invalid-image")),
        "{body}"
    );

    let big = encode_jpeg(&image::RgbImage::from_pixel(900, 600, image::Rgb([200, 100, 50])), 80);
    let (_, body) = post_form(&sb, SEARCH_ITEM, &call(vec![("access_token", token()), ("image", b64(&big))])).await;
    assert_eq!(
        (body["error_response"]["code"].as_i64(), body["error_response"]["sub_code"].as_str()),
        (Some(41), Some("isv.invalid-image")),
        "900 px: {body}"
    );

    let (_, body) = post_form(
        &sb,
        SEARCH_ITEM,
        &call(vec![("access_token", token()), ("image", b64(&jpeg)), ("page_size", "50".into())]),
    )
    .await;
    assert_eq!(body["error_response"]["code"], 41, "page size: {body}");

    sb.set_whitelist(Some(vec!["10.9.9.9".parse().expect("ip")]));
    let (status, body) =
        post_form(&sb, SEARCH_ITEM, &call(vec![("access_token", token()), ("image", b64(&jpeg))])).await;
    assert_eq!(status, 403, "{body}");
}

#[tokio::test]
async fn top_router_grants() {
    let sb = sandbox(SandboxConfig {
        granted_apis: Some(vec!["alibaba.image.search.item".into()]),
        ..SandboxConfig::default()
    })
    .await;
    let params = top_params(
        "alibaba.image.search.offer.match",
        TopSignMethod::HmacMd5,
        vec![("image", b64(&photo_of(1, 1)))],
        &secret(),
    );
    let (_, body) = post_form(&sb, "/router/rest", &params).await;
    assert_eq!(body["error_response"]["code"], 11, "{body}");
    let params = top_params("alibaba.image.search.offer.match", TopSignMethod::Md5, vec![], &secret());
    let mut params = params;
    params[1].1 = "4242".into();
    let (_, body) = post_form(&sb, "/router/rest", &params).await;
    assert_eq!(body["error_response"]["code"], 29, "{body}");
}

#[tokio::test]
async fn gateway_upload_then_search_same_and_similar() {
    let sb = sandbox(SandboxConfig::default()).await;
    let catalog = Catalog::generate();
    let key = sb.credentials().app_key.clone();
    let creds = [("key", key.clone()), ("secret", secret())];
    let resp = http()
        .post(format!("{}/1688/upload_img/", sb.base_url()))
        .query(&creds)
        .form(&[("imgcode", b64(&photo_of(150, 5)))])
        .send()
        .await
        .expect("upload");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["code"], 200, "{body}");
    let url = body["items"]["item"]["name"].as_str().expect("url").to_owned();

    let search = |extra: Vec<(&'static str, String)>| {
        let mut q: Vec<(&str, String)> = creds.to_vec();
        q.push(("imgid", url.clone()));
        q.extend(extra);
        http().get(format!("{}/1688/item_search_img/", sb.base_url())).query(&q).send()
    };
    let resp = search(vec![("search_type", "1".into()), ("page_size", "50".into()), ("lang", "en".into())])
        .await
        .expect("search");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    let items = body["items"]["item"].as_array().expect("items");
    assert_eq!(design_of_offer(&catalog, items[0]["num_iid"].as_str().unwrap_or("")), Some(150), "{}", items[0]);
    assert!(items[0]["title"].as_str().is_some_and(|t| t.is_ascii()));
    assert_eq!(body["error_code"], "0000");
    let same_total = body["items"]["real_total_results"].as_u64().unwrap_or(0);

    let body: Value = search(vec![("search_type", "2".into()), ("sort", "price_asc".into())])
        .await
        .expect("similar")
        .json()
        .await
        .expect("json");
    assert!(body["items"]["real_total_results"].as_u64().unwrap_or(0) > same_total, "similar lists lookalikes too");

    let body: Value = search(vec![("page", "99".into())]).await.expect("far").json().await.expect("json");
    assert_eq!(body["error_code"], "2000", "{body}");
    let resp = search(vec![("page_size", "101".into())]).await.expect("big page");
    assert_eq!(resp.status(), 400);

    // Image problems keep the one bad-request code but say so with the HTTP status.
    let resp = http()
        .post(format!("{}/1688/upload_img/", sb.base_url()))
        .query(&creds)
        .form(&[("imgcode", b64(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"))])
        .send()
        .await
        .expect("gif upload");
    assert_eq!(resp.status(), 415);
    assert_eq!(resp.json::<Value>().await.expect("json")["error_code"], "4000");

    let resp = http()
        .get(format!("{}/1688/item_search_img/", sb.base_url()))
        .query(&[("key", key.as_str()), ("secret", "wrong"), ("imgid", url.as_str())])
        .send()
        .await
        .expect("bad secret");
    assert_eq!(resp.status(), 401);
    let body: Value = resp.json().await.expect("json");
    assert_eq!((body["code"].as_i64(), body["error_code"].as_str()), (Some(401), Some("4013")), "{body}");

    let resp = http()
        .get(format!("{}/1688/item_search_img/", sb.base_url()))
        .query(&[("key", key.as_str()), ("secret", &secret()), ("imgid", "https://example.com/a.jpg")])
        .send()
        .await
        .expect("foreign url");
    assert_eq!(resp.status(), 400);
}

#[tokio::test]
async fn bearer_token_then_multipart_search() {
    let sb = sandbox(SandboxConfig::default()).await;
    let catalog = Catalog::generate();
    let creds = demo_credentials();
    let token_url = format!("{}/auth/requestToken", sb.base_url());
    let grant = [
        ("client_id", creds.app_key.as_str()),
        ("client_secret", creds.app_secret.expose().as_str()),
        ("grant_type", "client_credentials"),
    ];
    let body: Value = http().post(&token_url).form(&grant).send().await.expect("token").json().await.expect("json");
    let bearer = body["access_token"].as_str().expect("token").to_owned();
    assert!(body["expires_in"].as_u64().is_some_and(|e| e > 0));

    let resp = http()
        .post(&token_url)
        .form(&[("client_id", creds.app_key.as_str()), ("client_secret", "x"), ("grant_type", "client_credentials")])
        .send()
        .await
        .expect("bad secret");
    assert_eq!(resp.status(), 401);

    // The secret belongs in the form body: in the URL it is refused, and GET is not served at all.
    let resp = http().post(&token_url).query(&grant).send().await.expect("secret in the query");
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "invalid_request", "{body}");
    assert!(body.get("access_token").is_none());
    let resp = http().get(&token_url).query(&grant).send().await.expect("GET");
    assert_eq!(resp.status(), 405);

    let search_url = format!("{}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", sb.base_url());
    let form = |bytes: Vec<u8>| {
        reqwest::multipart::Form::new()
            .part(
                "image",
                reqwest::multipart::Part::bytes(bytes).file_name("photo.jpg").mime_str("image/jpeg").expect("mime"),
            )
            .text("pageNo", "1")
            .text("pageSize", "20")
    };
    let resp =
        http().post(&search_url).bearer_auth(&bearer).multipart(form(photo_of(99, 6))).send().await.expect("search");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    let first = &body["products"][0];
    assert_eq!(design_of_offer(&catalog, first["productId"].as_str().unwrap_or("")), Some(99), "{first}");
    let sim = first["similarity"].as_u64().expect("integer similarity");
    assert!((50..=100).contains(&sim), "{sim}");
    assert!(first["supplierInfo"]["creditLevel"].as_str().is_some_and(|c| c.ends_with('A')));

    let resp = http().post(&search_url).multipart(form(photo_of(99, 6))).send().await.expect("no token");
    assert_eq!(resp.status(), 401);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["code"], 40001);

    let resp = http()
        .post(&search_url)
        .bearer_auth(&bearer)
        .multipart(form(b"not an image".to_vec()))
        .send()
        .await
        .expect("bad image");
    assert_eq!(resp.status(), 400);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["code"], 40003);

    sb.expire_tokens();
    let resp =
        http().post(&search_url).bearer_auth(&bearer).multipart(form(photo_of(99, 6))).send().await.expect("expired");
    assert_eq!(resp.status(), 401);
}

async fn gateway_call(sb: &RunningSandbox, client: &reqwest::Client) -> reqwest::Result<reqwest::Response> {
    let url = format!("{}/img/{}.jpg", sb.base_url(), Catalog::generate().offers[0].offer_id);
    client
        .get(format!("{}/1688/item_search_img/", sb.base_url()))
        .query(&[("key", sb.credentials().app_key.as_str()), ("secret", &secret()), ("imgid", url.as_str())])
        .send()
        .await
}

async fn set_faults(sb: &RunningSandbox, faults: &FaultConfig) {
    let resp = http()
        .post(format!("{}/__admin/faults", sb.base_url()))
        .bearer_auth(sb.admin_token())
        .json(faults)
        .send()
        .await
        .expect("admin");
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn faults_are_injected_through_the_admin_endpoint() {
    let sb = sandbox(SandboxConfig::default()).await;
    let client = http();
    let ok = gateway_call(&sb, &client).await.expect("plain call");
    assert_eq!(ok.status(), 200);

    set_faults(&sb, &FaultConfig { rate_429: 1.0, ..FaultConfig::default() }).await;
    let resp = gateway_call(&sb, &client).await.expect("429");
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.json::<Value>().await.expect("json")["error_code"], "4008");

    set_faults(&sb, &FaultConfig { rate_500: 1.0, ..FaultConfig::default() }).await;
    assert_eq!(gateway_call(&sb, &client).await.expect("500").status(), 500);

    set_faults(&sb, &FaultConfig { rate_502: 1.0, ..FaultConfig::default() }).await;
    let resp = gateway_call(&sb, &client).await.expect("502");
    assert_eq!(resp.status(), 502);
    assert!(resp.headers()["content-type"].to_str().unwrap_or("").starts_with("text/html"));

    set_faults(&sb, &FaultConfig { malformed_json_rate: 1.0, ..FaultConfig::default() }).await;
    let resp = gateway_call(&sb, &client).await.expect("malformed");
    assert_eq!(resp.status(), 200);
    assert!(serde_json::from_slice::<Value>(&resp.bytes().await.expect("body")).is_err());

    set_faults(&sb, &FaultConfig { html_error_rate: 1.0, ..FaultConfig::default() }).await;
    let resp = gateway_call(&sb, &client).await.expect("html");
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.expect("text").contains("<html"));

    set_faults(&sb, &FaultConfig { wrong_content_type_rate: 1.0, ..FaultConfig::default() }).await;
    let resp = gateway_call(&sb, &client).await.expect("wrong type");
    assert!(resp.headers()["content-type"].to_str().unwrap_or("").starts_with("text/html"));
    assert!(resp.json::<Value>().await.is_ok(), "the body is still the real JSON");

    set_faults(&sb, &FaultConfig { truncated_body_rate: 1.0, ..FaultConfig::default() }).await;
    let resp = gateway_call(&sb, &client).await.expect("the head arrives");
    assert_eq!(resp.status(), 200);
    let announced = resp.content_length();
    let outcome = resp.bytes().await.map(|b| b.len());
    assert!(outcome.is_err(), "a truncated body must fail to read: {outcome:?} of {announced:?}");

    set_faults(&sb, &FaultConfig { latency_ms: 300, ..FaultConfig::default() }).await;
    let t = std::time::Instant::now();
    assert_eq!(gateway_call(&sb, &client).await.expect("slow").status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    set_faults(&sb, &FaultConfig { hang_rate: 1.0, ..FaultConfig::default() }).await;
    let impatient = reqwest::Client::builder().timeout(Duration::from_millis(400)).build().expect("client");
    let err = gateway_call(&sb, &impatient).await.expect_err("hangs past the timeout");
    assert!(err.is_timeout(), "{err}");

    let resp = http()
        .delete(format!("{}/__admin/faults", sb.base_url()))
        .bearer_auth(sb.admin_token())
        .send()
        .await
        .expect("clear");
    assert_eq!(resp.status(), 200);
    assert_eq!(gateway_call(&sb, &client).await.expect("healthy again").status(), 200);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_listing_picture_on_a_new_background_finds_its_own_design() {
    // Index-level check without HTTP: the catalog's own picture, re-shot.
    let index = zhaohuo_sandbox::search::Index::shared();
    let design = &index.catalog.designs[42];
    let scene = Scene { background: Background::Wood(9), rotation_deg: 4.0, ..Scene::listing(1) };
    let picture = render(design, &scene, 500, 400);
    let outcome = index.search(&picture, zhaohuo_sandbox::search::Mode::SameItem);
    let first = outcome.hits.first().expect("a hit");
    assert_eq!(index.catalog.offers[first.offer].design, 42);
    assert!(first.similarity > 0.5);
}

#[tokio::test]
async fn gateway_and_bearer_refuse_with_their_own_errors() {
    let sb = sandbox(SandboxConfig {
        qps: 2,
        daily_quota: 4,
        granted_apis: Some(vec!["item_search_img".into(), "auth/requestToken".into()]),
        ..SandboxConfig::default()
    })
    .await;
    sb.stop_clock(); // the calls below fall in one QPS window however slow the machine
    let key = sb.credentials().app_key.clone();
    let img_url = format!("{}/img/{}.jpg", sb.base_url(), Catalog::generate().offers[5].offer_id);
    let search = |extra: Vec<(String, String)>| {
        let mut q = vec![("key".to_owned(), key.clone()), ("imgid".to_owned(), img_url.clone())];
        q.extend(extra);
        http().get(format!("{}/1688/item_search_img", sb.base_url())).query(&q).send()
    };
    let with_secret = || vec![("secret".to_owned(), secret())];

    sb.set_whitelist(Some(vec!["10.0.0.7".parse().expect("ip")]));
    let resp = search(with_secret()).await.expect("whitelist");
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.json::<Value>().await.expect("json")["error_code"], "4005");
    sb.set_whitelist(None);

    let resp = http()
        .post(format!("{}/1688/upload_img/", sb.base_url()))
        .query(&[("key", key.as_str()), ("secret", &secret())])
        .form(&[("imgcode", "x")])
        .send()
        .await
        .expect("grant");
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.json::<Value>().await.expect("json")["error_code"], "4006");

    // TOP MD5 signing instead of the clear secret.
    let mut signed = vec![
        ("key".to_owned(), key.clone()),
        ("imgid".to_owned(), img_url.clone()),
        ("search_type".to_owned(), "2".to_owned()),
    ];
    let sign = top_signature(TopSignMethod::Md5, &signed, secret().as_bytes());
    signed.push(("sign".into(), sign));
    let resp =
        http().get(format!("{}/1688/item_search_img/", sb.base_url())).query(&signed).send().await.expect("signed");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    let catalog = Catalog::generate();
    let first = body["items"]["item"][0]["num_iid"].as_str().unwrap_or("").to_owned();
    assert_eq!(design_of_offer(&catalog, &first), Some(catalog.offers[5].design), "{body}");

    let resp = search(with_secret()).await.expect("second call");
    assert_eq!(resp.status(), 200);
    let resp = search(with_secret()).await.expect("third call");
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.json::<Value>().await.expect("json")["error_code"], "4008");
    sb.advance_clock(Duration::from_secs(1)); // the next QPS window, without waiting for it
    let _ = search(with_secret()).await.expect("fourth");
    let _ = search(with_secret()).await.expect("fifth");
    sb.advance_clock(Duration::from_secs(1)); // the next QPS window, without waiting for it
    let resp = search(with_secret()).await.expect("over the day");
    let status = resp.status();
    let body: Value = resp.json().await.expect("json");
    assert_eq!((status.as_u16(), body["error_code"].as_str()), (429, Some("4016")), "{body}");

    // Bearer: grant missing for the search API, whitelist, wrong grant type, throttle.
    let creds = demo_credentials();
    let token_url = format!("{}/auth/requestToken", sb.base_url());
    let resp = http()
        .post(&token_url)
        .form(&[
            ("client_id", creds.app_key.as_str()),
            ("client_secret", creds.app_secret.expose()),
            ("grant_type", "password"),
        ])
        .send()
        .await
        .expect("grant type");
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.json::<Value>().await.expect("json")["error"], "unsupported_grant_type");
    let search_url = format!("{}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", sb.base_url());
    let resp = http()
        .post(&search_url)
        .bearer_auth(token())
        .query(&[("imageUrl", img_url.as_str())])
        .send()
        .await
        .expect("not granted");
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.json::<Value>().await.expect("json")["code"], 40302);
}

#[tokio::test]
async fn bearer_image_url_whitelist_and_throttle() {
    let sb = sandbox(SandboxConfig { qps: 1, ..SandboxConfig::default() }).await;
    sb.stop_clock(); // the two searches fall in one QPS window however slow the machine
    let catalog = Catalog::generate();
    let offer = &catalog.offers[200];
    let img_url = format!("{}/img/{}.jpg", sb.base_url(), offer.offer_id);
    let search_url = format!("{}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", sb.base_url());
    let resp = http()
        .post(&search_url)
        .bearer_auth(token())
        .form(&[("imageUrl", img_url.as_str()), ("pageSize", "5")])
        .send()
        .await
        .expect("search");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["products"].as_array().map(Vec::len), Some(5));
    assert_eq!(design_of_offer(&catalog, body["products"][0]["productId"].as_str().unwrap_or("")), Some(offer.design));
    let resp = http()
        .post(&search_url)
        .bearer_auth(token())
        .form(&[("imageUrl", img_url.as_str())])
        .send()
        .await
        .expect("again");
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.json::<Value>().await.expect("json")["code"], 429);
    sb.set_whitelist(Some(vec!["10.0.0.8".parse().expect("ip")]));
    let resp = http()
        .post(&search_url)
        .bearer_auth(token())
        .form(&[("imageUrl", img_url.as_str())])
        .send()
        .await
        .expect("whitelist");
    assert_eq!(resp.status(), 403);
    assert_eq!(resp.json::<Value>().await.expect("json")["code"], 40300);
}

#[tokio::test]
async fn injected_500s_speak_each_family() {
    let sb = sandbox(SandboxConfig {
        faults: FaultConfig { rate_500: 1.0, ..FaultConfig::default() },
        ..SandboxConfig::default()
    })
    .await;
    let (status, body) = aop_query(&sb, serde_json::json!({"imageId": "1"})).await;
    assert_eq!((status, body["error_code"].as_str()), (500, Some("gw.InternalError")), "{body}");
    let (status, body) =
        post_form(&sb, "/router/rest", &top_params("alibaba.image.search.item", TopSignMethod::Md5, vec![], &secret()))
            .await;
    assert_eq!((status, body["error_response"]["code"].as_i64()), (500, Some(15)), "{body}");
    let resp = http().post(format!("{}/auth/requestToken", sb.base_url())).send().await.expect("token");
    assert_eq!(resp.status(), 500);
    assert_eq!(resp.json::<Value>().await.expect("json")["code"], 50000);
    // Pictures are never faulted: the app still shows them.
    let img = http()
        .get(format!("{}/img/{}.jpg", sb.base_url(), Catalog::generate().offers[1].offer_id))
        .send()
        .await
        .expect("img");
    assert_eq!(img.status(), 200);
}

#[tokio::test]
async fn aop_region_narrows_the_search_and_is_echoed() {
    let sb = sandbox(SandboxConfig::default()).await;
    let catalog = Catalog::generate();
    // Two products side by side; the region picks the right one.
    let left = render(&catalog.designs[10], &Scene { center: (0.25, 0.5), scale: 0.45, ..Scene::listing(0) }, 800, 400);
    let right =
        render(&catalog.designs[100], &Scene { center: (0.75, 0.5), scale: 0.45, ..Scene::listing(0) }, 800, 400);
    let mut both = left.clone();
    for (x, y, p) in right.enumerate_pixels() {
        if x >= 400 {
            both.put_pixel(x, y, *p);
        }
    }
    let image_id = aop_upload(&sb, &encode_jpeg(&both, 85)).await;
    let (_, body) = aop_query(
        &sb,
        serde_json::json!({"imageId": image_id, "beginPage": 1, "pageSize": 5, "region": "400,800,0,400"}),
    )
    .await;
    let result = &body["result"]["result"];
    assert_eq!(result["picRegionInfo"]["currentRegion"], "400,800,0,400", "{body}");
    assert_eq!(design_of_offer(&catalog, &result["data"][0]["offerId"].to_string()), Some(100), "{body}");
}

#[tokio::test]
async fn aop_linkplus_similar_search_prices_in_fen() {
    let sb = sandbox(SandboxConfig::default()).await;
    let catalog = Catalog::generate();
    let offer = &catalog.offers[321];
    let pic = format!("{}/img/{}.jpg", sb.base_url(), offer.offer_id);
    let api = "param2/1/com.alibaba.linkplus/alibaba.cross.similar.offer.search";
    let (status, body) = aop_post(
        &sb,
        api,
        &sb.credentials().app_key,
        vec![("access_token", token()), ("picUrl", pic.clone()), ("page", "1".into())],
        &secret(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let first = &body["result"]["result"][0];
    assert_eq!(design_of_offer(&catalog, &first["offerId"].to_string()), Some(offer.design), "{body}");
    assert!(first["oldPrice"].is_u64(), "integer fen: {first}");
    assert_eq!(body["result"]["result"].as_array().map(Vec::len), Some(20));
    let (_, body) = aop_post(
        &sb,
        api,
        &sb.credentials().app_key,
        vec![("access_token", token()), ("picUrl", pic), ("pageSize", "21".into())],
        &secret(),
    )
    .await;
    assert_eq!(body["result"]["success"], "false", "{body}");
}

#[tokio::test]
async fn search_item_min_order_quantity_keeps_offers_a_buyer_can_order() {
    let sb = sandbox(SandboxConfig::default()).await;
    let jpeg = photo_of(40, 3);
    let call = |extra: Vec<(&str, String)>| {
        let mut base = vec![("access_token", token()), ("image", b64(&jpeg)), ("page_size", "20".to_owned())];
        base.extend(extra);
        top_params("alibaba.image.search.item", TopSignMethod::Md5, base, &secret())
    };
    let moqs = |body: &Value| -> Vec<u64> {
        body["image_search_item_response"]["items"]["item"]
            .as_array()
            .map(|a| a.iter().filter_map(|i| i["min_order_quantity"].as_u64()).collect())
            .unwrap_or_default()
    };
    let (_, all) = post_form(&sb, SEARCH_ITEM, &call(vec![])).await;
    let unfiltered = moqs(&all);
    assert!(unfiltered.iter().any(|m| *m > 10), "the photo's matches include MOQs over 10: {unfiltered:?}");
    let (_, body) = post_form(&sb, SEARCH_ITEM, &call(vec![("min_order_quantity", "10".into())])).await;
    let kept = moqs(&body);
    assert!(!kept.is_empty(), "{body}");
    assert!(kept.iter().all(|m| *m <= 10), "only offers orderable at 10 pieces: {kept:?}");
    let total = |b: &Value| b["image_search_item_response"]["total_results"].as_u64().unwrap_or(0);
    assert!(total(&body) < total(&all), "the filter narrowed the results");
    let (_, body) = post_form(&sb, SEARCH_ITEM, &call(vec![("min_order_quantity", "0".into())])).await;
    assert_eq!(body["error_response"]["code"], 41, "a zero quantity: {body}");
}

#[tokio::test]
async fn faults_can_be_limited_to_the_next_requests_and_requests_are_counted() {
    let sb = sandbox(SandboxConfig::default()).await;
    let client = http();
    assert_eq!(sb.api_requests(), 0);
    sb.set_faults_for(FaultConfig { rate_500: 1.0, ..FaultConfig::default() }, 2);
    assert_eq!(gateway_call(&sb, &client).await.expect("first").status(), 500);
    assert_eq!(gateway_call(&sb, &client).await.expect("second").status(), 500);
    assert_eq!(gateway_call(&sb, &client).await.expect("third").status(), 200);
    assert_eq!(sb.api_requests(), 3, "faulted requests count too");

    let resp = http()
        .post(format!("{}/__admin/faults?requests=1", sb.base_url()))
        .bearer_auth(sb.admin_token())
        .json(&FaultConfig { rate_429: 1.0, ..FaultConfig::default() })
        .send()
        .await
        .expect("admin");
    assert_eq!(resp.status(), 200);
    assert_eq!(gateway_call(&sb, &client).await.expect("throttled").status(), 429);
    assert_eq!(gateway_call(&sb, &client).await.expect("healthy").status(), 200);
    // Pictures and admin calls are not API requests.
    let img = http()
        .get(format!("{}/img/{}.jpg", sb.base_url(), Catalog::generate().offers[3].offer_id))
        .send()
        .await
        .expect("img");
    assert_eq!(img.status(), 200);
    assert_eq!(sb.api_requests(), 5);
}

#[tokio::test]
async fn overlapping_pages_repeat_the_tail_of_the_previous_page() {
    let sb = sandbox(SandboxConfig { page_overlap: 3, ..SandboxConfig::default() }).await;
    let key = sb.credentials().app_key.clone();
    let img_url = format!("{}/img/{}.jpg", sb.base_url(), Catalog::generate().offers[60].offer_id);
    let ids = |page: &'static str| {
        let q = [
            ("key", key.clone()),
            ("secret", secret()),
            ("imgid", img_url.clone()),
            ("search_type", "2".into()),
            ("page_size", "10".into()),
            ("page", page.into()),
        ];
        let client = http();
        let url = format!("{}/1688/item_search_img/", sb.base_url());
        async move {
            let body: Value = client.get(url).query(&q).send().await.expect("search").json().await.expect("json");
            body["items"]["item"]
                .as_array()
                .map(|a| a.iter().filter_map(|i| i["num_iid"].as_str().map(String::from)).collect::<Vec<_>>())
                .unwrap_or_default()
        }
    };
    let first = ids("1").await;
    let second = ids("2").await;
    let third = ids("3").await;
    assert_eq!((first.len(), second.len(), third.len()), (10, 10, 10));
    assert_eq!(second[..3], first[7..], "page 2 starts with page 1's last three");
    assert_eq!(third[..3], second[7..], "and so does page 3 with page 2's");
    assert!(second[3..].iter().all(|id| !first.contains(id)), "then moves on");
}

#[tokio::test]
async fn a_skewed_clock_fails_the_top_timestamp_check() {
    let sb = sandbox(SandboxConfig { clock_offset: chrono::TimeDelta::minutes(30), ..SandboxConfig::default() }).await;
    let jpeg = photo_of(9, 2);
    let params =
        top_params("alibaba.image.search.offer.match", TopSignMethod::Md5, vec![("image", b64(&jpeg))], &secret());
    let (_, body) = post_form(&sb, OFFER_MATCH, &params).await;
    assert_eq!(
        (body["error_response"]["code"].as_i64(), body["error_response"]["sub_code"].as_str()),
        (Some(41), Some("isv.invalid-timestamp")),
        "{body}"
    );
}

#[tokio::test]
async fn the_sandbox_clock_is_moved_by_tests_not_waited_for() {
    let sb =
        sandbox(SandboxConfig { daily_quota: 1, token_ttl: Duration::from_secs(3600), ..SandboxConfig::default() })
            .await;
    sb.stop_clock();
    let status = |resp: reqwest::Response| resp.status().as_u16();

    // The daily quota resets at the next day in China.
    assert_eq!(status(gateway_call(&sb, &http()).await.expect("first")), 200);
    sb.advance_clock(Duration::from_secs(1));
    assert_eq!(status(gateway_call(&sb, &http()).await.expect("over the day")), 429);
    sb.advance_clock(Duration::from_secs(24 * 3600));
    assert_eq!(status(gateway_call(&sb, &http()).await.expect("the next day")), 200);

    // A bearer token lasts its lifetime on the same clock.
    let creds = demo_credentials();
    let grant = [
        ("client_id", creds.app_key.as_str()),
        ("client_secret", creds.app_secret.expose().as_str()),
        ("grant_type", "client_credentials"),
    ];
    let token_url = format!("{}/auth/requestToken", sb.base_url());
    let body: Value = http().post(&token_url).form(&grant).send().await.expect("token").json().await.expect("json");
    let bearer = body["access_token"].as_str().expect("token").to_owned();
    let search_url = format!("{}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", sb.base_url());
    let img_url = format!("{}/img/{}.jpg", sb.base_url(), Catalog::generate().offers[0].offer_id);
    let search = || http().post(&search_url).bearer_auth(&bearer).form(&[("imageUrl", img_url.as_str())]).send();
    sb.advance_clock(Duration::from_secs(3599));
    assert_eq!(status(search().await.expect("within its lifetime")), 200);
    sb.advance_clock(Duration::from_secs(1));
    let resp = search().await.expect("expired");
    assert_eq!(resp.status(), 401);
}

#[tokio::test]
async fn admin_routes_need_the_run_s_admin_token() {
    let sb = sandbox(SandboxConfig::default()).await;
    let token = sb.admin_token().to_owned();
    assert!(
        token.len() >= 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "128+ bits as hex: {} chars",
        token.len()
    );
    let other = sandbox(SandboxConfig::default()).await;
    assert_ne!(other.admin_token(), token, "each run draws its own token");

    let base = sb.base_url();
    let calls = [
        (reqwest::Method::GET, "/__admin/faults", None),
        (reqwest::Method::POST, "/__admin/faults", Some(serde_json::json!({"rate_500": 1.0}))),
        (reqwest::Method::DELETE, "/__admin/faults", None),
        (reqwest::Method::POST, "/__admin/reset", None),
        (reqwest::Method::POST, "/__admin/expire_tokens", None),
    ];
    let send = |method: &reqwest::Method, path: &str, body: &Option<Value>, auth: Option<String>| {
        let mut req = http().request(method.clone(), format!("{base}{path}"));
        if let Some(body) = body {
            req = req.json(body);
        }
        if let Some(auth) = auth {
            req = req.header("Authorization", auth);
        }
        req.send()
    };
    let last = if token.ends_with('0') { "1" } else { "0" };
    let wrong = format!("{}{last}", &token[..token.len() - 1]);
    for (method, path, body) in &calls {
        let before = sb.faults();
        for (what, auth, error) in [
            ("no header", None, "admin_token_missing"),
            ("another scheme", Some(format!("Basic {token}")), "admin_token_missing"),
            ("an empty bearer", Some("Bearer ".to_owned()), "admin_token_missing"),
            ("a wrong token", Some(format!("Bearer {wrong}")), "admin_token_invalid"),
            ("another run's token", Some(format!("Bearer {}", other.admin_token())), "admin_token_invalid"),
            ("a prefix of the token", Some(format!("Bearer {}", &token[..16])), "admin_token_invalid"),
        ] {
            let resp = send(method, path, body, auth).await.expect("send");
            assert_eq!(resp.status(), 401, "{method} {path} with {what}");
            let text = resp.text().await.expect("body");
            let json: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: JSON {e}: {text}"));
            assert_eq!(json["error"], error, "{method} {path} with {what}: {text}");
            assert!(json["message"].as_str().is_some_and(|m| m.contains("Authorization: Bearer")), "{text}");
            assert!(!text.contains(&token) && !text.contains(&wrong), "no token is echoed: {text}");
        }
        assert_eq!(sb.faults(), before, "{method} {path}: nothing changed without the token");
        let resp = send(method, path, body, Some(format!("Bearer {token}"))).await.expect("send");
        assert_eq!(resp.status(), 200, "{method} {path} with the token");
        if *method == reqwest::Method::POST && *path == "/__admin/faults" {
            assert_eq!(sb.faults().rate_500, 1.0, "the token's call took effect");
        }
    }
    assert_eq!(sb.faults(), FaultConfig::default(), "DELETE and reset cleared the faults");

    // Health stays open: it tells nothing but "up".
    let resp = http().get(format!("{base}/__admin/health")).send().await.expect("health");
    assert_eq!(resp.status(), 200);

    // A fixed token (the CLI's --admin-token) is used as given.
    let fixed = "script-admin-token-0123456789";
    let sb2 = sandbox(SandboxConfig { admin_token: Some(fixed.to_owned().into()), ..SandboxConfig::default() }).await;
    assert_eq!(sb2.admin_token(), fixed);
    let resp =
        http().get(format!("{}/__admin/faults", sb2.base_url())).bearer_auth(fixed).send().await.expect("fixed token");
    assert_eq!(resp.status(), 200);
    let short = start(SandboxConfig { admin_token: Some("short".to_owned().into()), ..SandboxConfig::default() })
        .await
        .map(|_| ())
        .expect_err("a short fixed token is refused");
    assert!(short.to_string().contains("admin token"), "{short}");
}

/// One raw HTTP/1.1 request over loopback with exactly the `Host` line given
/// (none when `None`); returns the status and the body.
async fn raw_request(sb: &RunningSandbox, request_line: &str, host: Option<&str>, extra: &str) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let addr = sb.addr();
    let host_line = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    let request = format!("{request_line}\r\n{host_line}{extra}Connection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        stream.write_all(request.as_bytes()).expect("send");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read reply");
        let (head, body) = reply.split_once("\r\n\r\n").expect("HTTP reply");
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status code");
        (status, body.to_owned())
    })
    .await
    .expect("raw request")
}

#[tokio::test]
async fn a_request_for_another_host_is_misdirected_before_any_handler() {
    let sb = sandbox(SandboxConfig::default()).await;
    let port = sb.addr().port();
    let auth = format!("Authorization: Bearer {}\r\n", sb.admin_token());
    let offer = Catalog::generate().offers[0].offer_id;
    let search = format!(
        "GET /1688/item_search_img/?key={}&secret={}&imgid=http://127.0.0.1:{port}/img/{offer}.jpg HTTP/1.1",
        sb.credentials().app_key,
        secret()
    );

    // A DNS-rebinding page reaches the port, but its requests name its own host.
    let evil = format!("evil.example:{port}");
    for (what, line, extra) in [
        ("health", "GET /__admin/health HTTP/1.1", ""),
        ("an admin call with the token", "DELETE /__admin/faults HTTP/1.1", auth.as_str()),
        ("an API call", search.as_str(), ""),
        ("a picture", &*format!("GET /img/{offer}.jpg HTTP/1.1"), ""),
        ("an unknown path", "GET /nowhere HTTP/1.1", ""),
    ] {
        let (status, body) = raw_request(&sb, line, Some(&evil), extra).await;
        assert_eq!(status, 421, "{what} for {evil}: {body}");
        assert!(body.len() < 200 && !body.contains('{'), "a plain, short body: {body}");
    }
    sb.set_faults(FaultConfig { rate_500: 1.0, ..FaultConfig::default() });
    let (status, _) = raw_request(&sb, "DELETE /__admin/faults HTTP/1.1", Some(&evil), &auth).await;
    assert_eq!(status, 421);
    assert_eq!(sb.faults().rate_500, 1.0, "the misdirected admin call changed nothing");
    sb.set_faults(FaultConfig::default());
    assert_eq!(sb.api_requests(), 0, "a misdirected API call reaches no handler and is not counted");

    for (what, host) in [
        ("no port", Some("127.0.0.1".to_owned())),
        ("another port", Some(format!("127.0.0.1:{}", port.wrapping_add(1)))),
        ("localhost on another port", Some(format!("localhost:{}", port.wrapping_add(1)))),
        ("the v6 loopback, not bound", Some(format!("[::1]:{port}"))),
        ("a name ending in localhost", Some(format!("evil.localhost:{port}"))),
        ("no Host at all", None),
    ] {
        let line = if host.is_none() { "GET /__admin/health HTTP/1.0" } else { "GET /__admin/health HTTP/1.1" };
        let (status, body) = raw_request(&sb, line, host.as_deref(), "").await;
        assert_eq!(status, 421, "{what}: {body}");
    }

    // Its own names are served.
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("LocalHost:{port}")] {
        let (status, body) = raw_request(&sb, "GET /__admin/health HTTP/1.1", Some(&host), "").await;
        assert_eq!(status, 200, "{host}: {body}");
        let (status, body) = raw_request(&sb, &search, Some(&host), "").await;
        assert_eq!(status, 200, "{host}: {body}");
    }
    let (status, _) = raw_request(&sb, "GET /__admin/faults HTTP/1.1", Some(&format!("localhost:{port}")), &auth).await;
    assert_eq!(status, 200);

    // Bound to the v6 loopback, it answers to [::1]:PORT (and localhost), not 127.0.0.1.
    if let Ok(v6) = start(SandboxConfig { host: "::1".parse().expect("v6"), ..SandboxConfig::default() }).await {
        let port = v6.addr().port();
        let (status, _) = raw_request(&v6, "GET /__admin/health HTTP/1.1", Some(&format!("[::1]:{port}")), "").await;
        assert_eq!(status, 200);
        let (status, _) =
            raw_request(&v6, "GET /__admin/health HTTP/1.1", Some(&format!("127.0.0.1:{port}")), "").await;
        assert_eq!(status, 421);
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png_chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend(u32::try_from(data.len()).expect("chunk length").to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

/// A well-formed PNG of 100 bytes whose header declares `width`×`height`
/// RGB pixels (a decoder without limits would take width×height×3 bytes)
/// and whose data is 16 zero bytes.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB, deflate, adaptive filters, not interlaced
    png_chunk(&mut png, b"IHDR", &ihdr);
    // A zlib stream of one stored block of 16 zero bytes; Adler-32 of them is (16 << 16) | 1.
    let mut zlib = vec![0x78, 0x01, 0x01, 16, 0, !16u8, 0xFF];
    zlib.extend([0u8; 16]);
    zlib.extend(0x0010_0001u32.to_be_bytes());
    png_chunk(&mut png, b"IDAT", &zlib);
    png_chunk(&mut png, b"IEND", &[]);
    png
}

#[tokio::test]
async fn a_picture_declaring_a_huge_size_is_refused_in_each_family_s_words() {
    let sb = sandbox(SandboxConfig::default()).await;
    let key = sb.credentials().app_key.clone();
    let too_large = |text: &str| text.contains("too large to decode");
    for (width, height) in [(60_000, 60_000), (9_000, 64), (64, 9_000)] {
        let png = png_declaring(width, height);
        assert!(png.len() < 200, "a small file: {} bytes", png.len());

        let (status, body) = aop_post(
            &sb,
            UPLOAD,
            &key,
            vec![
                ("access_token", token()),
                ("uploadImageParam", serde_json::json!({"imageBase64": b64(&png)}).to_string()),
            ],
            &secret(),
        )
        .await;
        assert_eq!(status, 200, "AOP business failure: {body}");
        assert_eq!(body["result"]["success"], "false", "{body}");
        assert_eq!(body["result"]["code"], "415", "{body}");
        assert!(body["result"]["message"].as_str().is_some_and(too_large), "{width}×{height}: {body}");

        let params = top_params(
            "alibaba.image.search.offer.match",
            TopSignMethod::Md5,
            vec![("image", b64(&png)), ("imageType", "png".into())],
            &secret(),
        );
        let (_, body) = post_form(&sb, OFFER_MATCH, &params).await;
        assert_eq!(body["error_response"]["sub_code"], "isv.invalid-image", "{body}");
        assert!(body["error_response"]["sub_msg"].as_str().is_some_and(too_large), "{width}×{height}: {body}");

        let resp = http()
            .post(format!("{}/1688/upload_img/", sb.base_url()))
            .query(&[("key", key.as_str()), ("secret", &secret())])
            .form(&[("imgcode", b64(&png))])
            .send()
            .await
            .expect("gateway upload");
        assert_eq!(resp.status(), 415);
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["error_code"], "4000", "{body}");
        assert!(body["msg"].as_str().is_some_and(too_large), "{width}×{height}: {body}");

        let form = reqwest::multipart::Form::new().part(
            "image",
            reqwest::multipart::Part::bytes(png.clone()).file_name("huge.png").mime_str("image/png").expect("mime"),
        );
        let resp = http()
            .post(format!("{}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch", sb.base_url()))
            .bearer_auth(token())
            .multipart(form)
            .send()
            .await
            .expect("bearer search");
        assert_eq!(resp.status(), 400);
        let body: Value = resp.json().await.expect("json");
        assert_eq!(body["code"], 40003, "{body}");
        assert!(body["message"].as_str().is_some_and(too_large), "{width}×{height}: {body}");
    }

    // And the sandbox keeps answering.
    let resp = gateway_call(&sb, &http()).await.expect("a search after the refusals");
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn an_uploaded_photo_is_not_served_back_but_its_reference_still_searches() {
    let sb = sandbox(SandboxConfig::default()).await;
    let catalog = Catalog::generate();
    let creds = [("key", sb.credentials().app_key.clone()), ("secret", secret())];
    let resp = http()
        .post(format!("{}/1688/upload_img/", sb.base_url()))
        .query(&creds)
        .form(&[("imgcode", b64(&photo_of(150, 5)))])
        .send()
        .await
        .expect("upload");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["code"], 200, "{body}");
    let reference = body["items"]["item"]["url"].as_str().expect("reference").to_owned();
    assert!(reference.starts_with(&sb.base_url()), "a URL-like reference: {reference}");

    // Nobody fetches the buyer's photo back, with or without its extension.
    let resp = http().get(&reference).send().await.expect("GET the reference");
    assert_eq!(resp.status(), 404, "{reference}");
    let bare = reference.rsplit_once('.').map_or(reference.as_str(), |(stem, _)| stem);
    assert_eq!(http().get(bare).send().await.expect("GET without extension").status(), 404);

    // The search still finds it by the reference.
    let mut query: Vec<(&str, String)> = creds.to_vec();
    query.push(("imgid", reference.clone()));
    let resp = http()
        .get(format!("{}/1688/item_search_img/", sb.base_url()))
        .query(&query)
        .send()
        .await
        .expect("search by reference");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    let items = body["items"]["item"].as_array().expect("items");
    assert_eq!(design_of_offer(&catalog, items[0]["num_iid"].as_str().unwrap_or("")), Some(150), "{}", items[0]);
}

/// Posts `body` as `content_type` (none when `None`); returns the status, the
/// `Content-Type` of the reply and its body as JSON.
async fn post_raw_body(
    url: &str,
    content_type: Option<&str>,
    body: &str,
    bearer: Option<&str>,
) -> (u16, String, Value) {
    let mut req = http().post(url).body(body.to_owned());
    if let Some(content_type) = content_type {
        req = req.header("Content-Type", content_type);
    }
    if let Some(bearer) = bearer {
        req = req.bearer_auth(bearer);
    }
    let resp = req.send().await.expect("send");
    let status = resp.status().as_u16();
    let kind = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let text = resp.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: a JSON reply ({e}): {status} {text}"));
    (status, kind, json)
}

#[tokio::test]
async fn a_body_that_is_not_a_form_gets_each_family_s_error() {
    let sb = sandbox(SandboxConfig::default()).await;
    let base = sb.base_url();
    let key = sb.credentials().app_key.clone();
    let json_body = serde_json::json!({"imageId": "1", "access_token": token()}).to_string();
    let bodies: [(Option<&str>, &str, &str); 3] = [
        (Some("application/json"), json_body.as_str(), "application/json"),
        (Some("text/plain; charset=utf-8"), "imageId=1", "text/plain"),
        (None, "imageId=1", "without a Content-Type"),
    ];
    let says = |v: &Value, said: &str| v.as_str().is_some_and(|m| m.contains(said) && m.contains("form"));

    for (content_type, body, said) in bodies {
        // AOP: the gateway's refusal, HTTP 400 with error_code / error_message / request_id.
        for api in [UPLOAD, QUERY] {
            let url = format!("{base}/openapi/{api}/{key}");
            let (status, kind, reply) = post_raw_body(&url, content_type, body, None).await;
            assert_eq!(status, 400, "AOP {api} {said}: {reply}");
            assert!(kind.starts_with("application/json"), "{kind}");
            assert_eq!(reply["error_code"], "gw.ParamTypeError", "{reply}");
            assert!(says(&reply["error_message"], said), "{reply}");
            assert!(reply["request_id"].as_str().is_some_and(|r| !r.is_empty()), "{reply}");
        }

        // TOP: its error_response envelope (HTTP 200, as TOP answers every refusal), the method's code.
        for (path, code) in [(OFFER_MATCH, 1001), (SEARCH_ITEM, 41), ("/router/rest", 41)] {
            let (status, _, reply) = post_raw_body(&format!("{base}{path}"), content_type, body, None).await;
            assert_eq!(status, 200, "TOP {path} {said}: {reply}");
            let error = &reply["error_response"];
            assert_eq!(error["code"], code, "{path}: {reply}");
            assert_eq!(error["sub_code"], "isv.invalid-parameter", "{reply}");
            assert!(says(&error["sub_msg"], said), "{reply}");
        }

        // Gateway: its bad-request code 4000, the HTTP status naming the media type problem.
        for path in ["/1688/upload_img/", "/1688/item_search_img/"] {
            let url = format!("{base}{path}?key={key}&secret={}", secret());
            let (status, _, reply) = post_raw_body(&url, content_type, body, None).await;
            assert_eq!(status, 415, "gateway {path} {said}: {reply}");
            assert_eq!(reply["error_code"], "4000", "{reply}");
            assert!(says(&reply["msg"], said), "{reply}");
        }

        // Bearer: the search takes multipart or a form; anything else is its bad-parameter code.
        let url = format!("{base}/openapi/param2/1/com.alibaba.product/alibaba.product.imageSearch");
        let (status, _, reply) = post_raw_body(&url, content_type, body, Some(&token())).await;
        assert_eq!(status, 415, "bearer search {said}: {reply}");
        assert_eq!(reply["code"], 40002, "{reply}");
        assert!(says(&reply["message"], said) && says(&reply["message"], "multipart"), "{reply}");

        // The token endpoints answer in OAuth's words.
        for path in ["/auth/requestToken".to_owned(), format!("/openapi/param2/1/system.oauth2/getToken/{key}")] {
            let (status, _, reply) = post_raw_body(&format!("{base}{path}"), content_type, body, None).await;
            assert_eq!(status, 400, "{path} {said}: {reply}");
            assert_eq!(reply["error"], "invalid_request", "{reply}");
            assert!(says(&reply["error_description"], said), "{reply}");
        }
    }

    // A form with a charset parameter is still a form.
    let url = format!("{base}/1688/item_search_img/");
    let offer = Catalog::generate().offers[0].offer_id;
    let form = serde_urlencoded::to_string([
        ("key", key.as_str()),
        ("secret", &secret()),
        ("imgid", &format!("{base}/img/{offer}.jpg")),
    ])
    .expect("form");
    let resp = http()
        .post(&url)
        .header("Content-Type", "Application/X-WWW-Form-URLEncoded; charset=UTF-8")
        .body(form)
        .send()
        .await
        .expect("form search");
    assert_eq!(resp.status(), 200);
}
