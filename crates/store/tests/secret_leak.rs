//! After saving credentials in the real keychain and running searches, the
//! App Secret's bytes (raw, hex or base64) appear nowhere in the database
//! file, its WAL, or the logs. Needs the keychain: run with `cargo xtask test`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use rand::Rng;
use zhaohuo_secrets::{KeyringStore, SecretField, SecretStore};
use zhaohuo_store::{CacheKey, ItemRef, NewSearch, SearchOutcome, Store};
use zhaohuo_types::{CropBox, Offer, PriceRange, Sensitive, Shipping, Supplier};

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

fn offer(i: u32) -> Offer {
    Offer {
        profile: "1688-open".into(),
        offer_id: format!("6{:011}", 73_000_000 + i),
        title: format!("2026新款 不锈钢保温杯 大容量便携男女学生水杯 第{i}款"),
        title_translated: Some(format!("Stainless vacuum cup, style {i}")),
        image_url: Some(format!(
            "https://cbu01.alicdn.com/img/ibank/O1CN01{i:08}.jpg"
        )),
        detail_url: format!("https://detail.1688.com/offer/6{:011}.html", 73_000_000 + i),
        price: Some(PriceRange {
            min_fen: 1250 + u64::from(i),
            max_fen: 1890 + u64::from(i),
        }),
        moq: Some(2 + i % 10),
        unit: Some("个".into()),
        supplier: Supplier {
            id: Some(format!("b2b-22{i:08}")),
            name: format!("义乌市晨光日用品有限公司{}", i % 7),
            city: Some("浙江 金华".into()),
            badges: vec!["实力商家".into(), "深度验厂".into()],
            credit_level: Some("AAA".into()),
        },
        shipping: Some(Shipping::Fee { fen: 500 }),
        similarity: Some(0.93 - i as f32 / 100.0),
        rank: i + 1,
        month_sold: Some(1200 + i),
        supply_type: Some("现货".into()),
    }
}

#[tokio::test]
async fn the_app_secret_never_reaches_the_database_wal_or_logs() {
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

    let keychain = KeyringStore::new();
    if let Err(e) = keychain.probe() {
        panic!(
            "this test needs a running, unlocked Secret Service ({e}); run it with `cargo xtask test` \
             (dbus-run-session + gnome-keyring)"
        );
    }
    let mut rng = rand::thread_rng();
    let profile = format!("leaktest-{}-{}", std::process::id(), rng.gen::<u32>());
    let app_secret = format!("ZhSecret{:032x}", rng.gen::<u128>());
    let access_token = format!("ZhToken{:032x}", rng.gen::<u128>());
    keychain
        .set(
            &profile,
            SecretField::AppKey,
            Sensitive::new("8123456".into()),
        )
        .unwrap();
    keychain
        .set(
            &profile,
            SecretField::AppSecret,
            Sensitive::new(app_secret.clone()),
        )
        .unwrap();
    keychain
        .set(
            &profile,
            SecretField::AccessToken,
            Sensitive::new(access_token.clone()),
        )
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zhaohuo.sqlite3");
    let store = Store::open(&db).unwrap();

    for n in 0..30u32 {
        // What the search code does: the signer reads the secret, the store
        // gets the outcome. Log the credential wrappers as a careless caller would.
        let secret = keychain.get(&profile, SecretField::AppSecret).unwrap();
        tracing::info!(?secret, profile = %profile, "signing request {n}");
        let sha = format!("{:064x}", u128::from(n) * 0x1234_5678_9abc_def1);
        let search = NewSearch {
            created_at_ms: 1_770_000_000_000 + i64::from(n) * 60_000,
            profile: profile.clone(),
            mode: "similar".into(),
            filters: serde_json::json!({"priceMinFen": 500, "priceMaxFen": 5000, "moqMax": 50, "freeShipping": false}),
            sort: Some("price_asc".into()),
            crop: Some(CropBox {
                x: 12,
                y: 40,
                width: 600,
                height: 480,
            }),
            photo_sha256: sha.clone(),
            phash: u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            thumbnail: Some([&[0xFF, 0xD8, 0xFF, 0xE0][..], &[n as u8; 2048]].concat()),
            result_count: 20,
            outcome: if n % 9 == 8 {
                SearchOutcome::Error {
                    kind: "provider.rate_limited".into(),
                }
            } else {
                SearchOutcome::Ok
            },
            request_ids: vec![format!("0bb3{n:04x}17729e{:08x}", rng.gen::<u32>())],
        };
        let offers = (0..20).map(|i| offer(n * 20 + i)).collect();
        store.record_search(search, offers).await.unwrap();
        store
            .cache_put(
                CacheKey { profile: profile.clone(), photo_sha256: sha, params: format!("{{\"page\":1,\"n\":{n}}}") },
                format!("{{\"result\":{{\"success\":true,\"code\":\"200\",\"requestId\":\"r{n}\",\"items\":[]}}}}"),
                Duration::from_secs(3600),
            )
            .await
            .unwrap();
        store
            .record_call(
                &profile,
                chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            )
            .await
            .unwrap();
    }
    let list = store
        .create_shortlist("保温杯候选", "问一下能否定制logo")
        .await
        .unwrap();
    store
        .add_shortlist_item(
            list.id,
            ItemRef::Offer {
                profile: "1688-open".into(),
                offer_id: offer(3).offer_id,
            },
            "样品不错",
        )
        .await
        .unwrap();
    store
        .set_setting("defaultProfile", serde_json::json!(profile))
        .await
        .unwrap();
    // A careless caller trying to keep the secret in settings is refused.
    assert!(store
        .set_setting(
            &format!("{profile}.appSecret"),
            serde_json::json!(app_secret)
        )
        .await
        .is_err());

    let encodings = |s: &str| {
        vec![
            s.as_bytes().to_vec(),
            hex_lower(s.as_bytes()).into_bytes(),
            base64::engine::general_purpose::STANDARD
                .encode(s)
                .into_bytes(),
        ]
    };
    let scan = |what: &str, bytes: &[u8]| {
        for needle in encodings(&app_secret)
            .into_iter()
            .chain(encodings(&access_token))
        {
            assert!(
                !contains(bytes, &needle),
                "a credential was found in {what}"
            );
        }
    };
    let wal = dir.path().join("zhaohuo.sqlite3-wal");
    let wal_bytes = std::fs::read(&wal).unwrap();
    assert!(
        wal_bytes.len() > 100_000,
        "the WAL should hold the session's writes"
    );
    scan("the WAL", &wal_bytes);
    scan("the database file", &std::fs::read(&db).unwrap());
    store.checkpoint().await.unwrap();
    let db_bytes = std::fs::read(&db).unwrap();
    assert!(
        contains(&db_bytes, "义乌市晨光日用品有限公司".as_bytes()),
        "the scan reads real data"
    );
    scan("the database file after checkpoint", &db_bytes);

    keychain.clear_profile(&profile).unwrap();
    let log_bytes = logs.0.lock().unwrap().clone();
    let log_text = String::from_utf8_lossy(&log_bytes);
    assert!(
        log_text.contains("credential saved to the keychain"),
        "logs were captured:\n{log_text}"
    );
    assert!(
        log_text.contains("search recorded"),
        "logs were captured:\n{log_text}"
    );
    assert!(log_text.contains("<redacted>"));
    scan("the logs", &log_bytes);
}

fn hex_lower(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
