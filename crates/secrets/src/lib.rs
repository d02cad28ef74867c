//! Credentials live in the OS keychain and go from there to the signer only.
//!
//! The UI and IPC may [`SecretStore::set`], [`SecretStore::clear`] and ask
//! [`SecretStore::is_set`]; only the signer calls [`SecretStore::get`]. When no
//! keychain is reachable the error says so: nothing ever falls back to a file.

mod error;
mod keyring_store;
mod memory;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhaohuo_types::Sensitive;

pub use error::SecretError;
pub use keyring_store::{KeyringStore, SERVICE};
pub use memory::MemoryStore;

/// Which credential of a provider profile an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SecretField {
    AppKey,
    AppSecret,
    AccessToken,
    RefreshToken,
    /// When the access token of a sign-in ends (milliseconds since the epoch).
    /// Not secret, but kept beside its token so the two change together.
    AccessTokenExpiresAt,
    /// When the refresh token (the sign-in itself) ends.
    RefreshTokenExpiresAt,
}

impl SecretField {
    pub const ALL: [SecretField; 6] = [
        SecretField::AppKey,
        SecretField::AppSecret,
        SecretField::AccessToken,
        SecretField::RefreshToken,
        SecretField::AccessTokenExpiresAt,
        SecretField::RefreshTokenExpiresAt,
    ];

    /// Stable name used in keychain entry names; changing it would orphan saved entries.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretField::AppKey => "app_key",
            SecretField::AppSecret => "app_secret",
            SecretField::AccessToken => "access_token",
            SecretField::RefreshToken => "refresh_token",
            SecretField::AccessTokenExpiresAt => "access_token_expires_at",
            SecretField::RefreshTokenExpiresAt => "refresh_token_expires_at",
        }
    }
}

impl std::fmt::Display for SecretField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which credentials a profile has, for the settings screen (never the values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CredentialStatus {
    pub app_key: bool,
    pub app_secret: bool,
    pub access_token: bool,
    pub refresh_token: bool,
}

/// Where credentials are kept. Implementations must never write them to a
/// plain file, log them, or put them in an error message.
pub trait SecretStore: Send + Sync {
    /// Saves (or replaces) one credential of a profile.
    fn set(&self, profile: &str, field: SecretField, value: Sensitive<String>) -> Result<(), SecretError>;

    /// Removes one credential; removing a missing one is not an error.
    fn clear(&self, profile: &str, field: SecretField) -> Result<(), SecretError>;

    /// Whether a credential is saved, without handing it out.
    fn is_set(&self, profile: &str, field: SecretField) -> Result<bool, SecretError>;

    /// The credential itself. Only the request signer should call this;
    /// a missing one is [`SecretError::NotSet`].
    fn get(&self, profile: &str, field: SecretField) -> Result<Sensitive<String>, SecretError>;

    /// The "is it set?" answers Settings shows for a profile (the token ends are not shown).
    fn status(&self, profile: &str) -> Result<CredentialStatus, SecretError> {
        Ok(CredentialStatus {
            app_key: self.is_set(profile, SecretField::AppKey)?,
            app_secret: self.is_set(profile, SecretField::AppSecret)?,
            access_token: self.is_set(profile, SecretField::AccessToken)?,
            refresh_token: self.is_set(profile, SecretField::RefreshToken)?,
        })
    }

    /// Forgets every credential of a profile (when the buyer deletes it).
    fn clear_profile(&self, profile: &str) -> Result<(), SecretError> {
        for field in SecretField::ALL {
            self.clear(profile, field)?;
        }
        Ok(())
    }
}

/// Profile names become part of keychain entry names, so keep them plain.
pub(crate) fn check_profile(profile: &str) -> Result<(), SecretError> {
    let ok = !profile.is_empty()
        && profile.len() <= 64
        && profile.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(SecretError::InvalidProfile)
    }
}

pub(crate) fn check_value(value: &Sensitive<String>) -> Result<(), SecretError> {
    if value.expose().trim().is_empty() {
        Err(SecretError::Empty)
    } else {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_are_checked() {
        assert!(check_profile("1688-open").is_ok());
        assert!(check_profile("demo_2.test").is_ok());
        for bad in ["", "a/b", "a:b", "with space", &"x".repeat(65)] {
            assert!(matches!(check_profile(bad), Err(SecretError::InvalidProfile)), "{bad}");
        }
    }

    #[test]
    fn the_trait_can_be_shared_as_an_object() {
        let store: std::sync::Arc<dyn SecretStore> = std::sync::Arc::new(MemoryStore::new());
        store.set("p", SecretField::AppKey, Sensitive::new("k".into())).unwrap();
        assert!(store.is_set("p", SecretField::AppKey).unwrap());
    }

    #[test]
    fn field_names_are_stable() {
        let names: Vec<_> = SecretField::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "app_key",
                "app_secret",
                "access_token",
                "refresh_token",
                "access_token_expires_at",
                "refresh_token_expires_at"
            ]
        );
    }
}
