//! One search: the opened photo → prepared for the active profile's image
//! spec → signed provider request (or the response cache) → normalised offers
//! → recorded in the store. Failed searches are recorded too (with their
//! error kind), so history is complete; superseded ones are not.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;
use zhaohuo_photo::PreparedPhoto;
use zhaohuo_providers::{FilterKey, ImagePayload, PicRegion, ProviderClient, ProviderProfile, SearchPage, SearchQuery};
use zhaohuo_store::{CacheKey, NewSearch, SearchId, SearchOutcome, SeenBefore};
use zhaohuo_types::{CropBox, ErrorKind, ErrorPayload, Offer};

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
    /// Ask the provider even when the same photo and query were answered recently.
    #[serde(default)]
    #[ts(optional)]
    pub refresh: Option<bool>,
}

/// What the UI gets back.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    pub search_id: SearchId,
    pub profile: String,
    /// This page's offers; on "more" pages, only offers not shown before.
    pub offers: Vec<Offer>,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    pub has_more: bool,
    /// 1-based page of the provider's answer these offers come from.
    pub page: u32,
    /// Earlier searches of a similar-looking photo.
    pub seen_before: Vec<SeenBefore>,
    /// Filters the provider applied itself.
    pub filters_remote: Vec<FilterKey>,
    /// Filters Zhaohuo applied to the provider's answer, because the API cannot.
    pub filters_local: Vec<FilterKey>,
    /// Whether the provider sorted (otherwise Zhaohuo did).
    pub sort_remote: bool,
    /// Offers the local filters removed from this page.
    pub filtered_out: u32,
    /// Answered from the local response cache: no API call, no quota used.
    pub from_cache: bool,
    /// The part of the uploaded photo the provider searched and the parts it
    /// detected (1688's `picRegionInfo`), in the prepared image's pixels, as sent.
    pub pic_region: Option<PicRegion>,
    /// `pic_region.current` on the buyer's photo (oriented pixels): draw it over the photo.
    pub searched_region: Option<CropBox>,
    /// The other objects the provider detected, on the buyer's photo: each can be searched.
    pub detected_regions: Vec<CropBox>,
    /// The offers are real but could not be saved to history (e.g. the disk is
    /// full); shown with the results, and "More results" still works.
    pub not_saved: Option<ErrorPayload>,
}

/// The provider's regions (prepared-image pixels) on the buyer's photo.
fn regions_on_photo(prepared: &PreparedPhoto, region: Option<&PicRegion>) -> (Option<CropBox>, Vec<CropBox>) {
    let Some(region) = region else { return (None, Vec::new()) };
    let searched = region.current.and_then(|r| prepared.region_on_photo(r));
    let detected = region.detected.iter().filter_map(|r| prepared.region_on_photo(*r)).collect();
    (searched, detected)
}

/// Today's API calls of one profile, for the quota meter.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallCount {
    pub profile: String,
    /// `yyyy-mm-dd` on 1688's calendar (GMT+8): the day the count resets after.
    pub day: String,
    pub used: u32,
    /// Calls a day the buyer's API package allows, when the profile says.
    pub daily_quota: Option<u32>,
}

/// Perceptual-hash distance under which two photos count as the same product shot.
const SEEN_BEFORE_DISTANCE: u32 = 10;

/// How long a provider answer is reused for the same photo and query. Offers
/// and prices on 1688 move over days, and every call spends daily quota.
const CACHE_TTL: Duration = Duration::from_secs(6 * 3600);

/// How many recent searches can still be asked for more results.
const KEEP_SESSIONS: usize = 8;

// 1688's calendar day (quota resets at midnight in China).
pub(crate) use zhaohuo_providers::china::today;

/// A search that can be continued: what was sent, the page reached, and the
/// offers already shown (so later pages never repeat one).
struct Session {
    profile: ProviderProfile,
    prepared: Arc<PreparedPhoto>,
    query: SearchQuery,
    seen: HashSet<String>,
}

/// Recent sessions and the token of the search in flight.
#[derive(Default)]
pub(crate) struct Searches {
    sessions: std::sync::Mutex<(VecDeque<SearchId>, HashMap<SearchId, Session>)>,
    current: std::sync::Mutex<CancellationToken>,
    unsaved: std::sync::atomic::AtomicI64,
}

impl Searches {
    /// A token for a new search; the one in flight (if any) is cancelled,
    /// because the buyer moved on (a new photo or crop).
    fn begin(&self) -> CancellationToken {
        let fresh = CancellationToken::new();
        if let Ok(mut current) = self.current.lock() {
            current.cancel();
            *current = fresh.clone();
        }
        fresh
    }

    fn cancel(&self) {
        if let Ok(current) = self.current.lock() {
            current.cancel();
        }
    }

    /// An id for a search history could not take: negative, so it never
    /// meets a row id, and "More results" knows not to save its pages.
    fn unsaved_id(&self) -> SearchId {
        SearchId(-1 - self.unsaved.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }

    fn keep(&self, id: SearchId, session: Session) {
        if let Ok(mut guard) = self.sessions.lock() {
            let (order, map) = &mut *guard;
            order.push_back(id);
            map.insert(id, session);
            while order.len() > KEEP_SESSIONS {
                if let Some(old) = order.pop_front() {
                    map.remove(&old);
                }
            }
        }
    }

    fn take(&self, id: SearchId) -> Option<Session> {
        self.sessions.lock().ok()?.1.remove(&id)
    }

    fn put_back(&self, id: SearchId, session: Session) {
        if let Ok(mut guard) = self.sessions.lock() {
            if guard.0.contains(&id) {
                guard.1.insert(id, session);
            }
        }
    }
}

/// The cached form of a provider answer (one page, filtered and sorted).
#[derive(Serialize, Deserialize)]
struct CachedPage {
    offers: Vec<Offer>,
    total: Option<u64>,
    has_more: bool,
    request_ids: Vec<String>,
    filters_remote: Vec<FilterKey>,
    filters_local: Vec<FilterKey>,
    sort_remote: bool,
    filtered_out: u32,
    /// Absent from answers cached before it was kept.
    #[serde(default)]
    pic_region: Option<PicRegion>,
}

impl From<SearchPage> for CachedPage {
    fn from(p: SearchPage) -> Self {
        CachedPage {
            offers: p.offers,
            total: p.total,
            has_more: p.has_more,
            request_ids: p.request_ids,
            filters_remote: p.filters_remote,
            filters_local: p.filters_local,
            sort_remote: p.sort_remote,
            filtered_out: p.filtered_out,
            pic_region: p.pic_region,
        }
    }
}

impl App {
    pub async fn search_photo(&self, request: SearchRequest) -> Result<SearchResult, Error> {
        let token = self.searches.begin();
        let mut query = request.query.unwrap_or_default();
        query.page = 1;
        let profile = self.active_profile().await?;
        let original = self.photos.get(request.photo_id)?;
        let spec = profile.image.clone();
        let crop = request.crop;
        let prepared = Arc::new(
            tokio::task::spawn_blocking(move || zhaohuo_photo::prepare(original.source(), crop, &spec)).await??,
        );

        let seen_before = self.store.seen_before(prepared.phash, SEEN_BEFORE_DISTANCE, 5).await?;
        let mut record = NewSearch {
            created_at_ms: Utc::now().timestamp_millis(),
            profile: profile.id.clone(),
            mode: serde_json::to_value(query.mode).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
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

        let cache_key = CacheKey {
            profile: profile.id.clone(),
            photo_sha256: prepared.sha256_hex.clone(),
            params: serde_json::to_string(&query).unwrap_or_default(),
        };
        let cached = if request.refresh.unwrap_or(false) { None } else { self.cached(&cache_key).await };
        let from_cache = cached.is_some();
        let mut seen = HashSet::new();
        let outcome = match cached {
            Some(page) => Ok(page),
            None => match self.fetch(&token, &profile, &prepared, &query, &mut seen).await {
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                other => other,
            },
        };

        match outcome {
            Ok(mut page) => {
                if from_cache {
                    seen.extend(page.offers.iter().map(|o| o.offer_id.clone()));
                    self.rebase_demo_images(&mut page.offers).await;
                } else if let Ok(json) = serde_json::to_string(&page) {
                    if let Err(err) = self.store.cache_put(cache_key, json, CACHE_TTL).await {
                        tracing::warn!(error = %err, "could not cache a provider answer");
                    }
                }
                record.result_count =
                    page.total.map_or(page.offers.len() as u32, |t| u32::try_from(t).unwrap_or(u32::MAX));
                record.request_ids = page.request_ids.clone();
                // Offers that cost a call are shown even when history cannot take them.
                let (search_id, not_saved) = match self.store.record_search(record, page.offers.clone()).await {
                    Ok(id) => (id, None),
                    Err(err) => {
                        let err = Error::from(err);
                        tracing::warn!(error = %err, "a search's results could not be saved");
                        (self.searches.unsaved_id(), Some(ErrorPayload::of(&err)))
                    }
                };
                let (searched_region, detected_regions) = regions_on_photo(&prepared, page.pic_region.as_ref());
                self.searches.keep(search_id, Session { profile: profile.clone(), prepared, query, seen });
                Ok(SearchResult {
                    search_id,
                    profile: profile.id,
                    offers: page.offers,
                    total: page.total,
                    has_more: page.has_more,
                    page: 1,
                    seen_before,
                    filters_remote: page.filters_remote,
                    filters_local: page.filters_local,
                    sort_remote: page.sort_remote,
                    filtered_out: page.filtered_out,
                    from_cache,
                    pic_region: page.pic_region,
                    searched_region,
                    detected_regions,
                    not_saved,
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

    /// The next page of an earlier search (same photo, crop and query), with
    /// offers already shown left out; they are added to that search in history.
    pub async fn search_more(&self, search_id: SearchId) -> Result<SearchResult, Error> {
        let token = self.searches.begin();
        let mut session = self.searches.take(search_id).ok_or(Error::SearchGone(search_id.0))?;
        session.query.page += 1;
        let fetched = self.fetch(&token, &session.profile, &session.prepared, &session.query, &mut session.seen).await;
        let page = match fetched {
            Ok(page) => page,
            Err(err) => {
                // The same page can be asked for again.
                session.query.page -= 1;
                self.searches.put_back(search_id, session);
                return Err(err);
            }
        };
        let not_saved = if search_id.0 < 0 {
            None
        } else {
            match self.store.append_results(search_id, page.offers.clone(), page.request_ids.clone()).await {
                Ok(()) => None,
                Err(err) => {
                    let err = Error::from(err);
                    tracing::warn!(error = %err, "more results could not be saved");
                    Some(ErrorPayload::of(&err))
                }
            }
        };
        let (searched_region, detected_regions) = regions_on_photo(&session.prepared, page.pic_region.as_ref());
        let result = SearchResult {
            search_id,
            profile: session.profile.id.clone(),
            offers: page.offers,
            total: page.total,
            has_more: page.has_more,
            page: session.query.page,
            seen_before: Vec::new(),
            filters_remote: page.filters_remote,
            filters_local: page.filters_local,
            sort_remote: page.sort_remote,
            filtered_out: page.filtered_out,
            from_cache: false,
            pic_region: page.pic_region,
            searched_region,
            detected_regions,
            not_saved,
        };
        self.searches.put_back(search_id, session);
        Ok(result)
    }

    /// API calls the active profile made today (1688's day, GMT+8) against its daily quota.
    pub async fn count_calls(&self) -> Result<CallCount, Error> {
        let profile = self.active_profile().await?;
        let day = today();
        let used = self.store.count_calls(&profile.id, day).await?;
        Ok(CallCount { profile: profile.id, day: day.to_string(), used, daily_quota: profile.daily_quota })
    }

    /// Stops the search in flight, if any; it ends with a `search.cancelled` error.
    pub fn cancel_search(&self) {
        self.searches.cancel();
    }

    /// One provider page, deduplicated against `seen`. API calls are counted
    /// for the daily quota whether the search succeeds, fails or is cancelled
    /// (a call that reached the gateway was spent).
    async fn fetch(
        &self,
        token: &CancellationToken,
        profile: &ProviderProfile,
        prepared: &PreparedPhoto,
        query: &SearchQuery,
        seen: &mut HashSet<String>,
    ) -> Result<CachedPage, Error> {
        let client = self.client(profile).await?;
        let image = ImagePayload {
            bytes: &prepared.bytes,
            base64: &prepared.base64,
            sha256_hex: &prepared.sha256_hex,
            format: prepared.format,
        };
        let before = client.calls_today();
        let result = tokio::select! {
            biased;
            () = token.cancelled() => Err(Error::Cancelled),
            page = client.search_page(&image, query, seen) => page.map_err(Error::from),
        };
        let calls = match &result {
            Ok(page) => page.calls,
            Err(_) => client.calls_today().saturating_sub(before),
        };
        self.tally_calls(&client, calls).await;
        Ok(result?.into())
    }

    async fn tally_calls(&self, client: &ProviderClient, calls: u32) {
        if calls == 0 {
            return;
        }
        if let Err(err) = self.store.record_calls(&client.profile().id, today(), calls).await {
            tracing::warn!(error = %err, "could not count API calls");
        }
    }

    /// A fresh cached answer for `key`; an unreadable entry counts as a miss.
    async fn cached(&self, key: &CacheKey) -> Option<CachedPage> {
        match self.store.cache_get(key.clone()).await {
            Ok(Some(json)) => serde_json::from_str(&json).ok(),
            Ok(None) => None,
            Err(err) => {
                tracing::warn!(error = %err, "the response cache could not be read");
                None
            }
        }
    }
}
