//! Subject suggestion: trim near-uniform borders (studio backdrops, screenshot margins,
//! letterboxing) so the crop box starts around the product. The box is only a
//! suggestion the UI pre-fills; nothing is cut here.

use crate::raster::Rgb;

/// Max per-channel distance from the line's median that still counts as background.
const TOLERANCE: i32 = 18;
/// Share of a line that must be background for the line to be trimmed.
const UNIFORM_SHARE: f64 = 0.97;

/// Bounding box `(x, y, width, height)` of the non-uniform content of `img`, with a
/// small margin, or `None` when there is nothing to trim.
pub fn content_box(img: &Rgb) -> Option<(u32, u32, u32, u32)> {
    let (w, h) = (img.width as usize, img.height as usize);
    if w < 4 || h < 4 {
        return None;
    }
    let pixel = |x: usize, y: usize| {
        let i = (y * w + x) * 3;
        [img.data[i], img.data[i + 1], img.data[i + 2]]
    };
    let row_uniform = |y: usize| is_uniform((0..w).map(|x| pixel(x, y)));
    let col_uniform = |x: usize| is_uniform((0..h).map(|y| pixel(x, y)));

    let top = (0..h).find(|&y| !row_uniform(y))?;
    let bottom = (0..h).rev().find(|&y| !row_uniform(y))?;
    let left = (0..w).find(|&x| !col_uniform(x))?;
    let right = (0..w).rev().find(|&x| !col_uniform(x))?;
    if top > bottom || left > right {
        return None;
    }
    // A margin of 3% of the image keeps the product's edges inside the box.
    let margin_x = (w as f64 * 0.03).ceil() as usize;
    let margin_y = (h as f64 * 0.03).ceil() as usize;
    let x0 = left.saturating_sub(margin_x);
    let y0 = top.saturating_sub(margin_y);
    let x1 = (right + 1 + margin_x).min(w);
    let y1 = (bottom + 1 + margin_y).min(h);
    if x0 == 0 && y0 == 0 && x1 == w && y1 == h {
        return None;
    }
    Some((x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32))
}

fn is_uniform(pixels: impl Iterator<Item = [u8; 3]> + Clone) -> bool {
    let mut channels: [Vec<u8>; 3] = Default::default();
    for p in pixels.clone() {
        for (c, v) in channels.iter_mut().zip(p) {
            c.push(v);
        }
    }
    let median: Vec<i32> = channels
        .iter_mut()
        .map(|c| {
            c.sort_unstable();
            i32::from(c[c.len() / 2])
        })
        .collect();
    let total = channels[0].len();
    let close = pixels.filter(|p| (0..3).all(|c| (i32::from(p[c]) - median[c]).abs() <= TOLERANCE)).count();
    close as f64 >= total as f64 * UNIFORM_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_product_on_a_plain_backdrop_and_nothing_on_a_busy_photo() {
        let (w, h) = (200u32, 150u32);
        let mut data = vec![240u8; (w * h * 3) as usize];
        for y in 40..100 {
            for x in 60..150 {
                let i = ((y * w + x) * 3) as usize;
                data[i] = (x * 2) as u8;
                data[i + 1] = (y * 3) as u8;
                data[i + 2] = 30;
            }
        }
        let img = Rgb { width: w, height: h, data };
        let (x, y, bw, bh) = content_box(&img).expect("a box");
        assert!(x <= 60 && x + 10 >= 60, "x {x}");
        assert!(y <= 40 && y + 10 >= 40, "y {y}");
        assert!(x + bw >= 150 && x + bw <= 160, "right {}", x + bw);
        assert!(y + bh >= 100 && y + bh <= 110, "bottom {}", y + bh);

        let busy: Vec<u8> = (0..w * h * 3).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert_eq!(content_box(&Rgb { width: w, height: h, data: busy }), None);
        let plain = Rgb { width: w, height: h, data: vec![128; (w * h * 3) as usize] };
        assert_eq!(content_box(&plain), None);
    }
}
