//! Signing cost per request, including TOP requests that carry a whole
//! base64 photo in a signed parameter. Prints ns/op; no assertions.

use std::hint::black_box;
use std::time::Instant;

use zhaohuo_sign::{aop_signature, top_signature, TopSignMethod};

fn measure(name: &str, iterations: u32, mut f: impl FnMut()) {
    for _ in 0..iterations / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    let per = start.elapsed() / iterations;
    println!("{name:<48} {:>10.1} µs/op", per.as_nanos() as f64 / 1000.0);
}

fn main() {
    let small = vec![
        ("access_token".to_string(), "a1b2c3d4-e5f6-7890-abcd-ef0123456789".to_string()),
        ("_aop_timestamp".to_string(), "1704135845000".to_string()),
        (
            "offerQueryParam".to_string(),
            r#"{"imageId":"1234567890123","beginPage":1,"pageSize":20,"country":"en"}"#.to_string(),
        ),
    ];
    let path = "param2/1/com.alibaba.fenxiao.crossborder/product.search.imageQuery/1234567";
    measure("aop_signature, image query (3 params)", 20_000, || {
        black_box(aop_signature(black_box(path), &small, b"testsecret"));
    });
    // A 100 KB JPEG is ~136 KB of base64.
    let image: String = "ABCDEFGHabcdefgh0123+/".chars().cycle().take(136 * 1024).collect();
    let mut top = vec![
        ("method".to_string(), "alibaba.image.search.offer.match".to_string()),
        ("app_key".to_string(), "12345678".to_string()),
        ("timestamp".to_string(), "1704135845000".to_string()),
        ("format".to_string(), "json".to_string()),
        ("v".to_string(), "2.0".to_string()),
        ("sign_method".to_string(), "md5".to_string()),
        ("pageNum".to_string(), "1".to_string()),
        ("pageSize".to_string(), "20".to_string()),
    ];
    top.push(("image".to_string(), image.clone()));
    for m in [TopSignMethod::Md5, TopSignMethod::HmacMd5, TopSignMethod::HmacSha256] {
        measure(&format!("top_signature {m}, 136 KB base64 image"), 500, || {
            black_box(top_signature(m, &top, b"testsecret"));
        });
    }
    let upload = vec![("uploadImageParam".to_string(), format!(r#"{{"imageBase64":"{image}"}}"#))];
    measure("aop_signature, 136 KB upload", 500, || {
        black_box(aop_signature(path, &upload, b"testsecret"));
    });
}
