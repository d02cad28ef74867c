//! Credentials live in the OS keychain and go from there to the signer only.

/// Why a credential could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("no keychain is available: {0}")]
    Unavailable(String),
}

impl zhaohuo_types::ErrorKind for SecretError {
    fn kind(&self) -> &'static str {
        match self {
            SecretError::Unavailable(_) => "secrets.unavailable",
        }
    }
}
