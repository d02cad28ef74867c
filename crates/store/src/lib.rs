//! Local store: search history, offers, shortlists, cache and quota (SQLite).

/// Why the local database could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the local database failed: {0}")]
    Database(String),
}

impl zhaohuo_types::ErrorKind for StoreError {
    fn kind(&self) -> &'static str {
        match self {
            StoreError::Database(_) => "store.database",
        }
    }
}
