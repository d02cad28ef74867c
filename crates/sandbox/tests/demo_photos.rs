//! Every committed demo photo finds its own product first in same-item mode,
//! both in the index and over HTTP (the gateway's `search_type=1`).

use std::path::PathBuf;

use base64::Engine as _;
use zhaohuo_sandbox::search::{Index, Mode};
use zhaohuo_sandbox::{start, SandboxConfig};

fn demo_photos() -> Vec<(PathBuf, u64)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<(PathBuf, u64)> = std::fs::read_dir(&dir)
        .expect("demo/photos exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_owned();
            let id = stem.rsplit('-').next()?.parse().ok()?;
            Some((p, id))
        })
        .collect();
    photos.sort();
    photos
}

#[test]
fn each_demo_photo_finds_its_product_at_rank_one() {
    let photos = demo_photos();
    assert!(photos.len() >= 10, "about ten demo photos: {photos:?}");
    let index = Index::shared();
    for (path, offer_id) in photos {
        let bytes = std::fs::read(&path).expect("read photo");
        assert!((40_000..=200_000).contains(&bytes.len()), "{path:?} is {} bytes", bytes.len());
        let picture = image::load_from_memory(&bytes).expect("decodes").to_rgb8();
        let offer = index.catalog.offer_by_id(offer_id).expect("the file name names a catalog offer");
        let outcome = index.search(&picture, Mode::SameItem);
        let first = outcome.hits.first().expect("a result");
        assert_eq!(index.catalog.offers[first.offer].design, offer.design, "{path:?}");
        assert!(outcome.hits.iter().any(|h| index.catalog.offers[h.offer].offer_id == offer_id));
    }
}

#[tokio::test]
async fn a_demo_photo_over_http_lists_its_offer_first_in_same_item_mode() {
    let sb = start(SandboxConfig::default()).await.expect("sandbox");
    let (path, offer_id) = demo_photos().into_iter().next().expect("a photo");
    let bytes = std::fs::read(&path).expect("read");
    let creds = sb.credentials();
    let body: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/1688/item_search_img/", sb.base_url()))
        .form(&[
            ("key", creds.app_key.clone()),
            ("secret", creds.app_secret.expose().clone()),
            ("imgid", base64::engine::general_purpose::STANDARD.encode(&bytes)),
            ("search_type", "1".to_owned()),
        ])
        .send()
        .await
        .expect("search")
        .json()
        .await
        .expect("json");
    let ids: Vec<&str> =
        body["items"]["item"].as_array().expect("items").iter().filter_map(|i| i["num_iid"].as_str()).collect();
    let index = Index::shared();
    let want = index.catalog.offer_by_id(offer_id).expect("offer").design;
    let first =
        ids.first().and_then(|id| id.parse().ok()).and_then(|id| index.catalog.offer_by_id(id)).expect("first offer");
    assert_eq!(first.design, want);
    assert!(ids.contains(&offer_id.to_string().as_str()));
}
