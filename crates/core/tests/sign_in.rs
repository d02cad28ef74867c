//! "Sign in with 1688" on the `1688-open` profile, against the sandbox's
//! OAuth endpoints over loopback: the loopback redirect and a pasted code or
//! URL, `state` checks, renewal before expiry and after a token-expired reply
//! (in the middle of "More results"), a dead refresh token, postponing, a
//! pasted token, and sign-out. The "browser" is reqwest following the
//! authorize page's redirect by hand.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use zhaohuo_core::photos::Original;
use zhaohuo_core::profiles::CredentialInput;
use zhaohuo_core::sandbox::{RunningSandbox, SandboxConfig, SANDBOX_MEMBER_ID};
use zhaohuo_core::search::{SearchRequest, SearchResult};
use zhaohuo_core::secrets::{MemoryStore, SecretField, SecretStore};
use zhaohuo_core::signin::{SignInRedirect, SignInState};
use zhaohuo_core::{App, ErrorKind, Kind, Sensitive};

const PROFILE: &str = "1688-open";
const TOKEN_FIELDS: [SecretField; 4] = [
    SecretField::AccessToken,
    SecretField::RefreshToken,
    SecretField::AccessTokenExpiresAt,
    SecretField::RefreshTokenExpiresAt,
];

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    sandbox: RunningSandbox,
    secrets: Arc<MemoryStore>,
}

async fn fixture(config: SandboxConfig) -> Fixture {
    let sandbox = zhaohuo_core::sandbox::start(config).await.expect("sandbox");
    let dir = tempfile::tempdir().expect("tempdir");
    let secrets = Arc::new(MemoryStore::new());
    let app = App::start(dir.path(), secrets.clone()).await.expect("app");
    app.set_profile_base_url(PROFILE.into(), Some(sandbox.base_url())).await.expect("base url");
    let creds = sandbox.credentials().clone();
    for (field, value) in
        [(SecretField::AppKey, creds.app_key.clone()), (SecretField::AppSecret, creds.app_secret.expose().clone())]
    {
        app.set_credential(CredentialInput { profile: PROFILE.into(), field, value: Sensitive::new(value) })
            .await
            .expect("credential");
    }
    app.set_active_profile(PROFILE.into()).await.expect("active");
    Fixture { _dir: dir, app, sandbox, secrets }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// Opens the authorize page the way a browser would and says where it redirected.
async fn approve(authorize_url: &str) -> String {
    let page = browser().get(authorize_url).send().await.expect("authorize page");
    assert_eq!(page.status().as_u16(), 302, "the sandbox approves at once");
    page.headers()[reqwest::header::LOCATION].to_str().expect("location").to_string()
}

fn token(secrets: &MemoryStore, field: SecretField) -> Option<String> {
    secrets.get(PROFILE, field).ok().map(|t| t.expose().clone())
}

fn demo_photo() -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/photos");
    let mut photos: Vec<_> = std::fs::read_dir(&dir).expect("demo/photos").map(|e| e.expect("entry").path()).collect();
    photos.sort();
    std::fs::read(&photos[1]).expect("read demo photo")
}

async fn search(app: &App) -> Result<SearchResult, zhaohuo_core::Error> {
    let photo = app.load_photo(Original::Encoded(demo_photo())).await.expect("photo");
    app.search_photo(SearchRequest {
        photo_id: photo.photo_id,
        crop: Some(photo.suggested_crop),
        query: None,
        refresh: Some(true),
    })
    .await
}

/// Signs in through a pasted redirect URL (the quickest way in tests that are about what comes after).
async fn sign_in(f: &Fixture) {
    let start = f
        .app
        .sign_in_url(PROFILE, SignInRedirect::Manual { redirect_uri: "https://buyer.example/cb".into() })
        .await
        .expect("start");
    let back = approve(&start.authorize_url).await;
    let status = f.app.finish_sign_in(PROFILE, Some(back)).await.expect("signed in");
    assert_eq!(status.state, SignInState::SignedIn);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_in_through_the_loopback_redirect_and_then_searches() {
    let f = fixture(SandboxConfig::default()).await;
    let start = f.app.sign_in_url(PROFILE, SignInRedirect::Loopback { port: Some(0) }).await.expect("start");
    let port = start.port.expect("a loopback port");
    assert_eq!(start.redirect_uri, format!("http://127.0.0.1:{port}/callback"));
    for part in ["client_id=8688168", "site=1688", "redirect_uri=http%3A%2F%2F127.0.0.1", "state="] {
        assert!(start.authorize_url.contains(part), "{part} in {}", start.authorize_url);
    }
    assert_eq!(f.app.sign_in_status(PROFILE).await.unwrap().pending_port, Some(port));

    let back = approve(&start.authorize_url).await;
    assert!(back.starts_with(&start.redirect_uri), "{back}");
    let page = browser().get(&back).send().await.expect("the listener answers the browser");
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("close this tab"));

    let status = f.app.finish_sign_in(PROFILE, None).await.expect("signed in");
    assert_eq!(status.state, SignInState::SignedIn);
    assert_eq!(status.member_id.as_deref(), Some(SANDBOX_MEMBER_ID));
    let now = chrono::Utc::now().timestamp_millis();
    let access_end = status.access_expires_at_ms.expect("access end");
    assert!((access_end - now - 10 * 3600 * 1000).abs() < 60_000, "10 hours, as the gateway says");
    assert!(status.refresh_expires_at_ms.expect("sign-in end") > now + 170 * 24 * 3600 * 1000);
    assert_eq!(status.pending_port, None);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "the listener stopped");
    for field in TOKEN_FIELDS {
        assert!(f.secrets.is_set(PROFILE, field).unwrap(), "{field} in the keychain");
    }
    assert_eq!(f.sandbox.oauth_counts().codes_exchanged, 1);

    let found = search(&f.app).await.expect("a search with the signed-in token");
    assert!(!found.offers.is_empty());
    let region = found.pic_region.expect("the region 1688 searched");
    assert!(region.current.is_some() && !region.detected.is_empty(), "{region:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_in_with_a_pasted_redirect_url_or_code() {
    let f = fixture(SandboxConfig::default()).await;
    let manual = || SignInRedirect::Manual { redirect_uri: "https://buyer.example/cb?from=1688".into() };
    let start = f.app.sign_in_url(PROFILE, manual()).await.expect("start");
    assert_eq!(start.port, None);
    let back = approve(&start.authorize_url).await;
    assert!(back.starts_with("https://buyer.example/cb?from=1688&code="), "{back}");
    f.app.finish_sign_in(PROFILE, Some(format!("  {back}\n"))).await.expect("signed in by URL");
    let first = token(&f.secrets, SecretField::AccessToken).expect("token");

    // The code alone: there is no state to check, but a sign-in must be under way.
    let start = f.app.sign_in_url(PROFILE, manual()).await.expect("start again");
    let back = approve(&start.authorize_url).await;
    let code = url::Url::parse(&back).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    let status = f.app.finish_sign_in(PROFILE, Some(code)).await.expect("signed in by code");
    assert_eq!(status.state, SignInState::SignedIn);
    assert_ne!(token(&f.secrets, SecretField::AccessToken).expect("token"), first, "a new sign-in, new tokens");
    let err = f.app.finish_sign_in(PROFILE, Some("another-code".into())).await.expect_err("nothing under way");
    assert_eq!(err.kind(), Kind::SigninNotStarted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_or_stale_state_is_refused_and_nothing_is_stored() {
    let f = fixture(SandboxConfig::default()).await;
    let manual = || SignInRedirect::Manual { redirect_uri: "https://buyer.example/cb".into() };
    let earlier = f.app.sign_in_url(PROFILE, manual()).await.expect("first attempt");
    let earlier_back = approve(&earlier.authorize_url).await;
    let current = f.app.sign_in_url(PROFILE, manual()).await.expect("second attempt");
    let back = approve(&current.authorize_url).await;

    let stale = f.app.finish_sign_in(PROFILE, Some(earlier_back)).await.expect_err("an earlier attempt's answer");
    assert_eq!(stale.kind(), Kind::SigninStateStale);
    assert!(stale.hint().is_some_and(|h| h.contains("Start again")));
    let forged = back.replace("state=", "state=x");
    let wrong = f.app.finish_sign_in(PROFILE, Some(forged)).await.expect_err("someone else's state");
    assert_eq!(wrong.kind(), Kind::SigninStateMismatch);
    for field in TOKEN_FIELDS {
        assert!(!f.secrets.is_set(PROFILE, field).unwrap(), "{field}: nothing kept from a refused answer");
    }
    assert_eq!(f.sandbox.oauth_counts().codes_exchanged, 0, "no code was spent");
    assert_eq!(f.app.sign_in_status(PROFILE).await.unwrap().state, SignInState::SignedOut);

    f.app.finish_sign_in(PROFILE, Some(back)).await.expect("the right answer still works");
    let denied = f.app.sign_in_url(PROFILE, manual()).await.expect("third attempt");
    let state = url::Url::parse(&denied.authorize_url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .to_string();
    let refused = f
        .app
        .finish_sign_in(PROFILE, Some(format!("https://buyer.example/cb?error=access_denied&state={state}")))
        .await
        .expect_err("not approved");
    assert_eq!(refused.kind(), Kind::SigninDenied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_with_under_thirty_minutes_left_is_renewed_before_the_search() {
    let f = fixture(SandboxConfig { oauth_access_ttl: Duration::from_secs(20 * 60), ..SandboxConfig::default() }).await;
    sign_in(&f).await;
    let before = token(&f.secrets, SecretField::AccessToken).expect("token");
    let refresh = token(&f.secrets, SecretField::RefreshToken).expect("refresh token");
    let found = search(&f.app).await.expect("search");
    assert!(!found.offers.is_empty());
    assert_eq!(f.sandbox.oauth_counts().refreshed, 1, "renewed once, before the first call");
    let after = token(&f.secrets, SecretField::AccessToken).expect("token");
    assert_ne!(after, before, "the renewed token is kept in the keychain");
    assert_eq!(token(&f.secrets, SecretField::RefreshToken), Some(refresh), "the refresh token is kept");
    let status = f.app.sign_in_status(PROFILE).await.unwrap();
    assert_eq!(status.member_id.as_deref(), Some(SANDBOX_MEMBER_ID), "the member is kept across a renewal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expiry_in_the_middle_of_more_results_renews_once_and_the_page_arrives() {
    let f = fixture(SandboxConfig::default()).await;
    sign_in(&f).await;
    let first = search(&f.app).await.expect("page 1");
    assert!(first.has_more);
    let before = token(&f.secrets, SecretField::AccessToken);
    // The gateway now calls the access token expired; the client still thinks it has hours.
    f.sandbox.expire_tokens();
    let more = f.app.search_more(first.search_id).await.expect("page 2 after one renewal");
    assert_eq!(more.page, 2);
    assert!(!more.offers.is_empty());
    assert_eq!(f.sandbox.oauth_counts().refreshed, 1);
    assert_ne!(token(&f.secrets, SecretField::AccessToken), before);
    let again = f.app.search_more(first.search_id).await.expect("page 3 with the renewed token");
    assert_eq!(again.page, 3);
    assert_eq!(f.sandbox.oauth_counts().refreshed, 1, "no more renewals while the token works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_refresh_token_is_a_typed_error_and_nothing_is_half_stored() {
    let f = fixture(SandboxConfig::default()).await;
    sign_in(&f).await;
    let first = search(&f.app).await.expect("page 1");
    let kept: Vec<_> = TOKEN_FIELDS.iter().map(|field| token(&f.secrets, *field)).collect();
    f.sandbox.expire_tokens();
    f.sandbox.expire_refresh_tokens();
    let err = f.app.search_more(first.search_id).await.expect_err("cannot renew");
    assert_eq!(err.kind(), Kind::ProviderSignInExpired);
    assert!(err.hint().is_some_and(|h| h.contains("Sign in with 1688 again")), "{:?}", err.hint());
    let now: Vec<_> = TOKEN_FIELDS.iter().map(|field| token(&f.secrets, *field)).collect();
    assert_eq!(now, kept, "the keychain holds the sign-in as it was, not part of a new one");
    assert_eq!(f.sandbox.oauth_counts().refreshed, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_token_near_its_end_is_postponed() {
    let day = 24 * 3600;
    let f =
        fixture(SandboxConfig { oauth_refresh_ttl: Duration::from_secs(20 * day), ..SandboxConfig::default() }).await;
    sign_in(&f).await;
    let end_before = f.app.sign_in_status(PROFILE).await.unwrap().refresh_expires_at_ms.expect("end");
    search(&f.app).await.expect("search");
    assert_eq!(f.sandbox.oauth_counts().postponed, 1);
    let end_after = f.app.sign_in_status(PROFILE).await.unwrap().refresh_expires_at_ms.expect("end");
    assert!(end_after >= end_before, "{end_after} vs {end_before}");
    let kept = token(&f.secrets, SecretField::RefreshTokenExpiresAt).expect("kept end");
    assert_eq!(kept, end_after.to_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_pasted_by_hand_is_used_as_is_and_shown_as_such() {
    let f = fixture(SandboxConfig::default()).await;
    sign_in(&f).await;
    let pasted = f.sandbox.credentials().access_token.expose().clone();
    f.app
        .set_credential(CredentialInput {
            profile: PROFILE.into(),
            field: SecretField::AccessToken,
            value: Sensitive::new(pasted),
        })
        .await
        .expect("pasted");
    let status = f.app.sign_in_status(PROFILE).await.unwrap();
    assert_eq!(status.state, SignInState::PastedToken);
    assert_eq!(status.access_expires_at_ms, None);
    assert!(!f.secrets.is_set(PROFILE, SecretField::RefreshToken).unwrap(), "the sign-in it replaced is gone");
    search(&f.app).await.expect("a search with the pasted token");
    assert_eq!(f.sandbox.oauth_counts().refreshed, 0, "a pasted token is never renewed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_leaves_no_token_in_the_keychain() {
    let f = fixture(SandboxConfig::default()).await;
    sign_in(&f).await;
    search(&f.app).await.expect("search");
    f.app.sign_out(PROFILE).await.expect("sign out");
    for field in TOKEN_FIELDS {
        assert!(!f.secrets.is_set(PROFILE, field).unwrap(), "{field} left after sign-out");
    }
    assert!(f.secrets.is_set(PROFILE, SecretField::AppKey).unwrap(), "the app's key stays");
    let status = f.app.sign_in_status(PROFILE).await.unwrap();
    assert_eq!(status.state, SignInState::SignedOut);
    assert_eq!(status.member_id, None);
    let err = search(&f.app).await.expect_err("no token, no search");
    assert_eq!(err.kind(), Kind::ProviderTokenExpired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_open_platform_profiles_sign_in() {
    let f = fixture(SandboxConfig::default()).await;
    let err = f
        .app
        .sign_in_url("item-search-img", SignInRedirect::Loopback { port: Some(0) })
        .await
        .expect_err("a key/secret gateway");
    assert_eq!(err.kind(), Kind::SigninNotSupported);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_connection_reports_reachability_signature_token_and_grants() {
    use zhaohuo_core::connection::Check;
    let f = fixture(SandboxConfig {
        granted_apis: Some(vec!["product.image.upload".into(), "product.search.imageQuery".into()]),
        ..SandboxConfig::default()
    })
    .await;
    // No token yet: reachable, the token refused.
    let r = f.app.test_connection(PROFILE).await.expect("report");
    assert_eq!(r.reachable, Check::Ok);
    assert!(matches!(r.token, Check::Failed { kind: Kind::ProviderTokenExpired, .. }), "{:?}", r.token);
    sign_in(&f).await;
    let r = f.app.test_connection(PROFILE).await.expect("report");
    assert_eq!((r.reachable.clone(), r.signature.clone(), r.token.clone()), (Check::Ok, Check::Ok, Check::Ok));
    assert_eq!(r.image_search, Check::Ok, "granted");
    assert!(matches!(&r.keyword_search, Check::Failed { .. }), "not granted here: {:?}", r.keyword_search);
    assert!(matches!(&r.offer_details, Check::Failed { .. }), "{:?}", r.offer_details);
    assert_eq!(r.calls, 3);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["imageSearch"]["status"], "ok");
    assert!(json["keywordSearch"]["kind"].as_str().unwrap().starts_with("provider."));

    // A wrong secret: the signature is what fails.
    f.app
        .set_credential(CredentialInput {
            profile: PROFILE.into(),
            field: SecretField::AppSecret,
            value: Sensitive::new("not-the-secret".into()),
        })
        .await
        .unwrap();
    let r = f.app.test_connection(PROFILE).await.expect("report");
    assert!(matches!(r.signature, Check::Failed { kind: Kind::ProviderSignatureInvalid, .. }), "{:?}", r.signature);

    // Nothing listening: unreachable.
    f.app.set_profile_base_url(PROFILE.into(), Some("http://127.0.0.1:9".into())).await.unwrap();
    let r = f.app.test_connection(PROFILE).await.expect("report");
    assert!(matches!(r.reachable, Check::Failed { kind: Kind::ProviderNetwork, .. }), "{:?}", r.reachable);
}
