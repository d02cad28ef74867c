//! Store benchmark: history at realistic scale.
//!
//! `cargo bench -p zhaohuo-store --bench store_bench -- [--searches N] [--iters N] [--fresh]`
//! (or `ZHAOHUO_BENCH_SEARCHES=N`, `ZHAOHUO_BENCH_ITERS=N`). Under `cargo bench` the
//! default is 100,000 searches × 20 results
//! (2 M result rows, ~200 k offers), 50 shortlists × 40 items; run any other
//! way (e.g. `cargo test --all-targets`) it is a 2,000-search smoke run. The generated
//! database is cached (`ZHAOHUO_BENCH_DIR`, default the user cache dir) and
//! copied before each run, so measuring never changes the template.
//! Prints median and p95 per operation, and the file size.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use zhaohuo_store::{Durability, ItemRef, NewSearch, SearchId, SearchOutcome, ShortlistId, Store};
use zhaohuo_types::{CropBox, Offer, PriceRange, Shipping, Supplier};

const RESULTS_PER_SEARCH: u32 = 20;
const SHORTLISTS: usize = 50;
const ITEMS_PER_SHORTLIST: usize = 40;
const PAGE_SIZE: u32 = 50;

const ADJECTIVES: &[&str] = &[
    "2026新款",
    "爆款",
    "跨境专供",
    "厂家直销",
    "加厚",
    "便携",
    "大容量",
    "ins风",
    "北欧风",
    "复古",
    "日式",
    "韩版",
    "简约",
    "高档",
    "网红同款",
    "创意",
    "可定制logo",
    "一件代发",
];
const MATERIALS: &[&str] = &[
    "不锈钢",
    "陶瓷",
    "玻璃",
    "硅胶",
    "竹制",
    "实木",
    "纯棉",
    "亚麻",
    "PP塑料",
    "304不锈钢",
    "钛合金",
    "牛皮",
    "帆布",
    "亚克力",
    "铝合金",
];
const PRODUCTS: &[&str] = &[
    "保温杯",
    "马克杯",
    "收纳盒",
    "砧板",
    "置物架",
    "手机壳",
    "数据线",
    "帆布包",
    "双肩包",
    "T恤",
    "卫衣",
    "袜子",
    "拖鞋",
    "发夹",
    "耳环",
    "台灯",
    "香薰机",
    "加湿器",
    "保鲜盒",
    "饭盒",
    "雨伞",
    "抱枕",
    "地垫",
    "毛巾",
    "围裙",
    "挂钩",
    "花瓶",
    "相框",
    "钥匙扣",
    "笔记本",
];
const SUFFIXES: &[&str] =
    &["批发", "男女学生", "家用", "办公室", "礼品定制", "旅行", "儿童", "户外", "车载", "厨房用品"];
const CITIES: &[&str] =
    &["浙江 义乌", "广东 深圳", "广东 广州", "浙江 永康", "江苏 苏州", "福建 泉州", "山东 临沂", "河北 白沟"];
const SHOP_WORDS: &[&str] =
    &["晨光", "鑫达", "恒源", "佳美", "金华", "海宁", "宏达", "顺发", "美佳", "优品", "众鑫", "华盛"];
const SHOP_KINDS: &[&str] =
    &["日用品有限公司", "工艺品厂", "贸易商行", "电子科技有限公司", "服饰有限公司", "塑料制品厂"];

struct Args {
    searches: usize,
    iters: usize,
    fresh: bool,
}

fn parse_args() -> Args {
    // `cargo bench` passes `--bench`; without it (`cargo test --all-targets`)
    // this is a smoke run at small scale unless a size is given.
    let full = std::env::args().any(|a| a == "--bench");
    let mut args = Args {
        searches: std::env::var("ZHAOHUO_BENCH_SEARCHES").ok().and_then(|v| v.parse().ok()).unwrap_or(if full {
            100_000
        } else {
            2_000
        }),
        iters: std::env::var("ZHAOHUO_BENCH_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(if full {
            200
        } else {
            20
        }),
        fresh: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--searches" => args.searches = it.next().and_then(|v| v.parse().ok()).expect("--searches N"),
            "--iters" => args.iters = it.next().and_then(|v| v.parse().ok()).expect("--iters N"),
            "--fresh" => args.fresh = true,
            _ => {} // `cargo bench` passes `--bench`; ignore what we do not know.
        }
    }
    args.searches = args.searches.max(100);
    args.iters = args.iters.max(10);
    args
}

fn bench_dir() -> PathBuf {
    std::env::var_os("ZHAOHUO_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dirs::cache_dir().unwrap_or_else(std::env::temp_dir).join("zhaohuo").join("bench"))
}

fn pick<'a>(rng: &mut StdRng, words: &[&'a str]) -> &'a str {
    words[rng.gen_range(0..words.len())]
}

/// Deterministic offer `k` of the pool, as a provider might return it.
fn pool_offer(k: usize, rank: u32, rng: &mut StdRng, suppliers: usize) -> Offer {
    let mut own = StdRng::seed_from_u64(k as u64);
    let title = format!(
        "{} {}{} {} {}",
        pick(&mut own, ADJECTIVES),
        pick(&mut own, MATERIALS),
        pick(&mut own, PRODUCTS),
        pick(&mut own, SUFFIXES),
        own.gen_range(100..9999)
    );
    let s = k % suppliers;
    let mut sup_rng = StdRng::seed_from_u64(1_000_000 + s as u64);
    let supplier_name = format!(
        "{}市{}{}{}",
        &pick(&mut sup_rng, CITIES)[7..],
        pick(&mut sup_rng, SHOP_WORDS),
        s,
        pick(&mut sup_rng, SHOP_KINDS)
    );
    let base = own.gen_range(300..20_000u64);
    // Prices drift a little between searches.
    let price = base + rng.gen_range(0..50);
    Offer {
        profile: "1688-open".into(),
        offer_id: format!("{}", 600_000_000_000u64 + k as u64),
        title,
        title_translated: None,
        image_url: Some(format!("https://cbu01.alicdn.com/img/ibank/O1CN01{k:010}_!!2200000000.jpg")),
        detail_url: format!("https://detail.1688.com/offer/{}.html", 600_000_000_000u64 + k as u64),
        price: Some(PriceRange { min_fen: price, max_fen: price + own.gen_range(0..2000) }),
        moq: Some(own.gen_range(1..200)),
        unit: Some("件".into()),
        supplier: Supplier {
            id: Some(format!("b2b-{:010}", s)),
            name: supplier_name,
            city: Some(pick(&mut sup_rng, CITIES).into()),
            badges: vec!["实力商家".into()],
            credit_level: Some("AA".into()),
        },
        shipping: Some(if own.gen_bool(0.3) {
            Shipping::Free
        } else {
            Shipping::Fee { fen: own.gen_range(300..1500) }
        }),
        similarity: Some(1.0 - rank as f32 / 40.0),
        rank,
        month_sold: Some(own.gen_range(0..50_000)),
        supply_type: Some("现货".into()),
        dropship: None,
        repurchase_rate: None,
        raw: serde_json::Value::Null,
    }
}

fn new_search(i: usize, rng: &mut StdRng, photos: usize) -> NewSearch {
    let photo = rng.gen_range(0..photos);
    let mut thumb = vec![0xFF, 0xD8, 0xFF, 0xE0];
    // ~3 KB of incompressible bytes, like a small JPEG thumbnail.
    thumb.extend((0..3000).map(|_| rng.gen::<u8>()));
    NewSearch {
        created_at_ms: 1_700_000_000_000 + i as i64 * 60_000,
        profile: "1688-open".into(),
        mode: if rng.gen_bool(0.7) { "similar".into() } else { "same".into() },
        filters: serde_json::json!({"priceMinFen": rng.gen_range(0..500), "priceMaxFen": rng.gen_range(1000..50_000), "freeShipping": rng.gen_bool(0.2)}),
        sort: Some("relevance".into()),
        crop: Some(CropBox { x: rng.gen_range(0..100), y: rng.gen_range(0..100), width: 600, height: 600 }),
        photo_sha256: format!("{:064x}", (photo as u128 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835)),
        phash: StdRng::seed_from_u64(photo as u64).gen(),
        thumbnail: Some(thumb),
        result_count: 20 + rng.gen_range(0..500),
        outcome: SearchOutcome::Ok,
        request_ids: vec![format!("0bb{:013x}", rng.gen::<u64>() >> 12)],
    }
}

fn results_for(rng: &mut StdRng, pool: usize, suppliers: usize) -> Vec<Offer> {
    (1..=RESULTS_PER_SEARCH).map(|rank| pool_offer(rng.gen_range(0..pool), rank, rng, suppliers)).collect()
}

async fn generate(path: &Path, searches: usize) {
    let started = Instant::now();
    let tmp = path.with_extension("partial");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    let store = Store::open(&tmp).unwrap();
    let pool = searches * 2;
    let suppliers = (pool / 10).max(1);
    let photos = (searches / 3).max(1);
    let mut rng = StdRng::seed_from_u64(7);
    let batch = 2_000;
    let mut done = 0;
    while done < searches {
        let n = batch.min(searches - done);
        let items: Vec<_> = (done..done + n)
            .map(|i| (new_search(i, &mut rng, photos), results_for(&mut rng, pool, suppliers)))
            .collect();
        store.record_searches(items).await.unwrap();
        done += n;
        if done % 20_000 == 0 {
            eprintln!("  generated {done} searches ({:.0?})", started.elapsed());
        }
    }
    for l in 0..SHORTLISTS {
        let list = store
            .create_shortlist(&format!("{}采购清单{l}", pick(&mut rng, PRODUCTS)), "周五前确认样品")
            .await
            .unwrap();
        let mut added = 0;
        while added < ITEMS_PER_SHORTLIST {
            let k = rng.gen_range(0..pool);
            let item = if added % 8 == 7 {
                let s = k % suppliers;
                let o = pool_offer(s, 1, &mut rng, suppliers);
                ItemRef::Supplier { profile: "1688-open".into(), supplier_id: o.supplier.id, name: o.supplier.name }
            } else {
                ItemRef::Offer { profile: "1688-open".into(), offer_id: format!("{}", 600_000_000_000u64 + k as u64) }
            };
            // Not every pool offer was returned by some search: skip those.
            if store.add_to_shortlist(list.id, item, &format!("备注{added}：样品质量好，价格可谈")).await.is_ok()
            {
                added += 1;
            }
        }
    }
    store.checkpoint().await.unwrap();
    drop(store);
    std::fs::rename(&tmp, path).unwrap();
    eprintln!("generated {searches} searches in {:.1?}", started.elapsed());
}

/// What an operation must meet; printed next to the numbers (never asserted).
#[derive(Clone, Copy)]
enum Target {
    P95Ms(f64),
    MedianMs(f64),
    None,
}

fn report(name: &str, mut samples: Vec<Duration>, target: Target) {
    samples.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| ms(samples[((samples.len() - 1) as f64 * q).round() as usize]);
    let (median, p95) = (at(0.5), at(0.95));
    let verdict = match target {
        Target::P95Ms(limit) => format!("target p95 ≤ {limit} ms: {}", if p95 <= limit { "met" } else { "MISSED" }),
        Target::MedianMs(limit) => {
            format!("target median ≤ {limit} ms: {}", if median <= limit { "met" } else { "MISSED" })
        }
        Target::None => "informational".to_string(),
    };
    println!(
        "{name:<36} median {median:>8.3} ms   p95 {p95:>8.3} ms   max {:>8.3} ms   n={:<4} {verdict}",
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}

async fn time<T, F: std::future::Future<Output = T>>(f: F) -> (Duration, T) {
    let t = Instant::now();
    let out = f.await;
    (t.elapsed(), out)
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let dir = bench_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let template = dir.join(format!("store-v3-{}.sqlite3", args.searches));
    if args.fresh || !template.exists() {
        eprintln!("generating {} searches × {RESULTS_PER_SEARCH} results into {}", args.searches, template.display());
        generate(&template, args.searches).await;
    }
    let work_dir = tempfile::tempdir_in(&dir).unwrap();
    let work = work_dir.path().join("bench.sqlite3");
    std::fs::copy(&template, &work).unwrap();

    let store = Store::open(&work).unwrap();
    let total = store.count_searches().await.unwrap();
    let lists = store.list_shortlists().await.unwrap();
    println!(
        "zhaohuo-store bench: {total} searches × {RESULTS_PER_SEARCH} results, {} shortlists, {} iterations each",
        lists.len(),
        args.iters
    );
    let mut rng = StdRng::seed_from_u64(99);
    let pool = args.searches * 2;
    let suppliers = (pool / 10).max(1);

    // Warm the page cache the way a running app would be after its first screen.
    store.list_history(0, PAGE_SIZE).await.unwrap();

    let mut samples = Vec::new();
    for _ in 0..args.iters {
        let (d, page) = time(store.list_history(0, PAGE_SIZE)).await;
        assert_eq!(page.unwrap().len(), PAGE_SIZE as usize);
        samples.push(d);
    }
    report("first history page (50)", samples, Target::P95Ms(15.0));

    let mut samples = Vec::new();
    let mut hits = 0;
    for _ in 0..args.iters {
        let q = format!("{}{}", pick(&mut rng, MATERIALS), pick(&mut rng, PRODUCTS));
        let (d, found) = time(store.find_in_history(&q, PAGE_SIZE)).await;
        hits += found.unwrap().searches.len();
        samples.push(d);
    }
    report("history text search (3+ chars)", samples, Target::P95Ms(15.0));
    eprintln!("  ({:.1} searches found per query)", hits as f64 / args.iters as f64);

    let mut samples = Vec::new();
    for _ in 0..args.iters {
        let q = pick(&mut rng, PRODUCTS).chars().take(2).collect::<String>();
        let (d, found) = time(store.find_in_history(&q, PAGE_SIZE)).await;
        found.unwrap();
        samples.push(d);
    }
    report("history text search (2 chars)", samples, Target::P95Ms(15.0));

    let mut samples = Vec::new();
    for _ in 0..args.iters {
        let q = pick(&mut rng, PRODUCTS).chars().next().map(String::from).unwrap_or_default();
        let (d, found) = time(store.find_in_history(&q, PAGE_SIZE)).await;
        found.unwrap();
        samples.push(d);
    }
    report("history text search (1 char, scan)", samples, Target::None);

    let mut samples = Vec::new();
    for _ in 0..args.iters {
        let id = SearchId(rng.gen_range(1..=total as i64));
        let (d, detail) = time(store.open_search(id)).await;
        assert_eq!(detail.unwrap().offers.len(), RESULTS_PER_SEARCH as usize);
        samples.push(d);
    }
    report("open a past search", samples, Target::P95Ms(15.0));

    let mut samples = Vec::new();
    for _ in 0..args.iters {
        let list: ShortlistId = lists[rng.gen_range(0..lists.len())].id;
        let (d, detail) = time(store.open_shortlist(list)).await;
        assert_eq!(detail.unwrap().items.len(), ITEMS_PER_SHORTLIST);
        samples.push(d);
    }
    report("list a shortlist (40 items)", samples, Target::P95Ms(15.0));

    let mut samples = Vec::new();
    for _ in 0..args.iters {
        let phash: u64 = rng.gen();
        let (d, found) = time(store.seen_before(phash, 6, 10)).await;
        found.unwrap();
        samples.push(d);
    }
    report("seen before (distance ≤ 6)", samples, Target::None);

    let mut samples = Vec::new();
    let photos = (args.searches / 3).max(1);
    for i in 0..args.iters {
        let search = new_search(args.searches + i, &mut rng, photos);
        // Mostly offers seen before, some new ones.
        let mut offers = results_for(&mut rng, pool, suppliers);
        for (j, o) in offers.iter_mut().enumerate().filter(|(j, _)| j % 4 == 0) {
            o.offer_id = format!("9{:011}{j:02}", i);
        }
        let (d, id) = time(store.record_search(search, offers)).await;
        id.unwrap();
        samples.push(d);
    }
    report("record a new search (CrashSafe)", samples, Target::MedianMs(5.0));

    // The same with a disk flush per commit (survives power cuts too).
    drop(store);
    let store = Store::open_with(&work, Durability::PowerSafe).unwrap();
    let mut samples = Vec::new();
    for i in 0..args.iters {
        let search = new_search(args.searches + args.iters + i, &mut rng, photos);
        let mut offers = results_for(&mut rng, pool, suppliers);
        for (j, o) in offers.iter_mut().enumerate().filter(|(j, _)| j % 4 == 0) {
            o.offer_id = format!("8{:011}{j:02}", i);
        }
        let (d, id) = time(store.record_search(search, offers)).await;
        id.unwrap();
        samples.push(d);
    }
    report("record a new search (PowerSafe)", samples, Target::None);

    store.checkpoint().await.unwrap();
    let size = std::fs::metadata(&work).map(|m| m.len()).unwrap_or(0);
    println!("database file size: {:.1} MiB ({} bytes)", size as f64 / 1048576.0, size);
}
