use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use zhaohuo_types::Sensitive;

use crate::{check_profile, check_value, SecretError, SecretField, SecretStore};

type Entries = HashMap<(String, SecretField), Sensitive<String>>;

/// Keeps credentials in process memory, for unit tests of code that needs a
/// [`SecretStore`]. [`MemoryStore::locked`] imitates a locked keychain.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<Entries>,
    locked: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that answers every call with [`SecretError::Locked`].
    pub fn locked() -> Self {
        Self { entries: Mutex::default(), locked: true }
    }

    fn entries(&self) -> Result<MutexGuard<'_, Entries>, SecretError> {
        if self.locked {
            return Err(SecretError::Locked { detail: "in-memory store set up as locked".into() });
        }
        // A panic elsewhere while holding the lock leaves the map intact.
        Ok(self.entries.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl SecretStore for MemoryStore {
    fn set(&self, profile: &str, field: SecretField, value: Sensitive<String>) -> Result<(), SecretError> {
        check_profile(profile)?;
        check_value(&value)?;
        self.entries()?.insert((profile.to_string(), field), value);
        Ok(())
    }

    fn clear(&self, profile: &str, field: SecretField) -> Result<(), SecretError> {
        check_profile(profile)?;
        self.entries()?.remove(&(profile.to_string(), field));
        Ok(())
    }

    fn is_set(&self, profile: &str, field: SecretField) -> Result<bool, SecretError> {
        check_profile(profile)?;
        Ok(self.entries()?.contains_key(&(profile.to_string(), field)))
    }

    fn get(&self, profile: &str, field: SecretField) -> Result<Sensitive<String>, SecretError> {
        check_profile(profile)?;
        self.entries()?
            .get(&(profile.to_string(), field))
            .cloned()
            .ok_or_else(|| SecretError::NotSet { profile: profile.to_string(), field })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use zhaohuo_types::ErrorKind;

    #[test]
    fn set_get_clear_round_trip() {
        let store = MemoryStore::new();
        assert!(!store.is_set("demo", SecretField::AppSecret).unwrap());
        store.set("demo", SecretField::AppSecret, Sensitive::new("s3cret".into())).unwrap();
        assert!(store.is_set("demo", SecretField::AppSecret).unwrap());
        assert!(!store.is_set("other", SecretField::AppSecret).unwrap());
        assert_eq!(store.get("demo", SecretField::AppSecret).unwrap().expose(), "s3cret");
        let status = store.status("demo").unwrap();
        assert!(status.app_secret && !status.app_key);
        store.clear("demo", SecretField::AppSecret).unwrap();
        store.clear("demo", SecretField::AppSecret).unwrap();
        let err = store.get("demo", SecretField::AppSecret).unwrap_err();
        assert_eq!(err.kind(), "secrets.not_set");
    }

    #[test]
    fn rejects_empty_values_and_bad_profiles() {
        let store = MemoryStore::new();
        let err = store.set("demo", SecretField::AppKey, Sensitive::new("  ".into())).unwrap_err();
        assert_eq!(err.kind(), "secrets.empty");
        let err = store.set("a/b", SecretField::AppKey, Sensitive::new("k".into())).unwrap_err();
        assert_eq!(err.kind(), "secrets.invalid_profile");
    }

    #[test]
    fn locked_store_answers_with_a_typed_error() {
        let store = MemoryStore::locked();
        let err = store.is_set("demo", SecretField::AppKey).unwrap_err();
        assert_eq!(err.kind(), "secrets.locked");
        assert!(err.hint().is_some());
    }

    #[test]
    fn clear_profile_forgets_every_field() {
        let store = MemoryStore::new();
        for field in SecretField::ALL {
            store.set("p", field, Sensitive::new(format!("v-{field}"))).unwrap();
        }
        store.clear_profile("p").unwrap();
        assert_eq!(store.status("p").unwrap(), crate::CredentialStatus::default());
    }
}
