//! Fuzzing stand-in for `cargo fuzz` (which needs nightly): random bytes and mutated
//! real files through load + encode must return Ok or a typed error, never panic.
//! `PHOTO_FUZZ_CASES` raises the case count for a longer soak.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::OnceLock;

use common::*;
use proptest::prelude::*;
use zhaohuo_photo::{inspect, prepare, suggest_subject, CropBox, ImageFormat, ImageSpec, PhotoSource};

fn seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let photo = photo_like(72, 40);
        let mut rgba = image::RgbaImage::from_pixel(40, 30, image::Rgba([0, 0, 0, 0]));
        rgba.put_pixel(10, 10, image::Rgba([200, 10, 10, 255]));
        let mut seeds = vec![
            jpeg(&photo, 80),
            jpeg_with(&photo, 80, true),
            with_exif_orientation(&jpeg(&photo, 70), 6),
            cmyk_jpeg(24, 16, [0, 200, 200, 10], turbojpeg::Colorspace::YCCK),
            png_rgb(&photo),
            png_rgba(&rgba),
            png_palette_transparent(30, 20),
            png_rgb16(12, 9, [1000, 40000, 65535]),
            animated_gif(20, 14),
            webp_rgba(&rgba),
            encode_as(&photo, image::ImageFormat::Bmp),
            encode_as(&photo, image::ImageFormat::Tiff),
        ];
        // JPEGs libjpeg reads with a warning: mutations around stray bytes and mis-sized segments.
        let (clean, progressive) = (jpeg(&photo, 80), jpeg_with(&photo, 80, true));
        seeds.extend(lenient_jpegs(&clean, &progressive).into_iter().map(|(_, bytes)| bytes));
        seeds
    })
}

fn cases() -> u32 {
    std::env::var("PHOTO_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

/// Load + encode; the result may be an error but must be a typed one.
fn exercise(bytes: &[u8]) {
    let spec = ImageSpec { max_side: 64, ..ImageSpec::default() };
    if let Ok(out) = prepare(PhotoSource::Encoded(bytes), None, &spec) {
        assert!(out.width >= 1 && out.width <= 64 && out.height >= 1 && out.height <= 64);
        assert!(out.bytes.len() as u64 <= spec.max_bytes);
    }
    let png = ImageSpec { format: ImageFormat::Png, pad_to_square: true, max_side: 48, ..ImageSpec::default() };
    let crop = CropBox { x: 4, y: 2, width: 32, height: 32 };
    let _ = prepare(PhotoSource::Encoded(bytes), Some(crop), &png);
    let _ = inspect(PhotoSource::Encoded(bytes));
    let _ = suggest_subject(PhotoSource::Encoded(bytes));
}

/// The mutation seeds must themselves be good photos, or the mutations would only
/// ever exercise the error paths.
#[test]
fn every_seed_prepares() {
    for (i, seed) in seeds().iter().enumerate() {
        let out = prepare(PhotoSource::Encoded(seed), None, &ImageSpec::default());
        assert!(out.is_ok(), "seed {i}: {out:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        exercise(&bytes);
    }

    #[test]
    fn random_bytes_behind_a_real_magic_never_panic(
        magic in 0usize..seeds().len(),
        tail in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let seed = &seeds()[magic];
        let mut bytes = seed[..seed.len().min(24)].to_vec();
        bytes.extend(tail);
        exercise(&bytes);
    }

    #[test]
    fn mutated_real_files_never_panic(
        which in 0usize..seeds().len(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = seeds()[which].clone();
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        exercise(&bytes);
    }

    #[test]
    fn random_clipboard_pixels_never_panic(
        width in 0u32..70,
        height in 0u32..70,
        pixels in proptest::collection::vec(any::<u8>(), 0..20000),
    ) {
        let _ = prepare(PhotoSource::Rgba { width, height, pixels: &pixels }, None, &ImageSpec::default());
        let _ = suggest_subject(PhotoSource::Rgba { width, height, pixels: &pixels });
    }
}
