//! `zhaohuo prepare` on photos the test draws itself: the JPEG it writes has
//! the dimensions it reports, `--base64` is one line of standard base64, and a
//! crop outside the photo or a damaged file gives a clear error, not a panic.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use image::{ImageFormat, Rgb, RgbImage};

use super::{assert_clean_failure, run, text, write_file, zhaohuo};

/// A 1600×1200 "photo": a lit tabletop gradient, a product-like block with a
/// stripe pattern, and sensor-like noise so the encoder has real work.
fn photo_jpeg() -> Vec<u8> {
    let (w, h) = (1600u32, 1200u32);
    let mut seed = 0x5EED_u64;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 17) as i32 - 8
    };
    let img = RgbImage::from_fn(w, h, |x, y| {
        let base = if (500..1100).contains(&x) && (300..900).contains(&y) {
            if (y / 40) % 2 == 0 {
                [200, 40, 60]
            } else {
                [240, 230, 220]
            }
        } else {
            [(120 + x * 80 / w) as u8, (100 + y * 60 / h) as u8, 70]
        };
        Rgb(base.map(|c| (i32::from(c) + noise()).clamp(0, 255) as u8))
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92).encode_image(&img).expect("encode test photo");
    out
}

/// `(width, height, bytes)` from the `output:` line prepare prints on stderr.
fn reported_output(stderr: &str) -> (u32, u32, usize) {
    let line =
        stderr.lines().find(|l| l.starts_with("output:")).unwrap_or_else(|| panic!("no output line in:\n{stderr}"));
    // "output: jpg 800x600, quality 85, 12345 bytes (limit 500000), base64 … chars"
    let mut words = line.split_whitespace().skip(2);
    let dims = words.next().expect("dimensions").trim_end_matches(',');
    let (w, h) = dims.split_once('x').expect("WxH");
    let bytes = line
        .split(", ")
        .find_map(|part| part.split_once(" bytes").map(|(n, _)| n))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no byte count in {line:?}"));
    (w.parse().expect("width"), h.parse().expect("height"), bytes)
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    photo: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    let photo = root.join("IMG_0001.jpg");
    write_file(&photo, &photo_jpeg());
    Fixture { _dir: dir, root, photo }
}

fn prepare(args: &[&str], photo: &Path) -> std::process::Output {
    let mut cmd = zhaohuo();
    cmd.arg("prepare").arg(photo).args(args);
    run(cmd, None)
}

#[test]
fn writes_a_jpeg_of_the_reported_dimensions() {
    let f = fixture();
    let out_path = f.root.join("out.jpg");
    let out = prepare(&["--out", out_path.to_str().expect("utf-8 path")], &f.photo);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let (w, h, size) = reported_output(&stderr);
    assert_eq!((w, h), (800, 600), "the 1600×1200 photo is brought to the default 800 px side: {stderr}");

    let written = std::fs::read(&out_path).expect("the prepared file exists");
    assert_eq!(written.len(), size, "the reported size is the file's");
    assert_eq!(image::guess_format(&written).expect("known format"), ImageFormat::Jpeg);
    let decoded = image::load_from_memory_with_format(&written, ImageFormat::Jpeg).expect("a valid JPEG");
    assert_eq!((decoded.width(), decoded.height()), (w, h));
    assert!(stderr.contains("input:  jpeg 1600x1200"), "{stderr}");

    // A crop, padded onto a square, limited to 400 px.
    let cropped_path = f.root.join("crop.jpg");
    let out = prepare(
        &["--crop", "500,300,600,600", "--max-side", "400", "--pad", "--out", cropped_path.to_str().expect("utf-8")],
        &f.photo,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (w, h, size) = reported_output(&text(&out.stderr));
    assert_eq!((w, h), (400, 400));
    let written = std::fs::read(&cropped_path).expect("written");
    assert_eq!(written.len(), size);
    let decoded = image::load_from_memory(&written).expect("valid");
    assert_eq!((decoded.width(), decoded.height()), (400, 400));
    // The crop holds only the striped block: its centre is red or off-white, not the table.
    let centre = decoded.to_rgb8().get_pixel(200, 20).0;
    assert!(centre[0] > 180, "the crop shows the product, got {centre:?}");
}

#[test]
fn base64_is_standard_and_on_one_line() {
    let f = fixture();
    let out = prepare(&["--base64"], &f.photo);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let body = stdout.strip_suffix('\n').expect("ends with one newline");
    assert!(!body.contains(['\n', '\r', ' ']), "no line breaks or spaces inside the base64");
    assert!(!body.starts_with("data:"), "no data: prefix");
    assert!(
        body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='),
        "standard alphabet only (no URL-safe - or _)"
    );
    assert_eq!(body.len() % 4, 0, "padded");
    let bytes = base64::engine::general_purpose::STANDARD.decode(body).expect("standard base64 decodes");
    let (w, h, size) = reported_output(&text(&out.stderr));
    assert_eq!(bytes.len(), size);
    let decoded = image::load_from_memory_with_format(&bytes, ImageFormat::Jpeg).expect("a JPEG");
    assert_eq!((decoded.width(), decoded.height()), (w, h));
    assert!(text(&out.stderr).contains(&format!("base64 {} chars", body.len())), "{}", text(&out.stderr));

    // The same bytes as the file a search would send.
    let file = f.root.join("same.jpg");
    let out = prepare(&["--out", file.to_str().expect("utf-8")], &f.photo);
    assert!(out.status.success());
    assert_eq!(std::fs::read(&file).expect("written"), bytes);
}

#[test]
fn a_crop_outside_the_photo_is_a_clear_error() {
    let f = fixture();
    for crop in ["1500,1100,300,300", "0,0,1601,1200", "4000,10,100,100", "10,10,0,0"] {
        let out_path = f.root.join("never.jpg");
        let out = prepare(&["--crop", crop, "--out", out_path.to_str().expect("utf-8")], &f.photo);
        assert_clean_failure(&out, crop);
        let stderr = text(&out.stderr);
        assert!(stderr.contains("crop"), "{crop}: {stderr}");
        assert!(
            stderr.contains("photo.invalid_crop") && stderr.contains("hint:"),
            "{crop}: a typed error with a hint: {stderr}"
        );
        assert!(!out_path.exists(), "{crop}: nothing written");
    }
    let out = prepare(&["--crop", "10,20,abc,5"], &f.photo);
    assert_clean_failure(&out, "non-numeric crop");
    assert!(text(&out.stderr).contains("--crop"), "{}", text(&out.stderr));
}

#[test]
fn a_damaged_or_foreign_file_is_a_clear_error() {
    let f = fixture();
    let good = std::fs::read(&f.photo).expect("photo");
    let mut garbage = vec![0u8; 4096];
    let mut s = 0x1234_5678_u32;
    for b in &mut garbage {
        s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *b = (s >> 24) as u8;
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.jpg", good[..good.len() / 3].to_vec(), "photo.corrupt"),
        ("random.jpg", garbage, "photo."),
        ("empty.jpg", Vec::new(), "photo."),
        ("notes.jpg", b"not a photo at all\n".to_vec(), "photo."),
    ];
    for (name, bytes, kind) in cases {
        let path = f.root.join(name);
        write_file(&path, &bytes);
        let out_path = f.root.join(format!("{name}.out"));
        let out = prepare(&["--out", out_path.to_str().expect("utf-8")], &path);
        assert_clean_failure(&out, name);
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with("zhaohuo: "), "{name}: {stderr}");
        assert!(stderr.contains(kind) && stderr.contains("hint:"), "{name}: a typed error with a hint: {stderr}");
        assert!(!out_path.exists(), "{name}: nothing written");
    }
    let out = prepare(&[], &f.root.join("missing.jpg"));
    assert_clean_failure(&out, "missing file");
    assert!(text(&out.stderr).contains("missing.jpg"), "{}", text(&out.stderr));
}
