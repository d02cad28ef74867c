//! The whole flow the app runs, without a window: a demo photo → the embedded
//! sandbox over loopback HTTP → offers → a real SQLite file; then history,
//! shortlists and errors, as the UI reaches them.

use std::sync::Arc;

use zhaohuo_core::photos::Original;
use zhaohuo_core::search::SearchRequest;
use zhaohuo_core::secrets::{MemoryStore, SecretField, SecretStore};
use zhaohuo_core::store::{ItemRef, ItemTarget};
use zhaohuo_core::{App, ErrorKind};

fn demo_photo() -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).expect("demo/photos").map(|e| e.expect("entry").path()).collect();
    photos.sort();
    std::fs::read(&photos[0]).expect("read demo photo")
}

async fn app(dir: &std::path::Path, secrets: Arc<MemoryStore>) -> App {
    let app = App::start(dir, secrets).await.expect("app starts");
    app.warm_up().await;
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_photo_finds_offers_that_are_recorded_and_reopened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets = Arc::new(MemoryStore::new());
    let app = app(dir.path(), Arc::clone(&secrets)).await;
    assert_eq!(app.app_info().await.active_profile, "demo");
    assert!(secrets.is_set("demo", SecretField::AppSecret).expect("status"), "demo credentials saved like any other");

    let photo = app.load_photo(Original::Encoded(demo_photo())).await.expect("photo opens");
    assert!(photo.preview.starts_with("data:image/jpeg;base64,"));
    let crop = photo.suggested_crop;
    assert!(crop.width < photo.width && crop.height < photo.height, "the subject box trims the background: {crop:?}");

    let result = app
        .search_photo(SearchRequest { photo_id: photo.photo_id, crop: Some(crop), query: None, refresh: None })
        .await
        .expect("search succeeds");
    assert!(result.offers.len() >= 10, "{} offers", result.offers.len());
    let best = &result.offers[0];
    assert!(best.price.is_some() && best.moq.is_some() && !best.supplier.name.is_empty());
    assert!(result.not_saved.is_none());
    // The region 1688 searched, on the buyer's photo: inside the crop, not the crop's corner.
    let searched = result.searched_region.expect("the gateway says which region it searched");
    assert!(
        searched.x >= crop.x
            && searched.y >= crop.y
            && searched.x + searched.width <= crop.x + crop.width
            && searched.y + searched.height <= crop.y + crop.height,
        "{searched:?} lies in {crop:?}"
    );
    assert!(searched.width >= crop.width / 4 && searched.height >= crop.height / 4, "{searched:?} of {crop:?}");

    let history = app.list_history(0, 50).await.expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].id, result.search_id);
    let reopened = app.open_search(result.search_id).await.expect("reopen");
    assert_eq!(reopened.offers.len(), result.offers.len());
    assert_eq!(reopened.offers[0].offer_id, best.offer_id);

    let list = app.create_shortlist("Summer T-shirts").await.expect("create list");
    app.add_to_shortlist(
        list.id,
        ItemRef::Offer { profile: best.profile.clone(), offer_id: best.offer_id.clone() },
        "ask for samples",
    )
    .await
    .expect("add");
    let detail = app.open_shortlist(list.id).await.expect("open list");
    assert_eq!(detail.items.len(), 1);
    assert_eq!(detail.items[0].latest_price, best.price);
    assert!(matches!(&detail.items[0].target, ItemTarget::Offer { offer } if offer.offer_id == best.offer_id));

    // Notes, a new name, and a move to another list, all kept in the store.
    let item = detail.items[0].id;
    app.set_item_note(item, "样品已寄出 · samples sent").await.expect("note");
    app.rename_shortlist(list.id, "T恤 2026 summer").await.expect("rename");
    app.set_shortlist_notes(list.id, "ask for OEM labels").await.expect("list notes");
    let other = app.create_shortlist("Backup suppliers").await.expect("second list");
    app.move_shortlist_item(item, other.id).await.expect("move");
    let moved = app.open_shortlist(other.id).await.expect("open second");
    assert_eq!(moved.items.len(), 1);
    assert_eq!(moved.items[0].note, "样品已寄出 · samples sent");
    let renamed = app.open_shortlist(list.id).await.expect("open first");
    assert!(renamed.items.is_empty(), "moved out");
    assert_eq!(renamed.shortlist.name, "T恤 2026 summer");
    assert_eq!(renamed.shortlist.notes, "ask for OEM labels");

    // A second search of the same photo knows it was seen before.
    let again = app
        .search_photo(SearchRequest { photo_id: photo.photo_id, crop: Some(crop), query: None, refresh: None })
        .await
        .expect("again");
    assert!(again.seen_before.iter().any(|s| s.search.id == result.search_id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_typed_recorded_and_leave_the_app_working() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets = Arc::new(MemoryStore::new());
    let app = app(dir.path(), Arc::clone(&secrets)).await;

    let truncated = demo_photo()[..3000].to_vec();
    let err = app.load_photo(Original::Encoded(truncated)).await.expect_err("truncated JPEG");
    assert_eq!(err.kind(), "photo.corrupt");
    let err = app
        .search_photo(SearchRequest { photo_id: 999, crop: None, query: None, refresh: None })
        .await
        .expect_err("gone");
    assert_eq!(err.kind(), "photo.gone");

    // A wrong secret: the gateway refuses the signature; the failure is in history.
    let photo = app.load_photo(Original::Encoded(demo_photo())).await.expect("photo opens");
    app.set_credential(zhaohuo_core::profiles::CredentialInput {
        profile: "demo".into(),
        field: SecretField::AppSecret,
        value: zhaohuo_core::Sensitive::new("not-the-demo-secret".into()),
    })
    .await
    .expect("save");
    let err = app
        .search_photo(SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: None })
        .await
        .expect_err("bad sign");
    assert_eq!(err.kind(), "provider.signature_invalid", "{err}");
    assert!(!err.to_string().contains("not-the-demo-secret"));
    let history = app.list_history(0, 10).await.expect("history");
    assert_eq!(history.len(), 1);
    assert!(
        matches!(&history[0].outcome, zhaohuo_core::store::SearchOutcome::Error { kind } if kind == "provider.signature_invalid")
    );

    // A profile without credentials says which one is missing.
    app.set_active_profile("offer-match".into()).await.expect("switch");
    let err = app
        .search_photo(SearchRequest { photo_id: photo.photo_id, crop: None, query: None, refresh: None })
        .await
        .expect_err("no creds");
    assert_eq!(err.kind(), "profile.missing_credential");
}

/// Another gateway of a known family is a JSON file, not code: here a copy of
/// the offer.match profile under a new id, pointed at a standalone gateway.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_described_in_json_is_searchable() {
    use zhaohuo_core::sandbox::{demo_credentials, SandboxConfig};
    let gateway =
        zhaohuo_core::sandbox::start(SandboxConfig { port: 0, ..SandboxConfig::default() }).await.expect("gateway");
    let dir = tempfile::tempdir().expect("tempdir");
    let profiles_dir = dir.path().join("profiles");
    std::fs::create_dir_all(&profiles_dir).expect("mkdir");
    let mut json =
        serde_json::to_value(zhaohuo_core::providers::builtin_profile("offer-match").expect("built in")).expect("json");
    json["id"] = "yiwu-gateway".into();
    json["label"] = "Yiwu reseller gateway".into();
    json["baseUrl"] = gateway.base_url().into();
    std::fs::write(profiles_dir.join("yiwu.json"), serde_json::to_string_pretty(&json).expect("text")).expect("write");
    std::fs::write(profiles_dir.join("broken.json"), "{ not json").expect("write");
    let mut taken = json.clone();
    taken["id"] = "1688-open".into();
    std::fs::write(profiles_dir.join("taken.json"), taken.to_string()).expect("write");

    let secrets = Arc::new(MemoryStore::new());
    let app = app(dir.path(), Arc::clone(&secrets)).await;
    let profiles = app.list_profiles().await.expect("profiles");
    let ours = profiles.iter().find(|p| p.id == "yiwu-gateway").expect("the JSON profile is listed");
    assert_eq!(ours.base_url, gateway.base_url());
    assert_eq!(profiles.iter().filter(|p| p.id == "1688-open").count(), 1, "a file cannot replace a built-in profile");

    let creds = demo_credentials();
    secrets.set("yiwu-gateway", SecretField::AppKey, zhaohuo_core::Sensitive::new(creds.app_key.clone())).expect("key");
    secrets.set("yiwu-gateway", SecretField::AppSecret, creds.app_secret.clone()).expect("secret");
    app.set_active_profile("yiwu-gateway".into()).await.expect("switch");
    let photo = app.load_photo(Original::Encoded(demo_photo())).await.expect("photo");
    let found = app
        .search_photo(SearchRequest {
            photo_id: photo.photo_id,
            crop: Some(photo.suggested_crop),
            query: None,
            refresh: None,
        })
        .await
        .expect("search through the JSON profile");
    assert!(!found.offers.is_empty());
    assert!(found.offers.iter().all(|o| o.profile == "yiwu-gateway"));
    assert!(found.offers[0].similarity.is_some(), "offer.match scores similarity");
    gateway.shutdown().await;
}

/// History text search finds a past search by a word of an offer's title and
/// by its supplier, in Chinese, without calling the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_searches_are_found_by_title_and_supplier() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path(), Arc::new(MemoryStore::new())).await;
    let photo = app.load_photo(Original::Encoded(demo_photo())).await.expect("photo");
    let found = app
        .search_photo(SearchRequest {
            photo_id: photo.photo_id,
            crop: Some(photo.suggested_crop),
            query: None,
            refresh: None,
        })
        .await
        .expect("search");
    let best = &found.offers[0];
    let word: String = best.title.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    let hits = app.find_in_history(&word, 20).await.expect("find by title");
    assert!(hits.searches.iter().any(|s| s.id == found.search_id), "{word:?} finds the search");
    let supplier: String = best.supplier.name.chars().take(5).collect();
    let hits = app.find_in_history(&supplier, 20).await.expect("find by supplier");
    assert!(hits.searches.iter().any(|s| s.id == found.search_id), "{supplier:?} finds the search");
    let none = app.find_in_history("完全不存在的商品名称", 20).await.expect("no hit");
    assert!(none.searches.is_empty());
}
