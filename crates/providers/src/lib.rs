//! Providers: signed requests to each 1688 image-search API family, normalised offers.

/// Why a provider call failed.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("the provider could not be reached: {0}")]
    Network(String),
}

impl zhaohuo_types::ErrorKind for ProviderError {
    fn kind(&self) -> &'static str {
        match self {
            ProviderError::Network(_) => "provider.network",
        }
    }
}
