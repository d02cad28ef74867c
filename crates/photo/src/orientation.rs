//! EXIF orientation: which way the stored pixels must be turned to look right.
//!
//! We resize in the stored orientation and turn only the small result, so turning
//! costs nothing measurable; crops arrive in displayed (oriented) coordinates and
//! are mapped back to stored ones here.

use crate::raster::Rgb;

/// EXIF orientation value 1–8 (1 = as stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Orientation(u8);

impl Orientation {
    pub const NORMAL: Orientation = Orientation(1);

    /// `None` for values outside 1–8 (which we then treat as 1).
    pub fn from_exif(value: u32) -> Option<Orientation> {
        match value {
            1..=8 => u8::try_from(value).ok().map(Orientation),
            _ => None,
        }
    }

    pub fn exif_value(self) -> u8 {
        self.0
    }

    /// Orientations 5–8 turn by a quarter, so width and height trade places.
    pub fn swaps_axes(self) -> bool {
        self.0 >= 5
    }

    /// Displayed size of a stored `width × height` image.
    pub fn oriented_size(self, width: u32, height: u32) -> (u32, u32) {
        if self.swaps_axes() {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// Stored-image rectangle `(x, y, w, h)` showing the displayed rectangle given,
    /// for a stored image of `stored_w × stored_h`.
    pub fn stored_rect(self, (x, y, w, h): (u32, u32, u32, u32), stored_w: u32, stored_h: u32) -> (u32, u32, u32, u32) {
        // Displayed (x', y') comes from stored (sx, sy); both corners of the rectangle map
        // to corners, so map the extent along each axis.
        let (sw, sh) = (stored_w, stored_h);
        match self.0 {
            2 => (sw.saturating_sub(x + w), y, w, h),
            3 => (sw.saturating_sub(x + w), sh.saturating_sub(y + h), w, h),
            4 => (x, sh.saturating_sub(y + h), w, h),
            5 => (y, x, h, w),
            6 => (y, sh.saturating_sub(x + w), h, w),
            7 => (sw.saturating_sub(y + h), sh.saturating_sub(x + w), h, w),
            8 => (sw.saturating_sub(y + h), x, h, w),
            _ => (x, y, w, h),
        }
    }

    /// Turn a stored-orientation raster into the displayed one.
    pub fn apply(self, stored: Rgb) -> Rgb {
        if self.0 == 1 {
            return stored;
        }
        let (sw, sh) = (stored.width as usize, stored.height as usize);
        let (dw, dh) = if self.swaps_axes() { (sh, sw) } else { (sw, sh) };
        let mut out = vec![0u8; dw * dh * 3];
        for dy in 0..dh {
            for dx in 0..dw {
                let (sx, sy) = match self.0 {
                    2 => (sw - 1 - dx, dy),
                    3 => (sw - 1 - dx, sh - 1 - dy),
                    4 => (dx, sh - 1 - dy),
                    5 => (dy, dx),
                    6 => (dy, sh - 1 - dx),
                    7 => (sw - 1 - dy, sh - 1 - dx),
                    _ => (sw - 1 - dy, dx), // 8
                };
                let s = (sy * sw + sx) * 3;
                let d = (dy * dw + dx) * 3;
                out[d..d + 3].copy_from_slice(&stored.data[s..s + 3]);
            }
        }
        Rgb { width: dw as u32, height: dh as u32, data: out }
    }
}

/// Orientation from a raw EXIF (TIFF) block; 1 when absent or unreadable, because a
/// broken EXIF block must not cost the buyer the photo.
pub fn exif_orientation(tiff: &[u8]) -> Orientation {
    let Ok(exif) = exif::Reader::new().read_raw(tiff.to_vec()) else {
        return Orientation::NORMAL;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|field| field.value.get_uint(0))
        .and_then(Orientation::from_exif)
        .unwrap_or(Orientation::NORMAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored 3×2 raster whose pixels are numbered, turned for each orientation and
    /// checked against `image`'s own implementation of the same EXIF rules.
    #[test]
    fn apply_matches_the_image_crate_for_all_eight() {
        let stored: Vec<u8> = (0..6u8).flat_map(|i| [i * 40, i, 255 - i]).collect();
        for value in 1..=8u32 {
            let orientation = Orientation::from_exif(value).expect("1..=8");
            let ours = orientation.apply(Rgb { width: 3, height: 2, data: stored.clone() });
            let mut theirs =
                image::DynamicImage::ImageRgb8(image::RgbImage::from_raw(3, 2, stored.clone()).expect("size"));
            theirs.apply_orientation(image::metadata::Orientation::from_exif(value as u8).expect("1..=8"));
            let theirs = theirs.to_rgb8();
            assert_eq!((ours.width, ours.height), theirs.dimensions(), "orientation {value}");
            assert_eq!(ours.data, theirs.into_raw(), "orientation {value}");
        }
    }

    /// Every displayed pixel inside a displayed rectangle must come from inside the
    /// stored rectangle we compute for it.
    #[test]
    fn stored_rect_covers_exactly_the_displayed_rect() {
        let (sw, sh) = (7u32, 5u32);
        // Each stored pixel carries its own coordinates.
        let data: Vec<u8> = (0..sh).flat_map(|y| (0..sw).flat_map(move |x| [x as u8, y as u8, 0])).collect();
        for value in 1..=8u32 {
            let orientation = Orientation::from_exif(value).expect("1..=8");
            let shown = orientation.apply(Rgb { width: sw, height: sh, data: data.clone() });
            let rect = (1, 2, 2, 3);
            let (rx, ry, rw, rh) = orientation.stored_rect(rect, sw, sh);
            let mut seen = Vec::new();
            for y in rect.1..rect.1 + rect.3 {
                for x in rect.0..rect.0 + rect.2 {
                    let i = ((y * shown.width + x) * 3) as usize;
                    seen.push((shown.data[i] as u32, shown.data[i + 1] as u32));
                }
            }
            assert_eq!(seen.len() as u32, rw * rh, "orientation {value}");
            for (x, y) in seen {
                assert!(x >= rx && x < rx + rw && y >= ry && y < ry + rh, "orientation {value}");
            }
        }
    }
}
