//! `zhaohuo search PHOTO|URL`: one search on the app's own data folder and
//! keychain (the same history, profiles and credentials as the window), printed
//! as a table or as JSON. Exit codes say what kind of failure it was, so a
//! script can react (see [`exit_code`]).

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args as ClapArgs;
use zhaohuo_core::photos::Original;
use zhaohuo_core::search::{SearchRequest, SearchResult};
use zhaohuo_core::secrets::{KeyringStore, SecretStore};
use zhaohuo_core::{App, ErrorKind, Kind};
use zhaohuo_types::CropBox;

/// The app's identifier (`tauri.conf.json`): its data folder is named after it.
const APP_IDENTIFIER: &str = "app.zhaohuo.desktop";

#[derive(ClapArgs)]
#[command(
    after_help = "Examples:\n  zhaohuo search shoe.jpg\n  zhaohuo search shot.png --crop 120,300,640,640 --json\n  zhaohuo search https://cbu01.alicdn.com/img/ibank/a.jpg --profile 1688-open\n\nExit codes: 0 ok, 2 usage, 3 credentials or sign-in, 4 throttled or quota spent,\n5 network or gateway down, 6 bad photo or link, 7 not found, 1 anything else."
)]
pub struct Args {
    /// A photo file, or an https image address.
    photo: String,
    /// Search this part of the photo: X,Y,WIDTH,HEIGHT in pixels (after EXIF rotation).
    #[arg(long, value_parser = crate::prepare::parse_crop)]
    crop: Option<CropBox>,
    /// Search with this profile instead of the active one (the app's choice is kept).
    #[arg(long)]
    profile: Option<String>,
    /// Print the whole answer as JSON (the app's `SearchResult`) instead of a table.
    #[arg(long)]
    json: bool,
    /// The data folder (default: the app's, or $ZHAOHUO_DATA_DIR).
    #[arg(long, env = "ZHAOHUO_DATA_DIR")]
    data_dir: Option<PathBuf>,
}

/// Why `zhaohuo search` failed, with the kind that picks its exit code.
pub struct Failed {
    pub kind: Kind,
    pub text: String,
}

/// The exit code for an error kind: 3 credentials, 4 throttle/quota, 5 network,
/// 6 photo or link, 7 not found, 1 anything else (2 is clap's usage error).
pub fn exit_code(kind: Kind) -> u8 {
    let k = kind.as_str();
    match k {
        "provider.rate_limited" | "provider.quota_exhausted" | "provider.usage_exhausted" => 4,
        "provider.timeout" | "provider.network" | "provider.server_error" | "sandbox.start" => 5,
        "profile.unknown" | "store.not_found" | "search.gone" => 7,
        _ if k.starts_with("photo.") || k.starts_with("file.") || k.starts_with("link.") => 6,
        _ if k.starts_with("secrets.")
            || k.starts_with("signin.")
            || matches!(
                k,
                "profile.missing_credential"
                    | "provider.bad_credentials"
                    | "provider.signature_invalid"
                    | "provider.token_expired"
                    | "provider.sign_in_expired"
                    | "provider.permission_denied"
            ) =>
        {
            3
        }
        _ => 1,
    }
}

fn failed(err: &impl ErrorKind, text: String) -> Failed {
    let hint = err.hint().map(|h| format!("\n  hint: {h}")).unwrap_or_default();
    Failed { kind: err.kind(), text: format!("{text} [{}]{hint}", err.kind()) }
}

pub fn run(args: Args) -> Result<(), Failed> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failed { kind: Kind::Internal, text: format!("could not start: {e}") })?;
    runtime.block_on(search(args))
}

async fn search(args: Args) -> Result<(), Failed> {
    let data_dir = match args.data_dir.or_else(|| dirs::data_dir().map(|d| d.join(APP_IDENTIFIER))) {
        Some(dir) => dir,
        None => return Err(Failed { kind: Kind::Internal, text: "no data folder: pass --data-dir".into() }),
    };
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| Failed { kind: Kind::Internal, text: format!("{}: {e}", data_dir.display()) })?;
    let keychain = KeyringStore::open().map_err(|e| failed(&e, e.to_string()))?;
    let app = App::start(&data_dir, Arc::new(keychain) as Arc<dyn SecretStore>)
        .await
        .map_err(|e| failed(&e, e.to_string()))?;
    let fail = |e: zhaohuo_core::Error| failed(&e, e.to_string());

    // Photo first: a bad file fails before any profile is touched.
    let photo = if args.photo.starts_with("https://") || args.photo.starts_with("http://") {
        app.load_photo_url(args.photo.clone()).await.map_err(fail)?
    } else {
        let bytes = std::fs::read(&args.photo)
            .map_err(|e| Failed { kind: Kind::FileUnreadable, text: format!("{}: {e}", args.photo) })?;
        app.load_photo(Original::Encoded(bytes)).await.map_err(fail)?
    };
    let previous = app.app_info().await.active_profile;
    if let Some(profile) = &args.profile {
        app.set_active_profile(profile.clone()).await.map_err(fail)?;
    }
    app.warm_up().await;
    let request = SearchRequest {
        photo_id: photo.photo_id,
        crop: args.crop.or(Some(photo.suggested_crop)),
        query: None,
        refresh: None,
    };
    let result = app.search_photo(request).await;
    if args.profile.is_some() && previous != app.app_info().await.active_profile {
        // The window's choice stays the buyer's.
        let _ = app.set_active_profile(previous).await;
    }
    let result = result.map_err(fail)?;
    if args.json {
        let json =
            serde_json::to_string_pretty(&result).map_err(|e| Failed { kind: Kind::Internal, text: e.to_string() })?;
        println!("{json}");
    } else {
        print_table(&result);
    }
    Ok(())
}

fn print_table(result: &SearchResult) {
    println!("{:>4}  {:>16}  {:>6}  {:<24}  {:<8}  title", "rank", "price (CNY)", "MOQ", "supplier", "city");
    for offer in &result.offers {
        let price = offer.price.map_or_else(String::new, |p| {
            if p.min_fen == p.max_fen {
                format!("{:.2}", p.min_fen as f64 / 100.0)
            } else {
                format!("{:.2}–{:.2}", p.min_fen as f64 / 100.0, p.max_fen as f64 / 100.0)
            }
        });
        let moq = offer.moq.map(|m| m.to_string()).unwrap_or_default();
        let supplier: String = offer.supplier.name.chars().take(24).collect();
        let city = offer.supplier.city.clone().unwrap_or_default();
        println!("{:>4}  {price:>16}  {moq:>6}  {supplier:<24}  {city:<8}  {}", offer.rank, offer.title);
    }
    let cache = if result.from_cache { " (from the local cache: no API call)" } else { "" };
    println!("{} offers on {}, search {} in history{cache}", result.offers.len(), result.profile, result.search_id.0);
}
