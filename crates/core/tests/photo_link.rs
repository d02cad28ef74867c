//! A photo from a link, against a server of our own on loopback (allowed by
//! the test's link policy, as a buyer's never is): redirects counted, private
//! addresses refused, the size cap held while the body streams, a web page
//! that calls itself a JPEG refused, a slow body timed out — each a typed error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use zhaohuo_core::photo_link::LinkPolicy;
use zhaohuo_core::photos::Original;
use zhaohuo_core::secrets::MemoryStore;
use zhaohuo_core::{App, ErrorKind, Kind};

fn demo_photo() -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    photos.sort();
    std::fs::read(&photos[0]).unwrap()
}

/// One chunk, then nothing, ever: a server that stalls mid-body.
struct Stall(Option<Bytes>);

impl futures_core::Stream for Stall {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.0.take() {
            Some(first) => Poll::Ready(Some(Ok(first))),
            None => Poll::Pending,
        }
    }
}

/// `n` chunks of 4 KB with no length announced.
struct Endless(usize);

impl futures_core::Stream for Endless {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.0 == 0 {
            return Poll::Ready(None);
        }
        self.0 -= 1;
        Poll::Ready(Some(Ok(Bytes::from(vec![0xFF; 4096]))))
    }
}

async fn serve() -> String {
    let photo = Arc::new(demo_photo());
    let jpeg = move || {
        let photo = Arc::clone(&photo);
        async move { ([(header::CONTENT_TYPE, "image/jpeg")], photo.as_ref().clone()).into_response() }
    };
    let app = Router::new()
        .route("/photo.jpg", get(jpeg))
        .route(
            "/r/{n}",
            get(|Path(n): Path<u32>| async move {
                if n == 0 {
                    Redirect::to("/photo.jpg")
                } else {
                    Redirect::to(&format!("/r/{}", n - 1))
                }
            }),
        )
        .route("/to-private", get(|| async { Redirect::to("http://10.0.0.1/photo.jpg") }))
        .route(
            "/page.jpg",
            get(|| async {
                ([(header::CONTENT_TYPE, "image/jpeg")], "<!DOCTYPE html><html><body>Sign in</body></html>")
            }),
        )
        .route(
            "/big-announced",
            get(|| async { ([(header::CONTENT_TYPE, "image/jpeg")], vec![0xFFu8; 64 * 1024]).into_response() }),
        )
        .route("/big-streamed", get(|| async { Response::new(Body::from_stream(Endless(64))) }))
        .route(
            "/slow",
            get(|| async {
                Response::new(Body::from_stream(Stall(Some(Bytes::from_static(&[0xFF, 0xD8, 0xFF, 0xE0])))))
            }),
        )
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn test_policy() -> LinkPolicy {
    LinkPolicy {
        max_bytes: 32 * 1024 * 1024,
        timeout: Duration::from_secs(2),
        allow_loopback: true,
        ..LinkPolicy::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_from_links_open_and_every_failure_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::start(dir.path(), Arc::new(MemoryStore::new())).await.unwrap();
    let base = serve().await;
    let kind = |r: Result<zhaohuo_core::photos::LoadedPhoto, zhaohuo_core::Error>| match r {
        Ok(p) => panic!("expected an error, got photo {}", p.photo_id),
        Err(e) => {
            assert!(e.hint().is_some_and(|h| !h.is_empty()), "{e} has a hint");
            e.kind()
        }
    };

    // A buyer's policy: nothing on this computer, whatever the scheme.
    assert_eq!(kind(app.load_photo_url(format!("{base}/photo.jpg")).await), Kind::LinkNotHttps);
    let https_local = format!("https://localhost:{}/photo.jpg", base.rsplit(':').next().unwrap());
    assert_eq!(kind(app.load_photo_url(https_local).await), Kind::LinkPrivateAddress);
    assert_eq!(kind(app.load_photo_url("https://192.168.1.1/a.jpg".into()).await), Kind::LinkPrivateAddress);
    assert_eq!(kind(app.load_photo_url("not a link".into()).await), Kind::LinkBadAddress);
    assert_eq!(kind(app.load_photo_url("ftp://example.com/a.jpg".into()).await), Kind::LinkBadAddress);

    app.set_link_policy(test_policy());
    // Pasted text may carry spaces or a newline from a drag.
    let photo = app.load_photo_url(format!("  {base}/photo.jpg\n")).await.expect("the photo opens");
    let same = app.load_photo(Original::Encoded(demo_photo())).await.unwrap();
    assert_eq!((photo.width, photo.height), (same.width, same.height));

    assert!(app.load_photo_url(format!("{base}/r/2")).await.is_ok(), "three redirects are followed");
    assert_eq!(kind(app.load_photo_url(format!("{base}/r/3")).await), Kind::LinkTooManyRedirects);
    assert_eq!(kind(app.load_photo_url(format!("{base}/to-private")).await), Kind::LinkPrivateAddress);
    assert_eq!(kind(app.load_photo_url(format!("{base}/page.jpg")).await), Kind::LinkNotAnImage);
    assert_eq!(kind(app.load_photo_url(format!("{base}/gone")).await), Kind::LinkHttpStatus);

    app.set_link_policy(LinkPolicy { max_bytes: 32 * 1024, ..test_policy() });
    assert_eq!(kind(app.load_photo_url(format!("{base}/big-announced")).await), Kind::LinkTooLarge);
    assert_eq!(kind(app.load_photo_url(format!("{base}/big-streamed")).await), Kind::LinkTooLarge);

    let started = std::time::Instant::now();
    let err = app.load_photo_url(format!("{base}/slow?token=SECRET")).await.expect_err("a stalled body");
    assert_eq!(err.kind(), Kind::LinkTimeout);
    assert!(started.elapsed() < Duration::from_secs(10), "the timeout holds: {:?}", started.elapsed());
    assert!(!err.to_string().contains("SECRET"), "no query string in messages: {err}");

    // The app keeps working.
    app.set_link_policy(test_policy());
    assert!(app.load_photo_url(format!("{base}/photo.jpg")).await.is_ok());
}
