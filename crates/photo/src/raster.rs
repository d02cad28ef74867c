//! The one in-memory pixel layout the pipeline uses after decoding: packed 8-bit RGB.

use fast_image_resize as fir;

use crate::PhotoError;

/// Packed 8-bit RGB pixels, rows top to bottom, no padding.
#[derive(Clone, PartialEq, Eq)]
pub struct Rgb {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rgb({}x{})", self.width, self.height)
    }
}

/// A rectangle in fractional source pixels, so a crop survives DCT downscaling exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Rgb {
    pub fn full_region(&self) -> Region {
        Region { left: 0.0, top: 0.0, width: f64::from(self.width), height: f64::from(self.height) }
    }

    /// Lanczos3 resample of `region` to `width × height`.
    pub fn resize(&self, region: Region, width: u32, height: u32) -> Result<Rgb, PhotoError> {
        self.resize_with(region, width, height, fir::FilterType::Lanczos3)
    }

    pub fn resize_with(
        &self,
        region: Region,
        width: u32,
        height: u32,
        filter: fir::FilterType,
    ) -> Result<Rgb, PhotoError> {
        let fail = |what: String| PhotoError::EncodeFailed { reason: format!("resize: {what}") };
        let width = width.max(1);
        let height = height.max(1);
        // Clamp to the raster so rounding in a DCT-scaled crop never leaves the image.
        let left = region.left.clamp(0.0, f64::from(self.width) - 1.0);
        let top = region.top.clamp(0.0, f64::from(self.height) - 1.0);
        let region_w = region.width.clamp(1.0, f64::from(self.width) - left);
        let region_h = region.height.clamp(1.0, f64::from(self.height) - top);
        let is_whole =
            left == 0.0 && top == 0.0 && region_w == f64::from(self.width) && region_h == f64::from(self.height);
        if is_whole && width == self.width && height == self.height {
            return Ok(self.clone());
        }
        let src = fir::images::ImageRef::new(self.width, self.height, &self.data, fir::PixelType::U8x3)
            .map_err(|e| fail(e.to_string()))?;
        let mut dst = fir::images::Image::new(width, height, fir::PixelType::U8x3);
        let options = fir::ResizeOptions::new()
            .resize_alg(fir::ResizeAlg::Convolution(filter))
            .crop(left, top, region_w, region_h);
        fir::Resizer::new().resize(&src, &mut dst, &options).map_err(|e| fail(e.to_string()))?;
        Ok(Rgb { width, height, data: dst.into_vec() })
    }

    /// Centre on a white square of side `max(width, height)`.
    pub fn pad_to_square(&self) -> Rgb {
        let side = self.width.max(self.height);
        if side == self.width && side == self.height {
            return self.clone();
        }
        let side_us = side as usize;
        let mut data = vec![255u8; side_us * side_us * 3];
        let off_x = ((side - self.width) / 2) as usize;
        let off_y = ((side - self.height) / 2) as usize;
        let row_len = self.width as usize * 3;
        for (row, src) in self.data.chunks_exact(row_len).enumerate() {
            let start = ((off_y + row) * side_us + off_x) * 3;
            data[start..start + row_len].copy_from_slice(src);
        }
        Rgb { width: side, height: side, data }
    }
}

/// Composite straight-alpha RGBA onto white, reusing the buffer (RGB is written over
/// the front of the RGBA bytes), so a 12 MP PNG needs no second full-size buffer.
pub fn flatten_rgba_in_place(mut rgba: Vec<u8>, width: u32, height: u32) -> Rgb {
    let pixels = width as usize * height as usize;
    for i in 0..pixels {
        let s = i * 4;
        let a = u32::from(rgba[s + 3]);
        let inv = 255 - a;
        for c in 0..3 {
            let v = u32::from(rgba[s + c]);
            // Round-to-nearest of (v·a + 255·(255−a)) / 255.
            rgba[i * 3 + c] = ((v * a + 255 * inv + 127) / 255) as u8;
        }
    }
    rgba.truncate(pixels * 3);
    rgba.shrink_to_fit();
    Rgb { width, height, data: rgba }
}

/// Same compositing for borrowed pixels (clipboard RGBA).
pub fn flatten_rgba(rgba: &[u8], width: u32, height: u32) -> Rgb {
    let mut data = Vec::with_capacity(width as usize * height as usize * 3);
    for px in rgba.chunks_exact(4) {
        let a = u32::from(px[3]);
        let inv = 255 - a;
        for &v in &px[..3] {
            data.push(((u32::from(v) * a + 255 * inv + 127) / 255) as u8);
        }
    }
    Rgb { width, height, data }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattening_puts_transparency_on_white() {
        let rgba = vec![0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 128];
        let flat = flatten_rgba_in_place(rgba.clone(), 3, 1);
        assert_eq!(flat.data, vec![255, 255, 255, 255, 0, 0, 127, 127, 127]);
        assert_eq!(flatten_rgba(&rgba, 3, 1), flat);
    }

    #[test]
    fn padding_centres_on_white() {
        let img = Rgb { width: 2, height: 1, data: vec![0; 6] };
        let square = img.pad_to_square();
        assert_eq!((square.width, square.height), (2, 2));
        assert_eq!(square.data, vec![0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255]);
    }
}
