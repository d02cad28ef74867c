//! What goes into the store and what comes back out to the UI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_types::{CropBox, Offer, PriceRange, Supplier};

/// A recorded search (SQLite row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct SearchId(#[ts(type = "number")] pub i64);

/// A shortlist (SQLite row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct ShortlistId(#[ts(type = "number")] pub i64);

/// One item of a shortlist (SQLite row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct ItemId(#[ts(type = "number")] pub i64);

/// How a search ended. Failed searches are kept so the buyer can retry them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum SearchOutcome {
    Ok,
    /// `kind` is the error's stable [`zhaohuo_types::ErrorKind::kind`].
    Error {
        kind: String,
    },
}

/// Everything about a search except its offers, as the search code knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSearch {
    /// Milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    pub profile: String,
    /// Search mode as the providers name it (same item, similar, …).
    pub mode: String,
    /// Filters as sent (price range, MOQ, …).
    pub filters: serde_json::Value,
    pub sort: Option<String>,
    pub crop: Option<CropBox>,
    /// Lower-case hex SHA-256 of the photo as uploaded.
    pub photo_sha256: String,
    /// 64-bit perceptual hash, for "seen before".
    pub phash: u64,
    /// Small JPEG/PNG/WebP for the history list.
    pub thumbnail: Option<Vec<u8>>,
    /// Total the provider reported (may exceed the offers kept).
    pub result_count: u32,
    pub outcome: SearchOutcome,
    pub request_ids: Vec<String>,
}

/// One history row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchSummary {
    pub id: SearchId,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    pub profile: String,
    pub mode: String,
    pub filters: serde_json::Value,
    pub sort: Option<String>,
    pub crop: Option<CropBox>,
    pub photo_sha256: String,
    /// `data:image/…;base64,…`, ready for an `<img src>`.
    pub thumbnail_data_url: Option<String>,
    pub result_count: u32,
    pub outcome: SearchOutcome,
    pub request_ids: Vec<String>,
    /// Title of the best match, as a caption.
    pub top_title: Option<String>,
}

/// A past search reopened without calling the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchDetail {
    pub summary: SearchSummary,
    /// Perceptual hash as 16 hex digits (JavaScript numbers cannot hold 64 bits).
    pub phash_hex: String,
    /// In the provider's order, with rank, similarity, price and MOQ as they
    /// were in this search; the rest is the latest known.
    pub offers: Vec<Offer>,
}

/// A past search whose photo looks like the new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeenBefore {
    pub search: SearchSummary,
    /// Hamming distance between the perceptual hashes (0 = same picture).
    pub distance: u32,
}

/// Full-text matches in history and shortlists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryTextHits {
    /// Searches with an offer whose title or supplier matches, newest first.
    pub searches: Vec<SearchSummary>,
    /// Shortlists and items whose name or notes match.
    pub notes: Vec<NoteHit>,
}

/// A shortlist (name/notes) or one of its items (note) matching a text search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteHit {
    pub shortlist_id: ShortlistId,
    pub shortlist_name: String,
    /// `None` when the shortlist itself matched.
    pub item_id: Option<ItemId>,
    pub text: String,
}

/// A shortlist without its items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Shortlist {
    pub id: ShortlistId,
    pub name: String,
    pub notes: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub updated_at_ms: i64,
    pub item_count: u32,
}

/// What to put on a shortlist: an offer or a supplier already in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ItemRef {
    #[serde(rename_all = "camelCase")]
    Offer { profile: String, offer_id: String },
    /// A supplier as it appears in an offer: by id, or by name when the
    /// provider gives no id.
    #[serde(rename_all = "camelCase")]
    Supplier { profile: String, supplier_id: Option<String>, name: String },
}

/// What a shortlist item points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ItemTarget {
    /// The offer as last seen.
    Offer {
        offer: Box<Offer>,
    },
    Supplier {
        profile: String,
        supplier: Supplier,
    },
}

/// One item with the price when it was added and the latest known price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShortlistItem {
    pub id: ItemId,
    pub shortlist_id: ShortlistId,
    /// 0-based place in the list.
    pub position: u32,
    pub note: String,
    #[ts(type = "number")]
    pub added_at_ms: i64,
    pub target: ItemTarget,
    pub price_when_added: Option<PriceRange>,
    pub moq_when_added: Option<u32>,
    pub latest_price: Option<PriceRange>,
    pub latest_moq: Option<u32>,
    /// When the latest price was seen (the newest search that returned it).
    #[ts(type = "number | null")]
    pub latest_seen_at_ms: Option<i64>,
}

/// A shortlist with its items in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShortlistDetail {
    pub shortlist: Shortlist,
    pub items: Vec<ShortlistItem>,
}

/// Identifies a cached provider response: same profile, same photo, same
/// request parameters (serialised canonically by the caller).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    pub profile: String,
    pub photo_sha256: String,
    pub params: String,
}
