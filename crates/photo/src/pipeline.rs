//! The public pipeline: photo bytes → the exact bytes an image-search API wants.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use zhaohuo_types::{CropBox, ImageFormat, ImageSpec};

use crate::decode::{open, Decoded, Limits};
use crate::encode::{encode_jpeg, encode_png};
use crate::format::DetectedFormat;
use crate::orientation::Orientation;
use crate::phash::phash;
use crate::raster::{Region, Rgb};
use crate::regions::Candidate;
use crate::PhotoError;

/// Smallest crop side the APIs can still match on.
pub const MIN_CROP_SIDE: u32 = 32;
/// History thumbnails fit in this square …
pub const THUMBNAIL_SIDE: u32 = 256;
/// … and in this many bytes.
pub const THUMBNAIL_MAX_BYTES: usize = 20 * 1024;
/// Quality is never stepped below this; the size shrinks instead.
const MIN_QUALITY: u8 = 40;
/// Below this longest side a photo is useless for matching, so we give up.
const MIN_OUTPUT_SIDE: u32 = 64;

/// Where the photo comes from. Drops, pastes and files all arrive as bytes; the
/// clipboard may instead hand over straight (not premultiplied) RGBA pixels.
#[derive(Debug, Clone, Copy)]
pub enum PhotoSource<'a> {
    Encoded(&'a [u8]),
    Rgba { width: u32, height: u32, pixels: &'a [u8] },
}

/// Why `spec` cannot be prepared to, as a typed error.
fn validate(spec: &ImageSpec) -> Result<(), PhotoError> {
    match spec.problem(MIN_CROP_SIDE) {
        Some(reason) => Err(PhotoError::InvalidSpec { reason }),
        None => Ok(()),
    }
}

/// The photo as it will be sent, plus what the app keeps about it.
#[derive(Clone)]
pub struct PreparedPhoto {
    /// The encoded file to send.
    pub bytes: Vec<u8>,
    /// `bytes` in standard base64: no line breaks, no `data:` prefix.
    pub base64: String,
    pub width: u32,
    pub height: u32,
    /// Final JPEG quality; `None` for PNG.
    pub quality: Option<u8>,
    pub format: ImageFormat,
    /// SHA-256 of `bytes`: the cache key for identical searches.
    pub sha256_hex: String,
    /// Perceptual hash of the cropped photo (compare with [`crate::hamming`]).
    pub phash: u64,
    /// History thumbnail: JPEG, ≤ 256 px a side, ≤ 20 KB.
    pub thumbnail_jpeg: Vec<u8>,
    /// Photo size after EXIF orientation, before the crop.
    pub oriented_width: u32,
    pub oriented_height: u32,
    /// The crop applied, in oriented pixels (the whole photo when none was given).
    pub crop: CropBox,
    /// Where the cropped photo sits in the prepared image (`width`×`height`):
    /// all of it, or the middle when it was padded to a square.
    pub picture: CropBox,
    pub detected_format: DetectedFormat,
}

impl std::fmt::Debug for PreparedPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedPhoto")
            .field("bytes", &self.bytes.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .field("quality", &self.quality)
            .field("format", &self.format)
            .field("sha256_hex", &self.sha256_hex)
            .field("phash", &format_args!("{:016x}", self.phash))
            .field("thumbnail_jpeg", &self.thumbnail_jpeg.len())
            .field("oriented", &(self.oriented_width, self.oriented_height))
            .field("crop", &self.crop)
            .field("picture", &self.picture)
            .field("detected_format", &self.detected_format)
            .finish()
    }
}

impl PreparedPhoto {
    /// A rectangle in the prepared image's pixels (what a provider says it
    /// searched, e.g. 1688's `picRegionInfo`) as the same part of the oriented
    /// photo: padding taken off, scaled back to the crop, clipped to it.
    /// `None` when nothing of it lies on the photo.
    pub fn region_on_photo(&self, region: CropBox) -> Option<CropBox> {
        let (p, c) = (self.picture, self.crop);
        let sx = f64::from(c.width) / f64::from(p.width.max(1));
        let sy = f64::from(c.height) / f64::from(p.height.max(1));
        let map = |v: u32, pad: u32, scale: f64, origin: u32, len: u32| -> u32 {
            let inside = (f64::from(v) - f64::from(pad)).clamp(0.0, f64::from(len) / scale);
            origin + ((inside * scale).round() as u32).min(len)
        };
        let x0 = map(region.x, p.x, sx, c.x, c.width);
        let y0 = map(region.y, p.y, sy, c.y, c.height);
        let x1 = map(region.x.saturating_add(region.width), p.x, sx, c.x, c.width);
        let y1 = map(region.y.saturating_add(region.height), p.y, sy, c.y, c.height);
        (x1 > x0 && y1 > y0).then(|| CropBox { x: x0, y: y0, width: x1 - x0, height: y1 - y0 })
    }
}

/// What a photo is, read from its header only (no pixels decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhotoInfo {
    pub format: DetectedFormat,
    /// Size after EXIF orientation: the coordinate space of crop boxes.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation 1–8 (1 when absent).
    pub orientation: u8,
}

/// Format and oriented size, cheaply (header and EXIF only), with the same guards.
pub fn inspect(source: PhotoSource<'_>) -> Result<PhotoInfo, PhotoError> {
    let opened = open(&source, &Limits::default())?;
    let (width, height) = opened.oriented_size();
    Ok(PhotoInfo { format: opened.format, width, height, orientation: opened.orientation.exif_value() })
}

/// Run the whole pipeline with the default guard limits. CPU-bound (tens of ms for a
/// 12 MP photo, one extra thread for the thumbnail): call it from a blocking task.
pub fn prepare(source: PhotoSource<'_>, crop: Option<CropBox>, spec: &ImageSpec) -> Result<PreparedPhoto, PhotoError> {
    prepare_with_limits(source, crop, spec, &Limits::default())
}

pub fn prepare_with_limits(
    source: PhotoSource<'_>,
    crop: Option<CropBox>,
    spec: &ImageSpec,
    limits: &Limits,
) -> Result<PreparedPhoto, PhotoError> {
    validate(spec)?;
    let opened = open(&source, limits)?;
    let detected_format = opened.format;
    let orientation = opened.orientation;
    let (oriented_width, oriented_height) = opened.oriented_size();
    let (stored_w, stored_h) = (opened.stored_width, opened.stored_height);
    let crop = match crop {
        Some(crop) => validate_crop(crop, oriented_width, oriented_height)?,
        None => CropBox { x: 0, y: 0, width: oriented_width, height: oriented_height },
    };
    let stored_crop = orientation.stored_rect((crop.x, crop.y, crop.width, crop.height), stored_w, stored_h);

    let (out_w, out_h) = fit_within(crop.width, crop.height, spec.max_side);
    let (stored_out_w, stored_out_h) = orientation.oriented_size(out_w, out_h);
    let min_scale =
        (f64::from(stored_out_w) / f64::from(stored_crop.2)).max(f64::from(stored_out_h) / f64::from(stored_crop.3));
    let decoded = opened.decode(min_scale)?;
    let region = decoded_region(&decoded, stored_crop);

    let photo = render(&decoded, region, out_w, out_h, orientation)?;
    // The hash and thumbnail need only the resized photo: make them on a second core
    // while the main encode runs (inline if no thread can be had).
    let identify = || -> Result<(u64, Vec<u8>), PhotoError> { Ok((phash(&photo)?, thumbnail(&photo)?)) };
    let (identity, encoded) = std::thread::scope(|scope| {
        let side = std::thread::Builder::new().name("photo-thumbnail".into()).spawn_scoped(scope, identify);
        let encoded = fit_bytes(&decoded, region, &photo, orientation, spec);
        let identity = match side {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(PhotoError::EncodeFailed { reason: "the thumbnail thread panicked".into() })),
            Err(_) => identify(),
        };
        (identity, encoded)
    });
    let (phash, thumbnail_jpeg) = identity?;
    let Encoded { bytes, quality, picture, width, height } = encoded?;

    let sha256_hex = hex::encode(sha2::Sha256::digest(&bytes));
    let base64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Ok(PreparedPhoto {
        bytes,
        base64,
        width,
        height,
        quality,
        format: spec.format,
        sha256_hex,
        phash,
        thumbnail_jpeg,
        oriented_width,
        oriented_height,
        crop,
        picture,
        detected_format,
    })
}

/// What a picture is, in words the UI can build: a screen capture or a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SourceKind {
    /// Pasted pixels or a PNG-like file without a camera's EXIF, drawn like a screen
    /// (flat colours, text, bars).
    Screenshot,
    Photo,
}

/// Where the product may be in a photo, and what the photo is.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoRegions {
    /// Best first, in oriented pixels; empty when nothing stands out.
    pub candidates: Vec<Candidate>,
    pub kind: SourceKind,
    pub format: DetectedFormat,
    /// Size after EXIF orientation.
    pub width: u32,
    pub height: u32,
}

impl PhotoRegions {
    /// The suggested crop: the best candidate, else the whole photo.
    pub fn suggested_crop(&self) -> CropBox {
        self.candidates.first().map(|c| c.rect).unwrap_or(CropBox {
            x: 0,
            y: 0,
            width: self.width,
            height: self.height,
        })
    }
}

/// Screens are analysed at their own pixels up to this side (exact lines matter);
/// larger pictures (camera photos) are decoded smaller.
const REGIONS_SIDE: u32 = 2560;

/// Finds the candidate regions of a photo ([`crate::regions`]) and says whether it
/// is a screenshot. CPU-bound (a few ms for a 1920×1080 screenshot plus decoding).
pub fn find_regions(source: PhotoSource<'_>) -> Result<PhotoRegions, PhotoError> {
    let camera = match source {
        PhotoSource::Encoded(bytes) => has_camera_exif(bytes),
        PhotoSource::Rgba { .. } => false,
    };
    let opened = open(&source, &Limits::default())?;
    let format = opened.format;
    let orientation = opened.orientation;
    let (oriented_w, oriented_h) = opened.oriented_size();
    let (stored_w, stored_h) = (opened.stored_width, opened.stored_height);
    let (out_w, out_h) = fit_within(oriented_w, oriented_h, REGIONS_SIDE);
    let (stored_out_w, stored_out_h) = orientation.oriented_size(out_w, out_h);
    let min_scale = (f64::from(stored_out_w) / f64::from(stored_w)).max(f64::from(stored_out_h) / f64::from(stored_h));
    let decoded = opened.decode(min_scale)?;
    let small = render(&decoded, decoded.image.full_region(), out_w, out_h, orientation)?;
    let layout = crate::regions::analyse(small.width, small.height, &small.data);
    let sx = f64::from(oriented_w) / f64::from(out_w);
    let sy = f64::from(oriented_h) / f64::from(out_h);
    let candidates = layout
        .candidates
        .into_iter()
        .filter_map(|mut c| {
            let r = c.rect;
            let x0 = (f64::from(r.x) * sx).floor() as u32;
            let y0 = (f64::from(r.y) * sy).floor() as u32;
            let x1 = ((f64::from(r.x + r.width) * sx).ceil() as u32).min(oriented_w);
            let y1 = ((f64::from(r.y + r.height) * sy).ceil() as u32).min(oriented_h);
            let (width, height) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
            c.rect = CropBox { x: x0, y: y0, width, height };
            (width >= MIN_CROP_SIDE && height >= MIN_CROP_SIDE).then_some(c)
        })
        .collect();
    let screen_format = matches!(
        format,
        DetectedFormat::RawRgba
            | DetectedFormat::Png
            | DetectedFormat::Webp
            | DetectedFormat::Bmp
            | DetectedFormat::Gif
    );
    let kind = if screen_format && !camera && layout.screen_like { SourceKind::Screenshot } else { SourceKind::Photo };
    Ok(PhotoRegions { candidates, kind, format, width: oriented_w, height: oriented_h })
}

/// A camera (or phone camera) wrote EXIF with its make or model: not a screenshot.
fn has_camera_exif(bytes: &[u8]) -> bool {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return false;
    };
    [exif::Tag::Make, exif::Tag::Model].into_iter().any(|tag| exif.get_field(tag, exif::In::PRIMARY).is_some())
}

/// The suggested crop around the product, in oriented pixels: the best of
/// [`find_regions`]' candidates (the photograph in a screenshot, the product in a
/// photo), or the whole photo when nothing stands out.
pub fn suggest_subject(source: PhotoSource<'_>) -> Result<CropBox, PhotoError> {
    Ok(find_regions(source)?.suggested_crop())
}

fn validate_crop(crop: CropBox, image_width: u32, image_height: u32) -> Result<CropBox, PhotoError> {
    let invalid = |reason| PhotoError::InvalidCrop { crop, image_width, image_height, reason };
    if crop.width == 0 || crop.height == 0 {
        return Err(invalid("the crop box is empty"));
    }
    if u64::from(crop.x) + u64::from(crop.width) > u64::from(image_width)
        || u64::from(crop.y) + u64::from(crop.height) > u64::from(image_height)
    {
        return Err(invalid("the crop box goes outside the photo"));
    }
    let is_whole_photo = crop.x == 0 && crop.y == 0 && crop.width == image_width && crop.height == image_height;
    if !is_whole_photo && (crop.width < MIN_CROP_SIDE || crop.height < MIN_CROP_SIDE) {
        return Err(invalid("the crop box is under 32 pixels on a side"));
    }
    Ok(crop)
}

/// Scale `width × height` so the longest side is at most `max_side` (never enlarging).
pub(crate) fn fit_within(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_side {
        return (width, height);
    }
    let scale = f64::from(max_side) / f64::from(long);
    let shrink = |side: u32| {
        if side == long {
            max_side
        } else {
            ((f64::from(side) * scale).round() as u32).clamp(1, max_side)
        }
    };
    (shrink(width), shrink(height))
}

/// The stored-orientation crop in decoded pixels (the decode may be DCT-scaled).
fn decoded_region(decoded: &Decoded, (x, y, w, h): (u32, u32, u32, u32)) -> Region {
    Region {
        left: f64::from(x) * decoded.scale_x,
        top: f64::from(y) * decoded.scale_y,
        width: f64::from(w) * decoded.scale_x,
        height: f64::from(h) * decoded.scale_y,
    }
}

/// Resize in stored orientation, then turn only the small result.
fn render(
    decoded: &Decoded,
    region: Region,
    out_w: u32,
    out_h: u32,
    orientation: Orientation,
) -> Result<Rgb, PhotoError> {
    let (stored_w, stored_h) = orientation.oriented_size(out_w, out_h);
    let resized = decoded.image.resize(region, stored_w, stored_h)?;
    Ok(orientation.apply(resized))
}

/// The file [`fit_bytes`] made: its bytes, JPEG quality, where the photo sits
/// in it (padding aside) and its size.
struct Encoded {
    bytes: Vec<u8>,
    quality: Option<u8>,
    picture: CropBox,
    width: u32,
    height: u32,
}

/// Encode under `spec.max_bytes`: first lower the quality, then the size.
fn fit_bytes(
    decoded: &Decoded,
    region: Region,
    first: &Rgb,
    orientation: Orientation,
    spec: &ImageSpec,
) -> Result<Encoded, PhotoError> {
    let qualities = quality_steps(spec.quality);
    let mut smallest = usize::MAX;
    let mut scaled: Option<Rgb> = None;
    let mut side = first.width.max(first.height);
    loop {
        let photo = scaled.as_ref().unwrap_or(first);
        let canvas = if spec.pad_to_square { photo.pad_to_square() } else { photo.clone() };
        let attempts: &[u8] = match (spec.format, scaled.is_some()) {
            (ImageFormat::Png, _) => &[0],
            (ImageFormat::Jpeg, false) => &qualities,
            (ImageFormat::Jpeg, true) => &qualities[qualities.len() - 1..],
        };
        for &quality in attempts {
            let bytes = match spec.format {
                ImageFormat::Jpeg => encode_jpeg(&canvas, quality)?,
                ImageFormat::Png => encode_png(&canvas)?,
            };
            if bytes.len() as u64 <= spec.max_bytes {
                let quality = (spec.format == ImageFormat::Jpeg).then_some(quality);
                // Where `pad_to_square` put the photo: centred, integer offsets.
                let picture = CropBox {
                    x: (canvas.width - photo.width) / 2,
                    y: (canvas.height - photo.height) / 2,
                    width: photo.width,
                    height: photo.height,
                };
                return Ok(Encoded { bytes, quality, picture, width: canvas.width, height: canvas.height });
            }
            smallest = smallest.min(bytes.len());
        }
        side = (f64::from(side) * 0.8) as u32;
        if side < MIN_OUTPUT_SIDE {
            return Err(PhotoError::CannotFit { max_bytes: spec.max_bytes, smallest_bytes: smallest });
        }
        let (w, h) = fit_within(first.width, first.height, side);
        scaled = Some(render(decoded, region, w, h, orientation)?);
    }
}

fn quality_steps(start: u8) -> Vec<u8> {
    let start = start.clamp(1, 100);
    let mut steps = vec![start];
    let mut q = start;
    while q > MIN_QUALITY {
        q = q.saturating_sub(10).max(MIN_QUALITY);
        steps.push(q);
    }
    steps
}

/// History thumbnail from the already-resized photo: ≤ 256 px, ≤ 20 KB.
fn thumbnail(photo: &Rgb) -> Result<Vec<u8>, PhotoError> {
    let mut side = THUMBNAIL_SIDE;
    loop {
        let (w, h) = fit_within(photo.width, photo.height, side);
        let small = photo.resize(photo.full_region(), w, h)?;
        for quality in [80u8, 70, 60, 50, 40] {
            let bytes = encode_jpeg(&small, quality)?;
            if bytes.len() <= THUMBNAIL_MAX_BYTES {
                return Ok(bytes);
            }
        }
        // Only pathological noise gets here; a 16 px thumbnail is far below 20 KB.
        side = (side * 3 / 4).max(16);
        if side == 16 {
            let (w, h) = fit_within(photo.width, photo.height, side);
            return encode_jpeg(&photo.resize(photo.full_region(), w, h)?, 40);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_the_long_side_and_never_enlarges() {
        assert_eq!(fit_within(4000, 3000, 800), (800, 600));
        assert_eq!(fit_within(3000, 4000, 800), (600, 800));
        assert_eq!(fit_within(20000, 10, 800), (800, 1));
        assert_eq!(fit_within(300, 200, 800), (300, 200));
        assert_eq!(fit_within(1, 1, 800), (1, 1));
    }

    #[test]
    fn quality_steps_down_to_the_floor() {
        assert_eq!(quality_steps(85), vec![85, 75, 65, 55, 45, 40]);
        assert_eq!(quality_steps(30), vec![30]);
        assert_eq!(quality_steps(40), vec![40]);
    }
}
