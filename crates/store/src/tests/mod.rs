//! Operation tests against real SQLite files in a temp dir, by concern; the
//! shared fixtures are here.

mod cache_quota_settings;
mod history;
mod history_text;
mod open;
mod shortlists;

use zhaohuo_types::{CropBox, Offer, PriceRange, Supplier};

use crate::*;

pub(super) fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("nested/dir/zhaohuo.sqlite3")).unwrap();
    (dir, store)
}

pub(super) fn offer(id: &str, title: &str, supplier: &str, fen: u64, rank: u32) -> Offer {
    Offer {
        profile: "demo".into(),
        offer_id: id.into(),
        title: title.into(),
        title_translated: None,
        image_url: Some(format!("https://cbu01.alicdn.com/{id}.jpg")),
        detail_url: format!("https://detail.1688.com/offer/{id}.html"),
        price: Some(PriceRange { min_fen: fen, max_fen: fen + 100 }),
        moq: Some(10),
        unit: Some("个".into()),
        supplier: Supplier {
            id: Some(format!("sup-{supplier}")),
            name: supplier.into(),
            city: Some("义乌".into()),
            badges: vec!["实力商家".into()],
            credit_level: Some("A".into()),
        },
        shipping: None,
        similarity: Some(0.5 + f32::from(u8::try_from(rank).unwrap_or(0)) / 100.0),
        rank,
        month_sold: Some(100),
        supply_type: Some("现货".into()),
        dropship: None,
        repurchase_rate: None,
        raw: serde_json::Value::Null,
    }
}

pub(super) fn search(at: i64, photo: u8, phash: u64) -> NewSearch {
    NewSearch {
        created_at_ms: at,
        profile: "demo".into(),
        mode: "similar".into(),
        filters: serde_json::json!({"priceMaxFen": 5000}),
        sort: Some("price_asc".into()),
        crop: Some(CropBox { x: 1, y: 2, width: 30, height: 40 }),
        photo_sha256: format!("{photo:02x}").repeat(32),
        phash,
        thumbnail: Some(vec![0xFF, 0xD8, 0xFF, 0xE0, photo]),
        result_count: 57,
        outcome: SearchOutcome::Ok,
        request_ids: vec![format!("req-{at}")],
    }
}
