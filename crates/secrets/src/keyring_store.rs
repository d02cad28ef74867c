use keyring::credential::CredentialPersistence;
use keyring::Entry;
use zhaohuo_types::Sensitive;

use crate::error::from_keyring;
use crate::{check_profile, check_value, SecretError, SecretField, SecretStore};

/// Keychain service name every Zhaohuo entry is filed under.
pub const SERVICE: &str = "zhaohuo";

/// The OS keychain (Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows). One entry per profile and field, named
/// `{profile}/{field}` under service [`SERVICE`].
///
/// Calls block on IPC with the keychain daemon: async callers should use
/// `tokio::task::spawn_blocking`.
///
/// keyring 3 quietly builds with an in-memory mock on a target none of its
/// backend features match (credentials would "save" and be gone at exit).
/// [`KeyringStore::open`] and every call refuse that with
/// [`SecretError::NoNativeStore`] instead.
#[derive(Debug, Clone, Default)]
pub struct KeyringStore {
    _private: (),
}

impl KeyringStore {
    /// A store whose every call checks the backend first; prefer
    /// [`KeyringStore::open`], which says at start-up when there is none.
    pub fn new() -> Self {
        Self { _private: () }
    }

    /// The OS keychain, or [`SecretError::NoNativeStore`] when this build has
    /// no backend that keeps credentials (without talking to the keychain yet).
    pub fn open() -> Result<Self, SecretError> {
        native_backend()?;
        Ok(Self::new())
    }

    /// Checks that the keychain answers, so the app can say so at start-up
    /// instead of at the first search.
    pub fn probe(&self) -> Result<(), SecretError> {
        self.is_set("zhaohuo-probe", SecretField::AppKey).map(|_| ())
    }

    fn entry(profile: &str, field: SecretField) -> Result<Entry, SecretError> {
        native_backend()?;
        check_profile(profile)?;
        let user = format!("{profile}/{}", field.as_str());
        Entry::new(SERVICE, &user).map_err(|e| from_keyring(e, profile, field))
    }
}

impl SecretStore for KeyringStore {
    fn set(&self, profile: &str, field: SecretField, value: Sensitive<String>) -> Result<(), SecretError> {
        check_value(&value)?;
        let entry = Self::entry(profile, field)?;
        match entry.set_password(value.expose()) {
            Ok(()) => {}
            // Left over from another tool or an interrupted write: replace them all.
            Err(keyring::Error::Ambiguous(found)) => {
                for credential in found {
                    credential.delete_credential().map_err(|e| from_keyring(e, profile, field))?;
                }
                entry.set_password(value.expose()).map_err(|e| from_keyring(e, profile, field))?;
            }
            Err(e) => return Err(from_keyring(e, profile, field)),
        }
        tracing::debug!(profile, field = field.as_str(), "credential saved to the keychain");
        Ok(())
    }

    fn clear(&self, profile: &str, field: SecretField) -> Result<(), SecretError> {
        let entry = Self::entry(profile, field)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(keyring::Error::Ambiguous(found)) => {
                for credential in found {
                    match credential.delete_credential() {
                        Ok(()) | Err(keyring::Error::NoEntry) => {}
                        Err(e) => return Err(from_keyring(e, profile, field)),
                    }
                }
            }
            Err(e) => return Err(from_keyring(e, profile, field)),
        }
        tracing::debug!(profile, field = field.as_str(), "credential removed from the keychain");
        Ok(())
    }

    fn is_set(&self, profile: &str, field: SecretField) -> Result<bool, SecretError> {
        // Attributes only: the secret itself never enters this process.
        match Self::entry(profile, field)?.get_attributes() {
            Ok(_) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(keyring::Error::Ambiguous(_)) => Ok(true),
            Err(e) => Err(from_keyring(e, profile, field)),
        }
    }

    fn get(&self, profile: &str, field: SecretField) -> Result<Sensitive<String>, SecretError> {
        Self::entry(profile, field)?.get_password().map(Sensitive::new).map_err(|e| from_keyring(e, profile, field))
    }
}

/// Whether keyring's compiled-in default store keeps credentials until they
/// are deleted (Secret Service, Keychain, Credential Manager); its mock keeps
/// them only in the entry object.
fn native_backend() -> Result<(), SecretError> {
    check_persistence(&keyring::default::default_credential_builder().persistence())
}

fn check_persistence(persistence: &CredentialPersistence) -> Result<(), SecretError> {
    if matches!(persistence, CredentialPersistence::UntilDelete) {
        Ok(())
    } else {
        Err(SecretError::NoNativeStore { os: std::env::consts::OS })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_types::ErrorKind;

    #[test]
    fn keyrings_mock_store_is_refused_with_a_typed_error() {
        let mock = keyring::mock::default_credential_builder().persistence();
        let err = check_persistence(&mock).unwrap_err();
        assert_eq!(err.kind(), "secrets.no_native_store");
        assert!(err.to_string().contains(std::env::consts::OS));
        assert!(err.hint().is_some());
        for lost in [CredentialPersistence::ProcessOnly, CredentialPersistence::UntilReboot] {
            assert!(check_persistence(&lost).is_err());
        }
    }

    #[test]
    fn this_build_has_a_native_store() {
        // Holds on every target this crate's Cargo.toml gives a backend;
        // `tests/backends.rs` checks those features for the other targets.
        KeyringStore::open().unwrap();
    }
}
