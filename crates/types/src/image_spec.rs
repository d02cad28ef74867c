//! What image a search API accepts. One type for the whole app: a provider
//! profile stores it (as JSON, in the same shape a buyer's profile file
//! uses), and the photo pipeline prepares exactly to it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An image format the photo pipeline can produce and the APIs take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// JPEG. Profile files may spell it `jpg` too.
    #[default]
    #[serde(alias = "jpg")]
    Jpeg,
    Png,
}

impl ImageFormat {
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
        }
    }

    /// The file extension, which is also the word 1688's `imageType`-style
    /// parameters want ("jpg", not "jpeg").
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
        }
    }
}

/// What one search API accepts, and how to prepare a photo for it.
/// Missing fields in a profile file take the defaults below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct ImageSpec {
    /// Longest side in pixels the API works best with; smaller photos are never enlarged.
    pub max_side: u32,
    /// Centre the photo on a white square (APIs that crop non-square images).
    pub pad_to_square: bool,
    /// The format to prepare; must be one of `accepted_formats`.
    pub format: ImageFormat,
    /// Starting JPEG quality (1–100); stepped down to fit `max_bytes`. Ignored for PNG.
    pub quality: u8,
    /// Limit on the encoded file (base64 adds a third on top of this).
    pub max_bytes: u64,
    /// Every format the API takes.
    pub accepted_formats: Vec<ImageFormat>,
    /// Below this side (after the crop) the API matches poorly.
    pub min_side: u32,
}

impl Default for ImageSpec {
    fn default() -> Self {
        ImageSpec {
            max_side: 800,
            pad_to_square: false,
            format: ImageFormat::Jpeg,
            quality: 85,
            max_bytes: 500_000,
            accepted_formats: vec![ImageFormat::Jpeg, ImageFormat::Png],
            min_side: 300,
        }
    }
}

impl ImageSpec {
    /// A JPEG spec that the APIs taking `accepted` formats can read.
    pub fn jpeg(max_side: u32, pad_to_square: bool, max_bytes: u64, accepted: &[ImageFormat]) -> Self {
        ImageSpec { max_side, pad_to_square, max_bytes, accepted_formats: accepted.to_vec(), ..ImageSpec::default() }
    }

    /// What is wrong with this spec, in words, or `None`. `min_crop_side` is
    /// the smallest side the pipeline can work with.
    pub fn problem(&self, min_crop_side: u32) -> Option<String> {
        if !(min_crop_side..=8192).contains(&self.max_side) {
            Some(format!("maxSide {} is outside {min_crop_side}..=8192", self.max_side))
        } else if !(1..=100).contains(&self.quality) {
            Some(format!("quality {} is outside 1..=100", self.quality))
        } else if self.max_bytes < 1024 {
            Some(format!("maxBytes {} is below 1024", self.max_bytes))
        } else if !self.accepted_formats.is_empty() && !self.accepted_formats.contains(&self.format) {
            Some(format!("format {} is not among acceptedFormats", self.format.extension()))
        } else {
            None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn jpg_and_jpeg_both_read_as_jpeg_and_write_as_jpeg() {
        let a: ImageFormat = serde_json::from_str("\"jpg\"").unwrap();
        let b: ImageFormat = serde_json::from_str("\"jpeg\"").unwrap();
        assert_eq!((a, b), (ImageFormat::Jpeg, ImageFormat::Jpeg));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"jpeg\"");
        assert_eq!(a.extension(), "jpg");
    }

    #[test]
    fn missing_fields_take_defaults() {
        let spec: ImageSpec = serde_json::from_str(r#"{"maxSide": 640, "format": "png"}"#).unwrap();
        assert_eq!(spec.max_side, 640);
        assert_eq!(spec.format, ImageFormat::Png);
        assert_eq!(spec.accepted_formats, ImageSpec::default().accepted_formats);
    }

    #[test]
    fn problems_are_named() {
        let ok = ImageSpec::default();
        assert_eq!(ok.problem(32), None);
        assert!(ImageSpec { quality: 0, ..ok.clone() }.problem(32).unwrap().contains("quality 0"));
        assert!(ImageSpec { max_side: 8, ..ok.clone() }.problem(32).unwrap().contains("maxSide 8"));
        assert!(ImageSpec { max_bytes: 10, ..ok.clone() }.problem(32).unwrap().contains("maxBytes 10"));
        let png_only = ImageSpec { accepted_formats: vec![ImageFormat::Png], ..ok };
        assert!(png_only.problem(32).unwrap().contains("format jpg"));
    }
}
