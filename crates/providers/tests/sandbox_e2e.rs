//! Every profile end to end over real HTTP against the sandbox gateway: a
//! buyer-style photo in, normalised offers out; pagination, dedupe, local
//! filters and sorts; and each family's real error replies as typed errors.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use sha2::{Digest, Sha256};
use zhaohuo_providers::{
    builtin_profile, ClientOptions, Credentials, FilterKey, ImageFormat, ImagePayload, ProviderClient, ProviderProfile,
    RetryPolicy, SearchFilters, SearchMode, SearchQuery, SortKey,
};
use zhaohuo_sandbox::catalog::Catalog;
use zhaohuo_sandbox::perturb::Perturbation;
use zhaohuo_sandbox::{demo_credentials, start, FaultConfig, RunningSandbox, SandboxConfig, SplitMix, EXPIRED_ACCESS_TOKEN};
use zhaohuo_types::ErrorKind;

const PROFILES: [&str; 6] = ["demo", "1688-open", "offer-match", "image-search-item", "item-search-img", "product-image-search"];


struct Photo {
    bytes: Vec<u8>,
    base64: String,
    sha256_hex: String,
    /// Offer ids of the photographed design.
    expected: HashSet<String>,
}

impl Photo {
    fn payload(&self) -> ImagePayload<'_> {
        ImagePayload { bytes: &self.bytes, base64: &self.base64, sha256_hex: &self.sha256_hex, format: ImageFormat::Jpg }
    }
}

/// A buyer-style photo (other background, cropped) of one catalog design.
fn photo_of(design: usize, seed: u64) -> Photo {
    let catalog = Catalog::generate();
    let mut rng = SplitMix::new(seed);
    let mut p = Perturbation::random(&mut rng);
    p.rescale = 1.0;
    p.jpeg_quality = 80;
    p.crop = (0.05, 0.05, 0.9, 0.9);
    let bytes = p.apply(&catalog.designs[design], 400);
    let expected = catalog.offers_by_design[design].iter().map(|&i| catalog.offers[i].offer_id.to_string()).collect();
    Photo {
        base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
        sha256_hex: hex_sha256(&bytes),
        bytes,
        expected,
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

async fn sandbox(mut config: SandboxConfig) -> RunningSandbox {
    config.qps = 1000;
    start(config).await.expect("sandbox starts")
}

fn profile(id: &str, sb: &RunningSandbox) -> ProviderProfile {
    let mut p = if id == "demo" { ProviderProfile::demo(sb.base_url()) } else { builtin_profile(id).expect("builtin").with_base_url(sb.base_url()) };
    p.qps = 500.0;
    p
}

fn creds() -> Credentials {
    let d = demo_credentials();
    Credentials::new(d.app_key, d.app_secret.expose().clone()).with_access_token(d.access_token.expose().clone())
}

fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(20),
        retry: RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_secs(3) },
    }
}

fn client(id: &str, sb: &RunningSandbox, creds: Credentials) -> ProviderClient {
    ProviderClient::with_options(profile(id, sb), creds, options(), Arc::default()).expect("client")
}

#[tokio::test]
async fn every_profile_finds_the_photographed_design() {
    let sb = sandbox(SandboxConfig::default()).await;
    let photo = photo_of(7, 11);
    for id in PROFILES {
        let c = client(id, &sb, creds());
        let page = c.search(photo.payload(), &SearchQuery::default()).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!page.offers.is_empty(), "{id}: no offers");
        let top: Vec<&str> = page.offers.iter().take(10).map(|o| o.offer_id.as_str()).collect();
        assert!(top.iter().any(|o| photo.expected.contains(*o)), "{id}: design not in the top 10: {top:?} vs {:?}", photo.expected);
        for o in &page.offers {
            assert_eq!(o.profile, id);
            assert!(o.price.is_some(), "{id}: {} has a price", o.offer_id);
            assert!(o.moq.is_some_and(|m| m >= 1), "{id}: {} has a MOQ", o.offer_id);
            assert!(!o.title.is_empty());
            assert!(o.detail_url.contains(&o.offer_id));
            match id {
                "demo" | "1688-open" => assert_eq!(o.similarity, None, "AOP is rank-only"),
                _ => assert!(o.similarity.is_some_and(|s| (0.0..=1.0).contains(&s)), "{id}: similarity 0–1"),
            }
        }
        assert_eq!(page.extras.len(), page.offers.len());
        assert!(page.calls >= 1);
    }
}

#[tokio::test]
async fn pages_are_deduplicated_and_capped() {
    let sb = sandbox(SandboxConfig::default()).await;
    let photo = photo_of(20, 5);
    for id in PROFILES {
        let c = client(id, &sb, creds());
        let q = SearchQuery { page_size: 10, mode: SearchMode::Similar, ..Default::default() };
        let all = c.search_all(photo.payload(), &q, 3).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        let ids: Vec<&str> = all.offers.iter().map(|o| o.offer_id.as_str()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{id}: duplicates across pages");
        assert!(ids.len() > 10, "{id}: more than one page came back ({})", ids.len());
        // Page 2 on its own continues where page 1 stopped.
        let p1 = c.search(photo.payload(), &q).await.expect("p1");
        let p2 = c.search(photo.payload(), &SearchQuery { page: 2, ..q.clone() }).await.expect("p2");
        let first: HashSet<&str> = p1.offers.iter().map(|o| o.offer_id.as_str()).collect();
        assert!(p2.offers.iter().all(|o| !first.contains(o.offer_id.as_str())), "{id}: page 2 repeats page 1");
        assert!(p2.offers.iter().all(|o| o.rank > 10), "{id}: page 2 ranks continue");
    }
}

#[tokio::test]
async fn local_filters_and_sorts_hold_for_every_profile() {
    let sb = sandbox(SandboxConfig::default()).await;
    let photo = photo_of(33, 9);
    for id in PROFILES {
        let c = client(id, &sb, creds());
        let q = SearchQuery {
            page_size: 20,
            mode: SearchMode::Similar,
            sort: SortKey::PriceAsc,
            filters: SearchFilters { moq_max: Some(50), ..Default::default() },
            ..Default::default()
        };
        let page = c.search(photo.payload(), &q).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(page.offers.iter().all(|o| o.moq.is_some_and(|m| m <= 50)), "{id}: MOQ filter");
        let prices: Vec<u64> = page.offers.iter().filter_map(|o| o.price.map(|p| p.min_fen)).collect();
        assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{id}: price ascending {prices:?}");
        assert!(page.filters_local.contains(&FilterKey::MaxMoq), "{id}: MOQ is filtered locally");

        let q = SearchQuery { page_size: 20, sort: SortKey::SupplyChain, ..Default::default() };
        let page = c.search(photo.payload(), &q).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!page.offers.is_empty(), "{id}");
    }
}

#[tokio::test]
async fn provider_side_price_filters_are_sent_and_hold() {
    let sb = sandbox(SandboxConfig::default()).await;
    let photo = photo_of(3, 2);
    for id in ["1688-open", "image-search-item", "product-image-search"] {
        let c = client(id, &sb, creds());
        let q = SearchQuery { mode: SearchMode::Similar, filters: SearchFilters { price_max_fen: Some(3000), ..Default::default() }, ..Default::default() };
        let page = c.search(photo.payload(), &q).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(page.filters_remote, [FilterKey::PriceRange], "{id}");
        assert!(page.offers.iter().all(|o| o.price.is_some_and(|p| p.min_fen <= 3000)), "{id}: price filter");
    }
}

#[tokio::test]
async fn wrong_secrets_and_tokens_are_typed_and_not_retried() {
    let sb = sandbox(SandboxConfig::default()).await;
    let photo = photo_of(1, 1);
    let d = demo_credentials();
    for (id, kind) in [
        ("demo", "provider.signature_invalid"),
        ("offer-match", "provider.signature_invalid"),
        ("image-search-item", "provider.signature_invalid"),
        ("item-search-img", "provider.bad_credentials"),
        ("product-image-search", "provider.bad_credentials"),
    ] {
        // The bearer family takes a pasted token as is; without one it must use the (wrong) secret.
        let mut wrong = Credentials::new(d.app_key.clone(), "not-the-secret");
        if id != "product-image-search" {
            wrong = wrong.with_access_token(d.access_token.expose().clone());
        }
        let c = ProviderClient::with_options(profile(id, &sb), wrong, options(), Arc::default()).expect("client");
        let err = c.search(photo.payload(), &SearchQuery::default()).await.expect_err(id);
        assert_eq!(err.kind(), kind, "{id}: {err}");
        assert!(!format!("{err} {err:?}").contains("not-the-secret"), "{id}: secret leaked");
        assert!(!err.is_retryable());
    }
    let expired = Credentials::new(d.app_key.clone(), d.app_secret.expose().clone()).with_access_token(EXPIRED_ACCESS_TOKEN);
    for id in ["demo", "image-search-item"] {
        let c = ProviderClient::with_options(profile(id, &sb), expired.clone(), options(), Arc::default()).expect("client");
        let err = c.search(photo.payload(), &SearchQuery::default()).await.expect_err(id);
        assert_eq!(err.kind(), "provider.token_expired", "{id}: {err}");
        assert!(!format!("{err} {err:?}").contains(EXPIRED_ACCESS_TOKEN), "{id}: token leaked");
    }
}

#[tokio::test]
async fn whitelist_grants_and_quota_are_typed() {
    let photo = photo_of(2, 4);
    let sb = sandbox(SandboxConfig { whitelist: Some(vec![IpAddr::V4(Ipv4Addr::new(10, 9, 8, 7))]), ..Default::default() }).await;
    for id in PROFILES {
        let err = client(id, &sb, creds()).search(photo.payload(), &SearchQuery::default()).await.expect_err(id);
        assert_eq!(err.kind(), "provider.ip_not_whitelisted", "{id}: {err}");
    }
    drop(sb);
    let sb = sandbox(SandboxConfig { granted_apis: Some(vec![]), ..Default::default() }).await;
    for id in PROFILES {
        let err = client(id, &sb, creds()).search(photo.payload(), &SearchQuery::default()).await.expect_err(id);
        assert_eq!(err.kind(), "provider.permission_denied", "{id}: {err}");
    }
    drop(sb);
    // One sandbox per profile: the quota is per app key and family.
    for id in PROFILES {
        let sb = sandbox(SandboxConfig { daily_quota: 3, ..Default::default() }).await;
        let c = client(id, &sb, creds());
        let mut successes = 0;
        let err = loop {
            match c.search(photo.payload(), &SearchQuery::default()).await {
                Ok(_) => successes += 1,
                Err(e) => break e,
            }
            assert!(successes < 5, "{id}: the quota never ran out");
        };
        assert!(successes >= 1, "{id}: {err}");
        assert_eq!(err.kind(), "provider.quota_exhausted", "{id}: {err}");
    }
}

#[tokio::test]
async fn injected_faults_become_typed_errors() {
    let sb = sandbox(SandboxConfig::default()).await;
    let photo = photo_of(4, 8);
    let c = client("offer-match", &sb, creds());
    let cases: [(FaultConfig, &str); 4] = [
        (FaultConfig { rate_502: 1.0, ..Default::default() }, "provider.server_error"),
        (FaultConfig { rate_500: 1.0, ..Default::default() }, "provider.server_error"),
        (FaultConfig { malformed_json_rate: 1.0, ..Default::default() }, "provider.malformed_response"),
        (FaultConfig { html_error_rate: 1.0, ..Default::default() }, "provider.html_error_page"),
    ];
    for (faults, kind) in cases {
        sb.set_faults(faults);
        let err = c.search(photo.payload(), &SearchQuery::default()).await.expect_err(kind);
        assert_eq!(err.kind(), kind, "{err}");
    }
    // JSON labelled as HTML is still JSON: the client reads it rather than failing the buyer.
    sb.set_faults(FaultConfig { wrong_content_type_rate: 1.0, ..Default::default() });
    c.search(photo.payload(), &SearchQuery::default()).await.expect("lenient about the label");
    sb.set_faults(FaultConfig { truncated_body_rate: 1.0, ..Default::default() });
    let err = c.search(photo.payload(), &SearchQuery::default()).await.expect_err("cut off");
    assert!(matches!(err.kind(), "provider.network" | "provider.malformed_response"), "{err}");
    // One 429 with Retry-After: 1, then recovery.
    sb.set_faults(FaultConfig::default());
    sb.set_faults(FaultConfig { rate_429: 1.0, ..Default::default() });
    let quick = ProviderClient::with_options(
        profile("offer-match", &sb),
        creds(),
        ClientOptions { retry: RetryPolicy { max_retries: 1, base_delay: Duration::from_millis(5), max_delay: Duration::from_secs(2) }, ..options() },
        Arc::default(),
    )
    .expect("client");
    let started = std::time::Instant::now();
    let err = quick.search(photo.payload(), &SearchQuery::default()).await.expect_err("throttled");
    assert_eq!(err.kind(), "provider.rate_limited");
    assert!(started.elapsed() >= Duration::from_millis(900), "Retry-After honoured");
}
