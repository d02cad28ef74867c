//! The one search model every family is driven by, and what a search needs
//! besides the profile: credentials and the prepared image.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_types::{CropBox, Sensitive};

use crate::profile::ImageFormat;

/// Same item (同款) or similar items (相似款).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SearchMode {
    #[default]
    Same,
    Similar,
}

/// Orders a buyer can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    /// The provider's own order (similarity, else rank).
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    /// Most sold first.
    Sales,
    /// Lowest minimum order first.
    Moq,
    /// Weighted score of similarity, low MOQ and in-stock supply.
    SupplyChain,
}

/// Filters that some providers apply themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FilterKey {
    PriceRange,
    MaxMoq,
    FreeShipping,
    DropshipOnly,
    MinSimilarity,
    /// Only suppliers with a factory badge.
    FactoryOnly,
}

/// Weights of the supply-chain sort; the offer-match write-up's default is
/// 0.5 similarity, 0.3 low MOQ, 0.2 in stock.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupplyWeights {
    pub similarity: f32,
    pub low_moq: f32,
    pub in_stock: f32,
}

impl Default for SupplyWeights {
    fn default() -> Self {
        Self { similarity: 0.5, low_moq: 0.3, in_stock: 0.2 }
    }
}

/// What the buyer narrows results by. `None`/`false` means "don't filter".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchFilters {
    pub price_min_fen: Option<u64>,
    pub price_max_fen: Option<u64>,
    pub moq_max: Option<u32>,
    pub free_shipping: bool,
    pub dropship_only: bool,
    /// 0.0–1.0.
    pub min_similarity: Option<f32>,
    pub factory_only: bool,
}

impl SearchFilters {
    /// The filters that are switched on.
    pub fn active(&self) -> Vec<FilterKey> {
        let mut active = Vec::new();
        if self.price_min_fen.is_some() || self.price_max_fen.is_some() {
            active.push(FilterKey::PriceRange);
        }
        if self.moq_max.is_some() {
            active.push(FilterKey::MaxMoq);
        }
        if self.free_shipping {
            active.push(FilterKey::FreeShipping);
        }
        if self.dropship_only {
            active.push(FilterKey::DropshipOnly);
        }
        if self.min_similarity.is_some() {
            active.push(FilterKey::MinSimilarity);
        }
        if self.factory_only {
            active.push(FilterKey::FactoryOnly);
        }
        active
    }
}

/// One search request, the same for every provider family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchQuery {
    pub mode: SearchMode,
    /// 1-based page of `page_size` offers.
    pub page: u32,
    /// `0` means the profile's default.
    pub page_size: u32,
    pub filters: SearchFilters,
    pub sort: SortKey,
    pub weights: SupplyWeights,
    /// Result language (`en`, `zh`, `ru`); the profile default when `None`.
    pub lang: Option<String>,
    /// The part of the photo holding the product, in prepared-image pixels.
    pub region: Option<CropBox>,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            mode: SearchMode::Same,
            page: 1,
            page_size: 0,
            filters: SearchFilters::default(),
            sort: SortKey::Relevance,
            weights: SupplyWeights::default(),
            lang: None,
            region: None,
        }
    }
}

/// The prepared photo exactly as it will be sent.
#[derive(Debug, Clone, Copy)]
pub struct ImagePayload<'a> {
    pub bytes: &'a [u8],
    /// Standard base64 of `bytes`, no line breaks, no `data:` prefix.
    pub base64: &'a str,
    /// Hex SHA-256 of `bytes`; keys the upload cache.
    pub sha256_hex: &'a str,
    pub format: ImageFormat,
}

/// What a provider needs to know who is calling. Secrets stay wrapped until
/// the signer or the request body needs them.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub app_key: String,
    pub app_secret: Sensitive<String>,
    pub access_token: Option<Sensitive<String>>,
}

impl Credentials {
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<String>) -> Self {
        Self { app_key: app_key.into(), app_secret: Sensitive::new(app_secret.into()), access_token: None }
    }

    pub fn with_access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Sensitive::new(token.into()));
        self
    }
}
