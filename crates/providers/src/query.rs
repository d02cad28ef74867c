//! The one search model every family is driven by, and what a search needs
//! besides the profile: credentials and the prepared image.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_types::{CropBox, Sensitive};

use crate::error::ProviderError;
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

impl SupplyWeights {
    /// Each weight finite and within 0–1. They arrive over IPC and from
    /// saved settings; a NaN or infinity would make every score NaN, and a
    /// sort over NaN scores has no order at all.
    pub fn validate(&self) -> Result<(), ProviderError> {
        for (name, w) in [("similarity", self.similarity), ("low MOQ", self.low_moq), ("in stock", self.in_stock)] {
            if !(w.is_finite() && (0.0..=1.0).contains(&w)) {
                return Err(ProviderError::InvalidQuery {
                    reason: format!("the supply-chain sort's {name} weight must be between 0 and 1 (got {w})"),
                });
            }
        }
        Ok(())
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

impl SearchQuery {
    /// Rejects values no provider or local sort can use, before any call.
    pub fn validate(&self) -> Result<(), ProviderError> {
        self.weights.validate()?;
        if let Some(s) = self.filters.min_similarity {
            if !(s.is_finite() && (0.0..=1.0).contains(&s)) {
                return Err(ProviderError::InvalidQuery {
                    reason: format!("the minimum similarity must be between 0 and 1 (got {s})"),
                });
            }
        }
        Ok(())
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_types::ErrorKind;

    #[test]
    fn weights_are_finite_and_within_zero_to_one() {
        assert!(SearchQuery::default().validate().is_ok());
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -0.1, 1.5] {
            for w in [
                SupplyWeights { similarity: bad, ..SupplyWeights::default() },
                SupplyWeights { low_moq: bad, ..SupplyWeights::default() },
                SupplyWeights { in_stock: bad, ..SupplyWeights::default() },
            ] {
                let q = SearchQuery { weights: w, ..SearchQuery::default() };
                assert_eq!(q.validate().unwrap_err().kind(), "provider.invalid_query", "{w:?}");
            }
        }
        let q = SearchQuery {
            filters: SearchFilters { min_similarity: Some(f32::NAN), ..SearchFilters::default() },
            ..SearchQuery::default()
        };
        assert_eq!(q.validate().unwrap_err().kind(), "provider.invalid_query");
    }

    #[test]
    fn an_overflowing_weight_from_json_is_refused() {
        // JSON has no NaN, but 1e39 overflows f32 to infinity on the way in.
        let q: SearchQuery = serde_json::from_str(r#"{"weights":{"similarity":1e39,"lowMoq":0,"inStock":0}}"#).unwrap();
        assert!(q.weights.similarity.is_infinite());
        assert!(q.validate().is_err());
    }
}
