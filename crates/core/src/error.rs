//! The core's error type: joins each crate's typed error so callers (the app
//! shell, the CLI) handle one type that still knows its stable `kind`.

use zhaohuo_types::ErrorKind;

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
}

impl ErrorKind for Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::Photo(e) => e.kind(),
            Error::Provider(e) => e.kind(),
            Error::Store(e) => e.kind(),
            Error::Secrets(e) => e.kind(),
        }
    }

    fn hint(&self) -> Option<String> {
        match self {
            Error::Photo(e) => e.hint(),
            Error::Provider(e) => e.hint(),
            Error::Store(e) => e.hint(),
            Error::Secrets(e) => e.hint(),
        }
    }
}
