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
#[derive(Debug, Clone, Default)]
pub struct KeyringStore {
    _private: (),
}

impl KeyringStore {
    pub fn new() -> Self {
        Self { _private: () }
    }

    /// Checks that the keychain answers, so the app can say so at start-up
    /// instead of at the first search.
    pub fn probe(&self) -> Result<(), SecretError> {
        self.is_set("zhaohuo-probe", SecretField::AppKey).map(|_| ())
    }

    fn entry(profile: &str, field: SecretField) -> Result<Entry, SecretError> {
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
