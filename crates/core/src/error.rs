//! The core's error type: joins each crate's typed error so callers (the app
//! shell, the CLI) handle one type that still knows its stable `kind`.

use zhaohuo_types::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value from the UI or a file that the core cannot accept.
    #[error("{0}")]
    Invalid(String),
}

impl ErrorKind for Error {
    fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
        }
    }
}
