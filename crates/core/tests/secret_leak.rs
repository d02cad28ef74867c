//! The real path a secret takes: typed in Settings (deserialised as the UI
//! sends it) → the OS keychain → the signer → a gateway over loopback. After
//! searches that succeed and searches that fail, and an OAuth sign-in whose
//! tokens expire and are refreshed mid-run, its bytes (raw, hex, base64)
//! are nowhere in the database, its WAL, the logs at TRACE, or anything the
//! UI receives. Needs the keychain: run with `cargo xtask test`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use zhaohuo_core::photos::Original;
use zhaohuo_core::sandbox::{DemoCredentials, FaultConfig, SandboxConfig};
use zhaohuo_core::search::SearchRequest;
use zhaohuo_core::secrets::{KeyringStore, SecretField, SecretStore};
use zhaohuo_core::signin::SignInRedirect;
use zhaohuo_core::{App, ErrorKind, Sensitive};

#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The ways a secret could be written: as is, hex, base64.
fn encodings(secret: &str) -> Vec<Vec<u8>> {
    vec![
        secret.as_bytes().to_vec(),
        hex::encode(secret).into_bytes(),
        base64::engine::general_purpose::STANDARD.encode(secret).into_bytes(),
    ]
}

fn demo_photo() -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    photos.sort();
    std::fs::read(&photos[3]).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_from_settings_reach_only_the_signer() {
    let logs = LogBuffer::default();
    let sink = logs.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || sink.clone())
            .finish(),
    )
    .unwrap();
    let keychain = Arc::new(KeyringStore::new());
    if let Err(e) = keychain.probe() {
        panic!("this test needs a running, unlocked Secret Service ({e}); run it with `cargo xtask test`");
    }

    let nonce = format!(
        "{}{:x}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
            ^ 0x5eed_1688
    );
    let app_key = format!("77{}", std::process::id());
    let app_secret = format!("ZhLeakSecret-{nonce}-s3");
    let access_token = format!("ZhLeakToken-{nonce}-t0");
    let config = SandboxConfig {
        port: 0,
        credentials: DemoCredentials {
            app_key: app_key.clone(),
            app_secret: Sensitive::new(app_secret.clone()),
            access_token: Sensitive::new(access_token.clone()),
        },
        ..SandboxConfig::default()
    };
    let gateway = zhaohuo_core::sandbox::start(config).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let app = App::start(dir.path(), keychain.clone() as Arc<dyn SecretStore>).await.unwrap();
    let mut seen_by_ui: Vec<String> = Vec::new();
    let photo = app.load_photo(Original::Encoded(demo_photo())).await.unwrap();

    for profile in ["1688-open", "offer-match", "item-search-img", "product-image-search"] {
        app.set_profile_base_url(profile.into(), Some(gateway.base_url())).await.unwrap();
        for (field, value) in [("appKey", &app_key), ("appSecret", &app_secret), ("accessToken", &access_token)] {
            // Exactly what the Settings screen sends over IPC.
            let input = serde_json::from_value(serde_json::json!({"profile": profile, "field": field, "value": value}))
                .unwrap();
            app.set_credential(input).await.unwrap();
        }
        app.set_active_profile(profile.into()).await.unwrap();
        let ask = SearchRequest {
            photo_id: photo.photo_id,
            crop: Some(photo.suggested_crop),
            query: None,
            refresh: Some(true),
        };
        let found = app.search_photo(ask.clone()).await.unwrap_or_else(|e| panic!("{profile}: {e}"));
        assert!(!found.offers.is_empty(), "{profile} found nothing");
        seen_by_ui.push(serde_json::to_string(&found).unwrap());
        if found.has_more {
            seen_by_ui.push(serde_json::to_string(&app.search_more(found.search_id).await.unwrap()).unwrap());
        }
        // Failures carry messages and snippets: they must not carry secrets either.
        for faults in [
            FaultConfig { malformed_json_rate: 1.0, ..FaultConfig::default() },
            FaultConfig { html_error_rate: 1.0, ..FaultConfig::default() },
        ] {
            gateway.set_faults(faults);
            let err = app.search_photo(ask.clone()).await.expect_err("a fault is an error");
            seen_by_ui.push(format!("{} {} {:?} {err:?}", err.kind(), err, err.hint()));
        }
        gateway.set_faults(FaultConfig::default());
    }
    // A wrong secret is rejected by the gateway; its message must not echo either secret.
    app.set_credential(
        serde_json::from_value(
            serde_json::json!({"profile": "offer-match", "field": "appSecret", "value": format!("{app_secret}-wrong")}),
        )
        .unwrap(),
    )
    .await
    .unwrap();
    app.set_active_profile("offer-match".into()).await.unwrap();
    let err = app
        .search_photo(SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: Some(true) })
        .await
        .expect_err("bad signature");
    assert_eq!(err.kind(), "provider.signature_invalid");
    seen_by_ui.push(format!("{} {} {:?}", err.kind(), err, err.hint()));
    seen_by_ui.push(serde_json::to_string(&app.list_profiles().await.unwrap()).unwrap());
    seen_by_ui.push(serde_json::to_string(&app.list_history(0, 100).await.unwrap()).unwrap());
    for summary in app.list_history(0, 100).await.unwrap() {
        seen_by_ui.push(serde_json::to_string(&app.open_search(summary.id).await.unwrap()).unwrap());
    }

    // Sign in with 1688 (OAuth): the tokens the gateway issues, and the ones a
    // refresh brings after they expire mid-run, are secrets too.
    let open = "1688-open";
    app.set_credential(
        serde_json::from_value(serde_json::json!({"profile": open, "field": "appSecret", "value": app_secret}))
            .unwrap(),
    )
    .await
    .unwrap();
    app.clear_credential(open.into(), SecretField::AccessToken).await.unwrap();
    app.set_active_profile(open.into()).await.unwrap();
    let start = app
        .sign_in_url(open, SignInRedirect::Manual { redirect_uri: "https://buyer.example/cb".into() })
        .await
        .unwrap();
    seen_by_ui.push(serde_json::to_string(&start).unwrap());
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = browser.get(&start.authorize_url).send().await.unwrap();
    let back = page.headers()[reqwest::header::LOCATION].to_str().unwrap().to_string();
    seen_by_ui.push(serde_json::to_string(&app.finish_sign_in(open, Some(back)).await.unwrap()).unwrap());
    let oauth_token = |field| keychain.get(open, field).map(|t| t.expose().clone()).unwrap();
    let mut oauth_tokens = vec![oauth_token(SecretField::AccessToken), oauth_token(SecretField::RefreshToken)];
    let ask = SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: Some(true) };
    seen_by_ui.push(serde_json::to_string(&app.search_photo(ask.clone()).await.unwrap()).unwrap());
    gateway.expire_tokens();
    let renewed = app.search_photo(ask).await.expect("a refresh after the token expired mid-run");
    seen_by_ui.push(serde_json::to_string(&renewed).unwrap());
    oauth_tokens.extend([oauth_token(SecretField::AccessToken), oauth_token(SecretField::RefreshToken)]);
    assert_ne!(oauth_tokens[0], oauth_tokens[2], "the expired access token was refreshed");
    seen_by_ui.push(serde_json::to_string(&app.sign_in_status(open).await.unwrap()).unwrap());
    app.sign_out(open).await.unwrap();
    for field in [SecretField::AccessToken, SecretField::RefreshToken] {
        assert!(!keychain.is_set(open, field).unwrap(), "sign-out removed {field:?} from the keychain");
    }

    for profile in ["1688-open", "offer-match", "item-search-img", "product-image-search"] {
        for field in [SecretField::AppKey, SecretField::AppSecret, SecretField::AccessToken] {
            app.clear_credential(profile.into(), field).await.unwrap();
        }
    }
    let db = dir.path().join(zhaohuo_core::app::DB_FILE);
    let wal = std::fs::read(db.with_extension("sqlite3-wal")).unwrap_or_default();
    let db_bytes = std::fs::read(&db).unwrap();
    let log_bytes = logs.0.lock().unwrap().clone();
    assert!(wal.len() + db_bytes.len() > 50_000, "the database holds the session");
    assert!(contains(&log_bytes, b"search"), "the logs were captured");
    for (what, bytes) in [
        ("the WAL", wal),
        ("the database file", db_bytes),
        ("the logs", log_bytes),
        ("IPC replies", seen_by_ui.join("\n").into_bytes()),
    ] {
        for secret in [&app_secret, &access_token].into_iter().chain(&oauth_tokens) {
            for needle in encodings(secret) {
                assert!(!contains(&bytes, &needle), "a secret was found in {what}");
            }
        }
    }
    gateway.shutdown().await;
}
