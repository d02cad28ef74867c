//! `zhaohuo search` as a process: a demo photo on the embedded demo gateway
//! (the app's default profile) through the real keychain into a data folder of
//! its own, as a table and as JSON, and each failure's exit code.

use crate::{assert_clean_failure, run, text, write_file, zhaohuo};

fn demo_photo() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    photos.sort();
    photos.remove(0)
}

#[test]
fn search_prints_offers_and_exit_codes_say_what_failed() {
    let data = tempfile::tempdir().unwrap();
    let search = |args: &[&str]| {
        let mut cmd = zhaohuo();
        cmd.arg("search").args(args).arg("--data-dir").arg(data.path());
        run(cmd, None)
    };

    let photo = demo_photo();
    let out = search(&[photo.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let offers = answer["offers"].as_array().expect("offers");
    assert!(offers.len() >= 10, "{} offers", offers.len());
    assert_eq!(answer["profile"], "demo");
    assert!(answer["searchId"].as_i64().unwrap() > 0, "kept in the app's history");

    // The same search again, as a table: answered from the cache, the history grows.
    let out = search(&[photo.to_str().unwrap(), "--crop", "0,0,200,200"]);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.starts_with("rank"), "{table}");
    assert!(table.contains("offers on demo, search 2 in history"), "{table}");

    // Each failure: its exit code, its hint, no panic.
    let not_photo = data.path().join("notes.txt");
    write_file(&not_photo, b"call the supplier on Monday");
    let out = search(&[not_photo.to_str().unwrap()]);
    assert_clean_failure(&out, "a text file");
    assert_eq!(out.status.code(), Some(6), "bad photo: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("hint:"), "{}", text(&out.stderr));

    let out = search(&["/no/such/photo.jpg"]);
    assert_eq!(out.status.code(), Some(6), "unreadable file: {}", text(&out.stderr));

    let out = search(&["http://example.com/a.jpg"]);
    assert_eq!(out.status.code(), Some(6), "plain-http link: {}", text(&out.stderr));

    let out = search(&[photo.to_str().unwrap(), "--profile", "no-such-profile"]);
    assert_eq!(out.status.code(), Some(7), "unknown profile: {}", text(&out.stderr));

    let out = search(&[photo.to_str().unwrap(), "--profile", "offer-match"]);
    assert_eq!(out.status.code(), Some(3), "no credentials: {}", text(&out.stderr));

    let out = search(&[photo.to_str().unwrap(), "--crop", "1,2,3"]);
    assert_eq!(out.status.code(), Some(2), "usage: {}", text(&out.stderr));

    // --profile left the app's own choice alone.
    let out = search(&[photo.to_str().unwrap(), "--json"]);
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(answer["profile"], "demo");
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let mut cmd = zhaohuo();
        cmd.args(["completions", shell]);
        let out = run(cmd, None);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.contains("zhaohuo") && script.contains("search") && script.contains("profile"), "{shell}");
    }
    let mut cmd = zhaohuo();
    cmd.args(["completions", "tcsh-or-so"]);
    assert_eq!(run(cmd, None).status.code(), Some(2), "an unknown shell is a usage error");
}
