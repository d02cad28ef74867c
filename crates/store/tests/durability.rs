//! A writer process is SIGKILLed at random moments, 50 times. After each
//! kill the database must open, pass `PRAGMA integrity_check`, and hold every
//! search whose commit had returned (the writer prints ids only after that),
//! each complete with its 20 results.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;

const ROUNDS: usize = 50;

#[test]
fn every_returned_commit_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite3");
    let writer = env!("CARGO_BIN_EXE_zhaohuo-store-crash-writer");
    let mut rng = rand::thread_rng();
    let mut committed: BTreeSet<i64> = BTreeSet::new();
    let mut rounds_with_writes = 0;

    for round in 0..ROUNDS {
        // Alternate both durability levels: each must keep every returned commit.
        let mut cmd = Command::new(writer);
        cmd.arg(&path);
        if round % 2 == 1 {
            cmd.arg("--power-safe");
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the writer starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.trim().parse::<i64>().ok())
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..150)));
        child.kill().expect("SIGKILL the writer"); // Child::kill sends SIGKILL on Unix.
        let status = child.wait().unwrap();
        let printed = reader.join().unwrap();
        if printed.is_empty() {
            // Killed before its first commit (or it failed: then say why).
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                std::io::Read::read_to_string(&mut e, &mut err).ok();
            }
            assert!(
                err.is_empty(),
                "round {round}: writer failed ({status}): {err}"
            );
        } else {
            rounds_with_writes += 1;
        }
        committed.extend(printed);

        let store = zhaohuo_store::Store::open(&path)
            .unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        drop(store);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        let present: BTreeSet<i64> = conn
            .prepare("SELECT id FROM searches")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let lost: Vec<_> = committed.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "round {round}: committed searches lost: {lost:?}"
        );
        let incomplete: i64 = conn
            .query_row(
                "SELECT count(*) FROM searches s
                  WHERE (SELECT count(*) FROM search_results r WHERE r.search_id = s.id) <> 20",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            incomplete, 0,
            "round {round}: a search was stored without all its results"
        );
    }
    assert!(
        rounds_with_writes >= ROUNDS / 2,
        "only {rounds_with_writes} of {ROUNDS} rounds committed anything; the test did not exercise kills mid-write"
    );
    eprintln!(
        "{} searches committed over {ROUNDS} kills, none lost",
        committed.len()
    );
}
