//! The `zhaohuo` binary as a buyer or a script runs it: real processes, real
//! files, real loopback HTTP. One test binary (one link) for every subcommand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod prepare;
mod sandbox;
mod search;
mod sign;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The built `zhaohuo` binary.
pub fn zhaohuo() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhaohuo"));
    // A stable, uncoloured environment: no inherited secrets or log settings.
    cmd.env_remove("RUST_LOG").env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd` with `stdin` fed (or closed when `None`) and returns its output.
pub fn run(mut cmd: Command, stdin: Option<&[u8]>) -> Output {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("zhaohuo starts");
    let mut pipe = child.stdin.take().expect("piped stdin");
    if let Some(bytes) = stdin {
        // A command that fails before reading stdin closes it: that is not the test's failure.
        if let Err(e) = pipe.write_all(bytes) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    drop(pipe);
    child.wait_with_output().expect("zhaohuo finishes")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether `needle` occurs anywhere in `haystack` (byte-wise).
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A clear failure: non-zero exit that is not a panic (Rust's panic code is 101).
pub fn assert_clean_failure(out: &Output, what: &str) {
    assert!(!out.status.success(), "{what}: expected failure, got {:?}\nstdout: {}", out.status, text(&out.stdout));
    assert_ne!(out.status.code(), Some(101), "{what}: panicked\nstderr: {}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"), "{what}: panicked\nstderr: {}", text(&out.stderr));
}

pub fn write_file(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}
