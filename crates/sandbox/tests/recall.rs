//! Recall of the sandbox's same-item search, reduced from the recall
//! benchmark (`benches/recall.rs`) to a size a test run affords: catalog
//! designs re-shot with the benchmark's own perturbations (crop 70–95 %,
//! rotation ±10°, scale 0.3–1.5, JPEG quality 40–90, another background,
//! brightness ±20 %), from a fixed seed, each searched in same-item mode.
//! The targets are the issue's: recall@1 ≥ 0.90 and recall@5 ≥ 0.98.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use zhaohuo_sandbox::perturb::Perturbation;
use zhaohuo_sandbox::search::{Index, Mode};
use zhaohuo_sandbox::SplitMix;

/// Queries in the reduced run (the benchmark does 3 per design over the whole catalog).
const QUERIES: usize = 120;
/// Side of the rendered scene before the crop and rescale, as in the benchmark.
const SCENE_SIDE: u32 = 640;
const SEED: u64 = 0x7E57_4EC4_11A7_0001;

#[test]
fn same_item_recall_meets_the_targets_on_perturbed_catalog_pictures() {
    let started = Instant::now();
    let index = Index::shared();
    let designs = &index.catalog.designs;
    assert!(designs.len() >= 50, "a catalog of many designs, got {}", designs.len());
    let built = started.elapsed();

    let queries: usize = std::env::var("ZH_RECALL_QUERIES").ok().and_then(|v| v.parse().ok()).unwrap_or(QUERIES);
    let mut rng = SplitMix::new(SEED);
    // Designs spread over the whole catalog (every category), in a seeded order.
    let stride = designs.len() as f64 / queries as f64;
    let (mut at1, mut at5) = (0usize, 0usize);
    let mut misses = Vec::new();
    for q in 0..queries {
        let design =
            &designs[((q as f64 * stride) as usize + rng.below(stride.ceil() as u64) as usize).min(designs.len() - 1)];
        let perturbation = Perturbation::random(&mut rng);
        let jpeg = perturbation.apply(design, SCENE_SIDE);
        assert!(!jpeg.is_empty(), "the perturbed picture encodes");
        let picture = image::load_from_memory(&jpeg).expect("the perturbed JPEG decodes").to_rgb8();
        let outcome = index.search(&picture, Mode::SameItem);
        let design_at = |k: usize| outcome.hits.get(k).map(|h| index.catalog.offers[h.offer].design);
        if design_at(0) == Some(design.index) {
            at1 += 1;
        } else {
            misses.push(format!(
                "query {q}: design {} ({:?}) -> {:?}, {perturbation:?}",
                design.index,
                design.category,
                design_at(0)
            ));
        }
        if (0..5).any(|k| design_at(k) == Some(design.index)) {
            at5 += 1;
        }
    }
    let recall1 = at1 as f64 / queries as f64;
    let recall5 = at5 as f64 / queries as f64;
    eprintln!(
        "recall over {queries} queries: @1 {recall1:.3}, @5 {recall5:.3} (index {:.1} s, total {:.1} s)",
        built.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    for miss in &misses {
        eprintln!("  miss {miss}");
    }
    assert!(recall1 >= 0.90, "recall@1 {recall1:.3} < 0.90");
    assert!(recall5 >= 0.98, "recall@5 {recall5:.3} < 0.98");
}
