//! The keychain read that builds a profile's client must not hold the lock
//! every other profile's client (and every settings change) needs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zhaohuo_secrets::{MemoryStore, SecretError, SecretField, SecretStore};
use zhaohuo_types::Sensitive;

use super::App;

/// A keychain whose reads for one profile wait until the test lets them go,
/// as a real one does behind an unlock prompt.
struct SlowKeychain {
    inner: MemoryStore,
    slow_profile: &'static str,
    entered: Mutex<mpsc::Sender<()>>,
    release: Mutex<mpsc::Receiver<()>>,
}

impl SecretStore for SlowKeychain {
    fn set(&self, profile: &str, field: SecretField, value: Sensitive<String>) -> Result<(), SecretError> {
        self.inner.set(profile, field, value)
    }
    fn clear(&self, profile: &str, field: SecretField) -> Result<(), SecretError> {
        self.inner.clear(profile, field)
    }
    fn is_set(&self, profile: &str, field: SecretField) -> Result<bool, SecretError> {
        self.inner.is_set(profile, field)
    }
    fn get(&self, profile: &str, field: SecretField) -> Result<Sensitive<String>, SecretError> {
        if profile == self.slow_profile && field == SecretField::AppKey {
            let _ = self.entered.lock().unwrap().send(());
            let _ = self.release.lock().unwrap().recv();
        }
        self.inner.get(profile, field)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_keychain_read_does_not_block_other_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let (entered_tx, entered_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel();
    let inner = MemoryStore::new();
    for profile in ["offer-match", "item-search-img"] {
        inner.set(profile, SecretField::AppKey, Sensitive::new("key-123".into())).unwrap();
        inner.set(profile, SecretField::AppSecret, Sensitive::new("secret-456".into())).unwrap();
    }
    let keychain = SlowKeychain {
        inner,
        slow_profile: "offer-match",
        entered: Mutex::new(entered_tx),
        release: Mutex::new(release_rx),
    };
    let app = Arc::new(App::start(dir.path(), Arc::new(keychain)).await.unwrap());
    let slow = zhaohuo_providers::builtin_profile("offer-match").unwrap();
    let other = zhaohuo_providers::builtin_profile("item-search-img").unwrap();

    let waiting = {
        let app = Arc::clone(&app);
        tokio::spawn(async move { app.client(&slow).await.map(|_| ()) })
    };
    tokio::task::spawn_blocking(move || entered_rx.recv()).await.unwrap().unwrap();

    // While offer-match's read waits, another profile's client and a settings change go through.
    let deadline = Duration::from_secs(10);
    let got = tokio::time::timeout(deadline, app.client(&other)).await;
    assert!(got.is_ok(), "another profile waited for offer-match's keychain read");
    got.unwrap().unwrap();
    let cleared =
        tokio::time::timeout(deadline, app.clear_credential("item-search-img".into(), SecretField::AccessToken));
    assert!(cleared.await.is_ok(), "a settings change waited for the keychain read");

    release_tx.send(()).unwrap();
    waiting.await.unwrap().unwrap();
}
