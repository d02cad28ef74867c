//! Buyer-photo simulation: the same product re-shot on another background,
//! tilted, off-centre, cropped, rescaled, brighter or darker, recompressed.
//! The recall benchmark and the demo photos use it.

use image::RgbImage;

use crate::catalog::Design;
use crate::render::{render, Background, Scene};
use crate::rng::SplitMix;

/// One random re-shoot of a product.
#[derive(Debug, Clone, Copy)]
pub struct Perturbation {
    pub scene: Scene,
    /// Crop window as fractions of the frame: x, y, width, height.
    pub crop: (f32, f32, f32, f32),
    /// Resize factor applied after cropping.
    pub rescale: f32,
    pub jpeg_quality: u8,
    /// Multiplier on every channel.
    pub brightness: f32,
}

/// A background unlike a seller's studio: a colour, a gradient, a table, a cloth.
pub fn random_background(rng: &mut SplitMix) -> Background {
    let mut colour = || [rng.below(256) as u8, rng.below(256) as u8, rng.below(256) as u8];
    let a = colour();
    let b = colour();
    match rng.below(4) {
        0 => Background::Solid(a),
        1 => Background::Gradient(a, b),
        2 => Background::Wood(rng.next_u64()),
        _ => Background::Fabric(a, rng.next_u64()),
    }
}

impl Perturbation {
    /// Draws the perturbation ranges the benchmark is specified with.
    pub fn random(rng: &mut SplitMix) -> Perturbation {
        let background = random_background(rng);
        let crop_side = rng.range(0.70, 0.95);
        let crop_h = (crop_side + rng.range(-0.05, 0.05)).clamp(0.70, 0.95);
        Perturbation {
            scene: Scene {
                background,
                rotation_deg: rng.range(-10.0, 10.0),
                scale: 0.86,
                center: (0.5, 0.5),
                shadow: rng.chance(0.5),
                hand: false,
            },
            crop: (rng.range(0.0, 1.0 - crop_side), rng.range(0.0, 1.0 - crop_h), crop_side, crop_h),
            rescale: rng.range(0.3, 1.5),
            jpeg_quality: 40 + rng.below(51) as u8,
            brightness: rng.range(0.8, 1.2),
        }
    }

    /// Renders the design at `side` pixels and applies every step; returns the JPEG bytes.
    pub fn apply(&self, design: &Design, side: u32) -> Vec<u8> {
        let full = render(design, &self.scene, side, side);
        let (x, y, w, h) = self.crop;
        let cx = (x * side as f32) as u32;
        let cy = (y * side as f32) as u32;
        let cw = ((w * side as f32) as u32).clamp(8, side - cx);
        let ch = ((h * side as f32) as u32).clamp(8, side - cy);
        let cropped = image::imageops::crop_imm(&full, cx, cy, cw, ch).to_image();
        let nw = ((cw as f32 * self.rescale) as u32).max(16);
        let nh = ((ch as f32 * self.rescale) as u32).max(16);
        let mut resized = image::imageops::resize(&cropped, nw, nh, image::imageops::FilterType::Triangle);
        for p in resized.pixels_mut() {
            for c in p.0.iter_mut() {
                *c = (f32::from(*c) * self.brightness).clamp(0.0, 255.0) as u8;
            }
        }
        encode_jpeg(&resized, self.jpeg_quality)
    }
}

/// Encodes an RGB picture as a baseline JPEG.
pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100));
    if encoder.encode_image(img).is_err() {
        out.clear();
    }
    out
}
