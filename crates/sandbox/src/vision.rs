//! The visual descriptor behind the sandbox's image search.
//!
//! A buyer's photo differs from the listing picture in framing, background,
//! light and compression, so the descriptor first finds the subject (pixels
//! that differ from the border colour), then describes only that box:
//! colour histogram in CIE Lab (hue × lightness, soft-binned, Hellinger form),
//! a coarse colour layout, the silhouette's occupancy grid, and oriented
//! gradient energy inside the silhouette (stripes, checks, dots, prints).
//! Every block is scaled so one squared-L2 distance compares two pictures.

use image::RgbImage;

/// Working size (longest side) every picture is reduced to before describing.
const WORK: u32 = 112;
const SHAPE_GRID: usize = 10;
const LAYOUT_GRID: usize = 4;
const HUE_BINS: usize = 12;
const HUE_L_BINS: usize = 3;
const GREY_BINS: usize = 5;
const ORIENT_BINS: usize = 6;
const TEXTURE_GRID: usize = 2;

const COLOUR_LEN: usize = HUE_BINS * HUE_L_BINS + GREY_BINS;
const LAYOUT_LEN: usize = LAYOUT_GRID * LAYOUT_GRID * 3;
const SHAPE_LEN: usize = SHAPE_GRID * SHAPE_GRID;
const TEXTURE_LEN: usize = TEXTURE_GRID * TEXTURE_GRID * ORIENT_BINS + 1;
/// Length of a descriptor vector.
pub const DESCRIPTOR_LEN: usize = COLOUR_LEN + LAYOUT_LEN + SHAPE_LEN + TEXTURE_LEN + 1;

/// Relative weight of each block in the distance (tuned with the recall bench).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub colour: f32,
    pub layout: f32,
    pub shape: f32,
    pub texture: f32,
    pub aspect: f32,
}

pub const WEIGHTS: Weights = Weights { colour: 2.0, layout: 0.8, shape: 0.3, texture: 0.6, aspect: 0.3 };

/// Where the subject sits, in the described picture's own pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubjectBox {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// A picture's visual signature.
#[derive(Debug, Clone)]
pub struct Descriptor {
    pub vector: Vec<f32>,
    pub subject: SubjectBox,
}

impl Descriptor {
    /// Weighted squared distance; 0 for identical pictures.
    pub fn distance(&self, other: &Descriptor) -> f32 {
        self.distance_with(other, &WEIGHTS)
    }

    /// Unweighted squared distance of each block: colour, layout, shape, texture, aspect.
    pub fn block_distances(&self, other: &Descriptor) -> [f32; 5] {
        let one = |colour, layout, shape, texture, aspect| Weights { colour, layout, shape, texture, aspect };
        [
            self.distance_with(other, &one(1.0, 0.0, 0.0, 0.0, 0.0)),
            self.distance_with(other, &one(0.0, 1.0, 0.0, 0.0, 0.0)),
            self.distance_with(other, &one(0.0, 0.0, 1.0, 0.0, 0.0)),
            self.distance_with(other, &one(0.0, 0.0, 0.0, 1.0, 0.0)),
            self.distance_with(other, &one(0.0, 0.0, 0.0, 0.0, 1.0)),
        ]
    }

    /// Distance with explicit block weights (for tuning).
    pub fn distance_with(&self, other: &Descriptor, weights: &Weights) -> f32 {
        let block = |range: std::ops::Range<usize>| -> f32 {
            match (self.vector.get(range.clone()), other.vector.get(range)) {
                (Some(a), Some(b)) => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
                _ => 0.0,
            }
        };
        let c = COLOUR_LEN;
        let l = c + LAYOUT_LEN;
        let s = l + SHAPE_LEN;
        let t = s + TEXTURE_LEN;
        weights.colour * block(0..c)
            + weights.layout * block(c..l)
            + weights.shape * block(l..s)
            + weights.texture * block(s..t)
            + weights.aspect * block(t..t + 1)
    }
}

fn srgb_to_linear(c: u8) -> f32 {
    let v = f32::from(c) / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn lab_f(t: f32) -> f32 {
    if t > 0.008_856 {
        t.cbrt()
    } else {
        7.787 * t + 16.0 / 116.0
    }
}

/// CIE Lab (D65) of an sRGB pixel.
pub fn to_lab(rgb: [u8; 3], lut: &[f32; 256]) -> [f32; 3] {
    let (r, g, b) = (lut[usize::from(rgb[0])], lut[usize::from(rgb[1])], lut[usize::from(rgb[2])]);
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let (fx, fy, fz) = (lab_f(x), lab_f(y), lab_f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// Lab of a fractional sRGB colour (0–255 per channel), via the nearest table entries.
fn lab_of_float(rgb: [f32; 3], lut: &[f32; 256]) -> [f32; 3] {
    to_lab(rgb.map(|c| c.round().clamp(0.0, 255.0) as u8), lut)
}

fn to_lab_float(rgb: [f32; 3], lut: &[f32; 256]) -> [f32; 3] {
    lab_of_float(rgb, lut)
}

fn linear_lut() -> [f32; 256] {
    let mut lut = [0.0; 256];
    for (i, v) in lut.iter_mut().enumerate() {
        *v = srgb_to_linear(i as u8);
    }
    lut
}

fn median(values: &mut [f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    let mid = values.len() / 2;
    values.select_nth_unstable_by(mid, |a, b| a.total_cmp(b));
    values[mid]
}

/// Reduces a picture to the working size with area averaging (fast, alias-free).
fn working_copy(img: &RgbImage) -> RgbImage {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return RgbImage::from_pixel(WORK, WORK, image::Rgb([255, 255, 255]));
    }
    let scale = WORK as f32 / w.max(h) as f32;
    let (nw, nh) = (((w as f32 * scale).round() as u32).max(8), ((h as f32 * scale).round() as u32).max(8));
    if scale < 1.0 {
        image::imageops::thumbnail(img, nw, nh)
    } else {
        image::imageops::resize(img, nw, nh, image::imageops::FilterType::Triangle)
    }
}

/// Soft-assigns `value` in `[0, bins)` (cyclic or clamped) to two neighbouring bins.
fn soft_bins(value: f32, bins: usize, cyclic: bool) -> [(usize, f32); 2] {
    let pos = value - 0.5;
    let lo = pos.floor();
    let frac = pos - lo;
    let lo_i = lo as i64;
    let wrap = |i: i64| -> usize {
        if cyclic {
            i.rem_euclid(bins as i64) as usize
        } else {
            i.clamp(0, bins as i64 - 1) as usize
        }
    };
    [(wrap(lo_i), 1.0 - frac), (wrap(lo_i + 1), frac)]
}

/// Describes a picture of a product.
pub fn describe(img: &RgbImage) -> Descriptor {
    let lut = linear_lut();
    let small = working_copy(img);
    let (w, h) = (small.width() as usize, small.height() as usize);
    let lab: Vec<[f32; 3]> = small.pixels().map(|p| to_lab(p.0, &lut)).collect();

    let fg = foreground(&small, &lut);

    // Subject box: trim 3% of the foreground mass from each side.
    let total: f32 = fg.iter().sum();
    let (bx, by, bw, bh) = if total < 0.01 * (w * h) as f32 {
        (0, 0, w, h)
    } else {
        let mut cols = vec![0.0f32; w];
        let mut rows = vec![0.0f32; h];
        for y in 0..h {
            for x in 0..w {
                cols[x] += fg[y * w + x];
                rows[y] += fg[y * w + x];
            }
        }
        let span = |sums: &[f32]| -> (usize, usize) {
            let cut = 0.03 * total;
            let (mut acc, mut lo) = (0.0, 0);
            for (i, s) in sums.iter().enumerate() {
                acc += s;
                if acc > cut {
                    lo = i;
                    break;
                }
            }
            let (mut acc, mut hi) = (0.0, sums.len() - 1);
            for (i, s) in sums.iter().enumerate().rev() {
                acc += s;
                if acc > cut {
                    hi = i;
                    break;
                }
            }
            let pad = ((hi.saturating_sub(lo) + 1) as f32 * 0.04) as usize;
            (lo.saturating_sub(pad), (hi + pad).min(sums.len() - 1))
        };
        let (x0, x1) = span(&cols);
        let (y0, y1) = span(&rows);
        (x0, y0, (x1 - x0 + 1).max(4), (y1 - y0 + 1).max(4))
    };
    let bw = bw.min(w - bx);
    let bh = bh.min(h - by);

    let mut colour = [0.0f32; COLOUR_LEN];
    let mut layout = [[0.0f32; 4]; LAYOUT_GRID * LAYOUT_GRID];
    let mut shape = [[0.0f32; 2]; SHAPE_LEN];
    let mut texture = [0.0f32; TEXTURE_LEN];
    let mut interior_count = [0.0f32; TEXTURE_GRID * TEXTURE_GRID];
    let (cxf, cyf) = (bx as f32 + bw as f32 / 2.0, by as f32 + bh as f32 / 2.0);
    let sigma2 = 2.0 * (0.55 * bw.max(bh) as f32).powi(2);

    for y in by..by + bh {
        for x in bx..bx + bw {
            let i = y * w + x;
            let f = fg[i];
            let u = (x - bx) as f32 / bw as f32;
            let v = (y - by) as f32 / bh as f32;
            let sg = ((u * SHAPE_GRID as f32) as usize).min(SHAPE_GRID - 1)
                + SHAPE_GRID * ((v * SHAPE_GRID as f32) as usize).min(SHAPE_GRID - 1);
            shape[sg][0] += f;
            shape[sg][1] += 1.0;
            if f <= 0.0 {
                continue;
            }
            let [l, a, b] = lab[i];
            let lg = ((u * LAYOUT_GRID as f32) as usize).min(LAYOUT_GRID - 1)
                + LAYOUT_GRID * ((v * LAYOUT_GRID as f32) as usize).min(LAYOUT_GRID - 1);
            layout[lg][0] += f * l;
            layout[lg][1] += f * a;
            layout[lg][2] += f * b;
            layout[lg][3] += f;

            let centre = (-((x as f32 - cxf).powi(2) + (y as f32 - cyf).powi(2)) / sigma2).exp();
            let weight = f * (0.4 + 0.6 * centre);
            let chroma = (a * a + b * b).sqrt();
            let chromatic = ((chroma - 8.0) / 10.0).clamp(0.0, 1.0);
            if chromatic < 1.0 {
                for (bin, share) in soft_bins(l / 100.0 * GREY_BINS as f32, GREY_BINS, false) {
                    colour[HUE_BINS * HUE_L_BINS + bin] += weight * (1.0 - chromatic) * share;
                }
            }
            if chromatic > 0.0 {
                let hue = (b.atan2(a) / std::f32::consts::TAU).rem_euclid(1.0) * HUE_BINS as f32;
                let lbins = soft_bins(l / 100.0 * HUE_L_BINS as f32, HUE_L_BINS, false);
                for (hb, hs) in soft_bins(hue, HUE_BINS, true) {
                    for (lb, ls) in lbins {
                        colour[hb * HUE_L_BINS + lb] += weight * chromatic * hs * ls;
                    }
                }
            }

            // Oriented gradient energy strictly inside the silhouette, so the
            // outline (already in the shape block) does not drown the pattern.
            if x >= 2
                && y >= 2
                && x + 2 < w
                && y + 2 < h
                && f > 0.9
                && fg[i - 2] > 0.9
                && fg[i + 2] > 0.9
                && fg[i - 2 * w] > 0.9
                && fg[i + 2 * w] > 0.9
            {
                let gx = lab[i + 1][0] - lab[i - 1][0];
                let gy = lab[i + w][0] - lab[i - w][0];
                let mag = (gx * gx + gy * gy).sqrt();
                let tg = ((u * TEXTURE_GRID as f32) as usize).min(TEXTURE_GRID - 1)
                    + TEXTURE_GRID * ((v * TEXTURE_GRID as f32) as usize).min(TEXTURE_GRID - 1);
                interior_count[tg] += 1.0;
                if mag > 4.0 {
                    let angle =
                        gy.atan2(gx).rem_euclid(std::f32::consts::PI) / std::f32::consts::PI * ORIENT_BINS as f32;
                    for (ob, os) in soft_bins(angle, ORIENT_BINS, true) {
                        texture[tg * ORIENT_BINS + ob] += mag * os;
                    }
                    texture[TEXTURE_LEN - 1] += mag;
                }
            }
        }
    }

    let mut vector = Vec::with_capacity(DESCRIPTOR_LEN);
    let wt = Weights { colour: 1.0, layout: 1.0, shape: 1.0, texture: 1.0, aspect: 1.0 };

    let colour_sum: f32 = colour.iter().sum::<f32>().max(1e-6);
    let cw = wt.colour.sqrt();
    vector.extend(colour.iter().map(|c| cw * (c / colour_sum).sqrt()));

    let lw = (wt.layout / (LAYOUT_GRID * LAYOUT_GRID) as f32).sqrt();
    for cell in &layout {
        if cell[3] > 0.5 {
            vector.push(lw * cell[0] / cell[3] / 100.0);
            vector.push(lw * cell[1] / cell[3] / 60.0);
            vector.push(lw * cell[2] / cell[3] / 60.0);
        } else {
            vector.extend([0.0, 0.0, 0.0]);
        }
    }

    let sw = (wt.shape / SHAPE_LEN as f32 * 4.0).sqrt();
    vector.extend(shape.iter().map(|c| if c[1] > 0.0 { sw * c[0] / c[1] } else { 0.0 }));

    let interior_total: f32 = interior_count.iter().sum::<f32>().max(1.0);
    let tw = (wt.texture / (TEXTURE_GRID * TEXTURE_GRID) as f32).sqrt();
    for (cell, count) in interior_count.iter().enumerate() {
        for ob in 0..ORIENT_BINS {
            let energy = texture[cell * ORIENT_BINS + ob] / count.max(1.0);
            vector.push(tw * (energy / 20.0).sqrt());
        }
    }
    vector.push(tw * (texture[TEXTURE_LEN - 1] / interior_total / 20.0).sqrt());

    vector.push(wt.aspect.sqrt() * (bw as f32 / bh as f32).ln());

    let scale_back = img.width() as f32 / w as f32;
    let scale_back_y = img.height() as f32 / h as f32;
    Descriptor {
        vector,
        subject: SubjectBox {
            x: (bx as f32 * scale_back) as u32,
            y: (by as f32 * scale_back_y) as u32,
            width: ((bw as f32 * scale_back) as u32).max(1),
            height: ((bh as f32 * scale_back_y) as u32).max(1),
        },
    }
}

/// Least-squares planes `c0 + c1·x + c2·y` for each Lab channel over `points`,
/// keeping only points within `inliers.1` of the previous fit when given.
fn fit_planes(points: &[(f32, f32, [f32; 3])], inliers: Option<(&[[f32; 3]; 3], f32)>) -> [[f32; 3]; 3] {
    // Normal equations for the three unknowns, shared by the channels.
    let mut m = [[0.0f64; 3]; 3];
    let mut rhs = [[0.0f64; 3]; 3];
    for (x, y, p) in points {
        if let Some((plane, cut)) = inliers {
            let r: f32 =
                (0..3).map(|c| (p[c] - (plane[c][0] + plane[c][1] * x + plane[c][2] * y)).powi(2)).sum::<f32>().sqrt();
            if r > cut {
                continue;
            }
        }
        let basis = [1.0, f64::from(*x), f64::from(*y)];
        for i in 0..3 {
            for j in 0..3 {
                m[i][j] += basis[i] * basis[j];
            }
            for c in 0..3 {
                rhs[c][i] += basis[i] * f64::from(p[c]);
            }
        }
    }
    let mut out = [[0.0f32; 3]; 3];
    for c in 0..3 {
        if let Some(sol) = solve3(m, rhs[c]) {
            out[c] = sol.map(|v| v as f32);
        } else if m[0][0] > 0.0 {
            out[c][0] = (rhs[c][0] / m[0][0]) as f32;
        }
    }
    out
}

/// Solves a 3×3 linear system by Cramer's rule; `None` when singular.
fn solve3(m: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |a: [[f64; 3]; 3]| {
        a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
            + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
    };
    let d = det(m);
    if d.abs() < 1e-9 {
        return None;
    }
    let mut out = [0.0; 3];
    for (k, slot) in out.iter_mut().enumerate() {
        let mut a = m;
        for row in 0..3 {
            a[row][k] = b[row];
        }
        *slot = det(a) / d;
    }
    Some(out)
}

/// Per-pixel foreground weight in `[0, 1]` of a working-size picture.
fn foreground(small: &RgbImage, lut: &[f32; 256]) -> Vec<f32> {
    let (w, h) = (small.width() as usize, small.height() as usize);
    // Background: a plane per sRGB channel fitted to the outer ring (robustly,
    // refitted on the ring pixels that agree). Gradients and uneven light are
    // linear in sRGB, so the plane predicts the backdrop behind the subject;
    // the subject is what differs from that prediction in Lab.
    let ring = 2usize;
    let rgb: Vec<[f32; 3]> = small.pixels().map(|p| p.0.map(f32::from)).collect();
    let coord = |x: usize, y: usize| (x as f32 / w as f32 - 0.5, y as f32 / h as f32 - 0.5);
    let mut border: Vec<(f32, f32, [f32; 3])> = Vec::new();
    for y in 0..h {
        for x in 0..w {
            if x < ring || y < ring || x + ring >= w || y + ring >= h {
                let (u, v) = coord(x, y);
                border.push((u, v, rgb[y * w + x]));
            }
        }
    }
    let predict = |plane: &[[f32; 3]; 3], x: f32, y: f32| -> [f32; 3] {
        [0, 1, 2].map(|c| (plane[c][0] + plane[c][1] * x + plane[c][2] * y).clamp(0.0, 255.0))
    };
    let residual = |plane: &[[f32; 3]; 3], (x, y, p): &(f32, f32, [f32; 3])| -> f32 {
        let q = predict(plane, *x, *y);
        (0..3).map(|c| (p[c] - q[c]).powi(2)).sum::<f32>().sqrt()
    };
    let mut plane = fit_planes(&border, None);
    for _ in 0..2 {
        let mut res: Vec<f32> = border.iter().map(|b| residual(&plane, b)).collect();
        let cut = 2.0 * median(&mut res) + 4.0;
        plane = fit_planes(&border, Some((&plane, cut)));
    }
    let lab_delta = |p: [f32; 3], x: f32, y: f32| -> f32 {
        let q = lab_of_float(predict(&plane, x, y), lut);
        let l = to_lab_float(p, lut);
        ((l[0] - q[0]).powi(2) + (l[1] - q[1]).powi(2) + (l[2] - q[2]).powi(2)).sqrt()
    };
    let noise = median(&mut border.iter().map(|(x, y, p)| lab_delta(*p, *x, *y)).collect::<Vec<_>>());
    let threshold = (2.5 * noise + 6.0).max(12.0);
    let mut fg = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let (u, v) = coord(x, y);
            let d = lab_delta(rgb[y * w + x], u, v);
            fg.push(((d - 0.6 * threshold) / (0.8 * threshold)).clamp(0.0, 1.0));
        }
    }

    fg
}

/// The foreground mask the descriptor sees, at working size (for debugging).
pub fn foreground_mask(img: &RgbImage) -> image::GrayImage {
    let small = working_copy(img);
    let fg = foreground(&small, &linear_lut());
    image::GrayImage::from_fn(small.width(), small.height(), |x, y| {
        image::Luma([(fg[(y * small.width() + x) as usize] * 255.0) as u8])
    })
}
