//! The core's error type: joins each crate's typed error so callers (the app
//! shell, the CLI) handle one type that still knows its stable `kind`.

use zhaohuo_types::{ErrorKind, Kind};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Photo(#[from] zhaohuo_photo::PhotoError),
    #[error(transparent)]
    Provider(#[from] zhaohuo_providers::ProviderError),
    #[error(transparent)]
    Store(#[from] zhaohuo_store::StoreError),
    #[error(transparent)]
    Secrets(#[from] zhaohuo_secrets::SecretError),
    #[error(transparent)]
    SignIn(#[from] crate::signin::SignInError),
    #[error(transparent)]
    Link(#[from] crate::photo_link::LinkError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error("the demo gateway could not start: {0}")]
    Sandbox(#[from] zhaohuo_sandbox::SandboxError),
    /// The UI referred to a photo this run no longer holds.
    #[error("that photo is no longer open (photo {0})")]
    PhotoGone(u64),
    /// A newer search (or the buyer) stopped this one; the UI drops it quietly.
    #[error("the search was cancelled")]
    Cancelled,
    /// "More results" for a search this run no longer holds.
    #[error("search {0} can no longer be continued")]
    SearchGone(i64),
    #[error("{0:?} is not a 1688 offer page")]
    NotAnOfferPage(String),
    #[error("{0:?} is not a usable base URL")]
    InvalidBaseUrl(String),
    #[error("there is no provider profile called {0:?}")]
    UnknownProfile(String),
    #[error("the {profile} profile has no {field} saved")]
    MissingCredential { profile: String, field: &'static str },
    /// A background task died (a panic caught at the task boundary).
    #[error("an internal task failed: {0}")]
    Internal(String),
}

impl From<tokio::task::JoinError> for Error {
    fn from(err: tokio::task::JoinError) -> Self {
        Error::Internal(err.to_string())
    }
}

impl ErrorKind for Error {
    fn kind(&self) -> Kind {
        match self {
            Error::Photo(e) => e.kind(),
            Error::Provider(e) => e.kind(),
            Error::Store(e) => e.kind(),
            Error::Secrets(e) => e.kind(),
            Error::SignIn(e) => e.kind(),
            Error::Link(e) => e.kind(),
            Error::Export(e) => e.kind(),
            Error::Sandbox(_) => Kind::SandboxStart,
            Error::PhotoGone(_) => Kind::PhotoGone,
            Error::Cancelled => Kind::SearchCancelled,
            Error::SearchGone(_) => Kind::SearchGone,
            Error::UnknownProfile(_) => Kind::ProfileUnknown,
            Error::InvalidBaseUrl(_) => Kind::ProfileBadUrl,
            Error::NotAnOfferPage(_) => Kind::LinkNotOfferPage,
            Error::MissingCredential { .. } => Kind::ProfileMissingCredential,
            Error::Internal(_) => Kind::Internal,
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            Error::Photo(e) => e.hint(),
            Error::Provider(e) => e.hint(),
            Error::Store(e) => e.hint(),
            Error::Secrets(e) => e.hint(),
            Error::SignIn(e) => e.hint(),
            Error::Link(e) => e.hint(),
            Error::Export(e) => e.hint(),
            Error::Sandbox(_) => {
                Some("Restart Zhaohuo; if it keeps failing, another program may block loopback ports.".into())
            }
            Error::PhotoGone(_) => Some("Drop or paste the photo again.".into()),
            Error::Cancelled => None,
            Error::SearchGone(_) => Some("Search the photo again to get more results.".into()),
            Error::UnknownProfile(_) => Some("Pick a profile in Settings.".into()),
            Error::NotAnOfferPage(_) => {
                Some("Zhaohuo only opens https pages on 1688.com; search 1688 for the offer id instead.".into())
            }
            Error::InvalidBaseUrl(_) => {
                Some("Enter it as https://host[:port][/path], e.g. https://gw.open.1688.com.".into())
            }
            Error::MissingCredential { .. } => Some("Enter the credentials for this profile in Settings.".into()),
            Error::Internal(_) => Some("Try again; if it repeats, the log file has details.".into()),
        }
    }
}
