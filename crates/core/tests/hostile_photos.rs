//! The photo crate's hostile corpus (generated, nothing downloaded) through the
//! app's real `load_photo` path — the one the drop, paste and file commands end
//! in — and on to a search: each input opens or fails with a typed photo error
//! and a hint, nothing panics, and the app keeps working for the next photo.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../photo/tests/common/mod.rs"]
mod common;

use std::sync::Arc;

use common::*;
use zhaohuo_core::photos::Original;
use zhaohuo_core::search::SearchRequest;
use zhaohuo_core::secrets::MemoryStore;
use zhaohuo_core::{App, ErrorKind};

/// Every input a buyer may drop or paste by mistake or malice, named.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let photo = photo_like(640, 480);
    let baseline = jpeg(&photo, 85);
    let progressive = jpeg_with(&photo, 85, true);
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), Vec::new()),
        ("noise".into(), noise_bytes(50_000, 7)),
        ("a PNG header claiming 60000×60000".into(), png_header_only(60_000, 60_000)),
        ("a PNG header claiming 1×1000000".into(), png_header_only(1, 1_000_000)),
        ("16-bit PNG".into(), png_rgb16(300, 200, [40_000, 1_000, 65_535])),
        ("grey + alpha PNG".into(), png_grey_alpha(300, 200)),
        ("transparent palette PNG".into(), png_palette_transparent(300, 200)),
        ("animated GIF".into(), animated_gif(300, 200)),
        ("BMP".into(), encode_as(&photo, image::ImageFormat::Bmp)),
        ("TIFF".into(), encode_as(&photo, image::ImageFormat::Tiff)),
        ("WebP with alpha".into(), webp_rgba(&image::DynamicImage::ImageRgb8(photo.clone()).to_rgba8())),
        ("CMYK JPEG".into(), cmyk_jpeg(300, 200, [10, 200, 30, 0], turbojpeg::Colorspace::CMYK)),
        ("EXIF rotated JPEG".into(), with_exif_orientation(&baseline, 6)),
        ("JPEG header only".into(), baseline[..200.min(baseline.len())].to_vec()),
        ("a 1×1 JPEG".into(), jpeg(&photo_like(1, 1), 85)),
    ];
    cases.extend(lenient_jpegs(&baseline, &progressive).into_iter().map(|(n, b)| (format!("lenient: {n}"), b)));
    cases.extend(cut_off_jpegs(&baseline).into_iter().map(|(n, b)| (format!("cut off: {n}"), b)));
    cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_photos_fail_typed_and_the_app_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let app = Arc::new(App::start(dir.path(), Arc::new(MemoryStore::new())).await.unwrap());
    app.warm_up().await;
    let good = jpeg(&photo_like(800, 600), 90);
    let (mut opened, mut refused) = (0, 0);
    for (name, bytes) in corpus() {
        // Its own task: a panic would surface as a JoinError here, not abort the run.
        let loaded = tokio::spawn({
            let app = Arc::clone(&app);
            async move { app.load_photo(Original::Encoded(bytes)).await }
        })
        .await
        .unwrap_or_else(|e| panic!("{name}: load_photo panicked: {e}"));
        match loaded {
            Ok(photo) => {
                opened += 1;
                assert!(photo.width >= 1 && photo.height >= 1, "{name}");
                assert!(photo.preview.starts_with("data:image/jpeg;base64,"), "{name}");
                let request = SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: None };
                if let Err(err) = app.search_photo(request).await {
                    // E.g. a 1×1 picture the gateway will not search: its words, typed, with a hint.
                    let kind = err.kind().as_str();
                    assert!(kind.starts_with("photo.") || kind.starts_with("provider."), "{name}: {kind} ({err})");
                    assert!(err.hint().is_some(), "{name}: {err}");
                }
            }
            Err(err) => {
                refused += 1;
                assert!(err.kind().as_str().starts_with("photo."), "{name}: {} ({err})", err.kind());
                assert!(err.hint().is_some_and(|h| !h.is_empty()), "{name}: a refusal says what to do");
                assert!(!err.to_string().is_empty());
            }
        }
        // The next, ordinary photo still opens.
        app.load_photo(Original::Encoded(good.clone())).await.unwrap_or_else(|e| panic!("after {name}: {e}"));
    }
    assert!(opened >= 10 && refused >= 5, "opened {opened}, refused {refused}");
    // Clipboard pixels that do not add up are refused the same way.
    let short = Original::Rgba { width: 100, height: 100, pixels: vec![0; 10] };
    let err = app.load_photo(short).await.expect_err("pixels short of width × height");
    assert!(err.kind().as_str().starts_with("photo."), "{}", err.kind());
}
