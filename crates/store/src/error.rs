use std::path::PathBuf;

use zhaohuo_types::Kind;

/// Why the local database could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the local database failed: {0}")]
    Database(#[source] rusqlite::Error),
    #[error("could not open the database at {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("the database file is damaged or not a Zhaohuo database: {0}")]
    Corrupt(String),
    #[error("the database was written by a newer version of Zhaohuo")]
    TooNew,
    #[error("the database is busy (another Zhaohuo window may be using it)")]
    Busy,
    #[error("the disk is full or the database is read-only: {0}")]
    Disk(String),
    #[error("updating the database schema failed: {0}")]
    Migration(String),
    #[error("{what} was not found")]
    NotFound { what: String },
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("settings must not hold credentials ('{key}' looks like one); they belong in the keychain")]
    SecretInSettings { key: String },
    #[error("the database worker stopped unexpectedly: {0}")]
    Worker(String),
}

impl StoreError {
    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        StoreError::NotFound { what: what.into() }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(e, _) = &err {
            match e.code {
                C::DatabaseBusy | C::DatabaseLocked => return StoreError::Busy,
                C::DatabaseCorrupt | C::NotADatabase => return StoreError::Corrupt(err.to_string()),
                C::DiskFull | C::ReadOnly | C::SystemIoFailure => return StoreError::Disk(err.to_string()),
                _ => {}
            }
        }
        StoreError::Database(err)
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(err: rusqlite_migration::Error) -> Self {
        use rusqlite_migration::{Error as E, MigrationDefinitionError as D};
        match err {
            E::MigrationDefinition(D::DatabaseTooFarAhead) => StoreError::TooNew,
            E::RusqliteError { err, .. } => StoreError::from(err),
            other => StoreError::Migration(other.to_string()),
        }
    }
}

impl zhaohuo_types::ErrorKind for StoreError {
    fn kind(&self) -> Kind {
        match self {
            StoreError::Database(_) => Kind::StoreDatabase,
            StoreError::Open { .. } => Kind::StoreOpen,
            StoreError::Corrupt(_) => Kind::StoreCorrupt,
            StoreError::TooNew => Kind::StoreTooNew,
            StoreError::Busy => Kind::StoreBusy,
            StoreError::Disk(_) => Kind::StoreDisk,
            StoreError::Migration(_) => Kind::StoreMigration,
            StoreError::NotFound { .. } => Kind::StoreNotFound,
            StoreError::Invalid(_) => Kind::StoreInvalid,
            StoreError::SecretInSettings { .. } => Kind::StoreSecretInSettings,
            StoreError::Worker(_) => Kind::StoreWorker,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            StoreError::Open { .. } => "Check that the folder exists and you may write to it, or choose another data folder.",
            StoreError::Corrupt(_) => "Quit Zhaohuo, move the database file aside (it holds your history), and start again; a fresh database will be created.",
            StoreError::TooNew => "Update Zhaohuo to the latest version; this database was written by a newer one.",
            StoreError::Busy => "Close other Zhaohuo windows and try again.",
            StoreError::Disk(_) => "Free some disk space and check the data folder is writable.",
            StoreError::Migration(_) => "Keep a copy of the database file and report this problem.",
            StoreError::NotFound { .. } => "It may have been deleted; refresh the list.",
            StoreError::SecretInSettings { .. } => "Enter credentials in the profile's credential fields; they are kept in the system keychain.",
            // The message says what was wrong (e.g. a shortlist name's length).
            StoreError::Invalid(_) => "Correct the value as the message says and try again.",
            StoreError::Database(_) | StoreError::Worker(_) => return None,
        };
        Some(hint.to_string())
    }
}
