//! `zhaohuo sandbox` as a separate process: it prints its address, accepts the
//! credentials from `--credentials FILE` (and then neither prints nor accepts
//! the demo ones), the `--fault-*` flags inject faults from the start, and
//! its admin routes take the admin token it prints (or `--admin-token`).

use std::io::{BufRead, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use zhaohuo_photo::{ImageSpec, PhotoSource};
use zhaohuo_providers::{
    ClientOptions, Credentials, ImageFormat, ImagePayload, ProviderClient, ProviderError, ProviderProfile, RetryPolicy,
    SearchQuery,
};
use zhaohuo_sandbox::demo_credentials;

use super::{write_file, zhaohuo};

/// Custom credentials a script would hand the sandbox.
const KEY: &str = "5550123";
const SECRET: &str = "script-secret-Q7v2#x";
const TOKEN: &str = "script-token-0b1c2d3e";

/// A running `zhaohuo sandbox`; SIGKILLed and reaped when dropped, even when
/// an assertion fails half way.
struct Sandbox {
    child: Child,
    base_url: String,
    /// From the banner's `Admin:   Authorization: Bearer …` line.
    admin_token: String,
    banner: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the sandbox and reads its banner up to the admin token line (and the
/// `Injecting:` line when faults are on).
fn start_sandbox(args: &[&str], expect_injecting: bool) -> Sandbox {
    let mut cmd = zhaohuo();
    cmd.args(["sandbox", "--port", "0"]).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("zhaohuo sandbox starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut sandbox = Sandbox { child, base_url: String::new(), admin_token: String::new(), banner: String::new() };
    loop {
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = sandbox.child.kill();
                let mut err = String::new();
                if let Some(mut e) = sandbox.child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("the sandbox printed no complete banner:\n{}\nstderr: {err}", sandbox.banner);
            }
        };
        sandbox.banner.push_str(&line);
        sandbox.banner.push('\n');
        if let Some(url) = line.strip_prefix("zhaohuo sandbox listening on ") {
            sandbox.base_url = url.trim().to_owned();
        }
        if let Some(token) = line.trim_start().strip_prefix("Admin:   Authorization: Bearer ") {
            sandbox.admin_token = token.trim().to_owned();
        }
        let done = if expect_injecting {
            line.trim_start().starts_with("Injecting:")
        } else {
            line.trim_start().starts_with("Admin:")
        };
        if done {
            break;
        }
    }
    assert!(sandbox.base_url.starts_with("http://127.0.0.1:"), "address printed: {}", sandbox.banner);
    assert!(!sandbox.admin_token.is_empty(), "admin token printed: {}", sandbox.banner);
    sandbox
}

/// A plain HTTP/1.1 GET over loopback; returns (status, body).
fn http_get(base_url: &str, path: &str) -> (u16, String) {
    http_get_with(base_url, path, None)
}

/// A plain HTTP/1.1 GET over loopback with `Authorization: Bearer <token>`
/// when a token is given; returns (status, body).
fn http_get_with(base_url: &str, path: &str, admin_token: Option<&str>) -> (u16, String) {
    let addr = base_url.strip_prefix("http://").expect("http URL");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let auth = admin_token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n").expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read reply");
    let (head, body) = reply.split_once("\r\n\r\n").expect("HTTP reply");
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status code");
    (status, body.to_owned())
}

/// A demo photo of a catalog item, prepared as a search sends it; with the
/// offer id its file name names.
struct Photo {
    prepared: zhaohuo_photo::PreparedPhoto,
    offer_id: String,
}

fn demo_photo() -> Photo {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("demo/photos")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
        .collect();
    files.sort();
    let path = files.first().expect("a demo photo");
    let offer_id =
        path.file_stem().and_then(|s| s.to_str()).and_then(|s| s.rsplit('-').next()).expect("offer id").to_owned();
    let bytes = std::fs::read(path).expect("read photo");
    let prepared = zhaohuo_photo::prepare(PhotoSource::Encoded(&bytes), None, &ImageSpec::default()).expect("prepares");
    Photo { prepared, offer_id }
}

impl Photo {
    fn payload(&self) -> ImagePayload<'_> {
        ImagePayload {
            bytes: &self.prepared.bytes,
            base64: &self.prepared.base64,
            sha256_hex: &self.prepared.sha256_hex,
            format: ImageFormat::Jpeg,
        }
    }
}

/// The app's own AOP client (the demo profile), pointed at the sandbox.
fn client(base_url: &str, credentials: Credentials, retries: u32) -> ProviderClient {
    let options = ClientOptions {
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(30),
        retry: RetryPolicy {
            max_retries: retries,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(2),
        },
    };
    ProviderClient::with_options(ProviderProfile::demo(base_url), credentials, options, Arc::default()).expect("client")
}

fn demo_client_credentials() -> Credentials {
    let d = demo_credentials();
    Credentials::new(d.app_key, d.app_secret.expose().clone()).with_access_token(d.access_token.expose().clone())
}

#[tokio::test]
async fn custom_credentials_are_accepted_and_the_demo_ones_are_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("creds.json");
    write_file(
        &file,
        serde_json::json!({"app_key": KEY, "app_secret": SECRET, "access_token": TOKEN}).to_string().as_bytes(),
    );
    let file_arg = file.to_str().expect("utf-8 path").to_owned();
    let sb = start_sandbox(&["--credentials", &file_arg], false);

    // The banner names the key, never the file's secrets, and nothing of the demo set.
    assert!(sb.banner.contains(&format!("app_key:      {KEY}")), "{}", sb.banner);
    let demo = demo_credentials();
    for (what, secret) in [
        ("custom secret", SECRET),
        ("custom token", TOKEN),
        ("demo key", demo.app_key.as_str()),
        ("demo secret", demo.app_secret.expose().as_str()),
        ("demo token", demo.access_token.expose().as_str()),
    ] {
        assert!(!sb.banner.contains(secret), "the banner shows the {what}:\n{}", sb.banner);
    }
    let (status, _) = http_get(&sb.base_url, "/__admin/health");
    assert_eq!(status, 200);

    // A real signed search (upload + imageQuery) with the file's credentials.
    let photo = demo_photo();
    let ours = client(&sb.base_url, Credentials::new(KEY, SECRET).with_access_token(TOKEN), 0);
    let page = ours
        .search(photo.payload(), &SearchQuery::default())
        .await
        .unwrap_or_else(|e| panic!("custom credentials: {e}"));
    assert!(!page.offers.is_empty(), "offers come back");
    assert!(page.offers.iter().any(|o| o.offer_id == photo.offer_id), "the photographed offer is found");

    // The demo credentials no longer open it.
    let err = client(&sb.base_url, demo_client_credentials(), 0)
        .search(photo.payload(), &SearchQuery::default())
        .await
        .map(|p| p.offers.len())
        .expect_err("demo credentials are refused");
    assert!(matches!(err, ProviderError::BadCredentials(_)), "demo key refused as unknown: {err:?}");

    // Nor does the right key with the demo secret.
    let err = client(&sb.base_url, Credentials::new(KEY, demo.app_secret.expose().clone()).with_access_token(TOKEN), 0)
        .search(photo.payload(), &SearchQuery::default())
        .await
        .map(|p| p.offers.len())
        .expect_err("a wrong secret is refused");
    assert!(matches!(err, ProviderError::SignatureInvalid(_)), "wrong secret refused as a bad signature: {err:?}");
}

#[tokio::test]
async fn default_run_prints_the_demo_credentials() {
    let sb = start_sandbox(&[], false);
    let demo = demo_credentials();
    assert!(sb.banner.contains(&demo.app_key), "{}", sb.banner);
    assert!(sb.banner.contains(demo.app_secret.expose().as_str()), "the public demo secret is printed for newcomers");
    assert!(!sb.banner.contains("Injecting:"), "no faults unless asked: {}", sb.banner);
    let page = client(&sb.base_url, demo_client_credentials(), 0)
        .search(demo_photo().payload(), &SearchQuery::default())
        .await
        .unwrap_or_else(|e| panic!("demo credentials: {e}"));
    assert!(!page.offers.is_empty());
}

#[tokio::test]
async fn a_fault_flag_is_injected_from_the_start() {
    let sb = start_sandbox(&["--fault-429-rate", "1", "--fault-latency-ms", "150"], true);
    assert!(sb.banner.contains("Injecting: +150 ms latency, 429 100%"), "{}", sb.banner);

    // The admin endpoint reports what the flags set.
    let (status, body) = http_get(&sb.base_url, "/__admin/faults");
    assert_eq!(status, 401, "the admin routes need the token: {body}");
    let (status, body) = http_get_with(&sb.base_url, "/__admin/faults", Some(&sb.admin_token));
    assert_eq!(status, 200, "{body}");
    let faults: serde_json::Value = serde_json::from_str(&body).expect("faults JSON");
    assert_eq!(faults["rate_429"], serde_json::json!(1.0), "{body}");
    assert_eq!(faults["latency_ms"], serde_json::json!(150), "{body}");
    assert_eq!(faults["rate_500"], serde_json::json!(0.0), "{body}");

    // The app's client sees the throttle, after the added latency.
    let started = std::time::Instant::now();
    let err = client(&sb.base_url, demo_client_credentials(), 0)
        .search(demo_photo().payload(), &SearchQuery::default())
        .await
        .map(|p| p.offers.len())
        .expect_err("every call is throttled");
    assert!(matches!(err, ProviderError::RateLimited { .. }), "{err:?}");
    assert!(started.elapsed() >= Duration::from_millis(150), "latency added: {:?}", started.elapsed());
}

#[test]
fn admin_token_is_printed_and_can_be_fixed_for_scripts() {
    // A random one each run, printed beside the faults hint.
    let sb = start_sandbox(&[], false);
    assert!(sb.admin_token.len() >= 32, "128+ bits: {}", sb.banner);
    let again = start_sandbox(&[], false);
    assert_ne!(sb.admin_token, again.admin_token, "each run makes its own");
    let (status, body) = http_get(&sb.base_url, "/__admin/faults");
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("admin_token_missing"), "{body}");
    let (status, body) = http_get_with(&sb.base_url, "/__admin/faults", Some(&again.admin_token));
    assert_eq!(status, 401, "another run's token: {body}");
    assert!(!body.contains(&again.admin_token), "the token is not echoed: {body}");
    let (status, body) = http_get_with(&sb.base_url, "/__admin/faults", Some(&sb.admin_token));
    assert_eq!(status, 200, "{body}");
    let (status, _) = http_get(&sb.base_url, "/__admin/health");
    assert_eq!(status, 200, "health stays open");

    // A script picks its own.
    let fixed = "ci-admin-token-0123456789abcdef";
    let sb = start_sandbox(&["--admin-token", fixed], false);
    assert_eq!(sb.admin_token, fixed, "{}", sb.banner);
    let (status, body) = http_get_with(&sb.base_url, "/__admin/faults", Some(fixed));
    assert_eq!(status, 200, "{body}");

    // Too short to keep anyone out: refused before listening.
    let mut cmd = zhaohuo();
    cmd.args(["sandbox", "--port", "0", "--admin-token", "abc"]);
    let out = super::run(cmd, None);
    super::assert_clean_failure(&out, "a short admin token");
    assert!(super::text(&out.stderr).contains("admin token"), "{}", super::text(&out.stderr));
}

#[test]
fn bad_fault_flags_and_credentials_files_are_refused() {
    for arg in ["--fault-429-rate=1.5", "--fault-500-rate=often", "--fault-hang-rate=-0.5", "--fault-latency-ms=-3"] {
        let mut cmd = zhaohuo();
        cmd.args(["sandbox", "--port", "0", arg]);
        let out = super::run(cmd, None);
        super::assert_clean_failure(&out, arg);
        let stderr = super::text(&out.stderr);
        let flag = arg.split('=').next().unwrap_or_default();
        assert!(stderr.contains("invalid value") && stderr.contains(flag), "{arg}: {stderr}");
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("creds.json");
    write_file(&file, br#"{"app_key": "k", "app_secret": "", "access_token": "t"}"#);
    let mut cmd = zhaohuo();
    cmd.args(["sandbox", "--port", "0", "--credentials"]).arg(&file);
    let out = super::run(cmd, None);
    super::assert_clean_failure(&out, "empty secret in the credentials file");
    assert!(super::text(&out.stderr).contains("not valid"), "{}", super::text(&out.stderr));
}
