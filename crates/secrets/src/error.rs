use zhaohuo_types::Kind;

use crate::SecretField;

/// Why a credential could not be stored or read. Messages never contain a
/// secret value: keychain errors that carry one are reduced to their kind.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("this build of Zhaohuo has no keychain backend for {os}: credentials would be kept nowhere")]
    NoNativeStore { os: &'static str },
    #[error("no keychain is available ({detail})")]
    Unavailable { detail: String },
    #[error("the keychain is locked or refused access ({detail})")]
    Locked { detail: String },
    #[error("no {field} is saved for profile '{profile}'")]
    NotSet { profile: String, field: SecretField },
    #[error("the keychain refused the entry: {detail}")]
    Rejected { detail: String },
    #[error("the saved {field} for profile '{profile}' is not text")]
    Corrupt { profile: String, field: SecretField },
    #[error("the keychain holds several {field} entries for profile '{profile}'")]
    Ambiguous { profile: String, field: SecretField },
    #[error("a profile name must be 1–64 letters, digits, '-', '_' or '.'")]
    InvalidProfile,
    #[error("an empty credential cannot be saved")]
    Empty,
}

impl zhaohuo_types::ErrorKind for SecretError {
    fn kind(&self) -> Kind {
        match self {
            SecretError::NoNativeStore { .. } => Kind::SecretsNoNativeStore,
            SecretError::Unavailable { .. } => Kind::SecretsUnavailable,
            SecretError::Locked { .. } => Kind::SecretsLocked,
            SecretError::NotSet { .. } => Kind::SecretsNotSet,
            SecretError::Rejected { .. } => Kind::SecretsRejected,
            SecretError::Corrupt { .. } => Kind::SecretsCorrupt,
            SecretError::Ambiguous { .. } => Kind::SecretsAmbiguous,
            SecretError::InvalidProfile => Kind::SecretsInvalidProfile,
            SecretError::Empty => Kind::SecretsEmpty,
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            SecretError::NoNativeStore { .. } => {
                "This copy of Zhaohuo was built without your system's keychain, so it refuses \
                 to pretend to save credentials. Install the official build for your system."
            }
            SecretError::Unavailable { .. } => {
                "Zhaohuo keeps credentials only in the system keychain and found none. \
                 Start your keyring (GNOME Keyring, KWallet, or another Secret Service), \
                 make sure you are logged in to a desktop session, then try again."
            }
            SecretError::Locked { .. } => {
                "Unlock your keychain (for example by logging in again or opening \
                 'Passwords and Keys'), then try again."
            }
            SecretError::NotSet { .. } => "Enter this credential for the profile in Settings.",
            SecretError::Rejected { .. } => "Check the value and the profile name, then save again.",
            SecretError::Corrupt { .. } | SecretError::Ambiguous { .. } => {
                "Clear this credential in Settings and enter it again."
            }
            SecretError::InvalidProfile => "Rename the profile using letters, digits, '-', '_' or '.'.",
            SecretError::Empty => "Paste the full value from the provider's console.",
        };
        Some(hint.to_string())
    }
}

/// Turns a keyring error into ours without ever copying secret bytes
/// (`BadEncoding` carries the stored value, so only its kind survives).
pub(crate) fn from_keyring(err: keyring::Error, profile: &str, field: SecretField) -> SecretError {
    match err {
        keyring::Error::NoStorageAccess(e) => SecretError::Locked { detail: e.to_string() },
        keyring::Error::PlatformFailure(e) => SecretError::Unavailable { detail: e.to_string() },
        keyring::Error::NoEntry => SecretError::NotSet { profile: profile.to_string(), field },
        keyring::Error::BadEncoding(_) => SecretError::Corrupt { profile: profile.to_string(), field },
        keyring::Error::TooLong(name, limit) => {
            SecretError::Rejected { detail: format!("'{name}' is longer than the keychain's limit of {limit}") }
        }
        keyring::Error::Invalid(name, reason) => {
            SecretError::Rejected { detail: format!("'{name}' is invalid: {reason}") }
        }
        keyring::Error::Ambiguous(_) => SecretError::Ambiguous { profile: profile.to_string(), field },
        // keyring's error enum is non-exhaustive.
        other => SecretError::Unavailable { detail: format!("{other}") },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_types::ErrorKind;

    #[test]
    fn bad_encoding_never_copies_the_stored_bytes() {
        let err = from_keyring(keyring::Error::BadEncoding(b"S3CR3T-bytes\xff".to_vec()), "p", SecretField::AppSecret);
        assert_eq!(err.kind(), "secrets.corrupt");
        assert!(!format!("{err} {err:?}").contains("S3CR3T"));
    }

    #[test]
    fn locked_and_unavailable_map_to_their_kinds_with_hints() {
        let locked = from_keyring(keyring::Error::NoStorageAccess("object locked".into()), "p", SecretField::AppKey);
        assert_eq!(locked.kind(), "secrets.locked");
        assert!(locked.hint().is_some_and(|h| h.contains("Unlock")));
        let gone = from_keyring(keyring::Error::PlatformFailure("no dbus".into()), "p", SecretField::AppKey);
        assert_eq!(gone.kind(), "secrets.unavailable");
        assert!(gone.hint().is_some_and(|h| h.contains("keychain")));
    }
}
