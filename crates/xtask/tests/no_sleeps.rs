//! Tests wait on events, not on time: a sleep before acting or asserting makes
//! a test slow where the machine is fast and flaky where it is slow. This
//! guard reads every test source in the repository and fails on a sleep or a
//! fixed timeout, unless the line (or the line above it) says why it is not a
//! wait with `allow-sleep: <reason>` — e.g. a test server modelling a slow
//! gateway, or the poll interval inside a `waitFor` helper.
//!
//! What to use instead: a channel or `watch` the code under test signals
//! (`RunningSandbox::wait_for_api_requests`), a polled condition with a
//! deadline (`waitFor` in `ui/e2e/wait.mjs`, `vi.waitFor` in Vitest), or a
//! clock the test moves (`RunningSandbox::stop_clock`/`advance_clock`,
//! Playwright's `page.clock`).

use std::fs;
use std::path::{Path, PathBuf};

/// What a sleep or fixed wait looks like in Rust and in the JS/TS tests.
const PATTERNS: &[&str] = &["sleep(", "sleep_until(", "setTimeout", "setInterval", "waitForTimeout", "timers/promises"];

/// The marker that lets a line through; a reason must follow it.
const ALLOW: &str = "allow-sleep:";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Files under `dir` (recursively, skipping dependency and build folders) whose name satisfies `keep`.
fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !matches!(name, "node_modules" | "target" | "dist" | "dist-fake" | ".git") {
                files_under(&path, keep, out);
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
}

fn has_ext(path: &Path, exts: &[&str]) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e))
}

/// A whole test file, or a source file whose tests start at its first `#[cfg(test)]`.
enum Scope {
    Whole,
    FromCfgTest,
}

/// Every test source: Rust integration tests and `#[cfg(test)]` modules in the
/// crates and the Tauri shell, the UI's end-to-end tests and its unit tests.
fn test_sources(root: &Path) -> Vec<(PathBuf, Scope)> {
    let mut sources = Vec::new();
    let rust = |p: &Path| has_ext(p, &["rs"]);
    let mut crates: Vec<_> = fs::read_dir(root.join("crates"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    crates.sort();
    for krate in crates {
        let mut files = Vec::new();
        files_under(&krate.join("tests"), &rust, &mut files);
        sources.extend(files.into_iter().map(|f| (f, Scope::Whole)));
        let mut files = Vec::new();
        files_under(&krate.join("src"), &rust, &mut files);
        sources.extend(files.into_iter().map(|f| (f, Scope::FromCfgTest)));
    }
    let mut files = Vec::new();
    files_under(&root.join("src-tauri"), &rust, &mut files);
    sources.extend(files.into_iter().map(|f| (f, Scope::FromCfgTest)));

    let mut files = Vec::new();
    files_under(&root.join("ui/e2e"), &|p| has_ext(p, &["mjs", "js", "ts"]), &mut files);
    sources.extend(files.into_iter().map(|f| (f, Scope::Whole)));
    let mut files = Vec::new();
    let unit_test = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        [".test.ts", ".test.js", ".test.mjs", ".spec.ts"].iter().any(|s| name.ends_with(s))
    };
    files_under(&root.join("ui/src"), &unit_test, &mut files);
    sources.extend(files.into_iter().map(|f| (f, Scope::Whole)));
    sources
}

/// True for a line that sleeps or waits a fixed time without an allow marker
/// (with a reason) on it or on the line above.
fn offends(line: &str, above: &str) -> bool {
    let code = line.trim_start();
    if code.starts_with("//") || code.starts_with('*') || code.starts_with("/*") {
        return false;
    }
    if !PATTERNS.iter().any(|p| line.contains(p)) {
        return false;
    }
    let allowed = |l: &str| l.split_once(ALLOW).is_some_and(|(_, why)| why.trim().len() >= 10);
    !(allowed(line) || (above.trim_start().starts_with("//") && allowed(above)))
}

/// The offending lines of one file's test part, as `path:line: text`.
fn offending_lines(root: &Path, path: &Path, scope: &Scope) -> Vec<String> {
    let Ok(text) = fs::read_to_string(path) else { return Vec::new() };
    let lines: Vec<&str> = text.lines().collect();
    let start = match scope {
        Scope::Whole => 0,
        Scope::FromCfgTest => match lines.iter().position(|l| l.trim_start().starts_with("#[cfg(test)]")) {
            Some(i) => i,
            None => return Vec::new(),
        },
    };
    let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
    (start..lines.len())
        .filter(|&i| offends(lines[i], if i > 0 { lines[i - 1] } else { "" }))
        .map(|i| format!("{shown}:{}: {}", i + 1, lines[i].trim()))
        .collect()
}

#[test]
fn no_test_waits_with_a_sleep() {
    let root = repo_root();
    let me = Path::new(file!()).file_name().unwrap_or_default();
    let sources = test_sources(&root);
    assert!(
        sources.len() > 20,
        "found only {} test sources under {}: is the root right?",
        sources.len(),
        root.display()
    );
    let found: Vec<String> = sources
        .iter()
        .filter(|(path, _)| path.file_name() != Some(me))
        .flat_map(|(path, scope)| offending_lines(&root, path, scope))
        .collect();
    assert!(
        found.is_empty(),
        "tests that wait with a sleep or a fixed timeout:\n  {}\n\
         Wait on the event instead: a channel or notification from the code under test, a polled \
         condition with a deadline (`waitFor` in ui/e2e/wait.mjs, `vi.waitFor`), or a clock the test \
         moves (`RunningSandbox::advance_clock`, Playwright's `page.clock`). A sleep that is not a wait \
         (a test server modelling a slow gateway) takes `// allow-sleep: <why>` on or above its line.",
        found.join("\n  ")
    );
}

#[test]
fn the_guard_sees_sleeps_and_honours_a_reasoned_allow() {
    assert!(offends("    tokio::time::sleep(Duration::from_millis(300)).await;", ""));
    assert!(offends("    std::thread::sleep(d);", ""));
    assert!(offends("  await page.waitForTimeout(300);", ""));
    assert!(offends("  await new Promise((r) => setTimeout(r, 250));", ""));
    assert!(offends("  await driver.sleep(100);", ""));
    assert!(offends(r#"import { setTimeout as sleep } from "node:timers/promises";"#, ""));
    assert!(offends("    tokio::time::sleep(d).await; // allow-sleep:", ""), "a marker without a reason");
    assert!(!offends("    tokio::time::sleep(d).await; // allow-sleep: models a slow gateway", ""));
    assert!(!offends("    tokio::time::sleep(d).await;", "    // allow-sleep: models a slow gateway for timeouts"));
    assert!(offends("    tokio::time::sleep(d).await;", r#"    let s = "allow-sleep: not a comment";"#));
    assert!(!offends("    // we used to sleep(300) here", ""));
    assert!(!offends("    let deadline = tokio::time::timeout(IN_FLIGHT, task).await;", ""));
}
