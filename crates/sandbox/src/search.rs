//! Same-item and similar search over the demo catalog.

use std::sync::{Arc, OnceLock};

use image::RgbImage;

use crate::catalog::Catalog;
use crate::render::{render, Background, Scene};
use crate::vision::{describe, Descriptor, SubjectBox};

/// Side of the pictures the index is built from.
const INDEX_SIDE: u32 = 160;
/// Distance at which similarity reads 0.5 (calibrated on the recall bench).
const HALF_SIMILARITY_DISTANCE: f32 = 0.75;
/// How many designs a similar-mode search lists.
const SIMILAR_DESIGNS: usize = 40;
/// Same-item mode keeps designs this close to the best one (ratio of distances).
const SAME_ITEM_RATIO: f32 = 1.35;
const SAME_ITEM_MAX_DESIGNS: usize = 4;

/// What the buyer asked for: the same product, or lookalikes too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    SameItem,
    Similar,
}

/// One result: an offer with its similarity in `[0, 1]`.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub offer: usize,
    pub similarity: f32,
}

/// A search's answer, in rank order.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    /// Where the subject was found in the query picture.
    pub subject: SubjectBox,
    pub width: u32,
    pub height: u32,
}

/// The catalog and one descriptor per design.
#[derive(Debug)]
pub struct Index {
    pub catalog: Catalog,
    /// Descriptors of each design's reference pictures (upright and tilted).
    designs: Vec<Vec<Descriptor>>,
}

/// Tilts of the reference pictures: buyers rarely hold the camera straight.
const REFERENCE_TILTS: [f32; 3] = [0.0, -7.0, 7.0];

static SHARED: OnceLock<Arc<Index>> = OnceLock::new();

impl Index {
    /// Builds the catalog and describes every design's listing picture.
    pub fn build() -> Index {
        let catalog = Catalog::generate();
        // Describing the references is the slow part of starting; spread it over the cores.
        let describe_design = |d: &crate::catalog::Design| -> Vec<Descriptor> {
            REFERENCE_TILTS
                .iter()
                .map(|&tilt| {
                    let scene = Scene {
                        shadow: false,
                        rotation_deg: tilt,
                        background: reference_background(d),
                        ..Scene::listing(0)
                    };
                    describe(&render(d, &scene, INDEX_SIDE, INDEX_SIDE))
                })
                .collect()
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = catalog.designs.len().div_ceil(threads).max(1);
        let designs: Vec<Vec<Descriptor>> = std::thread::scope(|scope| {
            let workers: Vec<_> = catalog
                .designs
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(describe_design).collect::<Vec<_>>()))
                .collect();
            let mut all = Vec::with_capacity(catalog.designs.len());
            for (worker, part) in workers.into_iter().zip(catalog.designs.chunks(chunk)) {
                // A worker can only fail by panicking; describe its part here instead.
                all.extend(worker.join().unwrap_or_else(|_| part.iter().map(describe_design).collect()));
            }
            all
        });
        Index { catalog, designs }
    }

    /// The process-wide index: built once, shared by every sandbox instance.
    pub fn shared() -> Arc<Index> {
        SHARED.get_or_init(|| Arc::new(Index::build())).clone()
    }

    /// Designs ranked by distance to the query, nearest first.
    pub fn rank_designs(&self, query: &Descriptor) -> Vec<(usize, f32)> {
        self.rank_designs_with(query, &crate::vision::WEIGHTS)
    }

    /// [`Index::rank_designs`] with explicit block weights (for tuning).
    pub fn rank_designs_with(&self, query: &Descriptor, weights: &crate::vision::Weights) -> Vec<(usize, f32)> {
        let mut ranked: Vec<(usize, f32)> = self
            .designs
            .iter()
            .enumerate()
            .map(|(i, refs)| (i, refs.iter().map(|d| query.distance_with(d, weights)).fold(f32::INFINITY, f32::min)))
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// Per-block distances from `query` to a design's upright reference (for tuning).
    pub fn explain(&self, query: &Descriptor, design: usize) -> Option<[f32; 5]> {
        self.designs.get(design)?.first().map(|d| query.block_distances(d))
    }

    /// Searches the catalog with a decoded picture.
    pub fn search(&self, picture: &RgbImage, mode: Mode) -> Outcome {
        let query = describe(picture);
        let ranked = self.rank_designs(&query);
        let best = ranked.first().map_or(0.0, |r| r.1);
        let keep: Vec<(usize, f32)> = match mode {
            Mode::SameItem => ranked
                .into_iter()
                .take(SAME_ITEM_MAX_DESIGNS)
                .enumerate()
                .filter(|(k, (_, d))| *k == 0 || *d <= best * SAME_ITEM_RATIO + 0.01)
                .map(|(_, r)| r)
                .collect(),
            Mode::Similar => ranked.into_iter().take(SIMILAR_DESIGNS).collect(),
        };
        let mut hits = Vec::new();
        for (design, distance) in keep {
            let similarity = similarity_of(distance);
            for (k, &offer) in self.catalog.offers_by_design[design].iter().enumerate() {
                // Listings of one design differ slightly (their own photos).
                hits.push(Hit { offer, similarity: (similarity - 0.004 * k as f32).max(0.0) });
            }
        }
        Outcome { hits, subject: query.subject, width: picture.width(), height: picture.height() }
    }
}

/// A plain backdrop far from the design's colours, so the reference
/// silhouette is clean even for white-on-white products.
fn reference_background(design: &crate::catalog::Design) -> Background {
    const CANDIDATES: [[u8; 3]; 4] = [[236, 236, 238], [52, 52, 56], [0, 150, 150], [200, 0, 200]];
    let contrast = |bg: [u8; 3]| {
        crate::catalog::colour_distance(bg, design.primary.rgb)
            .min(crate::catalog::colour_distance(bg, design.secondary.rgb))
    };
    let best = CANDIDATES.iter().copied().max_by(|a, b| contrast(*a).total_cmp(&contrast(*b))).unwrap_or(CANDIDATES[0]);
    Background::Solid(best)
}

/// Maps a descriptor distance to a similarity in `[0, 1]`.
pub fn similarity_of(distance: f32) -> f32 {
    let x = distance.max(0.0) / HALF_SIMILARITY_DISTANCE;
    1.0 / (1.0 + x * x)
}
