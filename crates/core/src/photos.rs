//! Photos the buyer opened in this run, held in memory so cropping and
//! searching again never re-sends the bytes over IPC. Bounded: the oldest go.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use ts_rs::TS;
use zhaohuo_photo::{CandidateKind, DetectedFormat, ImageSpec, PhotoSource, SourceKind};
use zhaohuo_types::CropBox;

use zhaohuo_photo::PhotoError::TooLarge;

use crate::Error;

/// How many opened photos stay available for re-cropping, and how much
/// memory they may hold together; past either, the oldest go.
const KEEP: usize = 8;
const KEEP_BYTES: usize = 512 * 1024 * 1024;

/// A photo as it arrived: file bytes, or clipboard pixels.
#[derive(Debug, Clone)]
pub enum Original {
    Encoded(Vec<u8>),
    Rgba { width: u32, height: u32, pixels: Vec<u8> },
}

impl Original {
    /// Clipboard pixels, refused before they are copied when there are more
    /// than any photo may have (the same limit files meet when decoded).
    pub fn from_pixels(width: u32, height: u32, pixels: &[u8]) -> Result<Self, Error> {
        let limits = zhaohuo_photo::Limits::default();
        let count = u64::from(width) * u64::from(height);
        if count > limits.max_pixels {
            return Err(TooLarge { what: "clipboard image (pixels)", actual: count, limit: limits.max_pixels }.into());
        }
        Ok(Original::Rgba { width, height, pixels: pixels.to_vec() })
    }

    /// Refuses a file by its size before it is read into memory.
    pub fn check_file_size(bytes: u64) -> Result<(), Error> {
        let limit = zhaohuo_photo::Limits::default().max_input_bytes as u64;
        if bytes > limit {
            return Err(TooLarge { what: "file (bytes)", actual: bytes, limit }.into());
        }
        Ok(())
    }

    /// Memory this photo holds.
    fn size(&self) -> usize {
        match self {
            Original::Encoded(bytes) => bytes.len(),
            Original::Rgba { pixels, .. } => pixels.len(),
        }
    }

    pub fn source(&self) -> PhotoSource<'_> {
        match self {
            Original::Encoded(bytes) => PhotoSource::Encoded(bytes),
            Original::Rgba { width, height, pixels } => PhotoSource::Rgba { width: *width, height: *height, pixels },
        }
    }
}

/// What the UI learns about an opened photo.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoadedPhoto {
    #[ts(type = "number")]
    pub photo_id: u64,
    /// Size after EXIF orientation: the crop box's coordinate space.
    pub width: u32,
    pub height: u32,
    /// What the content turned out to be (`jpeg`, `png`, …).
    pub format: String,
    /// The product as the app guesses it: the best of `candidates`, else the whole photo.
    pub suggested_crop: CropBox,
    /// Where products may be (the pictures in a screenshot, each tile of a grid, the
    /// product in a photo), best first; the UI offers each as a box to search.
    pub candidates: Vec<RegionCandidate>,
    /// What the picture is, for the status line ("screenshot 1366 × 768").
    pub source: SourceDescription,
    /// `data:image/jpeg;base64,…` of the oriented photo, at most 1024 px a side.
    pub preview: String,
}

/// One place the product may be in an opened photo.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionCandidate {
    pub crop: CropBox,
    /// How likely this is the product meant, 0–1 (candidates come best first).
    pub score: f32,
    pub kind: RegionKind,
}

/// What a candidate region holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RegionKind {
    /// A photograph inside a screenshot (a shop's picture, a grid tile, a chat picture).
    Picture,
    /// The product inside a photo, without the table or backdrop around it.
    Subject,
}

/// What an opened picture is, as data the UI puts into words in the buyer's language
/// ("screenshot 1366 × 768", "photo 4000 × 3000 (JPEG)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceDescription {
    pub kind: PhotoKind,
    /// Size after EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub format: PhotoFormat,
}

/// A screen capture or a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PhotoKind {
    Screenshot,
    Photo,
}

/// The file format the picture arrived in; `pasted` for clipboard pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PhotoFormat {
    Jpeg,
    Png,
    Webp,
    Gif,
    Bmp,
    Tiff,
    Pasted,
    /// Anything else the decoder accepted.
    Other,
}

impl From<DetectedFormat> for PhotoFormat {
    fn from(format: DetectedFormat) -> Self {
        match format {
            DetectedFormat::Jpeg => PhotoFormat::Jpeg,
            DetectedFormat::Png => PhotoFormat::Png,
            DetectedFormat::Webp => PhotoFormat::Webp,
            DetectedFormat::Gif => PhotoFormat::Gif,
            DetectedFormat::Bmp => PhotoFormat::Bmp,
            DetectedFormat::Tiff => PhotoFormat::Tiff,
            DetectedFormat::RawRgba => PhotoFormat::Pasted,
            _ => PhotoFormat::Other,
        }
    }
}

impl From<zhaohuo_photo::Candidate> for RegionCandidate {
    fn from(c: zhaohuo_photo::Candidate) -> Self {
        let kind = match c.kind {
            CandidateKind::Picture => RegionKind::Picture,
            CandidateKind::Subject => RegionKind::Subject,
        };
        RegionCandidate { crop: c.rect, score: c.score, kind }
    }
}

/// The side of the on-screen preview; the crop is drawn over it.
fn preview_spec() -> ImageSpec {
    ImageSpec { max_side: 1024, quality: 82, max_bytes: 2_000_000, ..ImageSpec::default() }
}

#[derive(Default)]
pub struct PhotoShelf {
    next_id: AtomicU64,
    photos: Mutex<VecDeque<(u64, Arc<Original>)>>,
}

impl PhotoShelf {
    /// Decodes the photo once (off the async threads), keeps it, and describes it.
    pub async fn load(&self, original: Original) -> Result<LoadedPhoto, Error> {
        let original = Arc::new(original);
        let work = Arc::clone(&original);
        let (preview, regions) = tokio::task::spawn_blocking(move || {
            let preview = zhaohuo_photo::prepare(work.source(), None, &preview_spec())?;
            let regions = zhaohuo_photo::find_regions(work.source())?;
            Ok::<_, zhaohuo_photo::PhotoError>((preview, regions))
        })
        .await??;
        let photo_id = self.shelve(original);
        Ok(LoadedPhoto {
            photo_id,
            width: preview.oriented_width,
            height: preview.oriented_height,
            format: format!("{:?}", preview.detected_format).to_lowercase(),
            suggested_crop: regions.suggested_crop(),
            candidates: regions.candidates.iter().copied().map(RegionCandidate::from).collect(),
            source: SourceDescription {
                kind: match regions.kind {
                    SourceKind::Screenshot => PhotoKind::Screenshot,
                    SourceKind::Photo => PhotoKind::Photo,
                },
                width: regions.width,
                height: regions.height,
                format: regions.format.into(),
            },
            preview: format!("data:image/jpeg;base64,{}", preview.base64),
        })
    }

    /// Keeps `original` under a new id, dropping the oldest photos past
    /// `KEEP` of them or `KEEP_BYTES` together (the newest always stays).
    fn shelve(&self, original: Arc<Original>) -> u64 {
        self.shelve_within(original, KEEP, KEEP_BYTES)
    }

    fn shelve_within(&self, original: Arc<Original>, keep: usize, keep_bytes: usize) -> u64 {
        let photo_id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut photos = self.photos.lock().unwrap_or_else(|p| p.into_inner());
        photos.push_back((photo_id, original));
        let mut total: usize = photos.iter().map(|(_, p)| p.size()).sum();
        while photos.len() > 1 && (photos.len() > keep || total > keep_bytes) {
            if let Some((_, old)) = photos.pop_front() {
                total -= old.size();
            }
        }
        photo_id
    }

    pub fn get(&self, photo_id: u64) -> Result<Arc<Original>, Error> {
        let photos = self.photos.lock().unwrap_or_else(|p| p.into_inner());
        photos.iter().find(|(id, _)| *id == photo_id).map(|(_, p)| Arc::clone(p)).ok_or(Error::PhotoGone(photo_id))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_types::ErrorKind as _;

    fn photo(bytes: usize) -> Arc<Original> {
        Arc::new(Original::Encoded(vec![0; bytes]))
    }

    fn kept(shelf: &PhotoShelf) -> Vec<u64> {
        shelf.photos.lock().unwrap().iter().map(|(id, _)| *id).collect()
    }

    #[test]
    fn at_most_eight_photos_stay_and_the_oldest_go_first() {
        let shelf = PhotoShelf::default();
        let ids: Vec<u64> = (0..10).map(|_| shelf.shelve(photo(10))).collect();
        assert_eq!(kept(&shelf), ids[2..].to_vec());
        assert_eq!(shelf.get(ids[0]).unwrap_err().kind(), zhaohuo_types::Kind::PhotoGone);
        assert!(shelf.get(ids[9]).is_ok());
    }

    #[test]
    fn photos_over_the_memory_budget_drop_the_oldest_but_never_the_newest() {
        let shelf = PhotoShelf::default();
        let a = shelf.shelve_within(photo(400), 8, 1000);
        let b = shelf.shelve_within(photo(400), 8, 1000);
        assert_eq!(kept(&shelf), vec![a, b]);
        let c = shelf.shelve_within(photo(400), 8, 1000);
        assert_eq!(kept(&shelf), vec![b, c], "1,200 bytes > 1,000: the oldest went");
        let big = shelf.shelve_within(photo(5000), 8, 1000);
        assert_eq!(kept(&shelf), vec![big], "a photo bigger than the budget still stays, alone");
    }

    #[test]
    fn oversized_clipboard_images_and_files_are_refused_before_copying() {
        let err = Original::from_pixels(20_000, 20_000, &[]).unwrap_err();
        assert_eq!(err.kind(), zhaohuo_types::Kind::PhotoTooLarge);
        assert!(err.to_string().contains("clipboard image"), "{err}");
        let err = Original::check_file_size(300 * 1024 * 1024).unwrap_err();
        assert_eq!(err.kind(), zhaohuo_types::Kind::PhotoTooLarge);
        assert!(Original::check_file_size(5 * 1024 * 1024).is_ok());
        assert!(Original::from_pixels(2, 1, &[0; 8]).is_ok());
    }
}
