//! The test layers, each counted, and the builds they need.

use std::path::PathBuf;

use anyhow::Result;

use crate::sh;

pub fn build_ui() -> Result<()> {
    sh::run("cd ui && npm run --silent build")
}

/// Builds the app (debug: CI builds are about compile time) and returns its path.
pub fn build_app() -> Result<PathBuf> {
    sh::run("cargo build -p zhaohuo")?;
    Ok(sh::target_dir().join("debug/zhaohuo-app"))
}

/// What one layer reported.
struct Tally {
    layer: &'static str,
    passed: u64,
    failed: u64,
}

/// The last number before `word` on any line matching, e.g. "12 passed".
fn count_before(out: &str, word: &str) -> Option<u64> {
    out.lines().rev().find_map(|line| {
        let idx = line.find(word)?;
        line[..idx].split(|c: char| !c.is_ascii_digit()).rfind(|s| !s.is_empty())?.parse().ok()
    })
}

/// The number after `prefix` on the last line starting with it, e.g. "# pass 4".
fn count_after(out: &str, prefix: &str) -> Option<u64> {
    out.lines().rev().find_map(|line| line.trim().strip_prefix(prefix)?.trim().parse().ok())
}

/// Runs one layer. A layer that fails without reporting counts is one failure,
/// so a crash can never pass as "0 failed".
fn layer(
    layer: &'static str,
    script: &str,
    envs: &[(&str, String)],
    parse: fn(&str) -> Option<(u64, u64)>,
) -> Result<Tally> {
    println!("\n===== {layer} =====");
    let (ok, out) = sh::run_captured(script, envs)?;
    let (passed, failed) = parse(&out).unwrap_or((0, 0));
    let failed = if !ok && failed == 0 { 1 } else { failed };
    let failed = if ok && passed == 0 { failed + 1 } else { failed };
    Ok(Tally { layer, passed, failed })
}

fn nextest_counts(out: &str) -> Option<(u64, u64)> {
    let summary = out.lines().rev().find(|l| l.contains("Summary ["))?;
    Some((count_before(summary, " passed").unwrap_or(0), count_before(summary, " failed").unwrap_or(0)))
}

fn vitest_counts(out: &str) -> Option<(u64, u64)> {
    let line = out.lines().rev().find(|l| l.trim_start().starts_with("Tests "))?;
    Some((count_before(line, " passed").unwrap_or(0), count_before(line, " failed").unwrap_or(0)))
}

fn node_test_counts(out: &str) -> Option<(u64, u64)> {
    Some((count_after(out, "# pass")?, count_after(out, "# fail")?))
}

/// Every layer, in the order a failure is cheapest to find. Runs inside the
/// desktop session `cargo xtask test` sets up (D-Bus, keyring, Xvfb).
pub fn all_layers() -> Result<u8> {
    let mut tallies = Vec::new();
    // A check that prints no counts passes as one test when it exits 0.
    fn ran(_: &str) -> Option<(u64, u64)> {
        Some((1, 0))
    }
    tallies.push(layer("Formatting (cargo fmt --check)", "cargo fmt --all --check", &[], ran)?);
    tallies.push(layer("Release workflow lint (actionlint)", "bash .github/lint-workflows.sh", &[], ran)?);
    tallies.push(layer(
        "UI build and typecheck (tsc, vite)",
        "cd ui && npm run --silent build && npm run --silent build:fake",
        &[],
        ran,
    )?);
    tallies.push(layer(
        "Lints (cargo clippy --workspace --all-targets, warnings denied)",
        "cargo clippy --workspace --all-targets --color never -- -D warnings",
        &[],
        ran,
    )?);
    tallies.push(layer(
        "API docs (cargo doc --no-deps, warnings denied)",
        "cargo doc --workspace --no-deps --color never",
        &[("RUSTDOCFLAGS", "-D warnings".to_string())],
        ran,
    )?);
    tallies.push(layer(
        "Rust (cargo nextest, workspace; includes the bindings freshness test)",
        "cargo nextest run --workspace --no-fail-fast --color never",
        &[],
        nextest_counts,
    )?);
    tallies.push(layer(
        "Photo loading + encoding fuzz (proptest, about 60 s of random and mutated inputs)",
        "PHOTO_FUZZ_CASES=250000 cargo nextest run -p zhaohuo-photo --test fuzz --color never",
        &[],
        nextest_counts,
    )?);
    tallies.push(layer(
        "Store benchmark, small scale (`cargo xtask bench` runs 100k searches)",
        "cargo bench -q -p zhaohuo-store --bench store_bench -- --searches 2000 --iters 50",
        &[],
        // It prints numbers and asserts none (timing is no test); it passes when it ran to the end.
        |out| Some((u64::from(out.contains("database file size:")), 0)),
    )?);
    tallies.push(layer("UI logic (Vitest)", "cd ui && npx vitest run", &[], vitest_counts)?);
    tallies.push(layer(
        "UI in Chromium (Playwright, fake backend)",
        "cd ui && node --test --test-reporter=tap e2e/browser/",
        &[],
        node_test_counts,
    )?);
    let app = build_app()?;
    tallies.push(layer(
        "The app window (WebDriver, tauri-driver + WebKitWebDriver, Xvfb)",
        "cd ui && node --test --test-concurrency=1 --test-reporter=tap e2e/webdriver/",
        &[("ZHAOHUO_APP_BIN", app.display().to_string())],
        node_test_counts,
    )?);

    println!("\n===== summary =====");
    for t in &tallies {
        println!("{:<72} {:>5} passed {:>3} failed", t.layer, t.passed, t.failed);
    }
    let passed: u64 = tallies.iter().map(|t| t.passed).sum();
    let failed: u64 = tallies.iter().map(|t| t.failed).sum();
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 { 0 } else { 1 })
}

/// The benchmarks: each prints its own table of medians and targets.
pub fn bench() -> Result<u8> {
    let benches = [
        ("photo pipeline vs Pillow and the djpeg floor", "bash bench/photo/run.sh"),
        ("store at 100,000 searches x 20 results", "cargo bench -p zhaohuo-store --bench store_bench"),
        ("sandbox visual search: recall and latency", "cargo bench -p zhaohuo-sandbox --bench recall -- 6"),
        (
            "candidate regions in screenshots, chats, grids and photos: hit rates and time",
            "cargo bench -p zhaohuo-photo --bench regions -- --per-kind 40 --runs 21",
        ),
        ("signatures", "cargo bench -p zhaohuo-sign --bench sign"),
        ("provider reply parsing", "cargo bench -p zhaohuo-providers --bench parse"),
    ];
    let mut failed = 0;
    for (name, script) in benches {
        println!("\n===== {name} =====");
        if sh::run(script).is_err() {
            failed += 1;
        }
    }
    Ok(if failed == 0 { 0 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sh::strip_ansi;

    fn parsed(raw: &str, parse: fn(&str) -> Option<(u64, u64)>) -> Option<(u64, u64)> {
        let clean: String = raw.lines().map(|l| strip_ansi(l) + "\n").collect();
        parse(&clean)
    }

    #[test]
    fn vitest_summary_is_counted_with_or_without_colour() {
        // What Vitest 3 printed in CI, where `CI` is set and it colours a pipe.
        let coloured =
            "\u{1b}[2m      Tests \u{1b}[22m \u{1b}[1m\u{1b}[32m8 passed\u{1b}[39m\u{1b}[22m\u{1b}[90m (8)\u{1b}[39m\n";
        assert_eq!(parsed(coloured, vitest_counts), Some((8, 0)));
        let plain = " Test Files  1 failed | 1 passed (2)\n      Tests  2 failed | 6 passed (8)\n";
        assert_eq!(parsed(plain, vitest_counts), Some((6, 2)));
    }

    #[test]
    fn nextest_and_node_summaries_are_counted() {
        let nextest = "     Summary [  12.3s] 182 tests run: 180 passed, 2 failed, 0 skipped\n";
        assert_eq!(parsed(nextest, nextest_counts), Some((180, 2)));
        let tap = "# tests 8\n# pass 7\n# fail 1\n";
        assert_eq!(parsed(tap, node_test_counts), Some((7, 1)));
        assert_eq!(parsed("Error: Cannot find module\n", node_test_counts), None);
    }
}
