//! A start that fails explains itself: with a corrupt database in a fresh data
//! folder, the real app binary (under the test command's Xvfb display) shows a
//! native "could not start" dialog naming the database, logs the error with its
//! kind and the path, and does not crash.

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Polls `check` until it holds or `timeout` passes.
fn wait_for(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100)); // allow-sleep: the pause between polls of a condition with a deadline
    }
    check()
}

fn dialog_shown(title: &str) -> bool {
    Command::new("xdotool")
        .args(["search", "--name", title])
        .output()
        .map(|o| o.status.success() && !o.stdout.is_empty())
        .unwrap_or(false)
}

#[test]
fn a_corrupt_database_opens_a_dialog_and_is_logged() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "this test needs an X display: run it through `cargo xtask test` (Xvfb, D-Bus, keyring)"
    );
    let home = tempfile::tempdir().expect("temp dir");
    let app_dir = home.path().join("app.zhaohuo.desktop");
    std::fs::create_dir_all(&app_dir).expect("data folder");
    let db = app_dir.join("zhaohuo.sqlite3");
    std::fs::write(&db, b"this is not a SQLite database, it was damaged by a disk error ".repeat(200)).expect("db");

    let child = Command::new(env!("CARGO_BIN_EXE_zhaohuo-app"))
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .spawn()
        .expect("start the app");
    let mut app = Killed(child);

    assert!(
        wait_for(Duration::from_secs(60), || dialog_shown("Zhaohuo could not start")),
        "no 'Zhaohuo could not start' dialog appeared"
    );
    assert!(app.0.try_wait().expect("app status").is_none(), "the app exited instead of explaining");

    let logs = app_dir.join("logs");
    let logged = |logs: &Path| -> String {
        std::fs::read_dir(logs)
            .into_iter()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect()
    };
    assert!(
        wait_for(Duration::from_secs(10), || logged(&logs).contains("could not start")),
        "the failure is not in the log folder {}",
        logs.display()
    );
    let log = logged(&logs);
    assert!(log.contains("store."), "the log names the error's kind: {log}");
    assert!(log.contains(&db.display().to_string()), "the log names the database path: {log}");
}
