//! Installs what the two commands need, idempotently and quickly when present.

use std::process::Command;

use anyhow::{Context, Result};

use crate::sh;

pub enum Need {
    App,
    Tests,
}

/// Debian packages to build and run the app (Tauri on WebKitGTK; libjpeg-turbo
/// is built from source by the turbojpeg crate, hence cmake and nasm).
const APP_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libsoup-3.0-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libxdo-dev",
    "libssl-dev",
    "pkg-config",
    "cmake",
    "nasm",
    // A desktop session on a headless machine (`cargo xtask run --xvfb`).
    "xvfb",
    "dbus-x11",
    "gnome-keyring",
    "libsecret-1-dev",
];

/// Extra packages for the test layers: WebDriver for WebKitGTK, Chromium for
/// Playwright, and the tools the benchmarks compare against.
/// xdotool finds the native start-failure dialog by its title; xclip puts a screenshot
/// on the X clipboard for the real paste test.
const TEST_PACKAGES: &[&str] =
    &["webkit2gtk-driver", "chromium", "imagemagick", "libjpeg-turbo-progs", "python3-pil", "xdotool", "xclip"];

fn missing(packages: &[&str]) -> Vec<String> {
    packages
        .iter()
        .filter(|p| {
            let out = Command::new("dpkg-query").args(["-W", "-f=${db:Status-Abbrev}", p]).output();
            !matches!(out, Ok(o) if o.status.success() && o.stdout.starts_with(b"ii"))
        })
        .map(|p| p.to_string())
        .collect()
}

pub fn system_packages(need: Need) -> Result<()> {
    let mut wanted: Vec<&str> = APP_PACKAGES.to_vec();
    if matches!(need, Need::Tests) {
        wanted.extend(TEST_PACKAGES);
    }
    let missing = missing(&wanted);
    if missing.is_empty() {
        return Ok(());
    }
    let sudo = if is_root() { "" } else { "sudo " };
    sh::run(&format!(
        "{sudo}apt-get update -q && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -q {}",
        missing.join(" ")
    ))
    .context("installing Debian packages")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0")).unwrap_or(false)
}

/// `npm ci` in ui/ when node_modules is missing or older than the lock file.
pub fn npm_packages() -> Result<()> {
    let ui = sh::root().join("ui");
    let lock = std::fs::read(ui.join("package-lock.json")).context("ui/package-lock.json is missing")?;
    let stamp = ui.join("node_modules/.zhaohuo-lock");
    if std::fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
        return Ok(());
    }
    sh::run("cd ui && npm ci --no-audit --no-fund")?;
    std::fs::write(&stamp, lock)?;
    Ok(())
}

/// tauri-driver bridges WebDriver clients to WebKitWebDriver and the app.
pub fn tauri_driver() -> Result<()> {
    if Command::new("tauri-driver").arg("--help").output().is_ok() {
        return Ok(());
    }
    sh::run("cargo install tauri-driver --version '^2' --locked")
}

pub fn nextest() -> Result<()> {
    if Command::new("cargo").args(["nextest", "--version"]).output().map(|o| o.status.success()).unwrap_or(false) {
        return Ok(());
    }
    sh::run("cargo install cargo-nextest --locked")
}
