//! The product inside a photo: whatever differs from what lies along the photo's
//! border (a studio backdrop, a wooden table, a floor, a patterned cloth). The
//! border cells are the model of the background; cells far from every one of them
//! are the product.

use super::cells::{Cell, Cells};
use super::Pixels;
use super::{CandidateKind, Found, Rect};

/// At most this many border cells make the background model.
const MODEL_CELLS: usize = 192;
/// Cells closer than this to the background model are background.
const MIN_THRESHOLD: f32 = 36.0;

/// How different two cells look: brightness counts less than colour (shadows and
/// light change brightness), texture a little.
fn distance(a: &Cell, b: &Cell) -> f32 {
    let la = (a.mean[0] + a.mean[1] + a.mean[2]) / 3.0;
    let lb = (b.mean[0] + b.mean[1] + b.mean[2]) / 3.0;
    let chroma: f32 = (0..3).map(|k| ((a.mean[k] - la) - (b.mean[k] - lb)).abs()).sum();
    0.8 * (la - lb).abs() + chroma + 0.5 * (a.spread - b.spread).abs()
}

pub fn find(p: &Pixels<'_>, cells: &Cells) -> Vec<Found> {
    let (cols, rows) = (cells.cols, cells.rows);
    if cols < 6 || rows < 6 {
        return Vec::new();
    }
    let mut ring: Vec<usize> = Vec::new();
    ring.extend(0..cols);
    ring.extend((1..rows).map(|y| y * cols + cols - 1));
    ring.extend((0..cols - 1).rev().map(|x| (rows - 1) * cols + x));
    ring.extend((1..rows - 1).rev().map(|y| y * cols));
    let step = ring.len().div_ceil(MODEL_CELLS);
    let model: Vec<(usize, &Cell)> =
        ring.iter().enumerate().step_by(step).map(|(i, &k)| (i, &cells.cells[k])).collect();

    // How far apart background cells are from each other (leaving out neighbours
    // along the ring, which would always match): the noise the threshold must clear.
    let mut spread: Vec<f32> = model
        .iter()
        .map(|(i, a)| {
            model
                .iter()
                .filter(|(j, _)| i.abs_diff(*j) > 3 * step && ring.len() - i.abs_diff(*j) > 3 * step)
                .map(|(_, b)| distance(a, b))
                .fold(f32::MAX, f32::min)
        })
        .filter(|d| d.is_finite() && *d < f32::MAX)
        .collect();
    spread.sort_by(f32::total_cmp);
    let noise = spread.get(spread.len() * 9 / 10).copied().unwrap_or(0.0);
    let threshold = MIN_THRESHOLD.max(noise * 1.6 + 12.0);

    let far: Vec<f32> =
        cells.cells.iter().map(|c| model.iter().map(|(_, b)| distance(c, b)).fold(f32::MAX, f32::min)).collect();
    let mask: Vec<bool> = far.iter().map(|&d| d > threshold).collect();
    let mut groups = groups(&mask, cols, rows);
    if groups.is_empty() {
        return Vec::new();
    }
    // The main group: large and central.
    let weight = |g: &Group| {
        let (cx, cy) = ((g.x0 + g.x1) as f32 / 2.0 / cols as f32 - 0.5, (g.y0 + g.y1) as f32 / 2.0 / rows as f32 - 0.5);
        g.count as f32 * (1.0 - (cx * cx + cy * cy).sqrt())
    };
    groups.sort_by(|a, b| weight(b).total_cmp(&weight(a)));
    let mut main = groups.remove(0);
    // Parts of the same product split by a colour close to the background join it.
    loop {
        let near = groups.iter().position(|g| g.count * 20 >= main.count && g.gap(&main) <= 2);
        match near {
            Some(i) => {
                let g = groups.remove(i);
                main = main.union(&g);
            }
            None => break,
        }
    }
    let total = (cols * rows) as f32;
    if main.count as f32 / total < 0.004 {
        return Vec::new();
    }
    let s = cells.size;
    let to_rect =
        |g: &Group| Rect { x0: g.x0 * s, y0: g.y0 * s, x1: (g.x1 * s).min(p.width), y1: (g.y1 * s).min(p.height) };
    let main_rect = to_rect(&main);
    if main_rect.area() * 100 >= p.width * p.height * 97 {
        return Vec::new();
    }
    let mut out = vec![Found { rect: main_rect, score: 0.9, kind: CandidateKind::Subject }];
    for g in groups.iter().filter(|g| g.count * 4 >= main.count) {
        let score = 0.9 * (g.count as f32 / main.count as f32).min(0.9);
        out.push(Found { rect: to_rect(g), score, kind: CandidateKind::Subject });
    }
    out
}

/// A 4-connected group of cells: its box (half-open) and size.
#[derive(Debug, Clone, Copy)]
struct Group {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    count: usize,
}

impl Group {
    fn gap(&self, o: &Group) -> usize {
        let dx = o.x0.saturating_sub(self.x1).max(self.x0.saturating_sub(o.x1));
        let dy = o.y0.saturating_sub(self.y1).max(self.y0.saturating_sub(o.y1));
        dx.max(dy)
    }

    fn union(&self, o: &Group) -> Group {
        Group {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
            count: self.count + o.count,
        }
    }
}

fn groups(mask: &[bool], cols: usize, rows: usize) -> Vec<Group> {
    super::components(mask, cols, rows, 2)
        .into_iter()
        .map(|((x0, y0, x1, y1), count)| Group { x0, y0, x1, y1, count })
        .collect()
}
