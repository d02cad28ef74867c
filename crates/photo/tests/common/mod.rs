//! Fixture makers shared by the integration tests: every test photo is generated here,
//! nothing is downloaded.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::Cursor;

use image::{ImageEncoder as _, RgbImage, RgbaImage};

/// A smooth, detailed, photo-like RGB raster (gradients, rings, a little texture), so
/// JPEG and resizing behave as on a real photo.
pub fn photo_like(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let fx = f64::from(x) / f64::from(width);
        let fy = f64::from(y) / f64::from(height);
        let ring = ((fx - 0.5).hypot(fy - 0.5) * 40.0).sin() * 0.5 + 0.5;
        let texture = (((x * 7 + y * 13) % 17) as f64) / 17.0;
        let r = 255.0 * (0.6 * fx + 0.3 * ring + 0.1 * texture);
        let g = 255.0 * (0.5 * fy + 0.4 * (1.0 - ring) + 0.1 * texture);
        let b = 255.0 * (0.4 * (1.0 - fx) + 0.4 * ring * fy + 0.2 * texture);
        image::Rgb([r as u8, g as u8, b as u8])
    })
}

/// Four flat quadrants (red, green / blue, yellow): every EXIF turn or flip of it
/// looks different, so orientation mistakes cannot hide.
pub fn quadrants(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let c = match (x < width / 2, y < height / 2) {
            (true, true) => [220, 30, 30],
            (false, true) => [30, 200, 40],
            (true, false) => [30, 40, 220],
            (false, false) => [230, 220, 40],
        };
        image::Rgb(c)
    })
}

pub fn jpeg(img: &RgbImage, quality: i32) -> Vec<u8> {
    jpeg_with(img, quality, false)
}

pub fn jpeg_with(img: &RgbImage, quality: i32, progressive: bool) -> Vec<u8> {
    let mut c = turbojpeg::Compressor::new().unwrap();
    c.set_quality(quality).unwrap();
    c.set_subsamp(turbojpeg::Subsamp::Sub2x2).unwrap();
    c.set_progressive(progressive).unwrap();
    let image = turbojpeg::Image {
        pixels: img.as_raw().as_slice(),
        width: img.width() as usize,
        pitch: img.width() as usize * 3,
        height: img.height() as usize,
        format: turbojpeg::PixelFormat::RGB,
    };
    c.compress_to_vec(image).unwrap()
}

/// A CMYK JPEG (Adobe convention: stored inverted) filled with one ink mix.
pub fn cmyk_jpeg(width: u32, height: u32, ink: [u8; 4], colorspace: turbojpeg::Colorspace) -> Vec<u8> {
    let stored = ink.map(|v| 255 - v);
    let pixels: Vec<u8> = (0..width * height).flat_map(|_| stored).collect();
    let mut c = turbojpeg::Compressor::new().unwrap();
    c.set_quality(90).unwrap();
    c.set_colorspace(colorspace).unwrap();
    let image = turbojpeg::Image {
        pixels: pixels.as_slice(),
        width: width as usize,
        pitch: width as usize * 4,
        height: height as usize,
        format: turbojpeg::PixelFormat::CMYK,
    };
    c.compress_to_vec(image).unwrap()
}

/// Insert an EXIF block carrying only an orientation tag right after SOI.
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2A\0\0\0\x08"); // big-endian, IFD0 at offset 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

pub fn png_rgb(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn png_rgba(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

/// 16-bit RGB PNG with one colour (given as 16-bit values).
pub fn png_rgb16(width: u32, height: u32, color: [u16; 3]) -> Vec<u8> {
    let img = image::ImageBuffer::<image::Rgb<u16>, Vec<u16>>::from_pixel(width, height, image::Rgb(color));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb16(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Grey + alpha PNG: left half transparent, right half opaque dark grey.
pub fn png_grey_alpha(width: u32, height: u32) -> Vec<u8> {
    let img = image::ImageBuffer::<image::LumaA<u8>, Vec<u8>>::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::LumaA([0, 0])
        } else {
            image::LumaA([60, 255])
        }
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::La8)
        .unwrap();
    out
}

/// Palette PNG whose index 0 is fully transparent black and index 1 opaque blue;
/// top half index 0, bottom half index 1.
pub fn png_palette_transparent(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(vec![0, 0, 0, 20, 40, 200]);
        encoder.set_trns(vec![0]);
        let mut writer = encoder.write_header().unwrap();
        let data: Vec<u8> =
            (0..height).flat_map(|y| std::iter::repeat_n(u8::from(y >= height / 2), width as usize)).collect();
        writer.write_image_data(&data).unwrap();
    }
    out
}

/// A PNG whose header declares `width × height` but carries no real pixels.
pub fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA
    push_chunk(&mut out, b"IHDR", &ihdr);
    push_chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    push_chunk(&mut out, b"IEND", &[]);
    out
}

fn push_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc_input);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Two-frame GIF: red first, green second.
pub fn animated_gif(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
        for color in [[230u8, 20, 20, 255], [20, 230, 20, 255]] {
            let frame = image::Frame::new(RgbaImage::from_pixel(width, height, image::Rgba(color)));
            encoder.encode_frame(frame).unwrap();
        }
    }
    out
}

pub fn webp_rgba(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

pub fn encode_as(img: &RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img.clone()).write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// Deterministic pseudo-random bytes (xorshift), no RNG crate needed.
pub fn noise_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// Decode an output independently of the crate under test.
pub fn decode(bytes: &[u8]) -> RgbImage {
    image::load_from_memory(bytes).unwrap().to_rgb8()
}

/// Mean colour of a square window centred on (x, y).
pub fn mean_at(img: &RgbImage, x: u32, y: u32, radius: u32) -> [u8; 3] {
    let mut sum = [0u64; 3];
    let mut n = 0u64;
    for yy in y.saturating_sub(radius)..(y + radius + 1).min(img.height()) {
        for xx in x.saturating_sub(radius)..(x + radius + 1).min(img.width()) {
            let p = img.get_pixel(xx, yy);
            for c in 0..3 {
                sum[c] += u64::from(p[c]);
            }
            n += 1;
        }
    }
    sum.map(|s| (s / n.max(1)) as u8)
}

pub fn close(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(&x, y)| x.abs_diff(y) <= tolerance)
}

/// Where the first marker segment with `code` starts (its `FF`), walking the
/// segments from SOI like a decoder; `None` past the first scan.
pub fn jpeg_segment(jpeg: &[u8], code: u8) -> Option<usize> {
    let mut pos = 2;
    while pos + 4 <= jpeg.len() && jpeg[pos] == 0xFF {
        if jpeg[pos + 1] == code {
            return Some(pos);
        }
        if jpeg[pos + 1] == 0xDA {
            return None;
        }
        pos += 2 + usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
    }
    None
}

fn insert_at(jpeg: &[u8], at: usize, junk: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..at].to_vec();
    out.extend_from_slice(junk);
    out.extend_from_slice(&jpeg[at..]);
    out
}

/// Junk that is no marker (no `FF`), as a tool or a bad copy leaves it.
const JUNK: &[u8] = b"\x00\x00\x12\x34\x00";

/// JPEGs libjpeg decodes with only a warning (Pillow, browsers and `djpeg`
/// show them), each named. Built from `jpeg`, a clean baseline JPEG;
/// `progressive`, a progressive one of the same picture.
pub fn lenient_jpegs(jpeg: &[u8], progressive: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let dqt = jpeg_segment(jpeg, 0xDB).unwrap();
    let eoi = jpeg.len() - 2;
    assert_eq!(&jpeg[eoi..], [0xFF, 0xD9]);
    // A scan of a progressive JPEG after the first: the second FF DA in the file
    // (entropy-coded data never holds FF DA).
    let second_sos = progressive.windows(2).enumerate().filter(|(_, w)| *w == [0xFF, 0xDA]).nth(1).unwrap().0;

    let exif = with_exif_orientation(jpeg, 6);
    let app1 = jpeg_segment(&exif, 0xE1).unwrap();
    let declared = u16::from_be_bytes([exif[app1 + 2], exif[app1 + 3]]);
    // Two bytes short: the segment's last two (zero) bytes become stray bytes before DQT.
    let mut exif_short = exif.clone();
    exif_short[app1 + 2..app1 + 4].copy_from_slice(&(declared - 2).to_be_bytes());
    // The right length, but no TIFF inside.
    let mut exif_damaged = jpeg[..2].to_vec();
    let garbage: Vec<u8> = b"Exif\0\0II\x2A\0\xFF\xFF\xFF\x7F".iter().copied().chain(noise_bytes(60, 3)).collect();
    exif_damaged.extend_from_slice(&[0xFF, 0xE1]);
    exif_damaged.extend_from_slice(&((garbage.len() + 2) as u16).to_be_bytes());
    exif_damaged.extend_from_slice(&garbage);
    exif_damaged.extend_from_slice(&jpeg[2..]);

    let mut trailing = jpeg.to_vec();
    trailing.extend(noise_bytes(4096, 11));
    let mut second_image = jpeg.to_vec();
    second_image.extend_from_slice(jpeg);

    vec![
        ("stray bytes before DQT", insert_at(jpeg, dqt, JUNK)),
        ("stray bytes before EOI", insert_at(jpeg, eoi, JUNK)),
        ("stray bytes before a later progressive scan", insert_at(progressive, second_sos, JUNK)),
        ("an EXIF segment two bytes short", exif_short),
        ("an EXIF segment with no TIFF inside", exif_damaged),
        ("4 KB of data after the image", trailing),
        ("a second image after the first", second_image),
    ]
}

/// Data really cut off, however it is dressed up: still refused.
pub fn cut_off_jpegs(jpeg: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let dqt = jpeg_segment(jpeg, 0xDB).unwrap();
    let half = insert_at(jpeg, dqt, JUNK)[..jpeg.len() / 2].to_vec();
    let mut noise_tail = jpeg[..jpeg.len() / 2].to_vec();
    noise_tail.extend(noise_bytes(2048, 5).into_iter().filter(|&b| b != 0xFF));
    vec![("cut in half after stray bytes", half), ("cut in half, then junk without an end marker", noise_tail)]
}
