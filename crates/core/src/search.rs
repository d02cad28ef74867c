//! One search: the opened photo → prepared for the active profile's image
//! spec → signed provider request → normalised offers → recorded in the store.
//! Failed searches are recorded too (with their error kind), so history is complete.

use chrono::{FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_photo::{ImageSpec, OutputFormat};
use zhaohuo_providers::{ImageFormat, ImagePayload, ProviderProfile, SearchQuery};
use zhaohuo_store::{NewSearch, SearchId, SearchOutcome, SeenBefore};
use zhaohuo_types::{CropBox, ErrorKind, Offer};

use crate::{App, Error};

/// What the UI asks for: which opened photo, which part of it, and how.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    #[ts(type = "number")]
    pub photo_id: u64,
    /// In the oriented photo's pixels; the whole photo when absent.
    pub crop: Option<CropBox>,
    /// Mode, filters and sort; the profile's defaults when absent.
    #[serde(default)]
    pub query: Option<SearchQuery>,
}

/// What the UI gets back.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    pub search_id: SearchId,
    pub profile: String,
    pub offers: Vec<Offer>,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    pub has_more: bool,
    /// Earlier searches of a similar-looking photo.
    pub seen_before: Vec<SeenBefore>,
}

/// Perceptual-hash distance under which two photos count as the same product shot.
const SEEN_BEFORE_DISTANCE: u32 = 10;

/// 1688's calendar day (quota resets at midnight in China).
pub(crate) fn today() -> NaiveDate {
    let china = FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC offset"));
    Utc::now().with_timezone(&china).date_naive()
}

/// The photo crate's encoding spec for what a profile's API accepts.
fn encoding_for(profile: &ProviderProfile) -> (ImageSpec, ImageFormat) {
    let api = &profile.image;
    let spec = ImageSpec {
        max_side: api.max_side,
        pad_to_square: api.pad_to_square,
        format: match api.format {
            ImageFormat::Jpg => OutputFormat::Jpeg,
            ImageFormat::Png => OutputFormat::Png,
        },
        quality: api.quality,
        max_bytes: usize::try_from(api.max_bytes).unwrap_or(usize::MAX),
    };
    (spec, api.format)
}

impl App {
    pub async fn search(&self, request: SearchRequest) -> Result<SearchResult, Error> {
        let query = request.query.unwrap_or_default();
        let profile = self.active_profile().await?;
        let original = self.photos.get(request.photo_id)?;
        let (spec, format) = encoding_for(&profile);
        let crop = request.crop;
        let prepared =
            tokio::task::spawn_blocking(move || zhaohuo_photo::prepare(original.source(), crop, &spec)).await??;

        let seen_before = self.store.seen_before(prepared.phash, SEEN_BEFORE_DISTANCE, 5).await?;
        let mut record = NewSearch {
            created_at_ms: Utc::now().timestamp_millis(),
            profile: profile.id.clone(),
            mode: serde_json::to_value(query.mode)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            filters: serde_json::to_value(&query.filters).unwrap_or_default(),
            sort: serde_json::to_value(query.sort).ok().and_then(|v| v.as_str().map(str::to_owned)),
            crop: Some(prepared.crop),
            photo_sha256: prepared.sha256_hex.clone(),
            phash: prepared.phash,
            thumbnail: Some(prepared.thumbnail_jpeg.clone()),
            result_count: 0,
            outcome: SearchOutcome::Ok,
            request_ids: Vec::new(),
        };

        let outcome = async {
            let client = self.client(&profile).await?;
            let image = ImagePayload {
                bytes: &prepared.bytes,
                base64: &prepared.base64,
                sha256_hex: &prepared.sha256_hex,
                format,
            };
            Ok::<_, Error>(client.search(image, &query).await?)
        }
        .await;

        match outcome {
            Ok(page) => {
                for _ in 0..page.calls {
                    self.store.record_call(&profile.id, today()).await?;
                }
                record.result_count = page.total.map_or(page.offers.len() as u32, |t| u32::try_from(t).unwrap_or(u32::MAX));
                record.request_ids = page.request_ids.clone();
                let search_id = self.store.record_search(record, page.offers.clone()).await?;
                Ok(SearchResult {
                    search_id,
                    profile: profile.id,
                    offers: page.offers,
                    total: page.total,
                    has_more: page.has_more,
                    seen_before,
                })
            }
            Err(err) => {
                record.outcome = SearchOutcome::Error { kind: err.kind().to_string() };
                if let Err(store_err) = self.store.record_search(record, Vec::new()).await {
                    tracing::warn!(error = %store_err, "could not record a failed search");
                }
                Err(err)
            }
        }
    }
}
