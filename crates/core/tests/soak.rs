//! Issue 14's fault soak: 1,000 searches through a real [`App`] over the
//! sandbox gateway with seeded faults mixed in (429 storms, 500 and 502,
//! hangs past the client's timeout, malformed, HTML and truncated bodies,
//! wrong content types, bodies over the reply cap, token expiry mid-run),
//! and the writer SIGKILLed once in every 100 searches (between searches, on
//! a hung request, racing a reply, or at the search's first database write).
//!
//! The writer is a child process: this test binary run again with
//! `ZHAOHUO_SOAK_CHILD=<data dir>` (the `soak_writer_child` test), holding an
//! `App` on a real SQLite file. It searches when told to on stdin and says
//! how each search ended on stdout (`ok` only after `search_photo` returned,
//! so the search is committed). The parent owns the gateway and moves in
//! lockstep with the writer: it sets the faults for a search, asks for it,
//! reads the answer. After every kill it opens the database itself: the
//! integrity check passes, every search the writer called ok is there with
//! all its offers, and the quota rows add up; then it starts a new writer on
//! the same folder. Everything is chosen by one seed, so a run is repeatable;
//! only where a racing kill lands inside the writer varies. The writer's
//! client gives up after 1 s and retries once (`App::set_client_options`),
//! so a hang costs a second and the whole soak about half a minute.
//!
//! Bodies over the reply cap come from a small stub server here (the gateway
//! has no such fault), reached through a third profile.
//!
//! The figures (searches, outcomes, kinds, kills, the writer's resident
//! memory) are printed and written to `$CARGO_TARGET_TMPDIR/soak.txt`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use zhaohuo_core::photos::Original;
use zhaohuo_core::providers::limits::DEFAULT_MAX_REPLY_BYTES;
use zhaohuo_core::providers::{ClientOptions, ProviderProfile, RetryPolicy, SearchQuery};
use zhaohuo_core::sandbox::{demo_credentials, FaultConfig, RunningSandbox, SandboxConfig};
use zhaohuo_core::search::SearchRequest;
use zhaohuo_core::secrets::{MemoryStore, SecretField, SecretStore};
use zhaohuo_core::{App, ErrorKind, Kind, Sensitive};

/// Fixed, so every run injects the same faults at the same searches.
const SEED: u64 = 0x5EED_1688_50A4_0014;
/// Searches answered (ok or a typed error); searches cut off by a kill are extra.
const SEARCHES: usize = 1000;
/// One kill in every block of this many searches.
const BLOCK: usize = 100;
/// Demo photos the writer opens (the app keeps 8 open at most).
const PHOTOS: usize = 6;
/// Offers asked for per search: small, so a search is cheap to normalise and store.
const PAGE_SIZE: u32 = 6;
/// The writer's client timeout: a hung reply costs this much per attempt.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(1);
/// A deadline for failure messages, not a wait: the parent goes on at each answer.
const ANSWER_DEADLINE: Duration = Duration::from_secs(60);
/// Set in the writer child's environment to its data folder.
const CHILD_ENV: &str = "ZHAOHUO_SOAK_CHILD";

/// The AOP family (the demo profile's), on the parent's gateway.
const AOP: &str = "soak-aop";
/// The bearer family (client-credentials tokens the gateway can expire), on the parent's gateway.
const BEARER: &str = "soak-bearer";
/// The AOP family on the stub that answers with bodies over the reply cap.
const HUGE: &str = "soak-huge";

/// SplitMix64: the schedule's only randomness, seeded.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What one search meets at the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    /// One search of a run of consecutive searches answered 429 (with `Retry-After: 1`).
    Storm429,
    /// HTTP 500 for this many requests (one retry is allowed).
    Status500(u32),
    /// An nginx HTML 502 page for this many requests.
    Status502(u32),
    /// No answer for this many requests: each costs the client's timeout.
    Hang(u32),
    MalformedJson,
    HtmlPage,
    TruncatedBody,
    WrongContentType,
    /// A body over the client's reply cap (the stub server, through [`HUGE`]).
    Oversized,
    /// Every bearer token issued so far expires just before this search.
    TokenExpiry,
}

impl Fault {
    fn class(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::Storm429 => "429 storm",
            Fault::Status500(_) => "500",
            Fault::Status502(_) => "502",
            Fault::Hang(_) => "hang",
            Fault::MalformedJson => "malformed json",
            Fault::HtmlPage => "html page",
            Fault::TruncatedBody => "truncated body",
            Fault::WrongContentType => "wrong content type",
            Fault::Oversized => "oversized body",
            Fault::TokenExpiry => "token expiry",
        }
    }

    /// What the gateway injects, and into how many API requests.
    fn injected(self) -> Option<(FaultConfig, u32)> {
        let f = FaultConfig::default;
        Some(match self {
            Fault::None | Fault::Oversized | Fault::TokenExpiry => return None,
            Fault::Storm429 => (FaultConfig { rate_429: 1.0, ..f() }, 1),
            Fault::Status500(n) => (FaultConfig { rate_500: 1.0, ..f() }, n),
            Fault::Status502(n) => (FaultConfig { rate_502: 1.0, ..f() }, n),
            Fault::Hang(n) => (FaultConfig { hang_rate: 1.0, ..f() }, n),
            Fault::MalformedJson => (FaultConfig { malformed_json_rate: 1.0, ..f() }, 1),
            Fault::HtmlPage => (FaultConfig { html_error_rate: 1.0, ..f() }, 1),
            Fault::TruncatedBody => (FaultConfig { truncated_body_rate: 1.0, ..f() }, 1),
            Fault::WrongContentType => (FaultConfig { wrong_content_type_rate: 1.0, ..f() }, 1),
        })
    }

    /// How a search meeting this fault may end (`ok` or an error kind). The
    /// writer's client retries once, after 10 ms, and never waits out a
    /// `Retry-After` longer than 500 ms.
    fn allowed(self) -> &'static [&'static str] {
        match self {
            Fault::None | Fault::TokenExpiry => &["ok"],
            Fault::Storm429 => &["provider.rate_limited"],
            Fault::Status500(1) | Fault::Status502(1) => &["ok"],
            Fault::Status500(_) | Fault::Status502(_) => &["provider.server_error"],
            Fault::Hang(1) => &["ok"],
            Fault::Hang(_) => &["provider.timeout"],
            Fault::MalformedJson | Fault::HtmlPage | Fault::TruncatedBody => &["provider.malformed_response"],
            // JSON labelled `text/html;charset=GBK`: the charset would garble every title.
            Fault::WrongContentType => &["provider.malformed_response"],
            Fault::Oversized => &["provider.reply_too_large"],
        }
    }
}

/// One search of the schedule.
#[derive(Debug, Clone, Copy)]
struct Slot {
    fault: Fault,
    profile: &'static str,
    photo: usize,
}

/// Where a kill lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KillMode {
    /// Between searches, the writer waiting for its next order.
    Idle,
    /// Mid-search, its request held unanswered by the gateway.
    Hung,
    /// Mid-search, the moment its first request reaches the gateway: the
    /// kill races the reply and parsing.
    Racing,
    /// Mid-search, the moment the writer's database log first changes (the
    /// search's call count, its cached answer, then the search itself are
    /// written): the kill lands between or inside those writes.
    MidWrite,
}

/// A kill before search `at` (which, for the mid-search modes, is the search
/// cut off; it is asked again of the next writer).
#[derive(Debug, Clone, Copy)]
struct Kill {
    at: usize,
    mode: KillMode,
}

struct Plan {
    slots: Vec<Slot>,
    kills: Vec<Kill>,
}

impl Plan {
    fn new(seed: u64) -> Plan {
        let mut rng = SplitMix(seed);
        let mut slots = Vec::with_capacity(SEARCHES);
        let mut storm_left = 0;
        for i in 0..SEARCHES {
            let fault = if storm_left > 0 {
                storm_left -= 1;
                Fault::Storm429
            } else {
                match rng.below(1000) {
                    0..12 => {
                        storm_left = 2 + rng.below(6);
                        Fault::Storm429
                    }
                    12..57 => Fault::Status500(1 + rng.below(2) as u32),
                    57..92 => Fault::Status502(1 + rng.below(2) as u32),
                    92..100 => Fault::Hang(1 + rng.below(2) as u32),
                    100..140 => Fault::MalformedJson,
                    140..180 => Fault::HtmlPage,
                    180..220 => Fault::TruncatedBody,
                    220..260 => Fault::WrongContentType,
                    260..275 => Fault::Oversized,
                    275..300 => Fault::TokenExpiry,
                    _ => Fault::None,
                }
            };
            // Runs of 50 searches per family, so the writer switches profiles too.
            let profile = match fault {
                Fault::Oversized => HUGE,
                Fault::TokenExpiry => BEARER,
                _ if (i / 50) % 2 == 0 => AOP,
                _ => BEARER,
            };
            slots.push(Slot { fault, profile, photo: rng.below(PHOTOS as u64) as usize });
        }
        let kills = (0..SEARCHES / BLOCK)
            .map(|block| Kill {
                at: block * BLOCK + 5 + rng.below(BLOCK as u64 - 10) as usize,
                mode: match rng.below(6) {
                    0 => KillMode::Idle,
                    1 => KillMode::Hung,
                    2 => KillMode::Racing,
                    _ => KillMode::MidWrite,
                },
            })
            .collect();
        Plan { slots, kills }
    }
}

/// `/proc/self/status` `VmRSS`, in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

fn demo_photos() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).expect("demo/photos").map(|e| e.expect("entry").path()).collect();
    photos.sort();
    photos.iter().take(PHOTOS).map(|p| std::fs::read(p).expect("read demo photo")).collect()
}

// ---------------------------------------------------------------- the writer

/// Marks the writer's lines among the test harness's (which may share a line:
/// `test soak_writer_child ... @soak ready 25600`).
const MARK: &str = "@soak ";

/// The writer's part of a stdout line, if it has one.
fn said(line: &str) -> Option<&str> {
    line.find(MARK).map(|at| &line[at + MARK.len()..])
}

/// One line to the parent, flushed at once (the parent reads as it goes).
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{MARK}{line}").expect("stdout");
    out.flush().expect("stdout");
}

/// The writer: runs only as the parent's child (with [`CHILD_ENV`] set).
#[test]
fn soak_writer_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else { return };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let app = runtime.block_on(open_app(Path::new(&dir)));
    let photos = runtime.block_on(open_photos(&app));
    say(&format!("ready {}", rss_kib()));

    // Orders arrive on stdin, one a line; each search is answered before the next is read.
    let mut active = String::new();
    for order in std::io::stdin().lines() {
        let order = order.expect("stdin");
        let words: Vec<&str> = order.split_whitespace().collect();
        match words.as_slice() {
            ["search", slot, profile, photo] => {
                let photo = photos[photo.parse::<usize>().expect("photo index")];
                let line = runtime.block_on(search(&app, &mut active, slot, profile, photo));
                say(&line);
            }
            ["quit"] => break,
            _ => say(&format!("fatal unknown order {order:?}")),
        }
    }
    drop(app);
    drop(runtime);
    say("bye");
}

/// The app on the soak's data folder, its client timeouts short.
async fn open_app(dir: &Path) -> App {
    let secrets = Arc::new(MemoryStore::new());
    let creds = demo_credentials();
    for profile in [AOP, BEARER, HUGE] {
        secrets.set(profile, SecretField::AppKey, Sensitive::new(creds.app_key.clone())).expect("key");
        secrets.set(profile, SecretField::AppSecret, creds.app_secret.clone()).expect("secret");
        // The bearer profile gets no token: it asks for client-credentials
        // tokens, which it renews when the gateway says one expired.
        if profile != BEARER {
            secrets.set(profile, SecretField::AccessToken, creds.access_token.clone()).expect("token");
        }
    }
    let app = App::start(dir, secrets).await.expect("the app starts on the soak's data folder");
    app.set_client_options(ClientOptions {
        connect_timeout: REQUEST_TIMEOUT,
        request_timeout: REQUEST_TIMEOUT,
        retry: RetryPolicy {
            max_retries: 1,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(500),
        },
    })
    .await;
    app
}

/// The demo photos, opened: their ids and the crops the app suggests.
async fn open_photos(app: &App) -> Vec<(u64, zhaohuo_core::types::CropBox)> {
    let mut photos = Vec::new();
    for bytes in demo_photos() {
        let photo = app.load_photo(Original::Encoded(bytes)).await.expect("a demo photo opens");
        photos.push((photo.photo_id, photo.suggested_crop));
    }
    photos
}

/// One ordered search, and the line that says how it ended.
async fn search(
    app: &App,
    active: &mut String,
    slot: &str,
    profile: &str,
    (photo_id, crop): (u64, zhaohuo_core::types::CropBox),
) -> String {
    if profile != active {
        if let Err(err) = app.set_active_profile(profile.to_string()).await {
            return format!("fatal {slot} cannot switch to {profile}: {err}");
        }
        *active = profile.to_string();
    }
    let query = SearchQuery { page_size: PAGE_SIZE, ..SearchQuery::default() };
    let request = SearchRequest { photo_id, crop: Some(crop), query: Some(query), refresh: Some(true) };
    match app.search_photo(request).await {
        Ok(found) => match found.not_saved {
            None => format!("ok {slot} {} {} {}", found.search_id.0, found.offers.len(), rss_kib()),
            Some(problem) => format!("unsaved {slot} {} {}", problem.kind, rss_kib()),
        },
        Err(err) => format!("err {slot} {} {}", err.kind(), rss_kib()),
    }
}

// ---------------------------------------------------------------- the parent

/// How one search ended, as the writer said.
#[derive(Debug)]
enum Answer {
    Ok { slot: usize, search_id: i64, offers: usize, rss: u64 },
    Err { slot: usize, kind: String, rss: u64 },
}

fn parse_answer(line: &str) -> Option<Answer> {
    let line = said(line)?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let num = |s: &str| s.parse::<u64>().unwrap_or_else(|_| panic!("not a number in {line:?}"));
    match words.as_slice() {
        ["ok", slot, id, offers, rss] => Some(Answer::Ok {
            slot: num(slot) as usize,
            search_id: id.parse().unwrap_or_else(|_| panic!("bad id in {line:?}")),
            offers: num(offers) as usize,
            rss: num(rss),
        }),
        ["err", slot, kind, rss] => {
            Some(Answer::Err { slot: num(slot) as usize, kind: kind.to_string(), rss: num(rss) })
        }
        ["unsaved", ..] => panic!("a search's offers could not be saved: {line}"),
        ["fatal", ..] => panic!("the writer gave up: {line}"),
        _ => panic!("the writer said something unexpected: {line:?}"),
    }
}

/// A running writer child.
struct Writer {
    child: Child,
    stdin: ChildStdin,
    lines: tokio::io::Lines<BufReader<ChildStdout>>,
    stderr: tokio::task::JoinHandle<String>,
    generation: usize,
    /// Resident memory after each search, KiB.
    rss: Vec<u64>,
}

impl Writer {
    async fn spawn(dir: &Path, generation: usize) -> Writer {
        let exe = std::env::current_exe().expect("own test binary");
        let mut child = Command::new(exe)
            .args(["soak_writer_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("the writer starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let mut err = child.stderr.take().expect("piped stderr");
        let stderr = tokio::spawn(async move {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text).await;
            text
        });
        let mut writer = Writer { child, stdin, lines, stderr, generation, rss: Vec::new() };
        loop {
            let line = writer.next_line("ready").await;
            if let Some(rss) = said(&line).and_then(|l| l.strip_prefix("ready ")) {
                writer.rss.push(rss.trim().parse().expect("rss"));
                break;
            }
        }
        writer
    }

    /// The next stdout line, or the writer's stderr in a panic if it died.
    async fn next_line(&mut self, waiting_for: &str) -> String {
        match tokio::time::timeout(ANSWER_DEADLINE, self.lines.next_line()).await {
            Ok(Ok(Some(line))) => line,
            Ok(_) => {
                let status = self.child.wait().await.expect("reap the writer");
                let stderr = (&mut self.stderr).await.unwrap_or_default();
                panic!("writer {} ended ({status}) while the soak waited for {waiting_for}:\n{stderr}", self.generation)
            }
            Err(_) => {
                let _ = self.child.start_kill();
                let _ = self.child.wait().await;
                let stderr = (&mut self.stderr).await.unwrap_or_default();
                panic!("writer {}: no {waiting_for} within {ANSWER_DEADLINE:?}:\n{stderr}", self.generation)
            }
        }
    }

    async fn order(&mut self, slot: usize, s: &Slot) {
        let line = format!("search {slot} {} {}\n", s.profile, s.photo);
        self.stdin.write_all(line.as_bytes()).await.expect("order the writer");
        self.stdin.flush().await.expect("order the writer");
    }

    async fn answer(&mut self, slot: usize) -> Answer {
        loop {
            let line = self.next_line(&format!("the answer to search {slot}")).await;
            if let Some(answer) = parse_answer(&line) {
                let (Answer::Ok { slot: got, rss, .. } | Answer::Err { slot: got, rss, .. }) = &answer;
                assert_eq!(*got, slot, "writer {} answered another search: {line}", self.generation);
                self.rss.push(*rss);
                return answer;
            }
        }
    }

    /// SIGKILL; returns what the writer still said before dying.
    async fn kill(mut self) -> (Vec<Answer>, String, Vec<u64>) {
        self.child.start_kill().expect("SIGKILL the writer"); // Child::start_kill sends SIGKILL on Unix.
        let status = self.child.wait().await.expect("reap the writer");
        use std::os::unix::process::ExitStatusExt as _;
        assert_eq!(status.signal(), Some(9), "writer {} ended by SIGKILL, not {status}", self.generation);
        let mut said = Vec::new();
        while let Ok(Some(line)) = self.lines.next_line().await {
            said.extend(parse_answer(&line));
        }
        let stderr = self.stderr.await.unwrap_or_default();
        (said, stderr, self.rss)
    }

    /// Asks the writer to stop and waits until it has.
    async fn quit(mut self) -> (String, Vec<u64>) {
        self.stdin.write_all(b"quit\n").await.expect("order the writer");
        self.stdin.flush().await.expect("order the writer");
        loop {
            if said(&self.next_line("bye").await) == Some("bye") {
                break;
            }
        }
        let status = tokio::time::timeout(ANSWER_DEADLINE, self.child.wait()).await.expect("exits").expect("reap");
        assert!(status.success(), "writer {} exited with {status}", self.generation);
        (self.stderr.await.unwrap_or_default(), self.rss)
    }
}

/// A search the writer said was ok: it must be in the store, whole.
struct Committed {
    offers: usize,
    profile: &'static str,
}

/// What the database held at a check.
struct DbFigures {
    searches: i64,
    ok: i64,
}

/// Opens the database the writers use (none runs now): integrity, every
/// committed search complete, failed searches recorded with known kinds,
/// quota rows between the ok searches and the requests that arrived.
fn check_database(
    db: &Path,
    committed: &BTreeMap<i64, Committed>,
    gateway_requests: u64,
    stub_requests: u64,
    when: &str,
) -> DbFigures {
    let conn = rusqlite::Connection::open(db).unwrap_or_else(|e| panic!("{when}: the database opens: {e}"));
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(integrity, ["ok"], "{when}: integrity_check");
    let broken_links = conn.prepare("PRAGMA foreign_key_check").unwrap().query_map([], |_| Ok(())).unwrap().count();
    assert_eq!(broken_links, 0, "{when}: foreign_key_check");

    let mut row = conn
        .prepare(
            "SELECT outcome, profile, (SELECT count(*) FROM search_results r WHERE r.search_id = s.id)
               FROM searches s WHERE id = ?1",
        )
        .unwrap();
    for (id, c) in committed {
        let found: Option<(String, String, i64)> =
            rusqlite::OptionalExtension::optional(row.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
                .unwrap();
        let (outcome, profile, results) = found.unwrap_or_else(|| panic!("{when}: committed search {id} is gone"));
        assert_eq!((outcome.as_str(), profile.as_str()), ("ok", c.profile), "{when}: search {id}");
        assert_eq!(results as usize, c.offers, "{when}: search {id} lost offers");
    }

    let kinds: Vec<String> = conn
        .prepare("SELECT DISTINCT error_kind FROM searches WHERE outcome = 'error'")
        .unwrap()
        .query_map([], |r| r.get::<_, Option<String>>(0).map(Option::unwrap_or_default))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for kind in kinds {
        assert!(
            Kind::parse(&kind).is_some_and(|k| k != Kind::Internal),
            "{when}: a failed search is recorded with kind {kind:?}"
        );
    }

    let calls: BTreeMap<String, i64> = conn
        .prepare("SELECT profile, SUM(calls) FROM quota_usage GROUP BY profile")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let calls_of = |p: &str| calls.get(p).copied().unwrap_or(0);
    for profile in [AOP, BEARER, HUGE] {
        let ok = committed.values().filter(|c| c.profile == profile).count() as i64;
        assert!(calls_of(profile) >= ok, "{when}: {profile} counts {} calls for {ok} ok searches", calls_of(profile));
    }
    let to_gateway = calls_of(AOP) + calls_of(BEARER);
    assert!(
        to_gateway as u64 <= gateway_requests,
        "{when}: {to_gateway} calls counted, but only {gateway_requests} reached the gateway"
    );
    assert!(calls_of(HUGE) as u64 <= stub_requests, "{when}: {} calls to the stub counted", calls_of(HUGE));

    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    DbFigures {
        searches: count("SELECT count(*) FROM searches"),
        ok: count("SELECT count(*) FROM searches WHERE outcome = 'ok'"),
    }
}

/// A gateway stand-in whose every reply is over the client's reply cap
/// (8 MiB + 1 MiB): announced by `Content-Length` on even requests, streamed
/// chunked without a length on odd ones.
struct OversizedStub {
    url: String,
    requests: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

const OVERSIZED_BYTES: u64 = DEFAULT_MAX_REPLY_BYTES + 1024 * 1024;

impl OversizedStub {
    async fn start() -> OversizedStub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the stub");
        let url = format!("http://{}", listener.local_addr().expect("stub address"));
        let requests = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    // The client hangs up once past its cap: that ends the reply.
                    let _ = answer_oversized(socket, n).await;
                });
            }
        });
        OversizedStub { url, requests, task }
    }
}

async fn answer_oversized(mut socket: tokio::net::TcpStream, n: u64) -> std::io::Result<()> {
    // Read the whole request first, so the client is not cut off while sending.
    let mut seen = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let head_end = loop {
        let got = socket.read(&mut buf).await?;
        if got == 0 {
            return Ok(());
        }
        seen.extend_from_slice(&buf[..got]);
        if let Some(at) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&seen[..head_end]).to_ascii_lowercase();
    let length: usize =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let mut body = seen.len() - head_end;
    while body < length {
        let got = socket.read(&mut buf).await?;
        if got == 0 {
            return Ok(());
        }
        body += got;
    }

    let filler = vec![b' '; 64 * 1024];
    let announced = n.is_multiple_of(2);
    let head = if announced {
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {OVERSIZED_BYTES}\r\nConnection: close\r\n\r\n")
    } else {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            .to_string()
    };
    socket.write_all(head.as_bytes()).await?;
    let mut sent = 0u64;
    while sent < OVERSIZED_BYTES {
        if announced {
            socket.write_all(&filler).await?;
        } else {
            socket.write_all(format!("{:x}\r\n", filler.len()).as_bytes()).await?;
            socket.write_all(&filler).await?;
            socket.write_all(b"\r\n").await?;
        }
        sent += filler.len() as u64;
    }
    if !announced {
        socket.write_all(b"0\r\n\r\n").await?;
    }
    socket.flush().await
}

/// The three profiles as custom profile files in the data folder.
fn write_profiles(dir: &Path, gateway: &str, stub: &str) {
    let mut aop = ProviderProfile::demo(gateway);
    aop.id = AOP.into();
    aop.label = "Soak: AOP family on the sandbox".into();
    // Far above the soak's pace: the faults, not the rate limiter, set it.
    aop.qps = 1000.0;
    let mut huge = aop.clone().with_base_url(stub);
    huge.id = HUGE.into();
    huge.label = "Soak: replies over the cap".into();
    let mut bearer = zhaohuo_core::providers::builtin_profile("product-image-search").expect("built in");
    bearer.id = BEARER.into();
    bearer.label = "Soak: bearer family on the sandbox".into();
    bearer.base_url = gateway.into();
    bearer.qps = 1000.0;
    bearer.daily_quota = None;
    let folder = dir.join("profiles");
    std::fs::create_dir_all(&folder).expect("profiles folder");
    for p in [aop, huge, bearer] {
        std::fs::write(folder.join(format!("{}.json", p.id)), serde_json::to_string_pretty(&p).expect("json"))
            .expect("write profile");
    }
}

/// Size and time of the database's write-ahead log: any write changes one.
fn log_state(wal: &Path) -> Option<(u64, std::time::SystemTime)> {
    std::fs::metadata(wal).ok().map(|m| (m.len(), m.modified().expect("mtime")))
}

fn apply(sandbox: &RunningSandbox, fault: Fault) {
    match fault.injected() {
        Some((faults, requests)) => sandbox.set_faults_for(faults, requests),
        None => sandbox.set_faults(FaultConfig::default()),
    }
    if fault == Fault::TokenExpiry {
        sandbox.expire_tokens();
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// First, median and max of one writer's resident memory, MiB.
fn rss_figures(samples: &[u64]) -> (f64, f64, f64) {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let first = samples.first().copied().unwrap_or(0);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0);
    let max = sorted.last().copied().unwrap_or(0);
    (mib(first), mib(median), mib(max))
}

/// Outcomes per fault class: (searches, outcome → count).
type ByFault = BTreeMap<&'static str, (usize, BTreeMap<String, usize>)>;

#[derive(Default)]
struct Tally {
    committed: BTreeMap<i64, Committed>,
    by_fault: ByFault,
    kinds: BTreeMap<String, usize>,
    ok: usize,
    answered: usize,
    /// Searches answered by a writer just before it was killed (mid-search kills).
    answered_before_kill: usize,
    /// Searches a kill cut off after they were committed, before the writer said so.
    unsaid: usize,
    generations: Vec<(usize, Vec<u64>, usize)>,
}

impl Tally {
    fn commit(&mut self, search_id: i64, offers: usize, profile: &'static str) {
        let previous = self.committed.insert(search_id, Committed { offers, profile });
        assert!(previous.is_none(), "search id {search_id} was answered twice");
    }

    /// Checks an answer to a scheduled search against what its fault allows.
    fn record(&mut self, answer: Answer, slot: &Slot, index: usize) {
        let outcome = match answer {
            Answer::Ok { search_id, offers, .. } => {
                assert!(offers > 0, "search {index} was ok without offers");
                self.commit(search_id, offers, slot.profile);
                self.ok += 1;
                "ok".to_string()
            }
            Answer::Err { kind, .. } => {
                let typed = Kind::parse(&kind);
                assert!(typed.is_some_and(|k| k != Kind::Internal), "search {index}: untyped failure {kind:?}");
                *self.kinds.entry(kind.clone()).or_default() += 1;
                kind
            }
        };
        assert!(
            slot.fault.allowed().contains(&outcome.as_str()),
            "search {index} ({:?} on {}) ended {outcome}; expected one of {:?}",
            slot.fault,
            slot.profile,
            slot.fault.allowed()
        );
        let entry = self.by_fault.entry(slot.fault.class()).or_default();
        entry.0 += 1;
        *entry.1.entry(outcome).or_default() += 1;
        self.answered += 1;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_searches_under_faults_and_kills_lose_nothing() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let started = Instant::now();
    let parent_rss_start = rss_kib();
    let sandbox = zhaohuo_core::sandbox::start(SandboxConfig {
        port: 0,
        qps: 1_000_000,
        daily_quota: u32::MAX,
        ..SandboxConfig::default()
    })
    .await
    .expect("gateway");
    let stub = OversizedStub::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join(zhaohuo_core::app::DB_FILE);
    let wal = dir.path().join(format!("{}-wal", zhaohuo_core::app::DB_FILE));
    write_profiles(dir.path(), &sandbox.base_url(), &stub.url);

    let plan = Plan::new(SEED);
    let mut tally = Tally::default();
    let mut kill_log = Vec::new();
    let mut kills = plan.kills.iter().peekable();
    let mut writer = Writer::spawn(dir.path(), 0).await;

    for (index, slot) in plan.slots.iter().enumerate() {
        if let Some(kill) = kills.next_if(|k| k.at == index) {
            // A search cut off by the kill goes to the gateway (not the stub).
            let aimed = Slot { profile: if slot.profile == HUGE { AOP } else { slot.profile }, ..*slot };
            match kill.mode {
                KillMode::Idle => {}
                KillMode::Hung | KillMode::Racing => {
                    if kill.mode == KillMode::Hung {
                        sandbox.set_faults_for(FaultConfig { hang_rate: 1.0, ..FaultConfig::default() }, 1);
                    } else {
                        sandbox.set_faults(FaultConfig::default());
                    }
                    let before = sandbox.api_requests();
                    writer.order(index, &aimed).await;
                    assert!(
                        sandbox.wait_for_api_requests(before + 1, ANSWER_DEADLINE).await,
                        "search {index} never reached the gateway"
                    );
                }
                KillMode::MidWrite => {
                    sandbox.set_faults(FaultConfig::default());
                    let before = log_state(&wal);
                    writer.order(index, &aimed).await;
                    // A polled condition with a deadline: the writer's first write of this search.
                    let deadline = Instant::now() + ANSWER_DEADLINE;
                    let mut poll = tokio::time::interval(Duration::from_micros(500));
                    while log_state(&wal) == before {
                        assert!(Instant::now() < deadline, "search {index} wrote nothing within {ANSWER_DEADLINE:?}");
                        poll.tick().await;
                    }
                }
            }
            let generation = writer.generation;
            let (said, stderr, rss) = writer.kill().await;
            assert!(!stderr.contains("panicked"), "writer {generation} panicked:\n{stderr}");
            let answered_first = !said.is_empty();
            for answer in said {
                if let Answer::Ok { search_id, offers, .. } = answer {
                    tally.commit(search_id, offers, aimed.profile);
                }
                tally.answered_before_kill += 1;
            }
            tally.generations.push((generation, rss, index));
            sandbox.set_faults(FaultConfig::default());
            let when = format!("after kill {} ({:?}, search {index})", kill_log.len() + 1, kill.mode);
            let figures = check_database(
                &db,
                &tally.committed,
                sandbox.api_requests(),
                stub.requests.load(Ordering::SeqCst),
                &when,
            );
            // Every answered search is in history (failed ones too); one more is the cut-off search, committed unsaid.
            let unsaid = figures.searches - (tally.answered + tally.answered_before_kill + tally.unsaid) as i64;
            assert!((0..=1).contains(&unsaid), "{when}: {} searches in history", figures.searches);
            tally.unsaid += unsaid as usize;
            let cut = match (kill.mode, answered_first, unsaid == 1) {
                (KillMode::Idle, ..) => "",
                (_, true, _) => "; the cut-off search was answered just before the kill",
                (_, false, true) => "; the cut-off search was committed but not yet answered",
                (_, false, false) => "; the cut-off search was not committed",
            };
            kill_log.push((kill.mode, index, figures, cut));
            writer = Writer::spawn(dir.path(), generation + 1).await;
        }
        apply(&sandbox, slot.fault);
        writer.order(index, slot).await;
        let answer = writer.answer(index).await;
        tally.record(answer, slot, index);
    }
    sandbox.set_faults(FaultConfig::default());
    let generation = writer.generation;
    let (stderr, rss) = writer.quit().await;
    assert!(!stderr.contains("panicked"), "writer {generation} panicked:\n{stderr}");
    tally.generations.push((generation, rss, SEARCHES));
    let last = check_database(
        &db,
        &tally.committed,
        sandbox.api_requests(),
        stub.requests.load(Ordering::SeqCst),
        "at the end",
    );
    let gateway_requests = sandbox.api_requests();
    let stub_requests = stub.requests.load(Ordering::SeqCst);
    stub.task.abort();
    sandbox.shutdown().await;
    let elapsed = started.elapsed();

    // The report.
    let mut report = String::new();
    let pct = |n: usize| 100.0 * n as f64 / SEARCHES as f64;
    let failed = tally.answered - tally.ok;
    writeln!(
        report,
        "fault soak (seed {SEED:#x}): {} searches answered in {:.1} s ({:.0} ms each), {} ok ({:.1} %), \
         {failed} failed, every failure typed; {} kills, {} of them mid-search",
        tally.answered,
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / SEARCHES as f64,
        tally.ok,
        pct(tally.ok),
        kill_log.len(),
        kill_log.iter().filter(|k| k.0 != KillMode::Idle).count(),
    )
    .unwrap();
    writeln!(report, "errors by kind:").unwrap();
    for (kind, n) in &tally.kinds {
        writeln!(report, "  {kind:<32} {n:>4}").unwrap();
    }
    writeln!(report, "outcomes by injected fault:").unwrap();
    for (class, (n, outcomes)) in &tally.by_fault {
        let shown: Vec<String> = outcomes.iter().map(|(o, k)| format!("{o} {k}")).collect();
        writeln!(report, "  {class:<20} {n:>4}: {}", shown.join(", ")).unwrap();
    }
    writeln!(report, "kills ({}), each followed by the database check:", kill_log.len()).unwrap();
    for (i, (mode, at, f, cut)) in kill_log.iter().enumerate() {
        writeln!(
            report,
            "  {:>2}. at search {at:>4}, {:<8}: integrity ok, {} searches in history ({} ok), none lost{cut}",
            i + 1,
            format!("{mode:?}"),
            f.searches,
            f.ok
        )
        .unwrap();
    }
    writeln!(report, "writer resident memory per generation (MiB, first / median / max over its searches):").unwrap();
    for (generation, rss, until) in &tally.generations {
        let (first, median, max) = rss_figures(rss);
        writeln!(
            report,
            "  writer {generation:>2} (until search {until:>4}, {:>3} samples): {first:6.1} / {median:6.1} / {max:6.1}",
            rss.len()
        )
        .unwrap();
    }
    let all: Vec<u64> = tally.generations.iter().flat_map(|g| g.1.iter().copied()).collect();
    let (_, median, max) = rss_figures(&all);
    writeln!(report, "  all writers: median {median:.1}, max {max:.1}").unwrap();
    writeln!(
        report,
        "gateway process RSS: {:.1} MiB at start, {:.1} MiB at the end; {gateway_requests} gateway requests, \
         {stub_requests} to the oversized stub; history holds {} searches ({} ok); {:.1} s in all",
        mib(parent_rss_start),
        mib(rss_kib()),
        last.searches,
        last.ok,
        elapsed.as_secs_f64()
    )
    .unwrap();
    println!("{report}");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("soak.txt");
    std::fs::write(&path, &report).expect("write soak.txt");

    // What the run must show.
    assert_eq!(tally.answered, SEARCHES);
    assert_eq!(
        last.searches as usize,
        tally.answered + tally.answered_before_kill + tally.unsaid,
        "history holds every answered search, failed ones too"
    );
    assert_eq!(kill_log.len(), SEARCHES / BLOCK, "one kill per block");
    assert!(pct(tally.ok) >= 60.0, "only {} of {SEARCHES} searches were ok", tally.ok);
    for fault in [
        "429 storm",
        "500",
        "502",
        "hang",
        "malformed json",
        "html page",
        "truncated body",
        "wrong content type",
        "oversized body",
        "token expiry",
    ] {
        let met = tally.by_fault.get(fault).map_or(0, |e| e.0);
        assert!(met >= 5, "the schedule injected {fault} only {met} times");
    }
    // Memory is flat: within each writer that ran long enough, the last
    // samples are not above the early ones by more than a margin.
    for (generation, rss, _) in &tally.generations {
        if rss.len() < 40 {
            continue;
        }
        let early = rss_figures(&rss[5..20]).2;
        let late = rss_figures(&rss[rss.len() - 15..]).1;
        assert!(late <= early + 32.0, "writer {generation}'s memory grew: {early:.1} MiB early, {late:.1} MiB late");
    }
}
