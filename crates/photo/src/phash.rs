//! 64-bit perceptual hash (DCT of a 32×32 grey thumbnail, low 8×8 frequencies against
//! their median), so a repeat search of a similar photo can be found by Hamming distance.

use fast_image_resize::FilterType;

use crate::raster::Rgb;
use crate::PhotoError;

const SIDE: usize = 32;
const KEEP: usize = 8;

pub fn phash(img: &Rgb) -> Result<u64, PhotoError> {
    let small = img.resize_with(img.full_region(), SIDE as u32, SIDE as u32, FilterType::Bilinear)?;
    let luma: Vec<f64> = small
        .data
        .chunks_exact(3)
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect();

    // cos_table[u][x] = cos((2x+1)uπ / 2N), only the KEEP lowest frequencies.
    let cos_table: Vec<[f64; SIDE]> = (0..KEEP)
        .map(|u| {
            let mut row = [0.0; SIDE];
            for (x, c) in row.iter_mut().enumerate() {
                *c = (((2 * x + 1) * u) as f64 * std::f64::consts::PI / (2 * SIDE) as f64).cos();
            }
            row
        })
        .collect();
    // Rows first (32 rows × 8 frequencies), then columns.
    let mut rows = vec![[0.0f64; KEEP]; SIDE];
    for (y, row) in rows.iter_mut().enumerate() {
        for (u, out) in row.iter_mut().enumerate() {
            *out = (0..SIDE).map(|x| luma[y * SIDE + x] * cos_table[u][x]).sum();
        }
    }
    let mut coefficients = [0.0f64; KEEP * KEEP];
    for v in 0..KEEP {
        for u in 0..KEEP {
            coefficients[v * KEEP + u] = (0..SIDE).map(|y| rows[y][u] * cos_table[v][y]).sum();
        }
    }
    // The DC term is overall brightness, which would dominate the median.
    let mut ac: Vec<f64> = coefficients[1..].to_vec();
    ac.sort_by(f64::total_cmp);
    let median = ac[ac.len() / 2];
    Ok(coefficients.iter().enumerate().fold(0u64, |hash, (i, &c)| if c > median { hash | (1 << i) } else { hash }))
}

/// Bits that differ between two perceptual hashes (0 = same picture, ≥ ~20 = different).
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}
