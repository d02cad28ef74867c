//! Test helper for the durability test: opens the store at the path given as
//! the first argument and records searches forever, printing each id once its
//! commit has returned. The test SIGKILLs it at random moments.
//!
//! By default it opens the store exactly as the app does (`Store::open`, the
//! default [`Durability`]); `--power-safe` opens it with
//! [`Durability::PowerSafe`] instead. The first line it prints names the
//! durability in effect (`durability CrashSafe`), before any id.

use std::io::Write;

use zhaohuo_store::{Durability, NewSearch, SearchOutcome, Store};
use zhaohuo_types::{Offer, PriceRange, Supplier};

fn offer(n: u64, rank: u32) -> Offer {
    let id = n * 31 + u64::from(rank);
    Offer {
        profile: "crash".into(),
        offer_id: format!("{}", 600_000_000_000 + id % 5_000),
        title: format!("不锈钢保温杯 大容量 款式{}", id % 5_000),
        title_translated: None,
        image_url: Some(format!("https://cbu01.alicdn.com/img/{id}.jpg")),
        detail_url: format!("https://detail.1688.com/offer/{id}.html"),
        price: Some(PriceRange { min_fen: 1000 + id % 700, max_fen: 2000 + id % 700 }),
        moq: Some(2),
        unit: Some("件".into()),
        supplier: Supplier {
            id: Some(format!("s{}", id % 300)),
            name: format!("义乌市商行{}", id % 300),
            ..Supplier::default()
        },
        shipping: None,
        similarity: Some(0.9),
        rank,
        month_sold: Some(12),
        supply_type: None,
        dropship: None,
        repurchase_rate: None,
        raw: serde_json::Value::Null,
    }
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: zhaohuo-store-crash-writer <db path>");
        std::process::exit(2);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("no runtime: {e}");
            std::process::exit(2);
        }
    };
    runtime.block_on(async move {
        let power_safe = std::env::args().skip(2).any(|a| a == "--power-safe");
        let (opened, durability) = if power_safe {
            (Store::open_with(&path, Durability::PowerSafe), Durability::PowerSafe)
        } else {
            // The app's own call (core's `App::start`): whatever its default is.
            (Store::open(&path), Durability::default())
        };
        let store = match opened {
            Ok(s) => s,
            Err(e) => {
                eprintln!("open failed: {e}");
                std::process::exit(3);
            }
        };
        let mut out = std::io::stdout().lock();
        if writeln!(out, "durability {durability:?}").and_then(|_| out.flush()).is_err() {
            std::process::exit(0);
        }
        for n in 0u64.. {
            let search = NewSearch {
                created_at_ms: 1_700_000_000_000 + n as i64,
                profile: "crash".into(),
                mode: "similar".into(),
                filters: serde_json::json!({ "priceMax": 100 }),
                sort: None,
                crop: None,
                photo_sha256: format!("{:064x}", n % 50),
                phash: n.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                thumbnail: Some(vec![0xFF, 0xD8, 0xFF, 0xE0, (n % 256) as u8]),
                result_count: 20,
                outcome: SearchOutcome::Ok,
                request_ids: vec![format!("req-{n}")],
            };
            let offers = (1..=20).map(|r| offer(n, r)).collect();
            match store.record_search(search, offers).await {
                Ok(id) => {
                    // The id is printed only after the commit returned.
                    if writeln!(out, "{}", id.0).and_then(|_| out.flush()).is_err() {
                        std::process::exit(0);
                    }
                }
                Err(e) => {
                    eprintln!("record failed: {e}");
                    std::process::exit(4);
                }
            }
        }
    });
}
