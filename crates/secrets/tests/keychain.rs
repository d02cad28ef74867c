//! Against the real keychain. These tests need a Secret Service: the project's
//! test command (`cargo xtask test`) runs them inside `dbus-run-session` with
//! gnome-keyring unlocked. Without one they fail and say so; they never skip.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use zhaohuo_secrets::{KeyringStore, SecretError, SecretField, SecretStore};
use zhaohuo_types::{ErrorKind, Sensitive};

const NEED_KEYCHAIN: &str = "these tests need a running, unlocked Secret Service; \
run them with `cargo xtask test` (it starts dbus-run-session and gnome-keyring), or by hand: \
dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; cargo test -p zhaohuo-secrets'";

fn keychain() -> KeyringStore {
    assert!(std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(), "no D-Bus session bus: {NEED_KEYCHAIN}");
    let store = KeyringStore::new();
    if let Err(err) = store.probe() {
        panic!("the keychain did not answer ({}: {err}): {NEED_KEYCHAIN}", err.kind());
    }
    store
}

/// A profile name no other test run uses, so runs never see each other's entries.
fn unique_profile(tag: &str) -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("test-{tag}-{}-{nanos}", std::process::id())
}

#[test]
fn saves_reads_and_clears_a_credential() {
    let store = keychain();
    let profile = unique_profile("roundtrip");
    let field = SecretField::AppSecret;

    assert!(!store.is_set(&profile, field).unwrap());
    assert_eq!(store.get(&profile, field).unwrap_err().kind(), "secrets.not_set");

    store.set(&profile, field, Sensitive::new("第一个-secret-ä€".into())).unwrap();
    assert!(store.is_set(&profile, field).unwrap());
    assert_eq!(store.get(&profile, field).unwrap().expose(), "第一个-secret-ä€");

    // Replacing keeps exactly one entry.
    store.set(&profile, field, Sensitive::new("second".into())).unwrap();
    assert_eq!(store.get(&profile, field).unwrap().expose(), "second");

    store.clear(&profile, field).unwrap();
    assert!(!store.is_set(&profile, field).unwrap());
    store.clear(&profile, field).unwrap();
}

#[test]
fn profiles_and_fields_are_separate_entries() {
    let store = keychain();
    let a = unique_profile("a");
    let b = unique_profile("b");
    store.set(&a, SecretField::AppKey, Sensitive::new("key-a".into())).unwrap();
    store.set(&a, SecretField::AccessToken, Sensitive::new("token-a".into())).unwrap();
    store.set(&b, SecretField::AppKey, Sensitive::new("key-b".into())).unwrap();

    let status = store.status(&a).unwrap();
    assert!(status.app_key && status.access_token && !status.app_secret && !status.refresh_token);
    assert_eq!(store.get(&a, SecretField::AppKey).unwrap().expose(), "key-a");
    assert_eq!(store.get(&b, SecretField::AppKey).unwrap().expose(), "key-b");
    assert!(!store.is_set(&b, SecretField::AccessToken).unwrap());

    store.clear_profile(&a).unwrap();
    assert_eq!(store.status(&a).unwrap(), Default::default());
    assert!(store.is_set(&b, SecretField::AppKey).unwrap());
    store.clear_profile(&b).unwrap();
}

#[test]
fn errors_from_the_keychain_path_never_contain_the_value() {
    let store = keychain();
    let err = store.set("bad/profile", SecretField::AppSecret, Sensitive::new("LEAKME-123".into())).unwrap_err();
    assert!(matches!(err, SecretError::InvalidProfile));
    assert!(!format!("{err} {err:?}").contains("LEAKME"));
}

/// Runs the probe binary with a scrubbed environment and a private HOME, so
/// we can also check nothing was written to disk as a fallback.
fn probe_without_keychain(home: &Path, extra: &[(&str, &str)], wrap_in_dbus: bool) -> (bool, String) {
    let probe = env!("CARGO_BIN_EXE_zhaohuo-secrets-probe");
    let mut cmd = if wrap_in_dbus {
        let mut c = Command::new("dbus-run-session");
        c.arg("--").arg(probe);
        c
    } else {
        Command::new(probe)
    };
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_RUNTIME_DIR", home.join("run"));
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the probe binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                found.extend(files_under(&p));
            } else {
                found.push(p);
            }
        }
    }
    found
}

#[test]
fn no_session_bus_gives_a_typed_error_and_no_file() {
    let home = tempfile::tempdir().unwrap();
    let (ok, out) = probe_without_keychain(
        home.path(),
        &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/zhaohuo-test-bus")],
        false,
    );
    assert!(!ok, "probe unexpectedly succeeded: {out}");
    assert_eq!(out.lines().next(), Some("secrets.unavailable"), "{out}");
    assert!(out.contains("hint: "), "{out}");
    assert!(files_under(home.path()).is_empty(), "fallback files: {:?}", files_under(home.path()));
}

/// A fresh session bus whose keyring was never unlocked: D-Bus may start
/// gnome-keyring on demand (then there is no unlocked keyring: `locked`), or
/// no Secret Service exists at all (`unavailable`). Either way: typed, no file.
#[test]
fn session_without_an_unlocked_keyring_gives_a_typed_error() {
    let home = tempfile::tempdir().unwrap();
    let (ok, out) = probe_without_keychain(home.path(), &[], true);
    assert!(!ok, "probe unexpectedly succeeded: {out}");
    let kind = out.lines().next().unwrap_or_default();
    let activatable = Path::new("/usr/share/dbus-1/services/org.freedesktop.secrets.service").exists();
    let expected = if activatable { "secrets.locked" } else { "secrets.unavailable" };
    assert_eq!(kind, expected, "{out}");
    assert!(out.contains("hint: "), "{out}");
    let written: Vec<_> =
        files_under(home.path()).into_iter().filter(|p| !p.starts_with(home.path().join("run"))).collect();
    assert!(written.is_empty(), "fallback files: {written:?}");
}
