//! The region finder on the generated corpus (`common/screens.rs`): the suggested
//! crop is the product on shop pages and plain photos, every grid tile and chat
//! picture is among the candidates, and the pipeline calls a PNG screenshot a
//! screenshot and a camera-less JPEG a photo. Rates, not every picture: the
//! benchmark (`benches/regions.rs`) reports the same numbers on a larger corpus.
#![allow(clippy::unwrap_used)]

#[path = "common/screens.rs"]
mod screens;

use screens::{generate, iou, Boxed, Kind};
use zhaohuo_photo::regions::{candidates, Candidate};
use zhaohuo_photo::{find_regions, suggest_subject, PhotoSource, SourceKind};

const MATCH_IOU: f64 = 0.8;
const PER_KIND: u64 = 8;

fn boxed(c: &Candidate) -> Boxed {
    (c.rect.x, c.rect.y, c.rect.width, c.rect.height)
}

/// Share of the kind's pictures whose suggested crop is (one of) the product(s).
fn suggested_rate(kind: Kind) -> f64 {
    let mut ok = 0;
    for i in 0..PER_KIND {
        let s = generate(kind, i);
        let found = candidates(&s.image);
        let best = found.first().map(boxed);
        ok += usize::from(best.is_some_and(|b| s.truths.iter().any(|t| iou(b, *t) >= MATCH_IOU)));
    }
    ok as f64 / PER_KIND as f64
}

/// Share of all true product pictures of the kind found among the candidates.
fn recall(kind: Kind) -> f64 {
    let (mut all, mut found_n) = (0, 0);
    for i in 0..PER_KIND {
        let s = generate(kind, i);
        let found = candidates(&s.image);
        for t in &s.truths {
            all += 1;
            found_n += usize::from(found.iter().any(|c| iou(boxed(c), *t) >= MATCH_IOU));
        }
    }
    found_n as f64 / all as f64
}

#[test]
fn the_suggested_crop_is_the_product_on_shop_pages_and_photos() {
    for (kind, at_least) in [(Kind::ShopDesktop, 0.75), (Kind::ShopPhone, 0.6), (Kind::Textured, 0.85)] {
        let rate = suggested_rate(kind);
        assert!(rate >= at_least, "{}: suggested crop right in {rate:.2} (want {at_least})", kind.name());
    }
}

#[test]
fn grid_tiles_chat_pictures_and_side_by_side_products_are_among_the_candidates() {
    for (kind, at_least) in [(Kind::Chat, 0.7), (Kind::SideBySide, 0.75), (Kind::Grid, 0.75)] {
        let rate = recall(kind);
        assert!(rate >= at_least, "{}: truth among candidates {rate:.2} (want {at_least})", kind.name());
    }
}

#[test]
fn a_png_screenshot_is_a_screenshot_and_its_photo_the_suggestion() {
    let s = generate(Kind::ShopDesktop, 1);
    let mut png = Vec::new();
    s.image.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let regions = find_regions(PhotoSource::Encoded(&png)).unwrap();
    assert_eq!(regions.kind, SourceKind::Screenshot);
    assert_eq!((regions.width, regions.height), s.image.dimensions());
    let crop = regions.suggested_crop();
    assert!(iou((crop.x, crop.y, crop.width, crop.height), s.truths[0]) >= MATCH_IOU, "{crop:?} vs {:?}", s.truths[0]);
    assert_eq!(suggest_subject(PhotoSource::Encoded(&png)).unwrap(), crop);

    // The same pixels pasted from the clipboard.
    let rgba: Vec<u8> = s.image.pixels().flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    let (width, height) = s.image.dimensions();
    let pasted = find_regions(PhotoSource::Rgba { width, height, pixels: &rgba }).unwrap();
    assert_eq!(pasted.kind, SourceKind::Screenshot);
    assert_eq!(pasted.suggested_crop(), crop);
}

#[test]
fn a_jpeg_product_photo_is_a_photo_with_its_subject_suggested() {
    let s = generate(Kind::Textured, 0);
    let mut jpeg = Vec::new();
    s.image.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
    let regions = find_regions(PhotoSource::Encoded(&jpeg)).unwrap();
    assert_eq!(regions.kind, SourceKind::Photo);
    let crop = regions.suggested_crop();
    assert!(iou((crop.x, crop.y, crop.width, crop.height), s.truths[0]) >= MATCH_IOU, "{crop:?} vs {:?}", s.truths[0]);
}

#[test]
fn candidates_are_sorted_inside_the_picture_and_deterministic() {
    for kind in Kind::ALL {
        let s = generate(kind, 3);
        let found = candidates(&s.image);
        assert_eq!(found, candidates(&s.image));
        for pair in found.windows(2) {
            assert!(pair[0].score >= pair[1].score);
        }
        for c in &found {
            assert!(c.rect.x + c.rect.width <= s.image.width() && c.rect.y + c.rect.height <= s.image.height());
            assert!(c.rect.width >= 32 && c.rect.height >= 32, "{c:?}");
        }
    }
}
