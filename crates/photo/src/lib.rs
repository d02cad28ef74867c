//! Photo pipeline: bytes a buyer has → the exact image bytes each API wants.

/// Why a photo could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("unsupported image format: {detected}")]
    UnsupportedFormat { detected: String },
}

impl zhaohuo_types::ErrorKind for PhotoError {
    fn kind(&self) -> &'static str {
        match self {
            PhotoError::UnsupportedFormat { .. } => "photo.unsupported_format",
        }
    }
}
