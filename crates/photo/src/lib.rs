//! Photo pipeline: whatever photo a buyer has (dropped, pasted, picked) → the exact
//! image bytes each search API wants, plus what the app keeps about it (hashes and a
//! history thumbnail).
//!
//! Order of work in [`prepare`]: sniff the format from the content, refuse absurd
//! sizes from the header, decode (JPEG at the smallest DCT scale that still gives
//! enough pixels), crop and Lanczos-resize in stored orientation, turn the small result
//! for EXIF, pad, then encode stepping quality and size down until it fits.

mod decode;
mod encode;
mod error;
mod format;
mod orientation;
mod phash;
mod pipeline;
mod raster;
pub mod regions;

pub use decode::Limits;
pub use error::PhotoError;
pub use format::{detect_format, DetectedFormat};
pub use phash::hamming;
pub use pipeline::{
    find_regions, inspect, prepare, prepare_with_limits, suggest_subject, PhotoInfo, PhotoRegions, PhotoSource,
    PreparedPhoto, SourceKind, MIN_CROP_SIDE, THUMBNAIL_MAX_BYTES, THUMBNAIL_SIDE,
};
pub use regions::{Candidate, CandidateKind};
pub use zhaohuo_types::{CropBox, ImageFormat, ImageSpec};
