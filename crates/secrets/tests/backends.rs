//! Every desktop target gets its OS's own credential store. keyring 3 falls
//! back to an in-memory mock on a target none of its features match, so a
//! missing feature would build fine and lose every credential at exit. This
//! asks cargo which keyring features the workspace resolves for each target
//! (no target toolchain needed; a cold cache fetches the registry index once).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

/// (target triple, the keyring features its native store needs).
const DESKTOP_TARGETS: &[(&str, &[&str])] = &[
    ("x86_64-pc-windows-msvc", &["windows-native"]),
    ("aarch64-pc-windows-msvc", &["windows-native"]),
    ("aarch64-apple-darwin", &["apple-native"]),
    ("x86_64-apple-darwin", &["apple-native"]),
    ("x86_64-unknown-linux-gnu", &["sync-secret-service", "crypto-rust"]),
    ("aarch64-unknown-linux-gnu", &["sync-secret-service", "crypto-rust"]),
    ("x86_64-unknown-freebsd", &["sync-secret-service", "crypto-rust"]),
];

/// The keyring features cargo enables when the whole workspace is built for
/// `target` (features of target-specific dependencies are per target with
/// resolver 2, which `cargo metadata` does not show but `cargo tree` does).
fn keyring_features(target: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(cargo)
        .current_dir(&workspace)
        .args(["tree", "--workspace", "--target", target, "-e", "normal", "-i", "keyring"])
        .args(["--depth", "0", "--prefix", "none", "--format", "{p}|{f}"])
        .output()
        .expect("run cargo tree");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "cargo tree for {target} failed: {}", String::from_utf8_lossy(&out.stderr));
    let line = stdout
        .lines()
        .find(|l| l.starts_with("keyring v3"))
        .unwrap_or_else(|| panic!("keyring 3 is not built for {target}:\n{stdout}"));
    let features = line.split_once('|').map(|(_, f)| f).unwrap_or_default();
    features.split(',').map(str::trim).filter(|f| !f.is_empty()).map(String::from).collect()
}

#[test]
fn every_desktop_target_builds_its_native_credential_store() {
    let mut missing = Vec::new();
    for (target, needed) in DESKTOP_TARGETS {
        let features = keyring_features(target);
        for feature in *needed {
            if !features.iter().any(|f| f == feature) {
                missing.push(format!("{target} lacks keyring/{feature} (has {features:?})"));
            }
        }
        // The Secret Service client is Linux/BSD only; elsewhere it would at
        // best be dead weight and at worst not build.
        if !target.contains("linux") && !target.contains("bsd") {
            assert!(!features.iter().any(|f| f == "sync-secret-service"), "{target} builds the Secret Service client");
        }
    }
    assert!(missing.is_empty(), "credentials would be kept nowhere:\n{}", missing.join("\n"));
}
