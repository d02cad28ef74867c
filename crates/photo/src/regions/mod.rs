//! Candidate regions: where the product is in whatever the buyer pasted.
//!
//! Buyers mostly paste screenshots (a shop page, a marketplace grid, a chat), not
//! product photos, and a search on the whole screenshot finds other products. So
//! before anything is sent, the picture is split into the rectangles that hold
//! photographs, ranked by how likely each is the product meant; the best one is the
//! suggested crop. A plain photo gets its subject instead (the product on a table,
//! a floor, a cloth).
//!
//! Classical and fast (a few ms for a 1920×1080 screenshot): per-cell statistics
//! tell screen drawing (exactly flat colours, thin strokes) from photographs
//! (never exactly flat); connected photo-like cells give rough boxes; their edges
//! are then found at full resolution where lines of one exact colour begin.

mod cells;
mod lines;
mod rank;
mod subject;

use image::RgbImage;
use serde::{Deserialize, Serialize};
use zhaohuo_types::CropBox;

use cells::Cells;
use lines::Lines;

/// What a candidate region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CandidateKind {
    /// A photograph inside a screenshot: a shop's product picture, a grid tile, a
    /// picture sent in a chat.
    Picture,
    /// The product inside a photo, without the table, floor or backdrop around it.
    Subject,
}

/// One place the product may be, in the picture's pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub rect: CropBox,
    /// How likely this is the product the buyer means, 0–1; candidates come sorted
    /// by it, best first.
    pub score: f32,
    pub kind: CandidateKind,
}

/// What the region finder made of a picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Best first; empty when nothing stands out (then the whole picture is it).
    pub candidates: Vec<Candidate>,
    /// Drawn like a screen (flat colours, text, bars) rather than photographed.
    pub screen_like: bool,
}

/// At most this many candidates are returned (a grid of 20 fits).
const MAX_CANDIDATES: usize = 32;
/// Pictures larger than this on their long side are analysed downscaled.
const MAX_ANALYSED_SIDE: u32 = 2560;

/// Half-open rectangle in analysed pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Rect {
    pub fn width(&self) -> usize {
        self.x1 - self.x0
    }

    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }

    pub fn area(&self) -> usize {
        self.width() * self.height()
    }

    pub fn iou(&self, other: &Rect) -> f32 {
        let x0 = self.x0.max(other.x0);
        let y0 = self.y0.max(other.y0);
        let x1 = self.x1.min(other.x1);
        let y1 = self.y1.min(other.y1);
        if x1 <= x0 || y1 <= y0 {
            return 0.0;
        }
        let inter = ((x1 - x0) * (y1 - y0)) as f32;
        inter / ((self.area() + other.area()) as f32 - inter)
    }
}

/// The candidate regions of an RGB picture, best first.
pub fn candidates(image: &RgbImage) -> Vec<Candidate> {
    layout(image).candidates
}

/// Candidates and whether the picture looks like a screen capture.
pub fn layout(image: &RgbImage) -> Layout {
    analyse(image.width(), image.height(), image.as_raw())
}

/// The same for packed RGB pixels (`data.len() == width × height × 3`).
pub(crate) fn analyse(width: u32, height: u32, data: &[u8]) -> Layout {
    let empty = Layout { candidates: Vec::new(), screen_like: false };
    if width < 16 || height < 16 || data.len() != width as usize * height as usize * 3 {
        return empty;
    }
    if width.max(height) > MAX_ANALYSED_SIDE {
        return analyse_downscaled(width, height, data).unwrap_or(empty);
    }
    let pixels = Pixels { width: width as usize, height: height as usize, data };
    let (mut found, one_photo) = pictures(&pixels);
    let screen_like = !one_photo;
    if one_photo || found.is_empty() {
        let size = (pixels.width.max(pixels.height) / 160).clamp(4, 16);
        let cells = Cells::measure(pixels.width, pixels.height, data, size);
        found = subject::find(&pixels, &cells);
    }
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<(Rect, Candidate)> = Vec::new();
    for (rect, candidate) in found.into_iter().map(|c| (c.rect, c)) {
        if kept.iter().any(|(k, _)| k.iou(&rect) > 0.7) {
            continue;
        }
        kept.push((rect, candidate.into_candidate()));
        if kept.len() == MAX_CANDIDATES {
            break;
        }
    }
    Layout { candidates: kept.into_iter().map(|(_, c)| c).collect(), screen_like }
}

/// Pictures over 2560 px (camera photos) are analysed at 1600 px and scaled back.
fn analyse_downscaled(width: u32, height: u32, data: &[u8]) -> Option<Layout> {
    let (w, h) = crate::pipeline::fit_within(width, height, 1600);
    let raster = crate::raster::Rgb { width, height, data: data.to_vec() };
    let small = raster.resize_with(raster.full_region(), w, h, fast_image_resize::FilterType::Box).ok()?;
    let mut layout = analyse(w, h, &small.data);
    let (sx, sy) = (f64::from(width) / f64::from(w), f64::from(height) / f64::from(h));
    for c in &mut layout.candidates {
        let x0 = (f64::from(c.rect.x) * sx).floor() as u32;
        let y0 = (f64::from(c.rect.y) * sy).floor() as u32;
        let x1 = ((f64::from(c.rect.x + c.rect.width) * sx).ceil() as u32).min(width);
        let y1 = ((f64::from(c.rect.y + c.rect.height) * sy).ceil() as u32).min(height);
        c.rect = CropBox { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    }
    Some(layout)
}

/// Packed RGB pixels.
#[derive(Clone, Copy)]
pub(crate) struct Pixels<'a> {
    pub width: usize,
    pub height: usize,
    pub data: &'a [u8],
}

/// A candidate before ranking and de-duplication.
pub(crate) struct Found {
    pub rect: Rect,
    pub score: f32,
    pub kind: CandidateKind,
}

impl Found {
    fn into_candidate(self) -> Candidate {
        let r = self.rect;
        Candidate {
            rect: CropBox { x: r.x0 as u32, y: r.y0 as u32, width: r.width() as u32, height: r.height() as u32 },
            score: self.score,
            kind: self.kind,
        }
    }
}

/// The photographs in a screen: the blocks of an XY cut that look photographic.
/// Returns them and whether the picture is one photograph as a whole.
fn pictures(p: &Pixels<'_>) -> (Vec<Found>, bool) {
    let lines = Lines::new(p.width, p.height, p.data);
    let (blocks, both_ways) = lines.blocks(true);
    let mut found: Vec<Found> = blocks.iter().filter_map(|&r| rank::picture(p.width, p.height, p.data, r)).collect();
    // A second, finer cut adds what the first kept together (tiles of a grid of
    // cards), ranked a little lower so the first cut's pictures lead.
    let (finer, _) = lines.blocks(false);
    for r in finer {
        if found.iter().any(|f| f.rect.iou(&r) > 0.9) {
            continue;
        }
        if let Some(mut f) = rank::picture(p.width, p.height, p.data, r) {
            f.score *= 0.9;
            found.push(f);
        }
    }
    let whole = (p.width * p.height) as f32;
    let one_photo = !both_ways || found.iter().any(|f| f.rect.area() as f32 >= 0.85 * whole);
    (found, one_photo)
}

/// Bounding boxes `(x0, y0, x1, y1)` in cells (half-open) and sizes of the
/// 4-connected groups of `mask` with at least `min_cells` cells.
pub(crate) fn components(
    mask: &[bool],
    cols: usize,
    rows: usize,
    min_cells: usize,
) -> Vec<((usize, usize, usize, usize), usize)> {
    let mut seen = vec![false; mask.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (cols, rows, 0, 0);
        let mut count = 0;
        while let Some(k) = stack.pop() {
            count += 1;
            let (x, y) = (k % cols, k / cols);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x + 1);
            y1 = y1.max(y + 1);
            let mut visit = |n: usize| {
                if mask[n] && !seen[n] {
                    seen[n] = true;
                    stack.push(n);
                }
            };
            if x > 0 {
                visit(k - 1);
            }
            if x + 1 < cols {
                visit(k + 1);
            }
            if y > 0 {
                visit(k - cols);
            }
            if y + 1 < rows {
                visit(k + cols);
            }
        }
        if count >= min_cells {
            out.push(((x0, y0, x1, y1), count));
        }
    }
    out
}
