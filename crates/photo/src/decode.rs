//! Guarded decoding: sniff, read the header, refuse absurd sizes, then decode to RGB.
//!
//! JPEG goes through libjpeg-turbo, which can decode at 1/8…8/8 scale inside the
//! IDCT, so a 12 MP photo destined for 800 px never exists at full size in memory.
//! Everything else (and the JPEGs turbo refuses, like CMYK) goes through `image`.
//!
//! JPEGs are read as leniently as libjpeg itself, Pillow, browsers and `djpeg`
//! read them: stray bytes between segments, a mis-sized or damaged EXIF block
//! and data after the end of the image are warnings (logged), not errors. Data
//! that is really cut off or damaged inside the image is still refused, since
//! libjpeg would fill the missing part with grey and the search would run on
//! half a photo.

use std::borrow::Cow;
use std::io::Cursor;
use std::ops::Range;

use image::{DynamicImage, ImageDecoder, ImageError, ImageReader};
use serde::{Deserialize, Serialize};

use crate::format::{detect_format, DetectedFormat};
use crate::orientation::{exif_orientation, Orientation};
use crate::raster::{flatten_rgba, flatten_rgba_in_place, Rgb};
use crate::{PhotoError, PhotoSource};

/// Guard limits, checked against headers before any pixel buffer is allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Limits {
    /// Encoded input size.
    pub max_input_bytes: usize,
    /// Width × height; 120 MP admits 108 MP phone cameras.
    pub max_pixels: u64,
    /// Either side, in pixels.
    pub max_side: u32,
    /// Memory a full-size decode (non-JPEG formats) may take.
    pub max_decode_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 100 * 1024 * 1024,
            max_pixels: 120_000_000,
            max_side: 65_535,
            max_decode_bytes: 512 * 1024 * 1024,
        }
    }
}

/// A photo whose header has been read and checked, not yet decoded.
pub(crate) struct Opened<'a> {
    pub format: DetectedFormat,
    pub stored_width: u32,
    pub stored_height: u32,
    pub orientation: Orientation,
    pending: Pending<'a>,
    limits: Limits,
}

enum Pending<'a> {
    Turbo {
        /// The file, or a copy without the stray bytes libjpeg would skip with a warning.
        bytes: Cow<'a, [u8]>,
        decompressor: turbojpeg::Decompressor,
        lossless: bool,
    },
    /// `bytes` is kept for WebP, which libwebp decodes about 3× faster than `image`.
    Image {
        decoder: Box<dyn ImageDecoder + 'a>,
        bytes: &'a [u8],
    },
    Rgba(&'a [u8]),
}

/// Decoded pixels in stored orientation, possibly smaller than the stored size
/// (`scale` = decoded pixels per stored pixel, per axis).
pub(crate) struct Decoded {
    pub image: Rgb,
    pub scale_x: f64,
    pub scale_y: f64,
}

pub(crate) fn open<'a>(source: &PhotoSource<'a>, limits: &Limits) -> Result<Opened<'a>, PhotoError> {
    match *source {
        PhotoSource::Rgba { width, height, pixels } => open_rgba(width, height, pixels, limits),
        PhotoSource::Encoded(bytes) => open_encoded(bytes, limits),
    }
}

fn open_rgba<'a>(width: u32, height: u32, pixels: &'a [u8], limits: &Limits) -> Result<Opened<'a>, PhotoError> {
    check_dimensions(width, height, limits)?;
    let expected = u64::from(width) * u64::from(height) * 4;
    if width == 0 || height == 0 || pixels.len() as u64 != expected {
        return Err(PhotoError::Corrupt {
            detected: DetectedFormat::RawRgba.name().into(),
            reason: format!("{width}x{height} RGBA needs {expected} bytes, got {}", pixels.len()),
        });
    }
    Ok(Opened {
        format: DetectedFormat::RawRgba,
        stored_width: width,
        stored_height: height,
        orientation: Orientation::NORMAL,
        pending: Pending::Rgba(pixels),
        limits: *limits,
    })
}

fn open_encoded<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Opened<'a>, PhotoError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(PhotoError::TooLarge {
            what: "bytes of input",
            actual: bytes.len() as u64,
            limit: limits.max_input_bytes as u64,
        });
    }
    if bytes.is_empty() {
        return Err(PhotoError::Corrupt { detected: "empty".into(), reason: "the file is empty (0 bytes)".into() });
    }
    let format = detect_format(bytes);
    match format {
        DetectedFormat::Unknown => {
            Err(PhotoError::Corrupt { detected: "unknown".into(), reason: "the bytes match no image format".into() })
        }
        DetectedFormat::Jpeg => open_jpeg(bytes, limits),
        f if f.is_supported() => open_with_image(bytes, format, Orientation::NORMAL, true, limits),
        other => Err(PhotoError::UnsupportedFormat { detected: other.name().into() }),
    }
}

fn open_jpeg<'a>(original: &'a [u8], limits: &Limits) -> Result<Opened<'a>, PhotoError> {
    let layout = jpeg_layout(original);
    if !layout.complete {
        return Err(corrupt(DetectedFormat::Jpeg, "the file ends before the image data does (truncated?)"));
    }
    let orientation = layout.exif.map_or(Orientation::NORMAL, exif_orientation);
    // libjpeg skips these with a warning, which TurboJPEG reports as a failure
    // of the whole call: hand it the segments as libjpeg would read them.
    let bytes: Cow<'a, [u8]> = if layout.stray.is_empty() {
        Cow::Borrowed(original)
    } else {
        let skipped: usize = layout.stray.iter().map(|r| r.len()).sum();
        tracing::warn!(bytes = skipped, places = layout.stray.len(), "JPEG: skipping stray bytes between segments");
        Cow::Owned(without(original, &layout.stray))
    };
    let mut decompressor = turbojpeg::Decompressor::new()
        .map_err(|e| PhotoError::EncodeFailed { reason: format!("libjpeg-turbo: {e}") })?;
    let header = match decompressor.read_header(&bytes) {
        Ok(header) => header,
        // Some valid JPEGs are beyond turbo (e.g. 12-bit); let `image` have a go.
        Err(turbo_err) => {
            return open_with_image(original, DetectedFormat::Jpeg, orientation, false, limits).map_err(
                |err| match err {
                    PhotoError::Corrupt { .. } => corrupt(DetectedFormat::Jpeg, turbo_err),
                    other => other,
                },
            )
        }
    };
    let (width, height) = (to_u32(header.width), to_u32(header.height));
    check_dimensions(width, height, limits)?;
    if matches!(header.colorspace, turbojpeg::Colorspace::CMYK | turbojpeg::Colorspace::YCCK) {
        // libjpeg-turbo only hands CMYK back as CMYK; `image` converts it to RGB.
        return open_with_image(original, DetectedFormat::Jpeg, orientation, false, limits);
    }
    Ok(Opened {
        format: DetectedFormat::Jpeg,
        stored_width: width,
        stored_height: height,
        orientation,
        pending: Pending::Turbo { bytes, decompressor, lossless: header.is_lossless },
        limits: *limits,
    })
}

fn open_with_image<'a>(
    bytes: &'a [u8],
    format: DetectedFormat,
    orientation: Orientation,
    orientation_from_decoder: bool,
    limits: &Limits,
) -> Result<Opened<'a>, PhotoError> {
    let Some(image_format) = format.image_format() else {
        return Err(PhotoError::UnsupportedFormat { detected: format.name().into() });
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_side);
    image_limits.max_image_height = Some(limits.max_side);
    image_limits.max_alloc = Some(limits.max_decode_bytes);
    reader.limits(image_limits);
    let mut decoder = reader.into_decoder().map_err(|e| map_image_error(format, e, limits))?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, limits)?;
    if decoder.total_bytes() > limits.max_decode_bytes {
        return Err(PhotoError::TooLarge {
            what: "bytes of decoded pixels",
            actual: decoder.total_bytes(),
            limit: limits.max_decode_bytes,
        });
    }
    let orientation = if orientation_from_decoder {
        decoder
            .orientation()
            .ok()
            .and_then(|o| Orientation::from_exif(u32::from(o.to_exif())))
            .unwrap_or(Orientation::NORMAL)
    } else {
        orientation
    };
    Ok(Opened {
        format,
        stored_width: width,
        stored_height: height,
        orientation,
        pending: Pending::Image { decoder: Box::new(decoder), bytes },
        limits: *limits,
    })
}

impl Opened<'_> {
    /// Size as the buyer sees it (after EXIF orientation).
    pub fn oriented_size(&self) -> (u32, u32) {
        self.orientation.oriented_size(self.stored_width, self.stored_height)
    }

    /// Decode, as small as allowed: each axis keeps at least `min_scale` of its pixels
    /// (only JPEG can shrink while decoding; others decode at full size).
    pub fn decode(self, min_scale: f64) -> Result<Decoded, PhotoError> {
        let (full_w, full_h) = (self.stored_width, self.stored_height);
        let format = self.format;
        let limits = self.limits;
        let image = match self.pending {
            Pending::Rgba(pixels) => flatten_rgba(pixels, full_w, full_h),
            Pending::Image { decoder, bytes } => match decode_with_libwebp(format, bytes) {
                Some(image) => image,
                None => decode_with_image(format, decoder, &limits)?,
            },
            Pending::Turbo { bytes, decompressor, lossless } => {
                let eighths = if lossless { 8 } else { eighths_for(min_scale) };
                match decode_with_turbo(&bytes, decompressor, full_w, full_h, eighths) {
                    Ok(image) => image,
                    Err(turbo_err) => {
                        let fallback = open_with_image(&bytes, format, Orientation::NORMAL, false, &limits)
                            .and_then(|opened| opened.decode(1.0));
                        return fallback.map_err(|err| match err {
                            PhotoError::Corrupt { .. } => corrupt(format, turbo_err),
                            other => other,
                        });
                    }
                }
            }
        };
        Ok(Decoded {
            scale_x: f64::from(image.width) / f64::from(full_w),
            scale_y: f64::from(image.height) / f64::from(full_h),
            image,
        })
    }
}

/// Smallest DCT scale n/8 that keeps at least `min_scale` of each axis.
fn eighths_for(min_scale: f64) -> usize {
    (1..=8usize).find(|&n| n as f64 / 8.0 + 1e-9 >= min_scale).unwrap_or(8)
}

fn decode_with_turbo(
    bytes: &[u8],
    mut decompressor: turbojpeg::Decompressor,
    full_w: u32,
    full_h: u32,
    eighths: usize,
) -> Result<Rgb, turbojpeg::Error> {
    let factor = turbojpeg::ScalingFactor::new(eighths, 8);
    decompressor.set_scaling_factor(factor)?;
    let width = factor.scale(full_w as usize);
    let height = factor.scale(full_h as usize);
    let mut image = turbojpeg::Image {
        pixels: vec![0u8; width * height * 3],
        width,
        pitch: width * 3,
        height,
        format: turbojpeg::PixelFormat::RGB,
    };
    match decompressor.decompress(bytes, image.as_deref_mut()) {
        Ok(()) => {}
        // The whole image was decoded; libjpeg only noted something on the way.
        Err(turbojpeg::Error::TurboJpegError(message)) if is_benign_warning(&message) => {
            tracing::warn!(warning = %message, "JPEG decoded with a libjpeg warning");
        }
        Err(e) => return Err(e),
    }
    Ok(Rgb { width: to_u32(width), height: to_u32(height), data: image.pixels })
}

/// libjpeg warnings (`JWRN_*`) after which every pixel is decoded as the file
/// intends; TurboJPEG returns them as errors. Warnings that mean image data
/// is missing or damaged ("Premature end of JPEG file", "premature end of
/// data segment", a bad Huffman or arithmetic code, a lost restart marker)
/// are not here: libjpeg would paint the rest grey, so those stay refused.
/// Only the first warning of a call is reported, and a fatal error replaces
/// it, so a benign message means nothing fatal followed.
fn is_benign_warning(message: &str) -> bool {
    const BENIGN: [&str; 4] = [
        "extraneous bytes before marker",
        "unknown JFIF revision number",
        "Unknown Adobe color transform code",
        "bad ICC marker",
    ];
    BENIGN.iter().any(|w| message.contains(w))
}

/// Still WebP through libwebp; `None` (animated, or libwebp refused it) means let
/// `image` decode it, which also gives the precise error.
fn decode_with_libwebp(format: DetectedFormat, bytes: &[u8]) -> Option<Rgb> {
    if format != DetectedFormat::Webp {
        return None;
    }
    let decoded = webp::Decoder::new(bytes).decode()?;
    let (width, height) = (decoded.width(), decoded.height());
    let expected = width as usize * height as usize * decoded.layout().bytes_per_pixel() as usize;
    if decoded.len() != expected {
        return None;
    }
    Some(match decoded.layout() {
        webp::PixelLayout::Rgba => flatten_rgba(&decoded, width, height),
        webp::PixelLayout::Rgb => Rgb { width, height, data: decoded.to_vec() },
    })
}

fn decode_with_image(
    format: DetectedFormat,
    decoder: Box<dyn ImageDecoder + '_>,
    limits: &Limits,
) -> Result<Rgb, PhotoError> {
    let dynamic = DynamicImage::from_decoder(decoder).map_err(|e| map_image_error(format, e, limits))?;
    let (width, height) = (dynamic.width(), dynamic.height());
    Ok(if dynamic.color().has_alpha() {
        flatten_rgba_in_place(dynamic.into_rgba8().into_raw(), width, height)
    } else {
        Rgb { width, height, data: dynamic.into_rgb8().into_raw() }
    })
}

fn check_dimensions(width: u32, height: u32, limits: &Limits) -> Result<(), PhotoError> {
    let side = width.max(height);
    if side > limits.max_side {
        return Err(PhotoError::TooLarge {
            what: "pixels on the longest side",
            actual: u64::from(side),
            limit: u64::from(limits.max_side),
        });
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(PhotoError::TooLarge { what: "pixels", actual: pixels, limit: limits.max_pixels });
    }
    if width == 0 || height == 0 {
        return Err(PhotoError::Corrupt {
            detected: "image".into(),
            reason: format!("the header says {width}x{height}"),
        });
    }
    Ok(())
}

fn map_image_error(format: DetectedFormat, err: ImageError, limits: &Limits) -> PhotoError {
    match err {
        ImageError::Limits(e) => PhotoError::TooLarge {
            what: match e.kind() {
                image::error::LimitErrorKind::DimensionError => "pixels on the longest side",
                _ => "bytes of decoder memory",
            },
            actual: limits.max_decode_bytes.saturating_add(1),
            limit: limits.max_decode_bytes,
        },
        ImageError::Unsupported(e) => PhotoError::UnsupportedFormat { detected: format!("{} ({e})", format.name()) },
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            corrupt(format, "the file ends before the image data does (truncated?)")
        }
        other => corrupt(format, other),
    }
}

fn corrupt(format: DetectedFormat, reason: impl std::fmt::Display) -> PhotoError {
    PhotoError::Corrupt { detected: format.name().into(), reason: reason.to_string() }
}

fn to_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// What the marker walk of a JPEG found before its first scan.
struct JpegLayout<'a> {
    /// The TIFF structure inside the APP1 "Exif" segment.
    exif: Option<&'a [u8]>,
    /// An EOI marker follows the first scan. libjpeg-turbo only warns on truncation
    /// and fills the rest with grey, which would silently send half a photo.
    complete: bool,
    /// Bytes before the first scan that belong to no segment (after a segment
    /// whose length is wrong, or junk a tool left): libjpeg skips to the next
    /// marker with "Corrupt JPEG data: N extraneous bytes before marker".
    stray: Vec<Range<usize>>,
}

/// The next marker at or after `pos` the way libjpeg's `next_marker` finds
/// it: skip anything up to an `FF`, skip fill `FF`s, and an `FF 00` is data,
/// not a marker. Returns where its `FF` is and its code.
fn next_marker(bytes: &[u8], mut pos: usize) -> Option<(usize, u8)> {
    loop {
        pos += bytes.get(pos..)?.iter().position(|&b| b == 0xFF)?;
        let fills = bytes.get(pos..)?.iter().take_while(|&&b| b == 0xFF).count();
        let code_at = pos + fills;
        let code = *bytes.get(code_at)?;
        if code != 0 {
            return Some((code_at - 1, code));
        }
        pos = code_at + 1;
    }
}

/// Walk the marker segments up to the first scan (never through the scan data, which
/// is most of the file).
fn jpeg_layout(bytes: &[u8]) -> JpegLayout<'_> {
    let mut exif = None;
    let mut stray = Vec::new();
    let mut pos = 2;
    while let Some((at, marker)) = next_marker(bytes, pos) {
        if bytes[pos..at].iter().any(|&b| b != 0xFF) {
            stray.push(pos..at);
        }
        match marker {
            0xD9 => return JpegLayout { exif, complete: true, stray },
            0x01 | 0xD0..=0xD7 => {
                pos = at + 2;
                continue;
            }
            _ => {}
        }
        let Some(len) = bytes.get(at + 2..at + 4).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))) else {
            break;
        };
        let body = bytes.get(at + 4..at + 2 + len.max(2));
        if marker == 0xE1 && exif.is_none() {
            exif = body.and_then(|b| b.strip_prefix(b"Exif\0\0"));
        }
        let next = at + 2 + len.max(2);
        if marker == 0xDA {
            // Entropy-coded data cannot contain FF D9 (FF is stuffed), so any later FF D9 is EOI.
            let complete = bytes.get(next..).is_some_and(|rest| rest.windows(2).rev().any(|w| w == [0xFF, 0xD9]));
            return JpegLayout { exif, complete, stray };
        }
        pos = next;
    }
    JpegLayout { exif, complete: false, stray }
}

/// `bytes` with the `drop` ranges (sorted, disjoint) left out.
fn without(bytes: &[u8], drop: &[Range<usize>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for r in drop {
        out.extend_from_slice(&bytes[from..r.start]);
        from = r.end;
    }
    out.extend_from_slice(&bytes[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_smallest_dct_scale_that_keeps_enough_pixels() {
        assert_eq!(eighths_for(0.2), 2);
        assert_eq!(eighths_for(0.25), 2);
        assert_eq!(eighths_for(0.26), 3);
        assert_eq!(eighths_for(0.01), 1);
        assert_eq!(eighths_for(1.0), 8);
        assert_eq!(eighths_for(3.0), 8);
    }
}
