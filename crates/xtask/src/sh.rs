//! Running commands: streamed to the terminal and captured for counting.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

/// The repository root (xtask lives in `crates/xtask`). `cargo run` sets
/// CARGO_MANIFEST_DIR at run time too; prefer it over the compile-time value,
/// which is stale when two checkouts share one target dir.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

/// Cargo's target dir: `$CARGO_TARGET_DIR`, else `~/.cache/zhaohuo/target`
/// (outside the clone, so CI reruns on one machine are incremental).
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/zhaohuo/target")
}

/// Single-quotes `s` for bash.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A bash command run from the repository root with the shared target dir.
pub fn bash(script: &str) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg("-c").arg(script).current_dir(root()).env("CARGO_TARGET_DIR", target_dir());
    cmd
}

/// Runs `script`, failing on a non-zero exit.
pub fn run(script: &str) -> Result<()> {
    println!("$ {script}");
    let status = bash(script).status().with_context(|| format!("could not start: {script}"))?;
    anyhow::ensure!(status.success(), "failed ({status}): {script}");
    Ok(())
}

/// Runs `script` with stdout and stderr merged, echoing each line as it comes,
/// and returns whether it succeeded plus everything it printed.
pub fn run_captured(script: &str, envs: &[(&str, String)]) -> Result<(bool, String)> {
    println!("$ {script}");
    let mut cmd = bash(&format!("{script} 2>&1"));
    // CI sets `CI`, which makes some reporters (Vitest's) colour a pipe anyway.
    cmd.stdout(Stdio::piped()).env("NO_COLOR", "1").env_remove("FORCE_COLOR");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().with_context(|| format!("could not start: {script}"))?;
    let mut out = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).split(b'\n') {
            let line = String::from_utf8_lossy(&line?).into_owned();
            println!("{line}");
            out.push_str(&strip_ansi(&line));
            out.push('\n');
        }
    }
    let status = child.wait()?;
    Ok((status.success(), out))
}

/// `line` without ANSI escape sequences (CSI `ESC [ … final`, and lone `ESC x`),
/// so the counts parsed from it do not depend on whether a tool chose colour.
pub fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.next() == Some('[') {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    out
}

/// Runs `command` inside a fresh D-Bus session with gnome-keyring's Secret
/// Service unlocked and an Xvfb display: the desktop a buyer has, on a server.
pub fn in_desktop_session(command: &str, _interactive: bool) -> Result<u8> {
    let script = format!(
        r#"set -u
# A keyring of this session's own: a login keyring left by another run (with
# another password) would stay locked.
keyrings=$(mktemp -d)
echo -n zhaohuo | XDG_DATA_HOME=$keyrings gnome-keyring-daemon --unlock --components=secrets >/dev/null
n=90
while [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ]; do n=$((n+1)); done
Xvfb :$n -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$keyrings"' EXIT
for _ in $(seq 100); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.05; done
export DISPLAY=:$n
{command}"#
    );
    let status = Command::new("dbus-run-session")
        .arg("--")
        .arg("bash")
        .arg("-c")
        .arg(script)
        .current_dir(root())
        .env("CARGO_TARGET_DIR", target_dir())
        .status()
        .context("could not start dbus-run-session (package dbus)")?;
    Ok(status.code().map(|c| c.clamp(0, 255) as u8).unwrap_or(1))
}
