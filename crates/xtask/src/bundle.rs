//! `cargo xtask bundle`: the release app as the buyer installs it.
//!
//! Tauri's bundler (the `@tauri-apps/cli` already in ui/) builds the release binary
//! and packs it as a `.deb` and an `.rpm`, the Linux formats it makes without
//! downloading tools at build time (an AppImage would fetch linuxdeploy). Other
//! desktops are built by `.github/workflows/release.yml` (docs/releasing.md).
//!
//! `--check` installs the `.deb` the way dpkg would lay it out, into a temporary
//! root, and runs the installed binary under Xvfb with a fresh data folder through
//! WebDriver: the window must appear and a demo photo must find offers. It prints
//! the binary's size and the time from launch to an interactive window.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::{setup, sh};

pub fn bundle(args: &[String]) -> Result<u8> {
    let check = args.iter().any(|a| a == "--check");
    setup::system_packages(if check { setup::Need::Tests } else { setup::Need::App })?;
    setup::npm_packages()?;
    if check {
        setup::tauri_driver()?;
    }
    // The CLI runs `beforeBuildCommand` (the UI build) and `cargo build --release`.
    sh::run("ui/node_modules/.bin/tauri build --ci --bundles deb,rpm")?;
    let bundles = sh::target_dir().join("release/bundle");
    let deb = newest(&bundles.join("deb"), "deb")?;
    let rpm = newest(&bundles.join("rpm"), "rpm")?;
    let binary = sh::target_dir().join("release/zhaohuo-app");
    println!("\n.deb: {} ({})", deb.display(), size(&deb));
    println!(".rpm: {} ({})", rpm.display(), size(&rpm));
    println!("release binary: {} ({})", binary.display(), size(&binary));
    if !check {
        return Ok(0);
    }
    let root = tempfile_dir("zhaohuo-installed")?;
    sh::run(&format!("dpkg-deb --extract {} {}", sh::quote(&deb.display().to_string()), sh::quote(&root)))?;
    sh::run(&format!("dpkg-deb --info {} && dpkg-deb --contents {}", q(&deb), q(&deb)))?;
    let installed = Path::new(&root).join("usr/bin/zhaohuo-app");
    if !installed.exists() {
        bail!("the .deb has no usr/bin/zhaohuo-app");
    }
    let code = sh::in_desktop_session(
        &format!(
            "cd ui && ZHAOHUO_APP_BIN={} ZHAOHUO_INSTALL_ROOT={} node --test --test-reporter=spec e2e/installed/",
            sh::quote(&installed.display().to_string()),
            sh::quote(&root)
        ),
        false,
    )?;
    let _ = std::fs::remove_dir_all(&root);
    Ok(code)
}

fn q(path: &Path) -> String {
    sh::quote(&path.display().to_string())
}

/// The most recently written `*.ext` in `dir` (the bundler keeps older versions).
fn newest(dir: &Path, ext: &str) -> Result<PathBuf> {
    std::fs::read_dir(dir)
        .with_context(|| format!("no bundle folder {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(ext))
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .with_context(|| format!("the bundler wrote no .{ext} in {}", dir.display()))
}

fn size(path: &Path) -> String {
    match path.metadata() {
        Ok(m) => format!("{:.1} MB", m.len() as f64 / 1_048_576.0),
        Err(e) => format!("size unknown: {e}"),
    }
}

fn tempfile_dir(prefix: &str) -> Result<String> {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir.display().to_string())
}
