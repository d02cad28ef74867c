//! A gateway streaming 1 GB: the client stops at the profile's cap with a
//! typed error, and memory stays small. The body is generated lazily and
//! never exists in full; the server counts what it managed to hand over.
//! Alone in its test binary so the peak-memory figure is this test's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use zhaohuo_providers::{
    builtin_profile, Api, ClientOptions, Credentials, ImageFormat, ImagePayload, ProviderClient, RetryPolicy,
    SearchQuery, UploadCache,
};
use zhaohuo_types::ErrorKind;

const GIB: u64 = 1024 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// A JSON-looking body of `total` bytes, produced chunk by chunk as the
/// client reads; `sent` counts the bytes handed to the connection.
fn lazy_body(total: u64, sent: Arc<AtomicU64>) -> Body {
    let chunk = Bytes::from(vec![b' '; CHUNK]);
    let stream = futures_util::stream::unfold(0u64, move |done| {
        let chunk = chunk.clone();
        let sent = Arc::clone(&sent);
        async move {
            if done >= total {
                return None;
            }
            let first = if done == 0 { Bytes::from_static(b"{\"items\":{\"item\":[") } else { chunk };
            sent.fetch_add(first.len() as u64, Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(first.clone()), done + first.len() as u64))
        }
    });
    Body::from_stream(stream)
}

async fn serve(announce_length: bool, sent: Arc<AtomicU64>) -> String {
    let app = Router::new().route(
        "/1688/item_search_img/",
        get(move || {
            let sent = Arc::clone(&sent);
            async move {
                let mut resp = Response::builder().header(header::CONTENT_TYPE, "application/json");
                if announce_length {
                    resp = resp.header(header::CONTENT_LENGTH, GIB.to_string());
                }
                resp.body(lazy_body(GIB, sent)).expect("response")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn client(base_url: &str) -> ProviderClient {
    let mut p = builtin_profile("item-search-img").expect("builtin").with_base_url(base_url);
    if let Api::Gateway(api) = &mut p.api {
        api.upload_path = None;
    }
    p.qps = 100.0;
    let options = ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(60),
        retry: RetryPolicy {
            max_retries: 0,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        },
    };
    ProviderClient::with_options(
        p,
        Credentials::new("k", "huge-reply-secret"),
        options,
        Arc::new(UploadCache::default()),
    )
    .expect("client")
}

fn rss_mb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with(field)).expect("field");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).map_or(0, |kb| kb / 1024)
}

#[tokio::test]
async fn a_reply_streaming_a_gigabyte_stops_at_the_cap() {
    let image = ImagePayload { bytes: b"jpeg", base64: "anBlZw==", sha256_hex: "c0c0", format: ImageFormat::Jpeg };
    let before = rss_mb("VmRSS:");

    // Chunked, no length announced: read until the cap, then stop.
    let sent = Arc::new(AtomicU64::new(0));
    let base = serve(false, Arc::clone(&sent)).await;
    let started = std::time::Instant::now();
    let err = client(&base).search(image, &SearchQuery::default()).await.unwrap_err();
    assert_eq!(err.kind(), "provider.reply_too_large", "{err}");
    assert!(err.to_string().contains("8388608"), "{err}");
    let streamed = sent.load(Ordering::SeqCst);

    // A length announced over the cap: refused before the body is read.
    let sent_announced = Arc::new(AtomicU64::new(0));
    let base = serve(true, Arc::clone(&sent_announced)).await;
    let err = client(&base).search(image, &SearchQuery::default()).await.unwrap_err();
    assert_eq!(err.kind(), "provider.reply_too_large", "{err}");

    let peak = rss_mb("VmHWM:");
    eprintln!(
        "1 GB reply: refused after {} ms; server handed over {} MB (chunked) and {} MB (announced); RSS {before} MB before, peak {peak} MB",
        started.elapsed().as_millis(),
        streamed / (1024 * 1024),
        sent_announced.load(Ordering::SeqCst) / (1024 * 1024),
    );
    assert!(streamed < 64 * 1024 * 1024, "the client kept reading: {streamed} bytes");
    assert!(peak < before + 64, "peak RSS {peak} MB, {before} MB before");
}
