//! Every profile end to end over real HTTP against the sandbox gateway: a
//! buyer-style photo in, normalised offers out; pagination, dedupe, local
//! filters and sorts; and every error and fault kind the sandbox produces,
//! each as one exact typed error, with the client's requests counted at the
//! server wherever retrying (or not) matters.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use sha2::{Digest, Sha256};
use zhaohuo_providers::local::supply_chain_score;
use zhaohuo_providers::{
    builtin_profile, ClientOptions, Credentials, FilterKey, ImageFormat, ImagePayload, ProviderClient, ProviderError,
    ProviderProfile, RetryPolicy, SearchFilters, SearchMode, SearchPage, SearchQuery, SortKey,
};
use zhaohuo_sandbox::catalog::Catalog;
use zhaohuo_sandbox::perturb::Perturbation;
use zhaohuo_sandbox::{
    demo_credentials, start, FaultConfig, ImageCaps, RunningSandbox, SandboxConfig, SplitMix, EXPIRED_ACCESS_TOKEN,
};
use zhaohuo_types::ErrorKind;

const PROFILES: [&str; 6] =
    ["demo", "1688-open", "offer-match", "image-search-item", "item-search-img", "product-image-search"];
/// The profiles whose family uses an access token.
const TOKEN_PROFILES: [&str; 4] = ["demo", "1688-open", "image-search-item", "product-image-search"];

const BAD_CREDENTIALS: &str = "provider.bad_credentials";
const SIGNATURE: &str = "provider.signature_invalid";
const TOKEN: &str = "provider.token_expired";
const PERMISSION: &str = "provider.permission_denied";
const WHITELIST: &str = "provider.ip_not_whitelisted";
const BAD_REQUEST: &str = "provider.bad_request";
const IMAGE: &str = "provider.image_rejected";
const RATE: &str = "provider.rate_limited";
const QUOTA: &str = "provider.quota_exhausted";
const SERVER: &str = "provider.server_error";
const TIMEOUT: &str = "provider.timeout";
const MALFORMED: &str = "provider.malformed_response";

struct Photo {
    bytes: Vec<u8>,
    base64: String,
    sha256_hex: String,
    format: ImageFormat,
    /// Offer ids of the photographed design.
    expected: HashSet<String>,
}

impl Photo {
    fn from_bytes(bytes: Vec<u8>, format: ImageFormat) -> Photo {
        Photo {
            base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
            sha256_hex: Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect(),
            bytes,
            format,
            expected: HashSet::new(),
        }
    }

    fn payload(&self) -> ImagePayload<'_> {
        ImagePayload { bytes: &self.bytes, base64: &self.base64, sha256_hex: &self.sha256_hex, format: self.format }
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
    let mut photo = Photo::from_bytes(p.apply(&catalog.designs[design], 400), ImageFormat::Jpeg);
    photo.expected = catalog.offers_by_design[design].iter().map(|&i| catalog.offers[i].offer_id.to_string()).collect();
    photo
}

/// A sandbox that throttles only when a test asks it to.
fn relaxed() -> SandboxConfig {
    SandboxConfig { qps: 1000, ..SandboxConfig::default() }
}

async fn sandbox(config: SandboxConfig) -> RunningSandbox {
    start(config).await.expect("sandbox starts")
}

fn profile(id: &str, sb: &RunningSandbox) -> ProviderProfile {
    let mut p = if id == "demo" {
        ProviderProfile::demo(sb.base_url())
    } else {
        builtin_profile(id).expect("builtin").with_base_url(sb.base_url())
    };
    p.qps = 500.0;
    p
}

/// The demo credentials as each profile uses them: the bearer family gets
/// its token with client credentials, the others are given the long-lived one.
fn creds(id: &str) -> Credentials {
    let d = demo_credentials();
    let base = Credentials::new(d.app_key, d.app_secret.expose().clone());
    if id == "product-image-search" {
        base
    } else {
        base.with_access_token(d.access_token.expose().clone())
    }
}

fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(20),
        retry: RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_secs(3) },
    }
}

fn client_with(p: ProviderProfile, creds: Credentials, options: ClientOptions) -> ProviderClient {
    ProviderClient::with_options(p, creds, options, Arc::default()).expect("client")
}

fn client(id: &str, sb: &RunningSandbox, creds: Credentials) -> ProviderClient {
    client_with(profile(id, sb), creds, options())
}

/// Calls a fresh client makes before its first search request: the AOP and
/// gateway uploads, the bearer token.
fn setup_calls(id: &str) -> u64 {
    match id {
        "offer-match" | "image-search-item" => 0,
        _ => 1,
    }
}

/// One search, with the API requests the sandbox received for it.
async fn counted(
    sb: &RunningSandbox,
    c: &ProviderClient,
    image: ImagePayload<'_>,
    q: &SearchQuery,
) -> (Result<SearchPage, ProviderError>, u64) {
    let before = sb.api_requests();
    let got = c.search(image, q).await;
    (got, sb.api_requests() - before)
}

/// The error of a search that must fail with exactly `kind`.
#[track_caller]
fn expect_kind(case: &str, got: Result<SearchPage, ProviderError>, kind: &str) -> ProviderError {
    match got {
        Ok(page) => panic!("{case}: expected {kind}, got {} offers", page.offers.len()),
        Err(e) => {
            assert_eq!(e.kind(), kind, "{case}: {e}");
            e
        }
    }
}

#[tokio::test]
async fn every_profile_finds_the_photographed_design() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(7, 11);
    for id in PROFILES {
        let c = client(id, &sb, creds(id));
        let page = c.search(photo.payload(), &SearchQuery::default()).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!page.offers.is_empty(), "{id}: no offers");
        let top: Vec<&str> = page.offers.iter().take(10).map(|o| o.offer_id.as_str()).collect();
        assert!(
            top.iter().any(|o| photo.expected.contains(*o)),
            "{id}: design not in the top 10: {top:?} vs {:?}",
            photo.expected
        );
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
        assert!(page.offers.iter().all(|o| o.raw.is_object()), "{id}: every offer keeps the raw item");
        assert_eq!(u64::from(page.calls), setup_calls(id) + 1, "{id}: calls reported");
    }
}

/// The sandbox repeats the last 3 items of each page at the top of the next
/// (as gateways do when their ranking shifts), so dedupe has work to do.
#[tokio::test]
async fn overlapping_pages_are_deduplicated_and_the_page_cap_holds() {
    let sb = sandbox(SandboxConfig { page_overlap: 3, ..relaxed() }).await;
    let photo = photo_of(20, 5);
    let q = SearchQuery { page_size: 10, mode: SearchMode::Similar, ..Default::default() };
    for id in PROFILES {
        let c = client(id, &sb, creds(id));
        // Page by page with one `seen` set: page 2 drops the 3 offers page 1 showed.
        let mut seen = HashSet::new();
        let p1 = c.search_page(&photo.payload(), &q, &mut seen).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        let p2 = c
            .search_page(&photo.payload(), &SearchQuery { page: 2, ..q.clone() }, &mut seen)
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!((p1.offers.len(), p2.offers.len()), (10, 7), "{id}: the 3 repeated offers are dropped from page 2");
        let first: HashSet<&str> = p1.offers.iter().map(|o| o.offer_id.as_str()).collect();
        assert!(p2.offers.iter().all(|o| !first.contains(o.offer_id.as_str())), "{id}: page 2 repeats page 1");

        // Three pages merged: 10 + 7 + 7 distinct offers.
        let all = c.search_all(photo.payload(), &q, 3).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        let ids: Vec<&str> = all.offers.iter().map(|o| o.offer_id.as_str()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!((ids.len(), unique.len()), (24, 24), "{id}: {ids:?}");

        // A page cap of 2: asking for 5 pages sends exactly 2 search requests.
        let mut capped = profile(id, &sb);
        capped.page_cap = 2;
        let c = client_with(capped, creds(id), options());
        let before = sb.api_requests();
        let two = c.search_all(photo.payload(), &q, 5).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(sb.api_requests() - before, setup_calls(id) + 2, "{id}: requests within the page cap");
        assert_eq!(two.offers.len(), 17, "{id}");
        assert!(!two.has_more, "{id}: nothing past the cap");
        let (third, sent) = counted(&sb, &c, photo.payload(), &SearchQuery { page: 3, ..q.clone() }).await;
        let third = third.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(third.offers.is_empty() && !third.has_more, "{id}: a page past the cap is empty");
        assert_eq!(sent, 0, "{id}: and costs no request");
    }
}

#[tokio::test]
async fn filters_and_sorts_hold_for_every_profile() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(33, 9);
    for id in PROFILES {
        let c = client(id, &sb, creds(id));
        let q = SearchQuery {
            page_size: 20,
            mode: SearchMode::Similar,
            sort: SortKey::PriceAsc,
            filters: SearchFilters { moq_max: Some(50), ..Default::default() },
            ..Default::default()
        };
        let page = c.search(photo.payload(), &q).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!page.offers.is_empty(), "{id}");
        assert!(page.offers.iter().all(|o| o.moq.is_some_and(|m| m <= 50)), "{id}: MOQ filter");
        let prices: Vec<u64> = page.offers.iter().filter_map(|o| o.price.map(|p| p.min_fen)).collect();
        assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{id}: price ascending {prices:?}");
        let (remote, local) = if id == "image-search-item" {
            (&page.filters_remote, &page.filters_local)
        } else {
            (&page.filters_local, &page.filters_remote)
        };
        assert!(
            remote.contains(&FilterKey::MaxMoq) && !local.contains(&FilterKey::MaxMoq),
            "{id}: where the MOQ filter ran"
        );

        // Supply-chain order: the score the sort uses never rises down the list.
        let q =
            SearchQuery { page_size: 20, sort: SortKey::SupplyChain, mode: SearchMode::Similar, ..Default::default() };
        let page = c.search(photo.payload(), &q).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(page.offers.len() >= 10, "{id}: {}", page.offers.len());
        let offers = &page.offers;
        let max_moq = offers.iter().filter_map(|o| o.moq).max().unwrap_or(0);
        let max_rank = offers.iter().map(|o| o.rank).max().unwrap_or(0);
        let scores: Vec<f32> = offers.iter().map(|o| supply_chain_score(o, max_moq, max_rank, &q.weights)).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{id}: supply-chain scores in order: {scores:?}");
        assert!(scores.first() > scores.last(), "{id}: the scores differ, so the order is a real one: {scores:?}");
    }
}

#[tokio::test]
async fn provider_side_filters_are_sent_and_hold() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(3, 2);
    for id in ["1688-open", "image-search-item", "product-image-search"] {
        let c = client(id, &sb, creds(id));
        let q = SearchQuery {
            mode: SearchMode::Similar,
            filters: SearchFilters { price_max_fen: Some(3000), ..Default::default() },
            ..Default::default()
        };
        let page = c.search(photo.payload(), &q).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(page.filters_remote, [FilterKey::PriceRange], "{id}");
        assert!(page.offers.iter().all(|o| o.price.is_some_and(|p| p.min_fen <= 3000)), "{id}: price filter");
    }
    // image.search.item takes the MOQ as `min_order_quantity`: the sandbox
    // filters, so the local safety net finds nothing left to drop, while
    // offer.match (local only) has to drop some for the same photo.
    let q = SearchQuery {
        mode: SearchMode::Similar,
        filters: SearchFilters { moq_max: Some(10), ..Default::default() },
        ..Default::default()
    };
    let remote = client("image-search-item", &sb, creds("image-search-item"))
        .search(photo.payload(), &q)
        .await
        .expect("image-search-item");
    assert_eq!(remote.filters_remote, [FilterKey::MaxMoq]);
    assert_eq!(remote.filtered_out, 0, "the provider already filtered");
    assert!(!remote.offers.is_empty() && remote.offers.iter().all(|o| o.moq.is_some_and(|m| m <= 10)));
    let local =
        client("offer-match", &sb, creds("offer-match")).search(photo.payload(), &q).await.expect("offer-match");
    assert_eq!(local.filters_local, [FilterKey::MaxMoq]);
    assert!(local.filtered_out > 0, "this photo's matches include MOQs over 10");
}

#[tokio::test]
async fn credentials_and_tokens_are_typed_and_never_retried() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(1, 1);
    let d = demo_credentials();
    let (key, secret, token) = (d.app_key.clone(), d.app_secret.expose().clone(), d.access_token.expose().clone());
    // The bearer family fetches its token with the secret unless one is pasted.
    let with_token =
        |id: &str, c: Credentials| if id == "product-image-search" { c } else { c.with_access_token(token.clone()) };
    let mut cases: Vec<(&str, &str, Credentials, &str, u64)> = Vec::new();
    for id in PROFILES {
        // Gateways send the secret itself and the bearer family trades it for a token: no signature to reject.
        let wrong_secret =
            if matches!(id, "item-search-img" | "product-image-search") { BAD_CREDENTIALS } else { SIGNATURE };
        cases.push((
            "wrong secret",
            id,
            with_token(id, Credentials::new(key.clone(), "not-the-secret")),
            wrong_secret,
            1,
        ));
        cases.push((
            "unknown app key",
            id,
            with_token(id, Credentials::new("999999", secret.clone())),
            BAD_CREDENTIALS,
            1,
        ));
    }
    for id in ["demo", "1688-open", "image-search-item"] {
        // Nothing is sent without a token: the client knows the call cannot succeed.
        cases.push(("missing token", id, Credentials::new(key.clone(), secret.clone()), TOKEN, 0));
    }
    for id in TOKEN_PROFILES {
        let base = || Credentials::new(key.clone(), secret.clone());
        cases.push(("expired token", id, base().with_access_token(EXPIRED_ACCESS_TOKEN), TOKEN, 1));
        cases.push(("unknown token", id, base().with_access_token("not-a-token-we-know"), TOKEN, 1));
    }
    for (case, id, credentials, kind, requests) in cases {
        let c = client(id, &sb, credentials);
        let (got, sent) = counted(&sb, &c, photo.payload(), &SearchQuery::default()).await;
        let err = expect_kind(&format!("{id}, {case}"), got, kind);
        assert_eq!(sent, requests, "{id}, {case}: requests sent (none retried)");
        let text = format!("{err} {err:?}");
        for leak in ["not-the-secret", secret.as_str(), EXPIRED_ACCESS_TOKEN, "not-a-token-we-know", token.as_str()] {
            assert!(!text.contains(leak), "{id}, {case}: a secret in the message: {text}");
        }
    }

    // A fetched bearer token is reused, and renewed once when it expires.
    let c = client("product-image-search", &sb, Credentials::new(key.clone(), secret.clone()));
    let (first, sent) = counted(&sb, &c, photo.payload(), &SearchQuery::default()).await;
    first.expect("first search");
    assert_eq!(sent, 2, "token, then search");
    let (second, sent) = counted(&sb, &c, photo.payload(), &SearchQuery::default()).await;
    second.expect("second search");
    assert_eq!(sent, 1, "the token is reused");
    sb.expire_tokens();
    let (renewed, sent) = counted(&sb, &c, photo.payload(), &SearchQuery::default()).await;
    renewed.expect("renewed");
    assert_eq!(sent, 3, "search refused, new token, search again");
}

#[tokio::test]
async fn a_skewed_clock_is_its_own_error() {
    // The sandbox's clock runs 30 minutes ahead of ours: TOP's ±10 minutes are exceeded.
    let sb = sandbox(SandboxConfig { clock_offset: chrono::TimeDelta::minutes(30), ..relaxed() }).await;
    let photo = photo_of(5, 5);
    for id in ["offer-match", "image-search-item"] {
        let (got, sent) = counted(&sb, &client(id, &sb, creds(id)), photo.payload(), &SearchQuery::default()).await;
        let err = expect_kind(id, got, "provider.clock_skew");
        assert!(err.hint().is_some_and(|h| h.contains("time zone")), "{id}: {:?}", err.hint());
        assert_eq!(sent, 1, "{id}: a clock does not fix itself on retry");
    }
}

#[tokio::test]
async fn whitelist_and_grants_are_typed() {
    let photo = photo_of(2, 4);
    let elsewhere = Some(vec![IpAddr::V4(Ipv4Addr::new(10, 9, 8, 7))]);
    for (config, kind) in [
        (SandboxConfig { whitelist: elsewhere, ..relaxed() }, WHITELIST),
        (SandboxConfig { granted_apis: Some(vec![]), ..relaxed() }, PERMISSION),
    ] {
        let sb = sandbox(config).await;
        for id in PROFILES {
            let (got, sent) = counted(&sb, &client(id, &sb, creds(id)), photo.payload(), &SearchQuery::default()).await;
            expect_kind(id, got, kind);
            // The bearer token endpoint is not a granted API: the search is what gets refused.
            let requests = if kind == PERMISSION && id == "product-image-search" { 2 } else { 1 };
            assert_eq!(sent, requests, "{id}: {kind} is not retried");
        }
    }
}

/// What a request is expected to end in.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Kind(&'static str),
    /// Past the provider's last page: no offers, no error.
    Empty,
}

#[tokio::test]
async fn bad_parameters_are_typed() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(6, 3);
    // (case, profile, page size cap, page cap, query, outcome, requests).
    // Caps are raised above the provider's so the request reaches its check.
    let mut cases: Vec<(&str, &str, u32, u32, SearchQuery, Outcome, u64)> = Vec::new();
    for id in PROFILES {
        let over = SearchQuery { page_size: 150, ..Default::default() };
        cases.push(("page size over the cap", id, 150, 50, over, Outcome::Kind(BAD_REQUEST), setup_calls(id) + 1));
        let (past, page_size, outcome) = match id {
            // AOP refuses beginPage past 100 (offset 1,000 here, under the 2,000-offer cap, so the call is made);
            // offer.match answers empty pages past 20; the others run out of results.
            "demo" | "1688-open" => (101, 10, Outcome::Kind(BAD_REQUEST)),
            "offer-match" => (21, 20, Outcome::Empty),
            _ => (60, 20, Outcome::Empty),
        };
        let q = SearchQuery { page: past, page_size, ..Default::default() };
        cases.push(("page past the cap", id, page_size, 200, q, outcome, setup_calls(id) + 1));
    }
    for (case, id, size_cap, page_cap, q, outcome, requests) in cases {
        let mut p = profile(id, &sb);
        p.page_size_cap = size_cap;
        p.page_cap = page_cap;
        let (got, sent) = counted(&sb, &client_with(p, creds(id), options()), photo.payload(), &q).await;
        match outcome {
            Outcome::Kind(kind) => {
                expect_kind(&format!("{id}, {case}"), got, kind);
            }
            Outcome::Empty => {
                let page = got.unwrap_or_else(|e| panic!("{id}, {case}: {e}"));
                assert!(page.offers.is_empty() && !page.has_more, "{id}, {case}: {} offers", page.offers.len());
            }
        }
        assert_eq!(sent, requests, "{id}, {case}: requests");
    }

    // Base64 with MIME line breaks: every family that sends base64.
    let mut wrapped = photo_of(6, 3);
    wrapped.base64 = wrapped
        .base64
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n");
    for id in ["demo", "1688-open", "offer-match", "image-search-item", "item-search-img"] {
        let (got, sent) = counted(&sb, &client(id, &sb, creds(id)), wrapped.payload(), &SearchQuery::default()).await;
        expect_kind(&format!("{id}, base64 with line breaks"), got, BAD_REQUEST);
        assert_eq!(sent, 1, "{id}: not retried");
    }

    // A GIF where a JPEG was promised: every family looks at the bytes.
    let mut gif = b"GIF89a\x10\x00\x10\x00\x80\x00\x00".to_vec();
    gif.extend_from_slice(&photo.bytes[..2048]);
    let gif = Photo::from_bytes(gif, ImageFormat::Jpeg);
    for id in PROFILES {
        let (got, sent) = counted(&sb, &client(id, &sb, creds(id)), gif.payload(), &SearchQuery::default()).await;
        expect_kind(&format!("{id}, unsupported image type"), got, IMAGE);
        assert_eq!(sent, if id == "product-image-search" { 2 } else { 1 }, "{id}: not retried");
    }
    // A PNG for the JPEG-only API is refused before anything is sent.
    let png = Photo::from_bytes(photo.bytes.clone(), ImageFormat::Png);
    let (got, sent) = counted(
        &sb,
        &client("image-search-item", &sb, creds("image-search-item")),
        png.payload(),
        &SearchQuery::default(),
    )
    .await;
    expect_kind("image-search-item, PNG", got, IMAGE);
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn images_over_the_size_cap_are_rejected() {
    const CAP: usize = 8 * 1024;
    let caps = ImageCaps { aop_upload: CAP, offer_match: CAP, search_item: CAP, gateway: CAP, bearer: CAP };
    let sb = sandbox(SandboxConfig { image_caps: caps, ..relaxed() }).await;
    let photo = photo_of(8, 6);
    assert!(photo.bytes.len() > CAP, "the photo is {} bytes", photo.bytes.len());
    for id in PROFILES {
        let (got, sent) = counted(&sb, &client(id, &sb, creds(id)), photo.payload(), &SearchQuery::default()).await;
        let err = expect_kind(&format!("{id}, image over the cap"), got, IMAGE);
        assert!(err.to_string().contains("byte"), "{id}: the message says why: {err}");
        assert_eq!(sent, if id == "product-image-search" { 2 } else { 1 }, "{id}: not retried");
    }
}

#[tokio::test]
async fn the_sandbox_qps_limit_and_daily_quota_are_typed() {
    let photo = photo_of(11, 2);
    // One call a second per key and family: two searches at once cannot both pass.
    let sb = sandbox(SandboxConfig { qps: 1, ..SandboxConfig::default() }).await;
    sb.stop_clock(); // "at once" holds however slow the machine: time moves only when a test moves it
    let no_retry = ClientOptions { retry: RetryPolicy { max_retries: 0, ..options().retry }, ..options() };
    for id in PROFILES {
        sb.reset_limits();
        let c = client_with(profile(id, &sb), creds(id), no_retry);
        let q = SearchQuery::default();
        let (a, b) = tokio::join!(c.search(photo.payload(), &q), c.search(photo.payload(), &q));
        let errors: Vec<ProviderError> = [a, b].into_iter().filter_map(Result::err).collect();
        assert!(!errors.is_empty(), "{id}: two calls in one second passed a limit of one");
        for e in errors {
            assert_eq!(e.kind(), RATE, "{id}: {e}");
            assert!(e.is_retryable(), "{id}: throttling may pass later");
        }
    }
    drop(sb);

    // Three calls a day per key and family; the refused call is not retried.
    let sb = sandbox(SandboxConfig { daily_quota: 3, ..relaxed() }).await;
    for id in PROFILES {
        sb.reset_limits();
        let c = client(id, &sb, creds(id));
        let before = sb.api_requests();
        let mut successes = 0;
        let err = loop {
            match c.search(photo.payload(), &SearchQuery::default()).await {
                Ok(_) => successes += 1,
                Err(e) => break e,
            }
            assert!(successes < 5, "{id}: the quota never ran out");
        };
        assert_eq!(err.kind(), QUOTA, "{id}: {err}");
        // Uploads count against the quota (and are cached); the bearer token does not.
        let expected_successes = match id {
            "demo" | "1688-open" | "item-search-img" => 2,
            _ => 3,
        };
        assert_eq!(successes, expected_successes, "{id}");
        let token_call = u64::from(id == "product-image-search");
        assert_eq!(sb.api_requests() - before, 4 + token_call, "{id}: 3 allowed, 1 refused, none retried");
    }
}

fn quick_timeout(timeout: Duration) -> ClientOptions {
    ClientOptions { request_timeout: timeout, ..options() }
}

/// A transient fault and what the client must make of it.
struct Transient {
    case: &'static str,
    faults: FaultConfig,
    /// How many requests it hits (`None`: every one).
    times: Option<u32>,
    /// `None`: the search succeeds after one retry per faulted request.
    failure: Option<&'static str>,
}

#[tokio::test]
async fn transient_faults_are_retried_then_succeed_or_report_the_provider_down() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(4, 8);
    let q = SearchQuery::default();
    let cases = [
        Transient {
            case: "one 429",
            faults: FaultConfig { rate_429: 1.0, ..Default::default() },
            times: Some(1),
            failure: None,
        },
        Transient {
            case: "two 500s",
            faults: FaultConfig { rate_500: 1.0, ..Default::default() },
            times: Some(2),
            failure: None,
        },
        Transient {
            case: "one 502 page",
            faults: FaultConfig { rate_502: 1.0, ..Default::default() },
            times: Some(1),
            failure: None,
        },
        Transient {
            case: "500s that last",
            faults: FaultConfig { rate_500: 1.0, ..Default::default() },
            times: None,
            failure: Some(SERVER),
        },
        Transient {
            case: "502s that last",
            faults: FaultConfig { rate_502: 1.0, ..Default::default() },
            times: None,
            failure: Some(SERVER),
        },
    ];
    for id in PROFILES {
        let normal = setup_calls(id) + 1;
        for Transient { case, faults, times, failure } in &cases {
            match times {
                Some(n) => sb.set_faults_for(faults.clone(), *n),
                None => sb.set_faults(faults.clone()),
            }
            // A fresh client each time: the uploads and the token go through the faults too.
            let c = client(id, &sb, creds(id));
            let started = Instant::now();
            let (got, sent) = counted(&sb, &c, photo.payload(), &q).await;
            match (failure, times) {
                (None, Some(n)) => {
                    let page = got.unwrap_or_else(|e| panic!("{id}, {case}: {e}"));
                    assert!(!page.offers.is_empty(), "{id}, {case}");
                    assert_eq!(sent, normal + u64::from(*n), "{id}, {case}: each fault retried once");
                    assert_eq!(u64::from(page.calls), sent, "{id}, {case}: calls reported");
                    if *case == "one 429" {
                        assert!(started.elapsed() >= Duration::from_millis(950), "{id}: Retry-After: 1 honoured");
                    }
                }
                (Some(kind), _) => {
                    let err = expect_kind(&format!("{id}, {case}"), got, kind);
                    assert!(err.to_string().contains("down"), "{id}: {err}");
                    assert_eq!(sent, 4, "{id}, {case}: the first call, tried 1 + 3 times");
                }
                (None, None) => unreachable!("a fault on every request cannot succeed"),
            }
        }
        sb.set_faults(FaultConfig::default());
    }
}

#[tokio::test]
async fn added_latency_only_slows_replies() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(4, 8);
    sb.set_faults(FaultConfig { latency_ms: 250, ..Default::default() });
    for id in PROFILES {
        let started = Instant::now();
        let (got, sent) = counted(&sb, &client(id, &sb, creds(id)), photo.payload(), &SearchQuery::default()).await;
        assert!(!got.unwrap_or_else(|e| panic!("{id}: {e}")).offers.is_empty(), "{id}");
        assert_eq!(sent, setup_calls(id) + 1, "{id}: nothing retried");
        let floor = Duration::from_millis(250 * sent);
        assert!(started.elapsed() >= floor, "{id}: {:?} < {floor:?}", started.elapsed());
    }
}

#[tokio::test]
async fn hangs_time_out_and_are_retried() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(4, 8);
    for id in ["demo", "offer-match", "item-search-img", "product-image-search"] {
        // Hanging for good: four attempts, each cut off by the client's timeout.
        sb.set_faults(FaultConfig { hang_rate: 1.0, ..Default::default() });
        let c = client_with(profile(id, &sb), creds(id), quick_timeout(Duration::from_millis(250)));
        let (got, sent) = counted(&sb, &c, photo.payload(), &SearchQuery::default()).await;
        let err = expect_kind(&format!("{id}, hang"), got, TIMEOUT);
        assert!(err.is_retryable());
        assert_eq!(sent, 4, "{id}: 1 + 3 attempts");
        // Hanging once: the retry gets through.
        sb.set_faults_for(FaultConfig { hang_rate: 1.0, ..Default::default() }, 1);
        let c = client_with(profile(id, &sb), creds(id), quick_timeout(Duration::from_millis(1500)));
        let (got, sent) = counted(&sb, &c, photo.payload(), &SearchQuery::default()).await;
        assert!(!got.unwrap_or_else(|e| panic!("{id}, one hang: {e}")).offers.is_empty());
        assert_eq!(sent, setup_calls(id) + 2, "{id}: the hung call was tried again");
    }
}

#[tokio::test]
async fn unreadable_replies_are_malformed_with_a_snippet() {
    let sb = sandbox(relaxed()).await;
    let photo = photo_of(4, 8);
    // (fault, a piece of what came back that the message must quote)
    let cases: [(FaultConfig, &str); 4] = [
        (FaultConfig { malformed_json_rate: 1.0, ..Default::default() }, "\"totalRecords\":12,,"),
        (FaultConfig { html_error_rate: 1.0, ..Default::default() }, "系统繁忙"),
        (FaultConfig { truncated_body_rate: 1.0, ..Default::default() }, "cut off after"),
        (FaultConfig { wrong_content_type_rate: 1.0, ..Default::default() }, "text/html;charset=GBK"),
    ];
    for id in PROFILES {
        for (faults, quoted) in &cases {
            sb.set_faults(faults.clone());
            let (got, sent) = counted(&sb, &client(id, &sb, creds(id)), photo.payload(), &SearchQuery::default()).await;
            let err = expect_kind(&format!("{id}, {quoted}"), got, MALFORMED);
            let detail = err.fault().map(|f| f.detail.clone()).unwrap_or_default();
            assert!(detail.contains(quoted), "{id}: the detail quotes the reply: {detail}");
            assert_eq!(sent, 1, "{id}, {quoted}: not retried");
        }
    }
}
