//! Every kind of input a buyer can throw at the pipeline, good and bad, each checked
//! for the exact typed error or the exact output.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use zhaohuo_photo::{
    hamming, inspect, prepare, prepare_with_limits, suggest_subject, CropBox, DetectedFormat, ImageFormat, ImageSpec,
    Limits, PhotoError, PhotoSource,
};
use zhaohuo_types::ErrorKind as _;

fn spec() -> ImageSpec {
    ImageSpec::default()
}

fn run(bytes: &[u8]) -> Result<zhaohuo_photo::PreparedPhoto, PhotoError> {
    prepare(PhotoSource::Encoded(bytes), None, &spec())
}

fn kind(result: Result<zhaohuo_photo::PreparedPhoto, PhotoError>) -> zhaohuo_types::Kind {
    match result {
        Ok(p) => panic!("expected an error, got {p:?}"),
        Err(e) => e.kind(),
    }
}

#[test]
fn empty_and_one_byte_files_are_corrupt() {
    assert_eq!(kind(run(&[])), "photo.corrupt");
    assert_eq!(kind(run(&[0xFF])), "photo.corrupt");
    assert_eq!(kind(run(&[0x89])), "photo.corrupt");
}

#[test]
fn truncated_jpeg_and_png_are_corrupt() {
    let photo = photo_like(320, 240);
    let jpeg = jpeg(&photo, 90);
    assert!(run(&jpeg).is_ok());
    for cut in [jpeg.len() / 2, jpeg.len() - 2, 200] {
        let err = run(&jpeg[..cut]).unwrap_err();
        assert!(matches!(&err, PhotoError::Corrupt { detected, .. } if detected == "jpeg"), "{err}");
    }
    let progressive = jpeg_with(&photo, 90, true);
    assert!(run(&progressive).is_ok());
    assert_eq!(kind(run(&progressive[..progressive.len() * 2 / 3])), "photo.corrupt");

    let png = png_rgb(&photo);
    assert!(run(&png).is_ok());
    for cut in [png.len() / 2, png.len() - 20, 40] {
        let err = run(&png[..cut]).unwrap_err();
        assert!(matches!(&err, PhotoError::Corrupt { detected, .. } if detected == "png"), "{err}");
    }
}

#[test]
fn random_bytes_named_jpg_are_corrupt_and_text_is_unsupported() {
    for seed in 1..20 {
        assert_eq!(kind(run(&noise_bytes(5000, seed))), "photo.corrupt", "seed {seed}");
    }
    let text = "订单 1024\n颜色: 红, 尺码: XL\nThis is a text file someone named photo.jpg\n";
    let err = run(text.as_bytes()).unwrap_err();
    assert!(matches!(&err, PhotoError::UnsupportedFormat { detected } if detected == "text"), "{err}");
}

#[test]
fn heic_svg_pdf_are_unsupported_and_named() {
    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend(noise_bytes(2000, 7));
    let svg = br#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="red"/></svg>"#;
    let mut avif = vec![0, 0, 0, 0x1c];
    avif.extend_from_slice(b"ftypavif\0\0\0\0");
    for (bytes, name) in [
        (heic, "heic"),
        (svg.to_vec(), "svg"),
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(), "pdf"),
        (avif, "avif"),
    ] {
        let err = run(&bytes).unwrap_err();
        assert_eq!(err.kind(), "photo.unsupported_format");
        assert!(matches!(&err, PhotoError::UnsupportedFormat { detected } if detected == name), "{err}");
        assert!(err.hint().is_some());
    }
}

#[test]
fn a_png_declaring_100000_squared_is_refused_before_allocating() {
    let bomb = png_header_only(100_000, 100_000);
    assert!(bomb.len() < 100);
    let err = run(&bomb).unwrap_err();
    assert!(matches!(err, PhotoError::TooLarge { .. }), "{err}");
    // Also from inspect (header only), and for a size within each side limit but over the pixel limit.
    assert_eq!(inspect(PhotoSource::Encoded(&bomb)).unwrap_err().kind(), "photo.too_large");
    let wide = png_header_only(60_000, 60_000);
    assert!(matches!(run(&wide).unwrap_err(), PhotoError::TooLarge { what: "pixels", .. }));
}

#[test]
fn input_byte_and_pixel_limits_are_enforced() {
    let jpeg = jpeg(&photo_like(400, 300), 90);
    let limits = Limits { max_input_bytes: 1000, ..Limits::default() };
    let err = prepare_with_limits(PhotoSource::Encoded(&jpeg), None, &spec(), &limits).unwrap_err();
    assert!(matches!(err, PhotoError::TooLarge { what: "bytes of input", .. }), "{err}");
    let limits = Limits { max_pixels: 100_000, ..Limits::default() };
    let err = prepare_with_limits(PhotoSource::Encoded(&jpeg), None, &spec(), &limits).unwrap_err();
    assert!(matches!(err, PhotoError::TooLarge { what: "pixels", actual: 120_000, .. }), "{err}");
}

#[test]
fn a_one_pixel_image_is_kept_one_pixel_or_padded() {
    let one = png_rgb(&image::RgbImage::from_pixel(1, 1, image::Rgb([200, 10, 10])));
    let out = run(&one).unwrap();
    assert_eq!((out.width, out.height), (1, 1));
    assert!(close(decode(&out.bytes).get_pixel(0, 0).0, [200, 10, 10], 12));
    let padded = prepare(PhotoSource::Encoded(&one), None, &ImageSpec { pad_to_square: true, ..spec() }).unwrap();
    assert_eq!((padded.width, padded.height), (1, 1));
    // The suggestion for a photo under 32 px is the whole photo, and that is a valid crop.
    let whole = suggest_subject(PhotoSource::Encoded(&one)).unwrap();
    assert_eq!(whole, CropBox { x: 0, y: 0, width: 1, height: 1 });
    assert!(prepare(PhotoSource::Encoded(&one), Some(whole), &spec()).is_ok());
}

#[test]
fn a_20000_by_10_strip_becomes_800_by_1_or_a_padded_square() {
    let strip = jpeg(&photo_like(20_000, 10), 85);
    let out = run(&strip).unwrap();
    assert_eq!((out.width, out.height), (800, 1));
    assert_eq!((out.oriented_width, out.oriented_height), (20_000, 10));
    let padded = prepare(PhotoSource::Encoded(&strip), None, &ImageSpec { pad_to_square: true, ..spec() }).unwrap();
    assert_eq!((padded.width, padded.height), (800, 800));
    let img = decode(&padded.bytes);
    assert!(close(mean_at(&img, 400, 100, 5), [255, 255, 255], 3), "padding is white");
}

#[test]
fn cmyk_and_ycck_jpegs_decode_to_the_right_colour() {
    // Pure magenta + yellow ink = red.
    for colorspace in [turbojpeg::Colorspace::CMYK, turbojpeg::Colorspace::YCCK] {
        let bytes = cmyk_jpeg(64, 48, [0, 255, 255, 0], colorspace);
        assert_eq!(turbojpeg::read_header(&bytes).unwrap().colorspace, colorspace);
        let out = run(&bytes).unwrap();
        assert_eq!((out.width, out.height), (64, 48));
        let px = mean_at(&decode(&out.bytes), 32, 24, 4);
        assert!(close(px, [255, 0, 0], 25), "{colorspace:?}: {px:?}");
    }
}

#[test]
fn sixteen_bit_png_is_converted_to_8_bit() {
    let bytes = png_rgb16(40, 30, [0xFFFF, 0x8080, 0x0000]);
    let out = run(&bytes).unwrap();
    assert_eq!(out.detected_format, DetectedFormat::Png);
    let px = mean_at(&decode(&out.bytes), 20, 15, 3);
    assert!(close(px, [255, 128, 0], 8), "{px:?}");
}

#[test]
fn transparency_is_flattened_onto_white() {
    let grey_alpha = run(&png_grey_alpha(80, 40)).unwrap();
    let img = decode(&grey_alpha.bytes);
    assert!(close(mean_at(&img, 15, 20, 3), [255, 255, 255], 6), "transparent half is white");
    assert!(close(mean_at(&img, 65, 20, 3), [60, 60, 60], 6), "opaque half keeps its grey");

    let palette = run(&png_palette_transparent(80, 40)).unwrap();
    let img = decode(&palette.bytes);
    assert!(close(mean_at(&img, 40, 8, 3), [255, 255, 255], 6), "transparent index is white, not black");
    assert!(close(mean_at(&img, 40, 32, 3), [20, 40, 200], 12));

    let mut rgba = image::RgbaImage::from_pixel(60, 60, image::Rgba([0, 0, 0, 0]));
    for y in 20..40 {
        for x in 20..40 {
            rgba.put_pixel(x, y, image::Rgba([10, 150, 10, 255]));
        }
    }
    let webp = run(&webp_rgba(&rgba)).unwrap();
    assert_eq!(webp.detected_format, DetectedFormat::Webp);
    let img = decode(&webp.bytes);
    assert!(close(mean_at(&img, 5, 5, 2), [255, 255, 255], 6));
    assert!(close(mean_at(&img, 30, 30, 3), [10, 150, 10], 12));

    // Clipboard RGBA goes through the same compositing.
    let out = prepare(PhotoSource::Rgba { width: 60, height: 60, pixels: rgba.as_raw() }, None, &spec()).unwrap();
    assert_eq!(out.detected_format, DetectedFormat::RawRgba);
    assert!(close(mean_at(&decode(&out.bytes), 5, 5, 2), [255, 255, 255], 6));
}

#[test]
fn clipboard_rgba_with_the_wrong_length_is_corrupt() {
    let pixels = vec![0u8; 10 * 10 * 4 - 1];
    let err = prepare(PhotoSource::Rgba { width: 10, height: 10, pixels: &pixels }, None, &spec()).unwrap_err();
    assert_eq!(err.kind(), "photo.corrupt");
    let err = prepare(PhotoSource::Rgba { width: 0, height: 10, pixels: &[] }, None, &spec()).unwrap_err();
    assert_eq!(err.kind(), "photo.corrupt");
}

#[test]
fn animated_gif_uses_the_first_frame() {
    let out = run(&animated_gif(50, 40)).unwrap();
    assert_eq!(out.detected_format, DetectedFormat::Gif);
    let px = mean_at(&decode(&out.bytes), 25, 20, 4);
    assert!(close(px, [230, 20, 20], 20), "{px:?}");
}

#[test]
fn bmp_tiff_grey_and_progressive_jpeg_decode() {
    let photo = quadrants(120, 80);
    for (bytes, format) in [
        (encode_as(&photo, image::ImageFormat::Bmp), DetectedFormat::Bmp),
        (encode_as(&photo, image::ImageFormat::Tiff), DetectedFormat::Tiff),
        (jpeg_with(&photo, 92, true), DetectedFormat::Jpeg),
        (encode_as(&photo, image::ImageFormat::Jpeg), DetectedFormat::Jpeg),
    ] {
        let out = run(&bytes).unwrap();
        assert_eq!(out.detected_format, format);
        let img = decode(&out.bytes);
        assert!(close(mean_at(&img, 30, 20, 3), [220, 30, 30], 20), "{format:?}");
        assert!(close(mean_at(&img, 90, 60, 3), [230, 220, 40], 20), "{format:?}");
    }
    let grey = image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(50, 50, image::Luma([90])));
    let mut bytes = std::io::Cursor::new(Vec::new());
    grey.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
    let out = run(bytes.get_ref()).unwrap();
    assert!(close(mean_at(&decode(&out.bytes), 25, 25, 3), [90, 90, 90], 4));
}

/// The stored pixels for EXIF value `n`: the displayed image turned by the inverse
/// turn, made with the `image` crate so the expectation is independent of ours.
fn stored_for(displayed: &image::RgbImage, n: u8) -> image::RgbImage {
    let inverse = match n {
        6 => 8,
        8 => 6,
        other => other,
    };
    let mut img = image::DynamicImage::ImageRgb8(displayed.clone());
    img.apply_orientation(image::metadata::Orientation::from_exif(inverse).unwrap());
    img.to_rgb8()
}

#[test]
fn every_exif_orientation_is_applied_and_crops_follow_it() {
    let displayed = quadrants(128, 96);
    let expected =
        [((32, 24), [220, 30, 30]), ((96, 24), [30, 200, 40]), ((32, 72), [30, 40, 220]), ((96, 72), [230, 220, 40])];
    for n in 1..=8u8 {
        let bytes = with_exif_orientation(&jpeg(&stored_for(&displayed, n), 92), u16::from(n));
        let info = inspect(PhotoSource::Encoded(&bytes)).unwrap();
        assert_eq!((info.width, info.height, info.orientation), (128, 96, n));

        let out = run(&bytes).unwrap();
        assert_eq!((out.width, out.height), (128, 96), "orientation {n}");
        assert_eq!((out.oriented_width, out.oriented_height), (128, 96));
        let img = decode(&out.bytes);
        for ((x, y), color) in expected {
            let px = mean_at(&img, x, y, 4);
            assert!(close(px, color, 20), "orientation {n} at ({x},{y}): {px:?}");
        }

        // The bottom-right quadrant in displayed coordinates is yellow whatever the storage.
        let crop = CropBox { x: 64, y: 48, width: 64, height: 48 };
        let out = prepare(PhotoSource::Encoded(&bytes), Some(crop), &spec()).unwrap();
        assert_eq!((out.width, out.height), (64, 48));
        let px = mean_at(&decode(&out.bytes), 32, 24, 12);
        assert!(close(px, [230, 220, 40], 20), "orientation {n} crop: {px:?}");
    }
}

#[test]
fn crops_of_a_large_turned_photo_survive_the_reduced_dct_decode() {
    let displayed = quadrants(1600, 1200);
    for n in [1u8, 6, 7] {
        let bytes = with_exif_orientation(&jpeg(&stored_for(&displayed, n), 90), u16::from(n));
        let crop = CropBox { x: 0, y: 600, width: 800, height: 600 };
        let small = ImageSpec { max_side: 100, ..spec() };
        let out = prepare(PhotoSource::Encoded(&bytes), Some(crop), &small).unwrap();
        assert_eq!((out.width, out.height), (100, 75));
        let img = decode(&out.bytes);
        for (x, y) in [(5, 5), (95, 5), (5, 70), (95, 70), (50, 37)] {
            let px = mean_at(&img, x, y, 2);
            assert!(close(px, [30, 40, 220], 25), "orientation {n} at ({x},{y}): {px:?}");
        }
    }
}

#[test]
fn crops_outside_or_empty_or_tiny_are_invalid() {
    let bytes = jpeg(&photo_like(400, 300), 90);
    let cases = [
        CropBox { x: 350, y: 0, width: 100, height: 100 },
        CropBox { x: 0, y: 250, width: 100, height: 100 },
        CropBox { x: u32::MAX, y: 0, width: 100, height: 100 },
        CropBox { x: 10, y: 10, width: 0, height: 0 },
        CropBox { x: 10, y: 10, width: 0, height: 50 },
        CropBox { x: 10, y: 10, width: 31, height: 200 },
    ];
    for crop in cases {
        let err = prepare(PhotoSource::Encoded(&bytes), Some(crop), &spec()).unwrap_err();
        assert!(matches!(err, PhotoError::InvalidCrop { image_width: 400, image_height: 300, .. }), "{crop:?}: {err}");
        assert_eq!(err.kind(), "photo.invalid_crop");
    }
    let ok = prepare(PhotoSource::Encoded(&bytes), Some(CropBox { x: 368, y: 268, width: 32, height: 32 }), &spec())
        .unwrap();
    assert_eq!((ok.width, ok.height), (32, 32));
}

#[test]
fn output_meets_the_spec_and_identifies_the_photo() {
    let bytes = jpeg(&photo_like(2000, 1500), 92);
    let out = prepare(PhotoSource::Encoded(&bytes), None, &ImageSpec { pad_to_square: true, ..spec() }).unwrap();
    assert_eq!((out.width, out.height), (800, 800));
    assert_eq!(out.format, ImageFormat::Jpeg);
    assert_eq!(out.quality, Some(85));
    assert!(out.bytes.starts_with(&[0xFF, 0xD8]));
    let decoded = decode(&out.bytes);
    assert_eq!(decoded.dimensions(), (800, 800));
    assert!(close(mean_at(&decoded, 400, 40, 5), [255, 255, 255], 3), "white band above");
    // base64: standard alphabet, no line breaks, no data: prefix, round-trips.
    use base64::Engine as _;
    assert!(!out.base64.contains('\n') && !out.base64.starts_with("data:"));
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(&out.base64).unwrap(), out.bytes);
    // sha256 of the bytes.
    use sha2::Digest as _;
    assert_eq!(out.sha256_hex, hex::encode(sha2::Sha256::digest(&out.bytes)));
    // Thumbnail limits.
    let thumb = decode(&out.thumbnail_jpeg);
    assert!(thumb.width() <= 256 && thumb.height() <= 256 && thumb.width().max(thumb.height()) == 256);
    assert!(out.thumbnail_jpeg.len() <= 20 * 1024);
    // Same input → same output.
    let again = prepare(PhotoSource::Encoded(&bytes), None, &ImageSpec { pad_to_square: true, ..spec() }).unwrap();
    assert_eq!(again.sha256_hex, out.sha256_hex);

    let png = prepare(
        PhotoSource::Encoded(&bytes),
        None,
        &ImageSpec { format: ImageFormat::Png, max_bytes: 5_000_000, ..spec() },
    )
    .unwrap();
    assert!(png.bytes.starts_with(b"\x89PNG"));
    assert_eq!((png.width, png.height, png.quality), (800, 600, None));
}

#[test]
fn quality_then_size_step_down_until_it_fits_or_cannot() {
    let bytes = jpeg(&photo_like(1600, 1200), 95);
    let roomy = prepare(PhotoSource::Encoded(&bytes), None, &spec()).unwrap();
    let limit = roomy.bytes.len() as u64 * 2 / 3;
    let tight = prepare(PhotoSource::Encoded(&bytes), None, &ImageSpec { max_bytes: limit, ..spec() }).unwrap();
    assert!(tight.bytes.len() as u64 <= limit);
    assert!(tight.quality.unwrap() < 85);
    assert_eq!((tight.width, tight.height), (800, 600), "quality alone was enough");

    let tiny = prepare(PhotoSource::Encoded(&bytes), None, &ImageSpec { max_bytes: 8_000, ..spec() }).unwrap();
    assert!(tiny.bytes.len() <= 8_000);
    assert_eq!(tiny.quality, Some(40));
    assert!(tiny.width < 800, "had to shrink: {}", tiny.width);

    let noise = image::RgbImage::from_raw(400, 400, noise_bytes(400 * 400 * 3, 3)).unwrap();
    let err = prepare(
        PhotoSource::Encoded(&png_rgb(&noise)),
        None,
        &ImageSpec { max_bytes: 1024, format: ImageFormat::Png, ..spec() },
    )
    .unwrap_err();
    assert!(matches!(err, PhotoError::CannotFit { max_bytes: 1024, smallest_bytes } if smallest_bytes > 1024), "{err}");

    let err = prepare(PhotoSource::Encoded(&bytes), None, &ImageSpec { quality: 0, ..spec() }).unwrap_err();
    assert_eq!(err.kind(), "photo.invalid_spec");
}

#[test]
fn perceptual_hash_matches_similar_photos_and_not_different_ones() {
    let photo = photo_like(900, 700);
    let a = run(&jpeg(&photo, 92)).unwrap();
    let recompressed = run(&jpeg(&photo, 40)).unwrap();
    let smaller =
        run(&png_rgb(&image::imageops::resize(&photo, 500, 389, image::imageops::FilterType::Triangle))).unwrap();
    assert!(hamming(a.phash, recompressed.phash) <= 6, "{}", hamming(a.phash, recompressed.phash));
    assert!(hamming(a.phash, smaller.phash) <= 6, "{}", hamming(a.phash, smaller.phash));
    let other = run(&jpeg(&quadrants(900, 700), 92)).unwrap();
    assert!(hamming(a.phash, other.phash) >= 16, "{}", hamming(a.phash, other.phash));
    assert_eq!(hamming(0, u64::MAX), 64);
}

#[test]
fn subject_suggestion_trims_the_backdrop_in_oriented_coordinates() {
    // A 1200×900 (displayed) light backdrop with a product at x 300..700, y 200..650.
    let displayed = image::RgbImage::from_fn(1200, 900, |x, y| {
        if (300..700).contains(&x) && (200..650).contains(&y) {
            image::Rgb([(x / 3) as u8, (y / 4) as u8, 90])
        } else {
            image::Rgb([236, 236, 232])
        }
    });
    for n in [1u8, 6, 3] {
        let bytes = with_exif_orientation(&jpeg(&stored_for(&displayed, n), 90), u16::from(n));
        let b = suggest_subject(PhotoSource::Encoded(&bytes)).unwrap();
        let tolerance = 70;
        assert!(b.x <= 300 && 300 - b.x <= tolerance, "orientation {n}: {b:?}");
        assert!(b.y <= 200 && 200 - b.y <= tolerance, "orientation {n}: {b:?}");
        assert!(b.x + b.width >= 700 && b.x + b.width - 700 <= tolerance, "orientation {n}: {b:?}");
        assert!(b.y + b.height >= 650 && b.y + b.height - 650 <= tolerance, "orientation {n}: {b:?}");
        // The suggestion is a valid crop.
        prepare(PhotoSource::Encoded(&bytes), Some(b), &spec()).unwrap();
    }
    let busy = jpeg(&photo_like(600, 400), 90);
    assert_eq!(suggest_subject(PhotoSource::Encoded(&busy)).unwrap(), CropBox { x: 0, y: 0, width: 600, height: 400 });
}

#[test]
fn reduced_scale_decode_matches_a_full_resolution_lanczos_downscale() {
    let photo = photo_like(3200, 2400);
    let bytes = jpeg(&photo, 92);
    let out = run(&bytes).unwrap();
    assert_eq!((out.width, out.height), (800, 600));
    let reference = image::imageops::resize(&decode(&bytes), 800, 600, image::imageops::FilterType::Lanczos3);
    let ours = decode(&out.bytes);
    let mse: f64 =
        ours.as_raw().iter().zip(reference.as_raw()).map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2)).sum::<f64>()
            / ours.as_raw().len() as f64;
    let psnr = 10.0 * (255.0f64 * 255.0 / mse).log10();
    assert!(psnr >= 30.0, "PSNR {psnr:.1} dB");
}

#[test]
fn a_region_of_the_prepared_image_maps_back_onto_the_photo() {
    let bytes = jpeg(&photo_like(1600, 1200), 90);
    let crop = CropBox { x: 100, y: 200, width: 800, height: 400 };
    let square = ImageSpec { max_side: 400, pad_to_square: true, ..spec() };
    let padded = prepare(PhotoSource::Encoded(&bytes), Some(crop), &square).unwrap();
    assert_eq!((padded.width, padded.height), (400, 400));
    assert_eq!(padded.picture, CropBox { x: 0, y: 100, width: 400, height: 200 });
    // The whole picture part is the whole crop; a part of it scales by 2.
    assert_eq!(padded.region_on_photo(padded.picture), Some(crop));
    assert_eq!(
        padded.region_on_photo(CropBox { x: 100, y: 150, width: 100, height: 50 }),
        Some(CropBox { x: 300, y: 300, width: 200, height: 100 })
    );
    // Only padding: nothing of the photo.
    assert_eq!(padded.region_on_photo(CropBox { x: 0, y: 0, width: 400, height: 90 }), None);
    // Reaching into the padding and past the edge: clipped to the crop.
    assert_eq!(
        padded.region_on_photo(CropBox { x: 300, y: 50, width: 500, height: 100 }),
        Some(CropBox { x: 700, y: 200, width: 200, height: 100 })
    );

    let plain = prepare(PhotoSource::Encoded(&bytes), None, &ImageSpec { max_side: 800, ..spec() }).unwrap();
    assert_eq!(plain.picture, CropBox { x: 0, y: 0, width: 800, height: 600 });
    assert_eq!(
        plain.region_on_photo(CropBox { x: 400, y: 300, width: 400, height: 300 }),
        Some(CropBox { x: 800, y: 600, width: 800, height: 600 })
    );
}
