//! Is a block a photograph, and how likely is it the product the buyer means: big,
//! photographic, near the middle, not a strip.

use super::{CandidateKind, Found, Rect};

/// Photographs hold many colours; text, buttons and icons a handful plus their
/// anti-aliasing …
const MIN_COLOURS: u32 = 120;
/// … and a smooth synthetic picture at least a few dozen …
const MIN_SMOOTH_COLOURS: u32 = 24;
/// … while in drawn blocks one exact colour (the background) covers most pixels;
/// in a photograph, gradients and noise leave no colour that common.
const MAX_PHOTO_MODE: f32 = 0.4;

/// What a block's pixels look like.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    /// Distinct colours at 5 bits a channel, in a sample of up to ~2,500 pixels.
    pub colours: u32,
    /// Share of sampled pixels of the most common exact colour.
    pub mode: f32,
}

pub fn look(width: usize, data: &[u8], r: Rect) -> Look {
    let step = ((r.area() as f64 / 2_500.0).sqrt().floor() as usize).max(1);
    let mut seen = vec![0u64; 32768 / 64];
    let mut counts: std::collections::HashMap<[u8; 3], u32> = std::collections::HashMap::new();
    let mut n = 0u32;
    for y in (r.y0..r.y1).step_by(step) {
        let row = &data[y * width * 3..(y + 1) * width * 3];
        for x in (r.x0..r.x1.saturating_sub(1)).step_by(step) {
            let p = &row[x * 3..x * 3 + 3];
            let bin = (usize::from(p[0] >> 3) << 10) | (usize::from(p[1] >> 3) << 5) | usize::from(p[2] >> 3);
            seen[bin / 64] |= 1 << (bin % 64);
            *counts.entry([p[0], p[1], p[2]]).or_default() += 1;
            n += 1;
        }
    }
    let mode = counts.values().copied().max().unwrap_or(0);
    Look { colours: seen.iter().map(|w| w.count_ones()).sum(), mode: mode as f32 / n.max(1) as f32 }
}

/// Scores a block of a screen, or `None` when it is not a photograph.
pub fn picture(width: usize, height: usize, data: &[u8], r: Rect) -> Option<Found> {
    let min_side = crate::MIN_CROP_SIDE as usize;
    if r.width() < min_side || r.height() < min_side {
        return None;
    }
    let look = look(width, data, r);
    let photographic = (look.colours >= MIN_COLOURS && look.mode < 0.6)
        || (look.colours >= MIN_SMOOTH_COLOURS && look.mode < MAX_PHOTO_MODE);
    if !photographic {
        return None;
    }
    let photo = ((look.colours as f32 / 600.0).min(1.0) * 0.4 + (1.0 - look.mode) * 0.6).min(1.0);
    let (w, h) = (width as f32, height as f32);
    let area = r.area() as f32 / (w * h);
    let aspect = (r.width() as f32 / r.height() as f32).max(r.height() as f32 / r.width() as f32);
    let aspect_factor = if aspect <= 2.0 { 1.0 } else { (2.0 / aspect).powi(2) };
    let (cx, cy) = ((r.x0 + r.x1) as f32 / 2.0 / w - 0.5, (r.y0 + r.y1) as f32 / 2.0 / h - 0.5);
    let centre = 1.0 - 0.5 * (cx * cx + cy * cy).sqrt() / std::f32::consts::FRAC_1_SQRT_2;
    let size = area.sqrt().min(0.8) / 0.8;
    let score = size * (0.5 + 0.5 * photo) * aspect_factor * centre;
    Some(Found { rect: r, score: score.clamp(0.0, 1.0), kind: CandidateKind::Picture })
}
