//! Providers: signed requests to each 1688 image-search API family, one
//! search model in, normalised offers and typed errors out.
//!
//! * [`profile`]: providers as data (endpoint, names, limits, field paths).
//! * [`request`]: building each family's request (pure).
//! * [`parse`] / [`normalize`]: every reply shape to [`zhaohuo_types::Offer`] or a [`ProviderError`].
//! * [`client`]: HTTP with rate limits, quota, retries, upload cache, paging, token renewal.
//! * [`oauth`]: the 1688 sign-in (authorize URL, token requests and replies, when to renew).
//! * [`limits`]: bounds on replies (size, items, text, image URLs) and where credentials may go.
//! * [`local`]: dedupe, filters and sorts the provider cannot do.

pub mod china;
pub mod client;
pub mod error;
pub mod limits;
pub mod local;
pub mod normalize;
pub mod oauth;
pub mod parse;
pub mod profile;
pub mod query;
pub mod request;

pub use client::{Capability, ClientOptions, Probe, ProviderClient, RetryPolicy, SearchPage, UploadCache};
pub use error::{Fault, ProviderError};
pub use oauth::{TokenGrant, TokenSink};
pub use parse::PicRegion;
pub use profile::{
    builtin_profile, builtin_profiles, Api, Family, ImageFormat, ImageSpec, ProviderProfile, SimilarityScale,
    DEMO_PROFILE,
};
pub use query::{Credentials, FilterKey, ImagePayload, SearchFilters, SearchMode, SearchQuery, SortKey, SupplyWeights};

#[cfg(test)]
mod ts_bindings {
    use ts_rs::{Config, TS};

    /// The UI gets these types through ts-rs; declaring them must work and keep serde's names.
    #[test]
    fn types_declare_for_typescript() {
        let cfg = Config::default();
        let query = crate::SearchQuery::decl(&cfg);
        assert!(query.contains("pageSize") && query.contains("filters"), "{query}");
        let page = crate::SearchPage::decl(&cfg);
        assert!(page.contains("filtersLocal"), "{page}");
        let profile = crate::ProviderProfile::decl(&cfg);
        assert!(profile.contains("baseUrl") && profile.contains("dailyQuota"), "{profile}");
        assert!(crate::profile::Api::decl(&cfg).contains("\"family\""));
    }
}
