//! The typed reasons a photo cannot be used, each with a stable kind for the UI.

use zhaohuo_types::{CropBox, Kind};

/// Why a photo could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PhotoError {
    /// Recognised, but not a format we decode (HEIC, SVG, PDF, a text file, …).
    #[error("this file is {detected}, which cannot be used as a search photo")]
    UnsupportedFormat { detected: String },

    /// Over a guard limit; refused before the pixels were allocated.
    #[error("the photo is too large: {actual} {what} (the limit is {limit})")]
    TooLarge { what: &'static str, actual: u64, limit: u64 },

    /// Truncated, damaged, or not an image at all.
    #[error("the {detected} file is damaged or incomplete: {reason}")]
    Corrupt { detected: String, reason: String },

    /// The crop rectangle does not fit the oriented photo.
    #[error("invalid crop {}x{} at ({}, {}) for a {image_width}x{image_height} photo: {reason}",
        crop.width, crop.height, crop.x, crop.y)]
    InvalidCrop { crop: CropBox, image_width: u32, image_height: u32, reason: &'static str },

    /// Even at the lowest quality and a small size the photo stays over the API's byte limit.
    #[error("cannot get the photo under {max_bytes} bytes (smallest attempt: {smallest_bytes} bytes)")]
    CannotFit { max_bytes: u64, smallest_bytes: usize },

    /// The provider profile's image spec makes no sense (a configuration mistake, not the photo's).
    #[error("invalid image spec: {reason}")]
    InvalidSpec { reason: String },

    /// The encoder itself failed (out of memory or a library fault), not the photo.
    #[error("could not encode the photo: {reason}")]
    EncodeFailed { reason: String },
}

impl zhaohuo_types::ErrorKind for PhotoError {
    fn kind(&self) -> Kind {
        match self {
            PhotoError::UnsupportedFormat { .. } => Kind::PhotoUnsupportedFormat,
            PhotoError::TooLarge { .. } => Kind::PhotoTooLarge,
            PhotoError::Corrupt { .. } => Kind::PhotoCorrupt,
            PhotoError::InvalidCrop { .. } => Kind::PhotoInvalidCrop,
            PhotoError::CannotFit { .. } => Kind::PhotoCannotFit,
            PhotoError::InvalidSpec { .. } => Kind::PhotoInvalidSpec,
            PhotoError::EncodeFailed { .. } => Kind::PhotoEncodeFailed,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            PhotoError::UnsupportedFormat { .. } => {
                "Save or export the photo as JPEG or PNG (or take a screenshot of it) and try again. \
                 On an iPhone, Settings → Camera → Formats → Most Compatible takes JPEG photos."
            }
            PhotoError::TooLarge { .. } => {
                "Use a smaller photo: export or screenshot it at a lower resolution, then try again."
            }
            PhotoError::Corrupt { .. } => {
                "The file looks damaged or only partly downloaded. Download or export it again, \
                 or take a screenshot of it."
            }
            PhotoError::InvalidCrop { .. } => "Draw the crop box inside the photo, at least 32 pixels on each side.",
            PhotoError::CannotFit { .. } => {
                "This search service's size limit is too small for the photo: crop it tighter \
                 or use another provider."
            }
            PhotoError::InvalidSpec { .. } => {
                "Check the image settings (size, quality, byte limit) of this provider profile."
            }
            PhotoError::EncodeFailed { .. } => {
                "Try again; if it keeps failing, restart the app (the computer may be low on memory)."
            }
        };
        Some(hint.to_string())
    }
}
