//! Reply parsing and local post-processing cost for one full page.
//! Prints µs/op; no assertions.

use std::hint::black_box;
use std::time::Instant;

use zhaohuo_providers::local::{apply_filters, sort_offers};
use zhaohuo_providers::parse::{parse_search, HttpReply, Redactor};
use zhaohuo_providers::{builtin_profile, SearchFilters, SortKey, SupplyWeights};

fn measure(name: &str, iterations: u32, mut f: impl FnMut()) {
    for _ in 0..iterations / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    let per = start.elapsed() / iterations;
    println!("{name:<52} {:>10.1} µs/op", per.as_nanos() as f64 / 1000.0);
}

fn aop_page(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"offerId":{},"subject":"夏季纯棉T恤男士宽松短袖 {i}","subjectTrans":"Summer cotton T-shirt {i}","imageUrl":"https://cbu01.alicdn.com/img/ibank/O1CN01{i}.jpg","priceInfo":{{"price":"{}.{:02}","consignPrice":"32.00"}},"minOrderQuantity":{},"monthSold":{},"repurchaseRate":"35%","isOnePsale":true,"sellerIdentities":["super_factory","tp_member"],"companyName":"杭州XX服饰有限公司","companyAddress":"浙江杭州","topCategoryId":16}}"#,
                610947572360u64 + i as u64,
                10 + i,
                i % 100,
                1 + i % 20,
                i * 37 % 5000
            )
        })
        .collect();
    format!(
        r#"{{"result":{{"success":true,"code":"200","result":{{"totalRecords":1234,"data":[{}]}}}}}}"#,
        items.join(",")
    )
}

fn main() {
    let profile = builtin_profile("1688-open").expect("builtin");
    let redactor = Redactor::new(["zhaohuo-demo-secret-1688".to_string(), "d3m0a1b2-5a4d-4c88-9f16".to_string()]);
    let body = aop_page(50);
    let reply = HttpReply::json(200, &body);
    println!("page body: {} bytes, 50 items", body.len());
    measure("parse_search, AOP page of 50", 2_000, || {
        black_box(parse_search(&profile, &reply, 0, &redactor).expect("parses"));
    });
    let parsed = parse_search(&profile, &reply, 0, &redactor).expect("parses");
    let filters = SearchFilters { moq_max: Some(10), price_max_fen: Some(4000), ..Default::default() };
    measure("filters + supply-chain sort, 50 offers", 5_000, || {
        let mut offers = parsed.offers.clone();
        apply_filters(&mut offers, &filters);
        sort_offers(&mut offers, SortKey::SupplyChain, &SupplyWeights::default());
        black_box(offers);
    });
    let error = HttpReply {
        status: 502,
        content_type: Some("text/html".into()),
        retry_after: None,
        body: b"<html><head><title>502 Bad Gateway</title></head></html>".to_vec(),
    };
    measure("parse_search, HTML 502 page", 20_000, || {
        black_box(parse_search(&profile, &error, 0, &redactor).expect_err("error"));
    });
}
