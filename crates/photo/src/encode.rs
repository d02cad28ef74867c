//! Encoders: libjpeg-turbo for JPEG (about 12× faster than `image`'s), `image` for PNG.

use crate::raster::Rgb;
use crate::PhotoError;

fn failed(what: &str, err: impl std::fmt::Display) -> PhotoError {
    PhotoError::EncodeFailed { reason: format!("{what}: {err}") }
}

/// Baseline 4:2:0 JPEG with optimised Huffman tables (smaller for the same quality).
pub fn encode_jpeg(img: &Rgb, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut compressor = turbojpeg::Compressor::new().map_err(|e| failed("jpeg", e))?;
    compressor.set_quality(i32::from(quality.clamp(1, 100))).map_err(|e| failed("jpeg", e))?;
    compressor.set_subsamp(turbojpeg::Subsamp::Sub2x2).map_err(|e| failed("jpeg", e))?;
    compressor.set_optimize(true).map_err(|e| failed("jpeg", e))?;
    let image = turbojpeg::Image {
        pixels: img.data.as_slice(),
        width: img.width as usize,
        pitch: img.width as usize * 3,
        height: img.height as usize,
        format: turbojpeg::PixelFormat::RGB,
    };
    compressor.compress_to_vec(image).map_err(|e| failed("jpeg", e))
}

pub fn encode_png(img: &Rgb) -> Result<Vec<u8>, PhotoError> {
    use image::ImageEncoder as _;
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    );
    encoder
        .write_image(&img.data, img.width, img.height, image::ExtendedColorType::Rgb8)
        .map_err(|e| failed("png", e))?;
    Ok(out)
}
