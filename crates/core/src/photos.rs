//! Photos the buyer opened in this run, held in memory so cropping and
//! searching again never re-sends the bytes over IPC. Bounded: the oldest go.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use ts_rs::TS;
use zhaohuo_photo::{CandidateKind, DetectedFormat, ImageSpec, PhotoSource, SourceKind};
use zhaohuo_types::CropBox;

use crate::Error;

/// How many opened photos stay available for re-cropping.
const KEEP: usize = 8;

/// A photo as it arrived: file bytes, or clipboard pixels.
#[derive(Debug, Clone)]
pub enum Original {
    Encoded(Vec<u8>),
    Rgba { width: u32, height: u32, pixels: Vec<u8> },
}

impl Original {
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
        let photo_id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        {
            let mut photos = self.photos.lock().unwrap_or_else(|p| p.into_inner());
            photos.push_back((photo_id, original));
            while photos.len() > KEEP {
                photos.pop_front();
            }
        }
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

    pub fn get(&self, photo_id: u64) -> Result<Arc<Original>, Error> {
        let photos = self.photos.lock().unwrap_or_else(|p| p.into_inner());
        photos.iter().find(|(id, _)| *id == photo_id).map(|(_, p)| Arc::clone(p)).ok_or(Error::PhotoGone(photo_id))
    }
}
