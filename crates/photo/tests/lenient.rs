//! JPEGs libjpeg decodes with only a warning are photos, as Pillow, browsers
//! and `djpeg` show them: each one prepares to exactly what the clean file
//! prepares to. Data that is really cut off is still refused.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use zhaohuo_photo::{inspect, prepare, ImageSpec, PhotoError, PhotoSource};

fn spec() -> ImageSpec {
    ImageSpec { max_side: 200, ..ImageSpec::default() }
}

#[test]
fn warnings_are_not_errors() {
    let photo = photo_like(320, 240);
    let clean = jpeg(&photo, 90);
    let progressive = jpeg_with(&photo, 90, true);
    let want = prepare(PhotoSource::Encoded(&clean), None, &spec()).unwrap();
    let want_progressive = prepare(PhotoSource::Encoded(&progressive), None, &spec()).unwrap();
    let mut failures = Vec::new();
    for (name, bytes) in lenient_jpegs(&clean, &progressive) {
        match prepare(PhotoSource::Encoded(&bytes), None, &spec()) {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(got) => {
                // The same pixels as the clean file (the EXIF cases may turn it).
                let reference = if name.contains("progressive") { &want_progressive } else { &want };
                if name.contains("EXIF") {
                    let (w, h) = (got.width, got.height);
                    if !((w, h) == (reference.width, reference.height) || (h, w) == (reference.width, reference.height))
                    {
                        failures.push(format!("{name}: {w}x{h}"));
                    }
                } else if got.bytes != reference.bytes {
                    failures.push(format!("{name}: decoded differently from the clean file"));
                }
            }
        }
        if let Err(e) = inspect(PhotoSource::Encoded(&bytes)) {
            failures.push(format!("{name}: inspect: {e}"));
        }
    }
    assert!(failures.is_empty(), "refused or changed:\n{}", failures.join("\n"));
}

#[test]
fn the_exif_orientation_survives_stray_bytes_after_it() {
    let photo = photo_like(320, 240);
    let turned = with_exif_orientation(&jpeg(&photo, 90), 6);
    let app1 = jpeg_segment(&turned, 0xE1).unwrap();
    let after = app1 + 2 + usize::from(u16::from_be_bytes([turned[app1 + 2], turned[app1 + 3]]));
    let mut junk = turned[..after].to_vec();
    junk.extend_from_slice(b"\x00\x00\x00");
    junk.extend_from_slice(&turned[after..]);
    let out = prepare(PhotoSource::Encoded(&junk), None, &spec()).unwrap();
    assert_eq!((out.width, out.height), (150, 200), "orientation 6 turns 320x240 upright");
}

#[test]
fn data_really_cut_off_is_still_refused() {
    let clean = jpeg(&photo_like(320, 240), 90);
    for (name, bytes) in cut_off_jpegs(&clean) {
        let err = prepare(PhotoSource::Encoded(&bytes), None, &spec()).unwrap_err();
        assert!(matches!(&err, PhotoError::Corrupt { detected, .. } if detected == "jpeg"), "{name}: {err}");
    }
}
