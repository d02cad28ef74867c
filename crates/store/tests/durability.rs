//! A writer process is SIGKILLed at random moments. After each kill the
//! database must open, pass `PRAGMA integrity_check`, and hold every search
//! whose commit had returned (the writer prints ids only after that), each
//! complete with its 20 results.
//!
//! All 50 required rounds run the writer with the app's own setting
//! (`Store::open`, the default durability: WAL + `synchronous=NORMAL`); a few
//! extra rounds run the power-safe setting on the same file. A SIGKILL is a
//! process crash, not a power cut: both settings must keep every commit here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rand::Rng;
use zhaohuo_store::Durability;

/// Kills with the app's real setting (the 50).
const APP_ROUNDS: usize = 50;
/// Extra kills with `--power-safe`.
const POWER_SAFE_ROUNDS: usize = 20;
/// One round in this many kills at a random moment after the start, which
/// may fall while the file is being created or migrated; the others kill
/// while searches are being written.
const EARLY_KILL_EVERY: usize = 5;

#[derive(Default)]
struct Totals {
    committed: BTreeSet<i64>,
    rounds_with_writes: usize,
}

/// What one round saw: the durability the writer reported and its committed ids.
struct Round {
    durability: Option<String>,
    ids: Vec<i64>,
}

fn run_round(path: &Path, power_safe: bool, round: usize, rng: &mut impl Rng) -> Round {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhaohuo-store-crash-writer"));
    cmd.arg(path);
    if power_safe {
        cmd.arg("--power-safe");
    }
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the writer starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });

    let mut lines = Vec::new();
    if round.is_multiple_of(EARLY_KILL_EVERY) {
        // allow-sleep: picks a random kill moment (maybe mid-migration); nothing is waited for
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..60)));
    } else {
        // Wait for the first commit and then a random number more, then kill
        // in the write loop (the writer is already on its next search).
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut commits_left = 1 + rng.gen_range(0..4);
        loop {
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(line) => {
                    let is_id = line.trim().parse::<i64>().is_ok();
                    lines.push(line);
                    if is_id {
                        commits_left -= 1;
                        if commits_left == 0 {
                            break;
                        }
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < deadline => {
                    if let Ok(Some(status)) = child.try_wait() {
                        let mut err = String::new();
                        child.stderr.take().map(|mut e| e.read_to_string(&mut err));
                        panic!("round {round}: the writer exited ({status}) before committing: {err}");
                    }
                }
                Err(_) => panic!("round {round}: no commit within 20 s"),
            }
        }
    }
    child.kill().expect("SIGKILL the writer"); // Child::kill sends SIGKILL on Unix.
    let status = child.wait().expect("reap the writer");
    reader.join().expect("reader thread");
    lines.extend(rx.try_iter());

    let mut err = String::new();
    child.stderr.take().map(|mut e| e.read_to_string(&mut err));
    assert!(err.is_empty(), "round {round}: the writer reported an error ({status}): {err}");

    Round {
        durability: lines.iter().find_map(|l| l.strip_prefix("durability ").map(str::to_owned)),
        ids: lines.iter().filter_map(|l| l.trim().parse().ok()).collect(),
    }
}

fn check_database(path: &Path, round: usize, committed: &BTreeSet<i64>) {
    let store = zhaohuo_store::Store::open(path).unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok", "round {round}");
    let present: BTreeSet<i64> = conn
        .prepare("SELECT id FROM searches")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let lost: Vec<_> = committed.difference(&present).collect();
    assert!(lost.is_empty(), "round {round}: committed searches lost: {lost:?}");
    let incomplete: i64 = conn
        .query_row(
            "SELECT count(*) FROM searches s
              WHERE (SELECT count(*) FROM search_results r WHERE r.search_id = s.id) <> 20",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(incomplete, 0, "round {round}: a search was stored without all its results");
}

fn kill_rounds(
    path: &Path,
    power_safe: bool,
    rounds: usize,
    first_round: usize,
    totals: &mut Totals,
    rng: &mut impl Rng,
) -> String {
    let want = if power_safe { Durability::PowerSafe } else { Durability::default() };
    let mut seen = None;
    for round in first_round..first_round + rounds {
        let r = run_round(path, power_safe, round, rng);
        if let Some(d) = &r.durability {
            assert_eq!(d, &format!("{want:?}"), "round {round}: the writer ran with the wrong durability");
            seen = Some(d.clone());
        }
        if !r.ids.is_empty() {
            totals.rounds_with_writes += 1;
        }
        totals.committed.extend(r.ids);
        check_database(path, round, &totals.committed);
    }
    seen.unwrap_or_else(|| panic!("no round reported its durability (wanted {want:?})"))
}

#[test]
fn every_returned_commit_survives_sigkill() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite3");
    let mut rng = rand::thread_rng();
    let mut totals = Totals::default();

    let app = kill_rounds(&path, false, APP_ROUNDS, 0, &mut totals, &mut rng);
    let app_commits = totals.committed.len();
    let mid_write = APP_ROUNDS - APP_ROUNDS.div_ceil(EARLY_KILL_EVERY);
    assert!(
        totals.rounds_with_writes >= mid_write,
        "only {} of {APP_ROUNDS} rounds committed anything; the kills did not land mid-write",
        totals.rounds_with_writes
    );
    let app_time = started.elapsed();

    let power = kill_rounds(&path, true, POWER_SAFE_ROUNDS, APP_ROUNDS, &mut totals, &mut rng);
    eprintln!(
        "{APP_ROUNDS} kills with the app's setting ({app}): {app_commits} searches committed in {:.1} s; \
         {POWER_SAFE_ROUNDS} more with {power}: {} in total after {:.1} s; none lost",
        app_time.as_secs_f64(),
        totals.committed.len(),
        started.elapsed().as_secs_f64()
    );
}
